#!/usr/bin/env bash
# Stops what ./deploy/up.sh started: the services named in .facttracker/pids, and PostgreSQL and
# RabbitMQ only if .facttracker/state says up.sh started them. Safe to run when nothing is running.
set -euo pipefail

FT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/infra.sh
source "$FT_ROOT/deploy/lib/infra.sh"
PID_DIR="$FT_STATE_DIR/pids"
STATE_FILE="$FT_STATE_DIR/state"

# Alive means present and not a zombie: PID 1 here does not reap, so a stopped service can linger as Z.
pid_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# --- Services: TERM all, wait up to 15 s, then KILL what is left ---------------------------------
names=() pids=()
for file in "$PID_DIR"/*.pid; do
  [ -e "$file" ] || continue
  pid=$(cat "$file" 2>/dev/null || true)
  # The command line check keeps a pid since reused by another program safe from us.
  # The services run FactTracker.<Service>.dll; the demo's webhook listener runs facttracker.dll listen.
  if [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid" &&
    [[ "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" == *FactTracker.*.dll* ||
       "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" == *"facttracker.dll listen"* ]]; then
    names+=("$(basename "$file" .pid)")
    pids+=("$pid")
  fi
done

if [ ${#pids[@]} -gt 0 ]; then
  ft_log "Stopping ${names[*]}"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  deadline=$((SECONDS + 15))
  for i in "${!pids[@]}"; do
    while pid_alive "${pids[$i]}" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if pid_alive "${pids[$i]}"; then
      echo "${names[$i]} (pid ${pids[$i]}) did not stop within 15 s: killing it"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
  done
fi
rm -f "$PID_DIR"/*.pid

# --- PostgreSQL and RabbitMQ, only if up.sh started them ---------------------------------------
if [ -f "$STATE_FILE" ] && grep -qx 'started_rabbitmq=1' "$STATE_FILE" && [ -f "$FT_RABBIT_PID_FILE" ]; then
  ft_log "Stopping RabbitMQ"
  # Without the timeout, rabbitmqctl stop waits forever on a pid that stays behind as a zombie.
  timeout 30 rabbitmqctl -q stop "$FT_RABBIT_PID_FILE" >/dev/null 2>&1 ||
    echo "RabbitMQ did not confirm it stopped within 30 s" >&2
fi
if [ -f "$STATE_FILE" ] && grep -qx 'started_postgres=1' "$STATE_FILE" &&
  pg_ctlcluster 15 main status >/dev/null 2>&1; then
  ft_log "Stopping PostgreSQL"
  pg_ctlcluster 15 main stop
fi
rm -f "$STATE_FILE"
echo "FactTracker is stopped."
