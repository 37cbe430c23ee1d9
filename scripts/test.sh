#!/usr/bin/env bash
# `npm test`: everything CI checks, on a fresh clone too. Ends with one line
# `jest: N passed, N failed[, N skipped]`, also kept in test-output/summary.txt.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
# The browser test drives Debian's Chromium (playwright-core brings no browser of its own).
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || exit 1
  else
    echo "chromium is missing: install Debian's chromium package, or set CHROMIUM_PATH"; exit 1
  fi
fi
mkdir -p test-output
status=0
checks_failed=0
echo "== format"; npx prettier --check "**/*.{ts,js,mjs,json,yaml,yml}" || { status=1; checks_failed=$((checks_failed + 1)); echo "format check failed (counted as 1 failed; npm run format fixes it)"; }
echo "== typecheck"; npx tsc --noEmit || { status=1; checks_failed=$((checks_failed + 1)); echo "typecheck failed (counted as 1 failed)"; }
echo "== lint"; npx eslint . || { status=1; checks_failed=$((checks_failed + 1)); echo "lint failed (counted as 1 failed)"; }
echo "== jest"
npx jest --ci --json --outputFile=test-output/jest.json "$@" || status=1
summary=$(CHECKS_FAILED=$checks_failed node -e '
  const r = require("./test-output/jest.json");
  r.numFailedTests += Number(process.env.CHECKS_FAILED);
  const skipped = r.numPendingTests + r.numTodoTests;
  process.stdout.write(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
  // A run that executed no test, or a suite that failed to load, is a failure.
  if (r.numTotalTests === 0 || r.numRuntimeErrorTestSuites > 0) process.exit(1);
') || status=1
[ -n "$summary" ] || summary="jest: 0 passed, 1 failed"
echo "$summary" > test-output/summary.txt
echo "$summary"
exit $status
