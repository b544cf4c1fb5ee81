#!/usr/bin/env bash
# Measures FactTracker against same-run baselines and prints one table (also written as JSON under bench-results/).
# Starts PostgreSQL and RabbitMQ as up.sh does, builds Release, then runs tests/FactTracker.Benchmarks in suite mode:
# the four services as child processes on their own database and virtual host, the baselines, the figure reads and
# BenchmarkDotNet, all in this one process tree. Takes about 8 minutes; FT_BENCH_SUSTAIN_SECONDS (60) and
# FT_BENCH_ROUNDS (3) change its length.
set -euo pipefail

FT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/infra.sh
source "$FT_ROOT/deploy/lib/infra.sh"
cd "$FT_ROOT"

ft_start_infra
ft_export_connections
# The benchmark creates its own database and virtual host on the same servers, as the tests do.
export FACTTRACKER_TEST_POSTGRES="${FACTTRACKER_TEST_POSTGRES:-Host=127.0.0.1;Port=$FT_PG_PORT;Username=$FT_PG_USER;Password=$FT_PG_PASSWORD;SSL Mode=Disable}"
export FACTTRACKER_TEST_RABBITMQ_PORT="${FACTTRACKER_TEST_RABBITMQ_PORT:-$FT_RABBIT_PORT}"
export FACTTRACKER_TEST_RABBITMQ_MANAGEMENT="${FACTTRACKER_TEST_RABBITMQ_MANAGEMENT:-http://127.0.0.1:$FT_RABBIT_MGMT_PORT}"
export FACTTRACKER_TEST_RABBITMQ_USER="${FACTTRACKER_TEST_RABBITMQ_USER:-$FT_RABBIT_USER}"
export FACTTRACKER_TEST_RABBITMQ_PASSWORD="${FACTTRACKER_TEST_RABBITMQ_PASSWORD:-$FT_RABBIT_PASSWORD}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 FT_BENCH_RESULTS="$FT_ROOT/bench-results"

ft_log "Building FactTracker.sln (Release)"
if ! dotnet build FactTracker.sln -c Release -nologo -v quiet; then
  echo "The build failed; the errors are above." >&2
  exit 1
fi

ft_log "Running the benchmark suite"
exec dotnet tests/FactTracker.Benchmarks/bin/Release/net10.0/FactTracker.Benchmarks.dll suite "$@"
