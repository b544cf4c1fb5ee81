// Validates Kubernetes manifests offline with the kubernetes-models npm package (its JSON schemas per apiVersion and kind).
// Usage: node validate-manifests.mjs FILE...   (node_modules from FACTTRACKER_TEST_NODE_MODULES)
// Prints one JSON array: for each YAML document {file, index, apiVersion, kind, name, object, errors}; errors is empty
// for a valid object. kustomization.yaml is parsed but not validated (kubernetes-models has no model for it).
import { readFileSync, existsSync } from "node:fs";
import { join, basename } from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.FACTTRACKER_TEST_NODE_MODULES;
if (!modules) throw new Error("FACTTRACKER_TEST_NODE_MODULES is not set");
const { parseAllDocuments } = await import(pathToFileURL(join(modules, "yaml", "dist", "index.js")));

async function modelFor(apiVersion, kind) {
  // "apps/v1" + "Deployment" -> kubernetes-models/apps/v1/Deployment.js; core "v1" -> kubernetes-models/v1/Namespace.js
  const file = join(modules, "kubernetes-models", ...apiVersion.split("/"), `${kind}.js`);
  if (!/^[A-Za-z0-9.\/-]+$/.test(apiVersion) || !/^[A-Za-z]+$/.test(kind) || !existsSync(file)) return null;
  return (await import(pathToFileURL(file)))[kind] ?? null;
}

const results = [];
for (const file of process.argv.slice(2)) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  let index = 0;
  for (const document of documents) {
    const entry = { file: basename(file), index: index++, apiVersion: null, kind: null, name: null, object: null, errors: [] };
    results.push(entry);
    if (document.errors.length > 0) {
      entry.errors.push(...document.errors.map((e) => `YAML: ${e.message}`));
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) { results.pop(); continue; } // an empty document
    entry.object = object;
    entry.apiVersion = object.apiVersion ?? null;
    entry.kind = object.kind ?? null;
    entry.name = object.metadata?.name ?? null;
    if (basename(file) === "kustomization.yaml") continue;
    if (typeof entry.apiVersion !== "string" || typeof entry.kind !== "string") {
      entry.errors.push("apiVersion and kind are required");
      continue;
    }
    const Model = await modelFor(entry.apiVersion, entry.kind);
    if (!Model) {
      entry.errors.push(`no kubernetes-models model for ${entry.apiVersion} ${entry.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (e) {
      entry.errors.push(...(Array.isArray(e.errors) ? e.errors.map((x) => `${x.instancePath || "/"} ${x.message}`) : [String(e.message ?? e)]));
    }
  }
}
process.stdout.write(JSON.stringify(results));
