#!/usr/bin/env bash
# One step of the test suite; `bash tests/run-all.sh` (npm test) runs them all. Each step is also an npm
# script (npm run test:<step>) and works on its own: steps that need the throwaway test database start it,
# building it first (platform shape -> CLI migrations -> seed) when it does not exist yet.
set -euo pipefail
source "$(dirname "$0")/../local-stack/lib.sh"

# TEST_STACK_NAME / TEST_DB_PORT let two runs (two checkouts, two people) keep separate test databases.
TEST_DB_DIR="$(cluster_dir "${TEST_STACK_NAME:-test-db}")"
TEST_DB_URL="$(db_url "$TEST_DB_PORT")"
TYPES_FILE="$ROOT/clients/src/database.types.ts"
DENO_CONFIG="$ROOT/edge-functions/deno.json"
TS_DIRS=(edge-functions local-stack tests clients benchmarks deploy)
export TEST_DB_URL TEST_DB_PORT TEST_FUNCTIONS_PORT LOCAL_JWT_SECRET

ensure_test_db() {
  if cluster_ready "$TEST_DB_DIR"; then
    cluster_start "$TEST_DB_DIR"
  else
    setup_db
  fi
}

# A fresh throwaway database: whatever the previous run left is deleted first.
setup_db() {
  cluster_stop "$TEST_DB_DIR" 2>/dev/null || true
  rm -rf "$TEST_DB_DIR"
  cluster_build "$TEST_DB_DIR" "$TEST_DB_PORT" test
  log "test database ready: $TEST_DB_URL"
}

gen_types() { # prints the generated Database types, formatted the way the committed file is
  local raw err
  raw="$(mktemp)" err="$(mktemp)"
  if ! "$BIN/supabase" gen types --lang typescript --remote="$TEST_DB_URL?sslmode=disable" --schema public \
    >"$raw" 2>"$err"; then
    cat "$err" >&2
    rm -f "$raw" "$err"
    die "supabase gen types failed"
  fi
  rm -f "$err"
  "$BIN/deno" fmt --config "$DENO_CONFIG" --ext ts - <"$raw"
  rm -f "$raw"
}

# Machine-readable results for the summary (tests/run-all.sh reads them): vitest's JSON report and the TAP
# stream of pgTAP, written beside the human output in .stack/test-logs/.
RESULTS_DIR="$STACK_DIR/test-logs"

vitest() { # $1: suite folder under tests/
  mkdir -p "$RESULTS_DIR"
  rm -f "$RESULTS_DIR/$1.json"
  (cd "$ROOT" && "$BIN/vitest" run --config tests/vitest.config.ts --dir "tests/$1" \
    --reporter=default --reporter=json --outputFile.json="$RESULTS_DIR/$1.json" "${@:2}")
}

step="${1:?usage: steps.sh <step>}"
case "$step" in
  setup-db) ensure_deps && setup_db ;;
  format)
    ensure_node_modules
    (cd "$ROOT" && "$BIN/deno" fmt --check --config "$DENO_CONFIG" "${TS_DIRS[@]}")
    ;;
  lint)
    ensure_node_modules
    (cd "$ROOT" && "$BIN/deno" lint --config "$DENO_CONFIG" "${TS_DIRS[@]}")
    ;;
  typecheck)
    ensure_node_modules
    (cd "$ROOT" && "$BIN/tsc" --noEmit -p tsconfig.json)
    ;;
  deno-check)
    ensure_node_modules
    (cd "$ROOT" && "$BIN/deno" check --quiet --config "$DENO_CONFIG" edge-functions/*/index.ts local-stack/*.ts deploy/*.ts clients/scripts/*.ts benchmarks/email/bench.ts benchmarks/generate-plan/bench.ts benchmarks/plan-calendar/bench.ts \
      benchmarks/payments-webhook/bench.ts \
      benchmarks/export/bench.ts benchmarks/plan-pdf/bench.ts)
    ;;
  pgtap)
    ensure_deps && ensure_test_db
    mkdir -p "$RESULTS_DIR"
    # The whole TAP stream goes to pgtap.tap (counted by run-all.sh); the console shows what is not "ok".
    set +e
    (cd "$ROOT" && PGPASSWORD="$LOCAL_DB_PASSWORD" pg_prove --verbose --host 127.0.0.1 --port "$TEST_DB_PORT" \
      --username postgres --dbname postgres --ext .sql supabase/tests/*.sql) >"$RESULTS_DIR/pgtap.tap" 2>&1
    rc=$?
    set -e
    grep -vE '^\s*ok [0-9]+' "$RESULTS_DIR/pgtap.tap" || true
    exit "$rc"
    ;;
  advisors)
    ensure_deps && ensure_test_db
    out="$("$BIN/supabase" db advisors --remote="$TEST_DB_URL?sslmode=disable" --level info -o json)"
    echo "$out"
    # INFO findings are printed for the record; any WARN or ERROR fails the step.
    echo "$out" | node -e '
      let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
        const start = s.indexOf("[");
        const lints = start >= 0 ? JSON.parse(s.slice(start)) : [];
        const bad = lints.filter((l) => l.level === "WARN" || l.level === "ERROR");
        for (const l of bad) console.error(`${l.level} ${l.name}: ${l.detail}`);
        console.log(`advisors: ${lints.length} finding(s), ${bad.length} at WARN or ERROR`);
        process.exit(bad.length ? 1 : 0);
      });'
    ;;
  db-lint)
    ensure_deps && ensure_test_db
    "$BIN/supabase" db lint --remote="$TEST_DB_URL?sslmode=disable" --level error --fail-on error
    ;;
  gen-types)
    ensure_deps && ensure_test_db
    gen_types >"$TYPES_FILE"
    log "wrote $TYPES_FILE"
    ;;
  types-drift)
    ensure_deps && ensure_test_db
    fresh="$(mktemp)"
    gen_types >"$fresh"
    if ! diff -u "$TYPES_FILE" "$fresh"; then
      rm -f "$fresh"
      die "clients/src/database.types.ts differs from the migrated schema: run npm run gen:types and commit it"
    fi
    rm -f "$fresh"
    echo "types-drift: generated Database types match the migrations"
    ;;
  unit) ensure_node_modules && vitest unit ;;
  integration) ensure_deps && ensure_test_db && vitest integration ;;
  e2e) ensure_deps && ensure_test_db && vitest e2e ;;
  *) die "unknown step: $step" ;;
esac
