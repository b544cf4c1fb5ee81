#!/usr/bin/env bash
# Runs FactTracker on this machine: PostgreSQL, RabbitMQ, the four services, then replays the seed
# timeline so there are claims to review. Without --detach it follows the logs and stops everything
# on Ctrl-C; with --detach it returns and ./deploy/down.sh stops everything later.
set -euo pipefail

FT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/infra.sh
source "$FT_ROOT/deploy/lib/infra.sh"
cd "$FT_ROOT"

detach=0
approve=1
for arg in "$@"; do
  case "$arg" in
    --detach) detach=1 ;;
    --no-approve) approve=0 ;;
    -h | --help) echo "usage: ./deploy/up.sh [--detach] [--no-approve]"; exit 0 ;;
    *) echo "unknown option: $arg (usage: ./deploy/up.sh [--detach] [--no-approve])" >&2; exit 2 ;;
  esac
done

SERVICES=(Ingest Claims Verification Publication)
declare -A PORT=(
  [Ingest]="${FT_INGEST_PORT:-5101}" [Claims]="${FT_CLAIMS_PORT:-5102}"
  [Verification]="${FT_VERIFICATION_PORT:-5103}" [Publication]="${FT_PUBLICATION_PORT:-5104}")
STORY=kazakhstan-unrest-2022
TIMELINE=seeds/kazakhstan-unrest-2022-01-06.timeline.json
CLI_DLL=services/FactTracker.Cli/bin/Release/net10.0/facttracker.dll
CLI=(dotnet "$CLI_DLL")
LISTEN_PORT="${FT_LISTEN_PORT:-9000}"
LISTEN_DESCRIPTION="up.sh demo: facttracker listen"
LOG_DIR="$FT_STATE_DIR/logs"
PID_DIR="$FT_STATE_DIR/pids"
STATE_FILE="$FT_STATE_DIR/state"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

url() { echo "http://127.0.0.1:${PORT[$1]}"; }
log_of() { echo "$LOG_DIR/${1,,}.log"; }
pid_file_of() { echo "$PID_DIR/${1,,}.pid"; }

# Alive means present and not a zombie: PID 1 here does not reap, so a stopped service can linger as Z.
pid_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# Prints the pid of the service's process if its pid file names a live process of that service
# (the command line check guards against a pid reused by something else).
service_pid() {
  local file pid
  file=$(pid_file_of "$1")
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid" || return 1
  [[ "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" == *"FactTracker.$1.dll"* ]] || return 1
  echo "$pid"
}

any_service_running() {
  local svc
  for svc in "${SERVICES[@]}"; do service_pid "$svc" >/dev/null && return 0; done
  return 1
}

service_ready() { curl -fsS -o /dev/null --max-time 5 "$(url "$1")/health/ready" 2>/dev/null; }

# Fails before anything starts if a port is taken by something that is not this service.
check_service() {
  local svc=$1 port=${PORT[$1]} pid
  if pid=$(service_pid "$svc"); then
    ft_port_open "$port" && return 0
    echo "$svc (pid $pid) is running but not listening on port $port: stop it with ./deploy/down.sh and run up.sh again." >&2
    exit 1
  fi
  if ft_port_open "$port"; then
    echo "Port $port, wanted by $svc, is taken by another process: stop it or set FT_${svc^^}_PORT." >&2
    exit 1
  fi
}

start_service() {
  local svc=$1 pid
  local dll="services/FactTracker.$svc/bin/Release/net10.0/FactTracker.$svc.dll"
  if pid=$(service_pid "$svc"); then
    echo "$svc is already running (pid $pid) on $(url "$svc"): reusing it. Run ./deploy/down.sh first to run a new build."
    return
  fi
  ft_log "Starting $svc on $(url "$svc")"
  rm -f "$(pid_file_of "$svc")"
  # setsid: the service outlives this script. The inner bash records its own pid, then becomes dotnet.
  # shellcheck disable=SC2016 # $$ and $0.. belong to the inner bash
  ASPNETCORE_URLS="$(url "$svc")" setsid bash -c 'echo $$ >"$0"; exec dotnet "$1" --urls "$2"' \
    "$(pid_file_of "$svc")" "$dll" "$(url "$svc")" >"$(log_of "$svc")" 2>&1 </dev/null &
  disown # no "Killed" job report from this script when down.sh stops it
}

