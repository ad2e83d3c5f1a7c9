#!/usr/bin/env bash
# npm run bench:generate: a throwaway database like the stack's, then benchmarks/generate-plan/bench.ts.
set -euo pipefail
source "$(dirname "$0")/../../local-stack/lib.sh"
ensure_deps
dir="$(cluster_dir bench-generate-db)"
port="${BENCH_GENERATE_DB_PORT:-54402}"
cleanup() { cluster_stop "$dir" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
cleanup
cluster_build "$dir" "$port" dev
"$BIN/deno" run -A --quiet --config "$ROOT/edge-functions/deno.json" "$ROOT/benchmarks/generate-plan/bench.ts" \
  --db "$(db_url "$port")"
