#!/usr/bin/env bash
# npm run bench:email: builds a throwaway database like the stack's, runs benchmarks/email/bench.ts, removes it.
set -euo pipefail
source "$(dirname "$0")/../../local-stack/lib.sh"
ensure_deps
dir="$(cluster_dir bench-email-db)"
port="${BENCH_EMAIL_DB_PORT:-54382}"
cleanup() { cluster_stop "$dir" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
cleanup
cluster_build "$dir" "$port" dev
"$BIN/deno" run -A --quiet --config "$ROOT/edge-functions/deno.json" "$ROOT/benchmarks/email/bench.ts" \
  --db "$(db_url "$port")" --messages "${MESSAGES:-10000}"