# Prints "<updates> <figures>" for a timeline file, with whichever of python3 and node is present.
timeline_counts() {
  if command -v python3 >/dev/null; then
    python3 -c 'import json, sys
updates = json.load(open(sys.argv[1])).get("updates") or []
print(len(updates), sum(len(u.get("figures") or []) for u in updates))' "$1"
  else
    node -e 'const updates = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).updates ?? [];
console.log(updates.length, updates.reduce((n, u) => n + (u.figures ?? []).length, 0))' "$1"
  fi
}

# The pid of the demo's webhook listener, if it runs.
listener_pid() {
  local file="$PID_DIR/listen.pid" pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid" || return 1
  [[ "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" == *"facttracker.dll listen"* ]] || return 1
  echo "$pid"
}

# Prints the ids of the subscriptions an earlier run registered for its listener, with python3 or node.
demo_subscription_ids() {
  local list
  list=$(curl -fsS --max-time 10 -H "Authorization: Bearer ${KEY[subscriber]}" "$(url Publication)/v1/subscriptions") || return 0
  if command -v python3 >/dev/null; then
    python3 -c 'import json, sys
for s in json.loads(sys.argv[1]):
    if s.get("description") == sys.argv[2]: print(s["id"])' "$list" "$LISTEN_DESCRIPTION"
  else
    node -e 'for (const s of JSON.parse(process.argv[1])) if (s.description === process.argv[2]) console.log(s.id)' "$list" "$LISTEN_DESCRIPTION"
  fi
}

# Registers a subscription for `facttracker listen` and starts the listener with its secret, so webhooks can be seen arriving.
start_listener() {
  local pid response secret id
  if pid=$(listener_pid); then
    echo "The webhook listener is already running (pid $pid) on http://127.0.0.1:$LISTEN_PORT: reusing it."
    return
  fi
  if ft_port_open "$LISTEN_PORT"; then
    echo "warning: port $LISTEN_PORT is taken, so no webhook listener is started (set FT_LISTEN_PORT to use another)." >&2
    return
  fi
  # An earlier run's listener, and its secret, are gone: its subscription would only fail.
  for id in $(demo_subscription_ids); do
    curl -fsS -o /dev/null --max-time 10 -H "Authorization: Bearer ${KEY[subscriber]}" -X DELETE "$(url Publication)/v1/subscriptions/$id" || true
  done
  ft_log "Subscribing a local webhook listener (facttracker listen) on http://127.0.0.1:$LISTEN_PORT"
  if ! response=$(curl -fsS --max-time 10 -H "Authorization: Bearer ${KEY[subscriber]}" -X POST "$(url Publication)/v1/subscriptions" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$LISTEN_PORT/facttracker\",\"description\":\"$LISTEN_DESCRIPTION\"}"); then
    echo "warning: could not register the demo subscription; see $(log_of Publication)" >&2
    return
  fi
  secret=$(sed -n 's/.*"secret":"\([^"]*\)".*/\1/p' <<<"$response")
  rm -f "$PID_DIR/listen.pid"
  # shellcheck disable=SC2016 # $$ and $0.. belong to the inner bash
  setsid bash -c 'echo $$ >"$0"; exec dotnet "$1" listen --port "$2" --secret "$3"' \
    "$PID_DIR/listen.pid" "$CLI_DLL" "$LISTEN_PORT" "$secret" >"$LOG_DIR/listen.log" 2>&1 </dev/null &
  disown
  if ! ft_wait_port "$LISTEN_PORT" 30 "facttracker listen"; then
    echo "warning: the listener did not start; see $LOG_DIR/listen.log" >&2
    return
  fi
  # One signed example event, so something arrives even when the story's claims were approved by an earlier run.
  id=$(sed -n 's/^{"id":"\([^"]*\)".*/\1/p' <<<"$response")
  curl -fsS -o /dev/null --max-time 10 -H "Authorization: Bearer ${KEY[subscriber]}" -X POST "$(url Publication)/v1/subscriptions/$id/test" ||
    echo "warning: could not send the listener a test event" >&2
}

