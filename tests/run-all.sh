#!/usr/bin/env bash
# Runs every test and check, against a throwaway database built from nothing, and ends with one summary
# line ("total: N passed, N failed"). Exits non-zero when anything failed. `npm test` and .ci/run run this.
# Steps keep going after a failure so one run reports everything; each is also `npm run test:<step>`.
set -uo pipefail
source "$(dirname "$0")/../local-stack/lib.sh"

STEPS=(format lint typecheck deno-check pgtap advisors db-lint types-drift unit integration e2e)
LOG_DIR="$STACK_DIR/test-logs"
started=$SECONDS

ensure_deps
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log "$LOG_DIR"/*.json "$LOG_DIR"/*.tap

tests_passed=0
tests_failed=0
failed_steps=()
summary=()

# Count individual tests from each runner's machine-readable results (tests/steps.sh writes them): the
# TAP stream of pgTAP and vitest's JSON report. A check step counts as one test.
count_tests() { # $1: step, $2: log file, $3: exit code  -> sets p and f
  local step="$1" rc="$3"
  p=0 f=0
  case "$step" in
    pgtap)
      if [ -f "$LOG_DIR/pgtap.tap" ]; then
        p="$(grep -cE '^\s*ok [0-9]+' "$LOG_DIR/pgtap.tap" || true)"
        f="$(grep -cE '^\s*not ok [0-9]+' "$LOG_DIR/pgtap.tap" || true)"
      fi
      ;;
    unit | integration | e2e)
      if [ -f "$LOG_DIR/$step.json" ]; then
        read -r p f < <(node -e '
          const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
          console.log(r.numPassedTests, r.numFailedTests);' "$LOG_DIR/$step.json")
      fi
      ;;
    *) if [ "$rc" -eq 0 ]; then p=1; else f=1; fi ;;
  esac
  # A runner that failed without reporting a failed test (crash, no tests found) still counts as a failure.
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
}

run_step() { # $1: step
  local step="$1" file="$LOG_DIR/$1.log" rc t0=$SECONDS
  printf '\n\033[1m== %s ==\033[0m\n' "$step"
  bash "$ROOT/tests/steps.sh" "$step" 2>&1 | tee "$file"
  rc=${PIPESTATUS[0]}
  count_tests "$step" "$file" "$rc"
  tests_passed=$((tests_passed + p))
  tests_failed=$((tests_failed + f))
  if [ "$rc" -ne 0 ]; then
    failed_steps+=("$step")
    summary+=("$(printf '  %-12s FAILED  (%s passed, %s failed, %ss)' "$step" "$p" "$f" $((SECONDS - t0)))")
  else
    summary+=("$(printf '  %-12s ok      (%s passed, %ss)' "$step" "$p" $((SECONDS - t0)))")
  fi
}

printf '\033[1m== setup: throwaway test database ==\033[0m\n'
if ! bash "$ROOT/tests/steps.sh" setup-db 2>&1 | tee "$LOG_DIR/setup-db.log"; then
  echo "setup-db failed: nothing else can run"
  echo "total: 0 passed, 1 failed"
  exit 1
fi

for s in "${STEPS[@]}"; do run_step "$s"; done

# The throwaway database is stopped; after a green run it is deleted, after a red one it stays for a look
# (npm run test:<step> reuses it; the next npm test replaces it).
test_db_dir="$(cluster_dir "${TEST_STACK_NAME:-test-db}")"
cluster_stop "$test_db_dir" || true
if [ "$tests_failed" -eq 0 ] && [ ${#failed_steps[@]} -eq 0 ]; then
  rm -rf "$test_db_dir"
  rmdir "$(dirname "$test_db_dir")" 2>/dev/null || true
else
  echo "the test database is kept in $test_db_dir"
fi

printf '\n\033[1m== summary (%ss) ==\033[0m\n' $((SECONDS - started))
printf '%s\n' "${summary[@]}"
[ ${#failed_steps[@]} -gt 0 ] && echo "failed steps: ${failed_steps[*]}"
echo "total: $tests_passed passed, $tests_failed failed"
[ "$tests_failed" -eq 0 ] && [ ${#failed_steps[@]} -eq 0 ]
