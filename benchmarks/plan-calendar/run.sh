#!/usr/bin/env bash
# npm run bench:calendar: builds a throwaway database like the stack's, runs benchmarks/plan-calendar/bench.ts
# (builder against the pre-fix baseline, then the whole request through the handler), removes it.
set -euo pipefail
source "$(dirname "$0")/../../local-stack/lib.sh"
ensure_deps
dir="$(cluster_dir bench-calendar-db)"
port="${BENCH_CALENDAR_DB_PORT:-54384}"
cleanup() { cluster_stop "$dir" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
cleanup
cluster_build "$dir" "$port" dev
"$BIN/deno" run -A --quiet --config "$ROOT/edge-functions/deno.json" "$ROOT/benchmarks/plan-calendar/bench.ts" \
  --db "$(db_url "$port")" --runs "${RUNS:-20}"