stop_everything() {
  trap - INT TERM
  [ -n "${tail_pid:-}" ] && { kill "$tail_pid" 2>/dev/null || true; wait "$tail_pid" 2>/dev/null || true; }
  echo
  "$FT_ROOT/deploy/down.sh"
  exit 0
}

# --- PostgreSQL and RabbitMQ -------------------------------------------------------------------
ft_require_root
mkdir -p "$LOG_DIR" "$PID_DIR"
# down.sh stops PostgreSQL and RabbitMQ only if an up.sh started them; keep an earlier run's record.
started_postgres=0 started_rabbitmq=0
[ -f "$STATE_FILE" ] && grep -qx 'started_postgres=1' "$STATE_FILE" && started_postgres=1
[ -f "$STATE_FILE" ] && grep -qx 'started_rabbitmq=1' "$STATE_FILE" && started_rabbitmq=1
write_state() { printf 'started_postgres=%s\nstarted_rabbitmq=%s\n' "$started_postgres" "$started_rabbitmq" >"$STATE_FILE"; }

# Recorded before starting, so a start that fails halfway is still cleaned up by down.sh.
command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p "$FT_PG_PORT" || started_postgres=1
write_state
ft_start_postgres
ft_rabbit_running || started_rabbitmq=1
write_state
ft_start_rabbitmq
ft_export_connections
ft_apt_install curl

# --- Build and start the services --------------------------------------------------------------
for svc in "${SERVICES[@]}"; do check_service "$svc"; done
ft_log "Building FactTracker.sln (Release)"
if ! dotnet build FactTracker.sln -c Release -nologo -v quiet; then
  echo "The build failed; the errors are above." >&2
  exit 1
fi

# Webhooks to this machine are refused unless the host is allow-listed: the demo's listener is on 127.0.0.1.
export ASPNETCORE_ENVIRONMENT=Development Webhooks__AllowedHosts="localhost,127.0.0.1,::1"
export Logging__Format="${Logging__Format:-simple}" # plain lines, easier to follow than JSON
[ "$detach" -eq 0 ] && trap stop_everything INT TERM
for svc in "${SERVICES[@]}"; do start_service "$svc"; done

urls=()
for svc in "${SERVICES[@]}"; do urls+=("$(url "$svc")"); done
ft_log "Waiting for the services to report ready"
if ! "${CLI[@]}" health "${urls[@]}" --timeout 120; then
  for svc in "${SERVICES[@]}"; do
    service_pid "$svc" >/dev/null && service_ready "$svc" && continue
    echo
    echo "$svc did not become ready. Last 40 lines of $(log_of "$svc"):"
    tail -n 40 "$(log_of "$svc")" 2>/dev/null || echo "(no log)"
  done
  echo
  echo "Stop what is still running with ./deploy/down.sh" >&2
  exit 1
fi

# --- Development principals and keys -------------------------------------------------------------
# The first start writes an admin straight into the identity schema, then creates a newsroom, two
# verifiers and a subscriber through the admin API; their keys are printed once and kept in
# $KEYS_FILE (owner-only, git-ignored) for later runs.
KEYS_FILE="$FT_STATE_DIR/dev-keys.json"
DEV_PRINCIPALS=("admin admin" "almaty-desk newsroom" "alice verifier" "bob verifier" "subscriber subscriber")
declare -A KEY=()
if [ -f "$KEYS_FILE" ]; then
  for entry in "${DEV_PRINCIPALS[@]}"; do
    name=${entry%% *}
    KEY[$name]=$(sed -n "s/^ *\"$name\": *\"\([^\"]*\)\".*/\1/p" "$KEYS_FILE")
  done
