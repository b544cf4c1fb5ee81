#!/usr/bin/env bash
# Installs (if missing) and starts PostgreSQL and RabbitMQ on loopback without systemd,
# then creates FactTracker's database, user and virtual host. Safe to run twice.
# Sourced by up.sh, test.sh and bench.sh; every function is idempotent.

FT_PG_PORT="${FT_PG_PORT:-5432}"
FT_PG_USER="${FT_PG_USER:-facttracker}"
FT_PG_PASSWORD="${FT_PG_PASSWORD:-facttracker}"
FT_PG_DATABASE="${FT_PG_DATABASE:-facttracker}"
# Test fixtures run in parallel, each with services holding their own pools: 100 connections is too few.
FT_PG_MAX_CONNECTIONS="${FT_PG_MAX_CONNECTIONS:-300}"
# Debian's defaults are for a small shared box: 128 MB of buffers, so backends wrote most dirty pages themselves,
# and a checkpoint forced by every 1 GB of WAL (one every ~20 s under load, each doubling the WAL with full-page images).
FT_PG_SHARED_BUFFERS="${FT_PG_SHARED_BUFFERS:-1GB}"
FT_PG_MAX_WAL_SIZE="${FT_PG_MAX_WAL_SIZE:-8GB}"
FT_PG_CHECKPOINT_TIMEOUT="${FT_PG_CHECKPOINT_TIMEOUT:-15min}"
FT_RABBIT_PORT="${FT_RABBIT_PORT:-5672}"
FT_RABBIT_MGMT_PORT="${FT_RABBIT_MGMT_PORT:-15672}"
FT_RABBIT_USER="${FT_RABBIT_USER:-facttracker}"
FT_RABBIT_PASSWORD="${FT_RABBIT_PASSWORD:-facttracker}"
FT_RABBIT_VHOST="${FT_RABBIT_VHOST:-facttracker}"
FT_RABBIT_PID_FILE="${FT_RABBIT_PID_FILE:-/var/lib/rabbitmq/rabbit.pid}"
FT_STATE_DIR="${FT_STATE_DIR:-$FT_ROOT/.facttracker}"

ft_log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ft_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ft_require_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "FactTracker's scripts install and start PostgreSQL and RabbitMQ with apt-get: run them as root." >&2
    exit 1
  fi
}

ft_apt_updated=0
ft_apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  ft_log "Installing ${missing[*]} from Debian packages"
  if [ "$ft_apt_updated" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    ft_apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ft_wait_port() { # port seconds what
  local deadline=$((SECONDS + $2))
  until ft_port_open "$1"; do
    if [ $SECONDS -ge $deadline ]; then echo "$3 did not open port $1 within $2 s" >&2; return 1; fi
    sleep 0.5
  done
}

ft_start_postgres() {
  ft_apt_install postgresql-15 postgresql-client-15
  if ! pg_isready -q -h 127.0.0.1 -p "$FT_PG_PORT"; then
    ft_log "Starting PostgreSQL on 127.0.0.1:$FT_PG_PORT"
    pg_ctlcluster 15 main start || true
    local deadline=$((SECONDS + 60))
    until pg_isready -q -h 127.0.0.1 -p "$FT_PG_PORT"; do
      if [ $SECONDS -ge $deadline ]; then echo "PostgreSQL did not become ready" >&2; return 1; fi
      sleep 0.5
    done
  fi
  # A setting that differs from what SHOW prints for the wanted value (so give them as it prints them: 1GB, 15min) is
  # set with ALTER SYSTEM; shared_buffers and max_connections need a restart, the others a reload.
  local name wanted current changed="" restart=""
  for name in max_connections shared_buffers max_wal_size checkpoint_timeout; do
    case $name in
      max_connections) wanted=$FT_PG_MAX_CONNECTIONS ;;
      shared_buffers) wanted=$FT_PG_SHARED_BUFFERS ;;
      max_wal_size) wanted=$FT_PG_MAX_WAL_SIZE ;;
      checkpoint_timeout) wanted=$FT_PG_CHECKPOINT_TIMEOUT ;;
    esac
    current=$(runuser -u postgres -- psql -tAq -p "$FT_PG_PORT" -c "SHOW $name")
    # More connections than asked for are kept.
    if [ "$name" = max_connections ] && [ "${current:-0}" -ge "$wanted" ]; then continue; fi
    [ "$current" = "$wanted" ] && continue
    runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -p "$FT_PG_PORT" -c "ALTER SYSTEM SET $name = '$wanted'" >/dev/null
    changed+="$name $current -> $wanted; "
    case $name in max_connections|shared_buffers) restart=1 ;; esac
  done
  if [ -n "$changed" ] && [ -z "$restart" ]; then
    ft_log "Setting PostgreSQL's ${changed%; } (reloads it)"
    runuser -u postgres -- psql -q -p "$FT_PG_PORT" -c "SELECT pg_reload_conf()" >/dev/null
  elif [ -n "$changed" ]; then
    ft_log "Setting PostgreSQL's ${changed%; } (restarts it)"
    pg_ctlcluster 15 main restart
    local deadline=$((SECONDS + 60))
    until pg_isready -q -h 127.0.0.1 -p "$FT_PG_PORT"; do
      if [ $SECONDS -ge $deadline ]; then echo "PostgreSQL did not come back after the restart" >&2; return 1; fi
      sleep 0.5
    done
  fi
  # Role with CREATEDB so each test run can own a throwaway database.
  runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -p "$FT_PG_PORT" <<SQL >/dev/null
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', '$FT_PG_USER', '$FT_PG_PASSWORD')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$FT_PG_USER')\gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$FT_PG_DATABASE', '$FT_PG_USER')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$FT_PG_DATABASE')\gexec
SQL
}

