# Shared shell functions for the Docker-free local stack and the test harness. Sourced, not run.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_DIR="$ROOT/.stack"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
BIN="$ROOT/node_modules/.bin"

# Ports: the dev stack uses Supabase's local ports; the throwaway test stack sits ten above.
DEV_DB_PORT="${DEV_DB_PORT:-54322}"
DEV_FUNCTIONS_PORT="${DEV_FUNCTIONS_PORT:-54321}"
TEST_DB_PORT="${TEST_DB_PORT:-54332}"
TEST_FUNCTIONS_PORT="${TEST_FUNCTIONS_PORT:-54331}"

# The Supabase CLI's local secret and demo keys (public, identical on every developer machine; never use
# them for a hosted project). tests/unit/local-keys.test.ts proves the keys are these claims signed with
# this secret.
LOCAL_JWT_SECRET="super-secret-jwt-token-with-at-least-32-characters-long"
LOCAL_ANON_KEY="eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0"
LOCAL_SERVICE_ROLE_KEY="eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU"
LOCAL_DB_PASSWORD="postgres"
# config.toml reads environment-dependent values through env() (site URL, redirect URLs, the Send Email
# hook's URI and secret); the development values are in supabase/local.env. The CLI refuses the config
# without well-formed values, so they are exported (unless the shell already has them) for every command.
local_env_value() { sed -n "s/^$1=//p" "$ROOT/supabase/local.env"; }
LOCAL_SEND_EMAIL_HOOK_SECRET="$(local_env_value SEND_EMAIL_HOOK_SECRET)"
for _name in SITE_URL ADDITIONAL_REDIRECT_URLS SEND_EMAIL_HOOK_URI SEND_EMAIL_HOOK_SECRET; do
  [ -n "${!_name:-}" ] || export "$_name=$(local_env_value "$_name")"
done
unset _name

DEBIAN_PACKAGES=(curl postgresql-15 postgresql-15-pgtap postgresql-15-plpgsql-check postgresql-15-cron
  libtap-parser-sourcehandler-pgtap-perl)

log() { printf '\033[1;34m[stack]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[stack] error:\033[0m %s\n' "$*" >&2; exit 1; }

# --- installation ------------------------------------------------------------------------------------

ensure_debian_packages() {
  local missing=() p
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || die "apt-get update failed"
    apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
  else
    die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
  fi
}

ensure_node_modules() {
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] ||
    [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    # `npm install`, not `npm ci`: npm 11 leaves the other platforms' optional binaries of `deno` and
    # `supabase` out of the lockfile, and `npm ci` then refuses it. With the lockfile present,
    # `npm install` installs exactly the locked versions and leaves the lockfile as it is.
    log "installing npm packages"
    (cd "$ROOT" && npm install --no-fund --no-audit --loglevel=error) || die "npm install failed"
  fi
}

ensure_deps() {
  ensure_debian_packages
  ensure_node_modules
}

# --- running PostgreSQL --------------------------------------------------------------------------------

