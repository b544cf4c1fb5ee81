// Verifies webhooks with the official Standard Webhooks package, as a subscriber would.
// Reads JSON lines {secret, headers, body} (body in base64, exactly the bytes received) from standard input and
// prints one line for each: "ok", or "fail: <why>".
const { Webhook } = require("standardwebhooks");
const readline = require("node:readline");

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const { secret, headers, body } = JSON.parse(line);
  try {
    new Webhook(secret).verify(Buffer.from(body, "base64"), headers);
    console.log("ok");
  } catch (e) {
    console.log(`fail: ${e && e.message}`);
  }
});