fi
new_keys=()
if [ -z "${KEY[admin]:-}" ]; then
  if [ -n "${FACTTRACKER_ADMIN_KEY:-}" ]; then
    KEY[admin]=$FACTTRACKER_ADMIN_KEY
  else
    set +e
    KEY[admin]=$("${CLI[@]}" keys bootstrap --connection "$ConnectionStrings__postgres" --name admin --format key)
    code=$?
    set -e
    if [ "$code" -eq 3 ]; then
      echo "An admin already exists but $KEYS_FILE is missing: set FACTTRACKER_ADMIN_KEY to an admin's key and run up.sh again." >&2
      exit 1
    elif [ "$code" -ne 0 ]; then
      echo "Could not create the development admin; see the output above." >&2
      exit 1
    fi
    new_keys+=(admin)
  fi
fi
for entry in "${DEV_PRINCIPALS[@]}"; do
  read -r name role <<<"$entry"
  [ -n "${KEY[$name]:-}" ] && continue
  if ! KEY[$name]=$("${CLI[@]}" keys create --verification "$(url Verification)" --admin-key "${KEY[admin]}" \
    --role "$role" --name "$name" --key-name "$name-dev" --format key); then
    echo "Could not create the development key for $name; see the output above." >&2
    exit 1
  fi
  new_keys+=("$name")
