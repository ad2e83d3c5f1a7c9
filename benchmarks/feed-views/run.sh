#!/usr/bin/env bash
# Feed-views benchmark (npm run bench:feed-views): does the public feed's cost grow with the number of view
# rows? Builds a throwaway PostgreSQL 15 cluster (platform shape, every migration), seeds two destinations
# of public plans, one with a million view rows, measures the feed (and record_plan_view) on both,
# interleaved, prints the ratios, then stops and deletes the cluster (also on failure or Ctrl-C).
#
# Environment:
#   BENCH_FEED_PORT        port of the throwaway cluster (default 54374)
#   BENCH_FEED_VIEWS       view rows on the popular plans (default 1000000)
#   BENCH_FEED_ITERATIONS  measured requests per scenario and side (default 500, after 50 warm-up ones)
set -euo pipefail
source "$(dirname "$0")/../../local-stack/lib.sh"

PORT="${BENCH_FEED_PORT:-54374}"
VIEWS="${BENCH_FEED_VIEWS:-1000000}"
HERE="$ROOT/benchmarks/feed-views"

ensure_deps

dir="$(cluster_dir bench-feed-db)"

cleanup() {
  cluster_stop "$dir" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -f "$dir/postmaster.pid" ]; then cluster_stop "$dir" 2>/dev/null || true; fi
rm -rf "$dir"
if PGPASSWORD="$LOCAL_DB_PASSWORD" psql -X -q "$(db_url "$PORT")" -c 'select 1' >/dev/null 2>&1; then
  die "port $PORT is already in use by another PostgreSQL; set BENCH_FEED_PORT"
fi

t0=$SECONDS
cluster_build "$dir" "$PORT" test
log "cluster built in $((SECONDS - t0)) s"

log "seeding $VIEWS view rows (benchmarks/feed-views/seed.sql)"
t0=$SECONDS
psql_as "$PORT" postgres -v views="$VIEWS" -f "$HERE/seed.sql" >"$STACK_DIR/bench-feed-seed.log" ||
  { cat "$STACK_DIR/bench-feed-seed.log" >&2; die "seed failed"; }
log "seeded in $((SECONDS - t0)) s"

BENCH_DB_URL="$(db_url "$PORT")" node "$HERE/measure.mjs"
