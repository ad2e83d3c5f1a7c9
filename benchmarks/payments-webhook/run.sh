#!/usr/bin/env bash
# npm run bench:payments: a throwaway database like the stack's, then benchmarks/payments-webhook/bench.ts.
set -euo pipefail
source "$(dirname "$0")/../../local-stack/lib.sh"
ensure_deps
dir="$(cluster_dir bench-payments-db)"
port="${BENCH_PAYMENTS_DB_PORT:-54403}"
cleanup() { cluster_stop "$dir" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
cleanup
cluster_build "$dir" "$port" dev
"$BIN/deno" run -A --quiet --config "$ROOT/edge-functions/deno.json" "$ROOT/benchmarks/payments-webhook/bench.ts" \
  --db "$(db_url "$port")"