done
if [ ${#new_keys[@]} -gt 0 ]; then
  (
    umask 077
    {
      echo "{"
      last=$(( ${#DEV_PRINCIPALS[@]} - 1 ))
      for i in "${!DEV_PRINCIPALS[@]}"; do
        name=${DEV_PRINCIPALS[$i]%% *}
        sep=,; [ "$i" -eq "$last" ] && sep=
        printf '  "%s": "%s"%s\n' "$name" "${KEY[$name]}" "$sep"
      done
      echo "}"
    } >"$KEYS_FILE"
  )
  chmod 600 "$KEYS_FILE"
  ft_log "Development API keys (shown once; kept in $KEYS_FILE, readable only by you)"
  for name in "${new_keys[@]}"; do
    for entry in "${DEV_PRINCIPALS[@]}"; do
      [ "${entry%% *}" = "$name" ] && printf '  %-12s %-11s %s\n' "$name" "${entry#* }" "${KEY[$name]}"
    done
  done
fi

start_listener

# --- Seed data ---------------------------------------------------------------------------------
counts=$(timeline_counts "$TIMELINE") || { echo "Could not read $TIMELINE" >&2; exit 1; }
read -r update_count figure_count <<<"$counts"

ft_log "Replaying $TIMELINE into Ingest"
replayed=$(mktemp)
if ! "${CLI[@]}" replay "$TIMELINE" --ingest "$(url Ingest)" --key "${KEY[almaty-desk]}" | tee "$replayed"; then
  rm -f "$replayed"
  echo "Replaying the timeline failed; see the output above and $(log_of Ingest)" >&2
  exit 1
fi
new_updates=$(sed -n 's/.*(\([0-9][0-9]*\) new).*/\1/p' "$replayed" | tail -n 1)
rm -f "$replayed"

if [ "${new_updates:-1}" -eq 0 ]; then
  # Nothing new was stored, so no new claims are coming: an earlier run's are in the queue or decided.
  ft_log "The timeline was replayed by an earlier run; its claims as they stand now"
  "${CLI[@]}" queue --verification "$(url Verification)" --story "$STORY" --key "${KEY[alice]}" || true
else
  ft_log "Waiting for the timeline's $figure_count figures to reach the review queue"
  if ! "${CLI[@]}" queue --verification "$(url Verification)" --story "$STORY" --wait-for "$figure_count" --timeout 60 --key "${KEY[alice]}"; then
    echo "warning: fewer than $figure_count claims reached the review queue within 60 s; see $(log_of Claims) and $(log_of Verification)" >&2
  fi
fi
pending=$(curl -fsS --max-time 10 -H "Authorization: Bearer ${KEY[alice]}" "$(url Verification)/v1/review-queue?story=$STORY&status=pending&pageSize=1" 2>/dev/null |
  sed -n 's/.*"total":[[:space:]]*\([0-9][0-9]*\).*/\1/p' || true)

# The demo plays the verifier too, so the figures, their history and their past can be shown.
DEMO_VERIFIER=alice
approved=0
if [ "$approve" -eq 1 ] && [ "${pending:-0}" -gt 0 ]; then
  ft_log "Demo: approving the story's $pending pending claims as verifier '$DEMO_VERIFIER', oldest report first"
  echo "(A desk reviews each claim itself; run ./deploy/up.sh --no-approve to leave them in the queue.)"
  "${CLI[@]}" approve --verification "$(url Verification)" --story "$STORY" --key "${KEY[alice]}" || true
  approved=$pending
fi
if [ "$approve" -eq 1 ]; then
  ft_log "Published figures of $STORY"
  "${CLI[@]}" figures --publication "$(url Publication)" --story "$STORY" --wait-for "$figure_count" --timeout 60 ||
    echo "warning: not every approval was published within 60 s; see $(log_of Publication)" >&2
fi

# --- Summary -----------------------------------------------------------------------------------
echo
echo "FactTracker is running."
echo "Ingest accepted the $update_count updates of $TIMELINE (story $STORY)."
case "$pending" in
  "") claims="An unknown number of claims" ;; 1) claims="1 claim" ;; *) claims="$pending claims" ;;
esac
if [ "$pending" = 1 ]; then verb=is; else verb=are; fi
if [ "$approve" -eq 1 ]; then
  if [ "$approved" -gt 0 ]; then
    echo "$claims reached the review queue; the demo approved them as verifier '$DEMO_VERIFIER'."
  else
    echo "$claims $verb waiting for review (the seed story's claims were approved by an earlier run)."
  fi
  echo "Figures: $(url Publication)/v1/stories/$STORY (CSV with HXL: ?format=csv)"
  echo "The injured figure as sources had reported it by noon, before the Ministry of Health spoke:"
  noon_url="$(url Publication)/v1/figures/$STORY/injured/people?reportedAsOf=2022-01-06T12:00:00%2B06:00"
  noon=$(curl -fsS --max-time 10 "$noon_url" 2>/dev/null || true)
  echo "  $noon_url"
  echo "  -> $(sed -n 's/.*"display":"\([^"]*\)".*/\1/p' <<<"$noon"), contested: $(sed -n 's/.*"contested":\([a-z]*\).*/\1/p' <<<"$noon")" \
       "(now: $(curl -fsS --max-time 10 "$(url Publication)/v1/figures/$STORY/injured/people" 2>/dev/null | sed -n 's/.*"display":"\([^"]*\)".*/\1/p'))"
else
  echo "$claims $verb waiting for review: $(url Verification)/v1/review-queue?story=$STORY&status=pending"
fi
if listener_pid >/dev/null; then
  # Give the approvals' webhooks a moment to arrive, then show the first ones.
  for _ in $(seq 1 40); do grep -q 'signature ok' "$LOG_DIR/listen.log" 2>/dev/null && break; sleep 0.25; done
  echo
  echo "Webhooks go to 'facttracker listen' on http://127.0.0.1:$LISTEN_PORT, which checks each signature ($LOG_DIR/listen.log):"
  grep -A3 -m 3 'figure\.' "$LOG_DIR/listen.log" 2>/dev/null | grep -v '^--$' | sed 's/^/  /' || true
fi
echo
printf '  %-13s %-24s %s\n' Service URL OpenAPI
for svc in "${SERVICES[@]}"; do
  printf '  %-13s %-24s %s\n' "$svc" "$(url "$svc")" "$(url "$svc")/openapi/v1.json"
done
echo
echo "Logs are in $LOG_DIR (one file per service)."
echo "Stop everything with ./deploy/down.sh"

if [ "$detach" -eq 1 ]; then
  exit 0
fi
echo
echo "Following the logs; Ctrl-C stops FactTracker."
logs=()
for svc in "${SERVICES[@]}"; do logs+=("$(log_of "$svc")"); done
listener_pid >/dev/null && logs+=("$LOG_DIR/listen.log")
tail -n 0 -F "${logs[@]}" &
tail_pid=$!
# Ends on Ctrl-C (the trap), or once no service is left running (say, ./deploy/down.sh ran elsewhere).
while any_service_running; do sleep 1; done
echo "No FactTracker service is running any more."
stop_everything
