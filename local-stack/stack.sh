#!/usr/bin/env bash
# The Docker-free local Supabase stack: PostgreSQL 15 with the platform's shape on 127.0.0.1:54322 and the
# Edge Functions served by Deno on http://127.0.0.1:54321/functions/v1/<name>.
#
#   bash local-stack/stack.sh start    boot (building the database on first run) and serve until Ctrl-C
#   bash local-stack/stack.sh stop     stop a stack started in another terminal
#   bash local-stack/stack.sh reset    delete the local database and build it again (platform, migrations, seed)
#   bash local-stack/stack.sh status   say what is running
#   bash local-stack/stack.sh token [email] [seconds]   print an access token for a (seeded) user
# The data survives stop/start; only `reset` deletes it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# STACK_NAME picks the data folder (and pid file); the end-to-end test runs a second stack beside yours.
STACK_NAME="${STACK_NAME:-db}"
DB_DIR="$(cluster_dir "$STACK_NAME")"
DB_URL="$(db_url "$DEV_DB_PORT")"
FUNCTIONS_URL="http://127.0.0.1:$DEV_FUNCTIONS_PORT"
PID_FILE="$STACK_DIR/functions-$STACK_NAME.pid"
MAILBOX_DIR_DEFAULT="$STACK_DIR/mailbox-$STACK_NAME"
STRIPE_DOUBLE_PORT="${STRIPE_DOUBLE_PORT:-$((DEV_FUNCTIONS_PORT + 100))}"
STRIPE_DOUBLE_PID_FILE="$STACK_DIR/stripe-double-$STACK_NAME.pid"

functions_env() {
  export SUPABASE_URL="$FUNCTIONS_URL"
  export SUPABASE_DB_URL="$DB_URL"
  export SUPABASE_ANON_KEY="$LOCAL_ANON_KEY"
  export SUPABASE_SERVICE_ROLE_KEY="$LOCAL_SERVICE_ROLE_KEY"
  export JWT_SECRET="$LOCAL_JWT_SECRET"
  # Email: the local mailbox unless the shell says otherwise (e.g. EMAIL_PROVIDER=resend with a key).
  export EMAIL_PROVIDER="${EMAIL_PROVIDER:-mailbox}"
  export MAILBOX_DIR="${MAILBOX_DIR:-$MAILBOX_DIR_DEFAULT}"
  # Any origin may call the local functions from a browser (hosted: list the app's origins).
  export CORS_ALLOWED_ORIGINS="${CORS_ALLOWED_ORIGINS:-*}"
  mkdir -p "$MAILBOX_DIR"
  # Payments: with no Stripe key (shell or .env) the stack serves its Stripe API double; nothing leaves
  # this machine. With real test keys in .env, `stripe listen --forward-to` delivers the webhooks.
  STRIPE_DOUBLE=0
  if [ -z "${STRIPE_SECRET_KEY:-}" ] && ! grep -qE '^STRIPE_SECRET_KEY=.+' "$ROOT/.env" 2>/dev/null; then
    STRIPE_DOUBLE=1
    export STRIPE_SECRET_KEY="sk_test_local_stripe_double"
    export STRIPE_WEBHOOK_SECRET="whsec_local_stripe_double_secret"
    export STRIPE_API_BASE="http://127.0.0.1:$STRIPE_DOUBLE_PORT"
  fi
}

mint_token() { # $1 email, $2 lifetime seconds
  JWT_SECRET="$LOCAL_JWT_SECRET" "$BIN/deno" run --quiet --allow-env --allow-net=127.0.0.1 --allow-read \
    --config "$ROOT/edge-functions/deno.json" "$ROOT/local-stack/mint-token.ts" \
    --db "$DB_URL" --auth-db "$(db_url "$DEV_DB_PORT" supabase_auth_admin)" --email "$1" --seconds "$2"
}

# Whatever start() brought up is taken down when it ends for any reason: Ctrl-C, stack:stop, or a failure
# half-way (a migration that does not apply, a port in use), so nothing is left running behind an error.
server_pid=""
double_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$double_pid" ]; then kill "$double_pid" 2>/dev/null || true; fi
  rm -f "$PID_FILE" "$STRIPE_DOUBLE_PID_FILE"
  cluster_stop "$DB_DIR" 2>/dev/null || true
  if [ "$rc" -eq 0 ] || [ "$rc" -ge 128 ]; then log "stopped"; else log "start failed; everything it started is stopped"; fi
}

