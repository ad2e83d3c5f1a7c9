#!/usr/bin/env bash
# RLS benchmark (npm run bench:rls): builds a throwaway PostgreSQL 15 cluster with the Supabase platform
# shape and every migration, seeds 10,000 users / ~1,000,000 plan items, measures the API's hot reads through
# role + JWT claims exactly as PostgREST runs them against the same reads with RLS bypassed, prints the
# table, then stops and deletes the cluster (also on failure or Ctrl-C). Safe to run again: a cluster left
# by an interrupted run is deleted first.
#
# Environment:
#   BENCH_RLS_PORT        port of the throwaway cluster (default 54372)
#   BENCH_RLS_USERS       users to seed (default 10000; smaller for a quick try of the harness)
#   BENCH_RLS_ITERATIONS  measured requests per scenario and path (default 1000, after 100 warm-up ones)
#   BENCH_RLS_ROUNDS      rounds the iterations are spread over, all scenarios in each (default 4)
#   BENCH_RLS_PREPARE=1   use prepared statements (PostgREST's default) instead of unprepared ones
#   BENCH_RLS_APPLY=FILE  SQL applied as postgres after the seed, before measuring: try a policy or index
#                         change without a migration (a SQL file with the change to try)
#   BENCH_RLS_KEEP=1      leave the cluster running at the end (it is deleted by the next run)
set -euo pipefail
source "$(dirname "$0")/../../local-stack/lib.sh"

PORT="${BENCH_RLS_PORT:-54372}"
USERS="${BENCH_RLS_USERS:-10000}"
HERE="$ROOT/benchmarks/rls"
PLANS_LOG="$STACK_DIR/bench-rls-plans.txt"

ensure_deps

dir="$(cluster_dir bench-rls-db)"

cleanup() {
  local rc=$?
  if [ "${BENCH_RLS_KEEP:-}" = 1 ] && [ "$rc" -eq 0 ]; then
    log "cluster kept running: $(db_url "$PORT") (data: $dir)"
    return
  fi
  cluster_stop "$dir" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A cluster left by an interrupted run (or kept with BENCH_RLS_KEEP=1) goes first.
if [ -f "$dir/postmaster.pid" ]; then cluster_stop "$dir" 2>/dev/null || true; fi
rm -rf "$dir"
if PGPASSWORD="$LOCAL_DB_PASSWORD" psql -X -q "$(db_url "$PORT")" -c 'select 1' >/dev/null 2>&1; then
  die "port $PORT is already in use by another PostgreSQL; set BENCH_RLS_PORT"
fi

t0=$SECONDS
cluster_build "$dir" "$PORT" test
log "cluster built in $((SECONDS - t0)) s"

log "seeding $USERS users (benchmarks/rls/seed.sql)"
t0=$SECONDS
psql_as "$PORT" postgres -v users="$USERS" -f "$HERE/seed.sql" >"$STACK_DIR/bench-rls-seed.log" ||
  { cat "$STACK_DIR/bench-rls-seed.log" >&2; die "seed failed"; }
seed_seconds=$((SECONDS - t0))
log "seeded in ${seed_seconds} s (log: $STACK_DIR/bench-rls-seed.log)"
sed -n '/ users | plans/,/^(1 row)/p' "$STACK_DIR/bench-rls-seed.log" >&2

applied=""
if [ -n "${BENCH_RLS_APPLY:-}" ]; then
  [ -f "$BENCH_RLS_APPLY" ] || die "BENCH_RLS_APPLY: no such file: $BENCH_RLS_APPLY"
  log "applying $BENCH_RLS_APPLY"
  psql_as "$PORT" postgres -f "$BENCH_RLS_APPLY" >/dev/null || die "applying $BENCH_RLS_APPLY failed"
  applied="$BENCH_RLS_APPLY"
fi

BENCH_DB_URL="$(db_url "$PORT")" \
  BENCH_AUTHENTICATOR_URL="$(db_url "$PORT" authenticator)" \
  BENCH_SUPERUSER_URL="$(db_url "$PORT" supabase_admin)" \
  BENCH_PLANS_LOG="$PLANS_LOG" \
  BENCH_SEED_SECONDS="$seed_seconds" \
  BENCH_RLS_APPLIED="$applied" \
  node "$HERE/measure.mjs"