# Headless Chromium for the console's browser tests (Playwright drives it; its own browser download cannot work here).
# Only test.sh needs it: up.sh and the services never do.
ft_install_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  ft_apt_install chromium
  [ -x /usr/bin/chromium ] || { echo "apt-get installed chromium but /usr/bin/chromium is missing" >&2; return 1; }
}

ft_rabbit_running() {
  [ -f "$FT_RABBIT_PID_FILE" ] && ft_port_open "$FT_RABBIT_PORT"
}

ft_start_rabbitmq() {
  ft_apt_install rabbitmq-server
  if ! ft_rabbit_running; then
    ft_log "Starting RabbitMQ on 127.0.0.1:$FT_RABBIT_PORT (management on $FT_RABBIT_MGMT_PORT)"
    rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
    # Loopback only: the broker is for this machine's services.
    if [ ! -f /etc/rabbitmq/rabbitmq.conf ] || ! grep -q '^# facttracker' /etc/rabbitmq/rabbitmq.conf; then
      cat > /etc/rabbitmq/rabbitmq.conf <<CONF
# facttracker: loopback listeners
listeners.tcp.default = 127.0.0.1:$FT_RABBIT_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $FT_RABBIT_MGMT_PORT
CONF
    fi
    RABBITMQ_PID_FILE="$FT_RABBIT_PID_FILE" rabbitmq-server -detached >/dev/null 2>&1 || true
    timeout 150 rabbitmqctl wait --timeout 120 "$FT_RABBIT_PID_FILE" >/dev/null
    ft_wait_port "$FT_RABBIT_PORT" 60 RabbitMQ
    ft_wait_port "$FT_RABBIT_MGMT_PORT" 60 "RabbitMQ management"
  fi
  if ! rabbitmqctl -q list_users 2>/dev/null | awk '{print $1}' | grep -qx "$FT_RABBIT_USER"; then
    rabbitmqctl -q add_user "$FT_RABBIT_USER" "$FT_RABBIT_PASSWORD" >/dev/null
  fi
  # administrator: the tests create and delete a virtual host per run through the management API.
  rabbitmqctl -q set_user_tags "$FT_RABBIT_USER" administrator >/dev/null
  rabbitmqctl -q list_vhosts 2>/dev/null | grep -qx "$FT_RABBIT_VHOST" || rabbitmqctl -q add_vhost "$FT_RABBIT_VHOST" >/dev/null
  rabbitmqctl -q set_permissions -p "$FT_RABBIT_VHOST" "$FT_RABBIT_USER" '.*' '.*' '.*' >/dev/null
}

ft_start_infra() {
  ft_require_root
  ft_start_postgres
  ft_start_rabbitmq
}

# Connection settings every service reads (same names as docker-compose.yml). PostgreSQL is on loopback here,
# where TLS would only cost CPU; across machines, set SSL Mode=Require (as deploy/k8s/secret.yaml does).
ft_export_connections() {
  export ConnectionStrings__postgres="Host=127.0.0.1;Port=$FT_PG_PORT;Database=$FT_PG_DATABASE;Username=$FT_PG_USER;Password=$FT_PG_PASSWORD;SSL Mode=Disable"
  export ConnectionStrings__rabbitmq="amqp://$FT_RABBIT_USER:$FT_RABBIT_PASSWORD@127.0.0.1:$FT_RABBIT_PORT/$FT_RABBIT_VHOST"
}