# Ready when our own server answers /_ready with 2xx; fails as soon as it exits (a boot error, a port in use).
wait_server() {
  local i
  for ((i = 0; i < 300; i++)); do
    kill -0 "$server_pid" 2>/dev/null || return 1
    curl -fsS --max-time 2 -o /dev/null "$FUNCTIONS_URL/functions/v1/_ready" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

start() {
  ensure_deps
  mkdir -p "$STACK_DIR"
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    die "the functions server is already running (pid $(cat "$PID_FILE")); use: npm run stack:stop"
  fi
  trap cleanup EXIT
  trap 'exit 0' INT TERM
  if ! cluster_ready "$DB_DIR"; then
    # First start, or a first build that did not finish: build from nothing.
    cluster_stop "$DB_DIR" 2>/dev/null || true
    rm -rf "$DB_DIR"
    cluster_build "$DB_DIR" "$DEV_DB_PORT" dev
  else
    cluster_start "$DB_DIR"
    # Platform files and migrations added since the last start are applied on the way up.
    platform_apply "$DEV_DB_PORT" dev
    migrate "$DEV_DB_PORT"
  fi
  functions_env
  local env_args=()
  [ -f "$ROOT/.env" ] && env_args=(--env-file="$ROOT/.env")
  "$BIN/deno" run --quiet --allow-net --allow-env --allow-read --allow-sys --allow-write="$MAILBOX_DIR" \
    "${env_args[@]}" --config "$ROOT/edge-functions/deno.json" "$ROOT/local-stack/functions-server.ts" \
    --port "$DEV_FUNCTIONS_PORT" --config-toml "$ROOT/supabase/config.toml" \
    --mailbox "$MAILBOX_DIR" --tick email-worker=5 --tick-when email-worker=private.email_outbox_due \
    --tick purge-worker=30 --tick-when purge-worker=private.purge_jobs_due &
  server_pid=$!
  echo "$server_pid" >"$PID_FILE"
  if [ "$STRIPE_DOUBLE" = 1 ]; then
    "$BIN/deno" run --quiet --allow-net=127.0.0.1 --allow-env --allow-read \
      --config "$ROOT/edge-functions/deno.json" "$ROOT/local-stack/stripe-double.ts" \
      --port "$STRIPE_DOUBLE_PORT" --webhook-url "$FUNCTIONS_URL/functions/v1/stripe-webhook" &
    double_pid=$!
    echo "$double_pid" >"$STRIPE_DOUBLE_PID_FILE"
  fi
  wait_server || die "the functions server did not come up (see its output above; is port $DEV_FUNCTIONS_PORT in use?)"

  local token
  token="$(mint_token ada@tripmaster.test 86400)"
  cat <<EOF

  TripMaster local stack is running (Ctrl-C here, or npm run stack:stop, to stop it).

  Functions     $FUNCTIONS_URL/functions/v1/<name>
  Mailbox       $FUNCTIONS_URL/mailbox/   (emails the backend sent; the outbox is checked every 5 s, drained when due)
  Stripe        $([ "$STRIPE_DOUBLE" = 1 ] && echo "local double on $STRIPE_API_BASE (Checkout pages at /checkout/<id>)" || echo "your STRIPE_SECRET_KEY")
  Database      $DB_URL
  Data          $DB_DIR
  JWT secret    $LOCAL_JWT_SECRET
  anon key      $LOCAL_ANON_KEY
  service key   $LOCAL_SERVICE_ROLE_KEY

  Access token for ada@tripmaster.test (valid 24 h; new one: npm run token -- <email>):
  $token

  Try (health gives its details to the service role only; with the access token or anon key: up/down):
  curl -s -H "Authorization: Bearer $LOCAL_SERVICE_ROLE_KEY" $FUNCTIONS_URL/functions/v1/health
  curl -s -H "Authorization: Bearer $token" $FUNCTIONS_URL/functions/v1/health

EOF
  wait "$server_pid" || true
}

stop() {
  if [ -f "$PID_FILE" ]; then
    kill "$(cat "$PID_FILE")" 2>/dev/null || true
    rm -f "$PID_FILE"
  fi
  if [ -f "$STRIPE_DOUBLE_PID_FILE" ]; then
    kill "$(cat "$STRIPE_DOUBLE_PID_FILE")" 2>/dev/null || true
    rm -f "$STRIPE_DOUBLE_PID_FILE"
  fi
  cluster_stop "$DB_DIR"
  log "stopped"
}

reset() {
  ensure_deps
  stop
  log "deleting $DB_DIR"
  rm -rf "$DB_DIR"
  cluster_build "$DB_DIR" "$DEV_DB_PORT" dev
  cluster_stop "$DB_DIR"
  log "database rebuilt; start it with: npm run stack"
}

status() {
  if cluster_running "$DB_DIR"; then echo "database: running on $DB_URL"; else echo "database: stopped"; fi
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "functions: running on $FUNCTIONS_URL/functions/v1/"
  else
    echo "functions: stopped"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  reset) reset ;;
  status) status ;;
  token)
    cluster_running "$DB_DIR" || die "the database is not running: npm run stack"
    mint_token "${2:-ada@tripmaster.test}" "${3:-3600}"
    ;;
  *) die "usage: stack.sh start|stop|reset|status|token [email] [seconds]" ;;
esac
