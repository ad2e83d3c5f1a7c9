#!/usr/bin/env bash
# npm run bench:export: a throwaway database like the stack's, then benchmarks/export/bench.ts.
set -euo pipefail
source "$(dirname "$0")/../../local-stack/lib.sh"
ensure_deps
dir="$(cluster_dir bench-export-db)"
port="${BENCH_EXPORT_DB_PORT:-54403}"
cleanup() { cluster_stop "$dir" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
cleanup
cluster_build "$dir" "$port" dev
"$BIN/deno" run -A --quiet --config "$ROOT/edge-functions/deno.json" "$ROOT/benchmarks/export/bench.ts" \
  --db "$(db_url "$port")" "$@"
