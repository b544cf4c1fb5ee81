#!/usr/bin/env bash
# Runs every test in FactTracker.sln against a real PostgreSQL and RabbitMQ on this machine (started
# if needed; Debian's chromium is installed for the console's browser tests, and docker-compose for the deployment
# tests, when missing), then ends with one line: "N passed, N failed" (", N skipped" when some were skipped).
# Extra arguments go to dotnet test, e.g. ./deploy/test.sh --filter FullyQualifiedName~Ingest
set -euo pipefail

FT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/infra.sh
source "$FT_ROOT/deploy/lib/infra.sh"
cd "$FT_ROOT"

ft_start_infra
ft_install_chromium
# The deployment tests check docker-compose.yml (and the cluster override) with docker-compose 1.29's `config`.
command -v docker-compose >/dev/null || ft_apt_install docker-compose
ft_export_connections
# Where the test fixtures create their own databases and virtual hosts (the same servers).
export FACTTRACKER_TEST_POSTGRES="${FACTTRACKER_TEST_POSTGRES:-Host=127.0.0.1;Port=$FT_PG_PORT;Username=$FT_PG_USER;Password=$FT_PG_PASSWORD;SSL Mode=Disable}"
export FACTTRACKER_TEST_RABBITMQ_PORT="${FACTTRACKER_TEST_RABBITMQ_PORT:-$FT_RABBIT_PORT}"
export FACTTRACKER_TEST_RABBITMQ_MANAGEMENT="${FACTTRACKER_TEST_RABBITMQ_MANAGEMENT:-http://127.0.0.1:$FT_RABBIT_MGMT_PORT}"
export FACTTRACKER_TEST_RABBITMQ_USER="${FACTTRACKER_TEST_RABBITMQ_USER:-$FT_RABBIT_USER}"
export FACTTRACKER_TEST_RABBITMQ_PASSWORD="${FACTTRACKER_TEST_RABBITMQ_PASSWORD:-$FT_RABBIT_PASSWORD}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# npm packages the tests run under Node.js, installed from the npm registry into a git-ignored folder the first time:
# the signature tests check real deliveries with the official standardwebhooks package, and the deployment tests
# validate deploy/k8s offline against Kubernetes' schemas with kubernetes-models (and yaml to read the manifests).
FT_NODE_DIR="$FT_STATE_DIR/node"
FT_NPM_PACKAGES=(standardwebhooks@1.1.1 kubernetes-models@5.1.0 yaml@2.9.1)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then ft_apt_install nodejs npm; fi
for package in "${FT_NPM_PACKAGES[@]}"; do
  if [ ! -f "$FT_NODE_DIR/node_modules/${package%@*}/package.json" ] ||
     ! grep -q "\"version\": \"${package##*@}\"" "$FT_NODE_DIR/node_modules/${package%@*}/package.json"; then
    # All in one command: npm removes packages a --no-save install does not name.
    ft_log "Installing npm packages ${FT_NPM_PACKAGES[*]} into $FT_NODE_DIR"
    mkdir -p "$FT_NODE_DIR"
    npm install --prefix "$FT_NODE_DIR" --no-audit --no-fund --no-save --loglevel=error "${FT_NPM_PACKAGES[@]}" >/dev/null
    break
  fi
done
export FACTTRACKER_TEST_NODE_MODULES="$FT_NODE_DIR/node_modules"

output=$(mktemp)
trap 'rm -f "$output"' EXIT

ft_log "dotnet test FactTracker.sln"
set +e
dotnet test FactTracker.sln "$@" 2>&1 | tee "$output"
code=${PIPESTATUS[0]}
set -e

# One line per test project, e.g.
#   Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: 3 s - X.Tests.dll (net10.0)
passed=0 failed=0 skipped=0
pattern='(Passed|Failed)!  *- *Failed: *([0-9]+), *Passed: *([0-9]+), *Skipped: *([0-9]+)'
while IFS= read -r line; do
  if [[ "$line" =~ $pattern ]]; then
    failed=$((failed + BASH_REMATCH[2]))
    passed=$((passed + BASH_REMATCH[3]))
    skipped=$((skipped + BASH_REMATCH[4]))
  fi
done < <(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$output")

# A failed build (or a test host that crashed) leaves no failing test line; still count it as a failure.
if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary+=", $skipped skipped"
echo "$summary"
exit "$code"