# PostgreSQL refuses to run as root. As root we run the server as the `postgres` system user that
# Debian's postgresql-15 package creates; otherwise as the current user.
pg_user() {
  if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

as_pg_user() { # from / so a checkout the server user cannot enter is not its working directory
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Where cluster data lives. Normally the git-ignored .stack/ folder of this checkout. As root, the server
# user must be able to reach it; when a parent folder is private (mktemp clones are mode 700) the data
# goes under /var/tmp, in a folder named after this checkout, and .stack/ holds a symlink to it.
data_base_dir() {
  mkdir -p "$STACK_DIR"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$STACK_DIR"; then
    local base
    base="/var/tmp/tripmaster-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
    mkdir -p "$base"
    chown postgres: "$base"
    echo "$base"
  else
    echo "$STACK_DIR"
  fi
}

cluster_dir() { echo "$(data_base_dir)/$1"; } # $1: db | test-db

db_url() { # $1: port, $2: role (default postgres)
  echo "postgresql://${2:-postgres}:${LOCAL_DB_PASSWORD}@127.0.0.1:$1/postgres"
}

cluster_running() { # $1: data dir
  [ -f "$1/postmaster.pid" ] && as_pg_user "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

cluster_init() { # $1: data dir, $2: port
  local dir="$1" port="$2" pwfile
  log "creating PostgreSQL 15 cluster in $dir (port $port)"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  chmod 700 "$dir"
  pwfile="$(mktemp)"
  printf '%s\n' "$LOCAL_DB_PASSWORD" >"$pwfile"
  chmod 644 "$pwfile"
  # The bootstrap superuser is supabase_admin, as on hosted; `postgres` is created later, demoted.
  as_pg_user "$PG_BIN/initdb" -D "$dir" -U supabase_admin --pwfile="$pwfile" --auth-local=scram-sha-256 \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null || die "initdb failed"
  rm -f "$pwfile"
  cat >>"$dir/postgresql.conf" <<EOF

# --- TripMaster local stack ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
shared_preload_libraries = 'pg_cron, pg_stat_statements'
cron.database_name = 'postgres'
# Run jobs in background workers rather than over a password-authenticated loopback connection.
cron.use_background_workers = on
max_worker_processes = 16
max_connections = 200
fsync = on
logging_collector = off
log_min_messages = warning
timezone = 'UTC'
# Hosted runs logical replication (Realtime); the supabase_realtime publication wants it.
wal_level = logical
EOF
}

cluster_start() { # $1: data dir
  cluster_running "$1" && return 0
  as_pg_user "$PG_BIN/pg_ctl" -D "$1" -l "$1/server.log" -w -t 60 start >/dev/null ||
    { tail -n 20 "$1/server.log" >&2; die "PostgreSQL did not start (log: $1/server.log)"; }
}

cluster_stop() { # $1: data dir
  cluster_running "$1" || return 0
  as_pg_user "$PG_BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null
}

psql_as() { # $1: port, $2: role, rest: psql args
  local port="$1" role="$2"
  shift 2
  PGPASSWORD="$LOCAL_DB_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 "$(db_url "$port" "$role")" "$@"
}

# The Supabase platform's shape (roles, auth, storage, cron...), applied by the bootstrap superuser.
# $1: port, $2: "test" to add what only the test cluster has (pgTAP, plpgsql_check, test helpers).
# Each file runs once per cluster: applied files are recorded, so a platform file added later reaches
# clusters built before it on their next start (files are never edited once committed; add a new one).
platform_apply() {
  local port="$1" kind="${2:-dev}" f name files=("$ROOT"/local-stack/platform/*.sql)
  [ "$kind" = test ] && files+=("$ROOT"/local-stack/platform/test/*.sql)
  psql_as "$port" supabase_admin -c "create schema if not exists _local_stack;
    create table if not exists _local_stack.platform_files (name text primary key, applied_at timestamptz not null default now());
    revoke all on schema _local_stack from public;" >/dev/null || die "cannot record platform files"
  for f in "${files[@]}"; do
    name="${f#"$ROOT"/local-stack/platform/}"
    if [ -z "$(psql_as "$port" supabase_admin -tAc "select 1 from _local_stack.platform_files where name = '$name'")" ]; then
      psql_as "$port" supabase_admin -1 -f "$f" -c "insert into _local_stack.platform_files (name) values ('$name')" \
        >/dev/null || die "platform SQL failed: $f"
    fi
  done
}

# Migrations go through the real Supabase CLI, connected as the non-superuser postgres, then the seed.
migrate() { # $1: port
  (cd "$ROOT" && "$BIN/supabase" db push --remote="$(db_url "$1")?sslmode=disable" --yes \
    --include-all >"$STACK_DIR/db-push.log" 2>&1) ||
    { cat "$STACK_DIR/db-push.log" >&2; die "supabase db push failed"; }
}

seed() { # $1: port
  psql_as "$1" postgres -f "$ROOT/supabase/seed.sql" >/dev/null || die "seed.sql failed"
}

# Build a cluster from nothing: platform shape -> CLI migrations -> seed. $1 dir, $2 port, $3 dev|test
# A build that stops half way leaves no .built marker, and cluster_ready() says so.
cluster_build() {
  cluster_init "$1" "$2"
  cluster_start "$1"
  platform_apply "$2" "$3"
  migrate "$2"
  seed "$2"
  touch "$1/.built"
}

cluster_ready() { [ -f "$1/.built" ]; } # $1: data dir

# --- misc ----------------------------------------------------------------------------------------------

wait_http() { # $1: url, $2: seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    curl -sS -o /dev/null -w '%{http_code}' "$1" 2>/dev/null | grep -qE '^[1-5][0-9][0-9]$' && return 0
    sleep 0.1
  done
  return 1
}
