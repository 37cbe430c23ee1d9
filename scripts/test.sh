#!/usr/bin/env bash
# `npm test`: everything CI checks, on a fresh clone too. Ends with one line
# `jest: N passed, N failed[, N skipped]`, also kept in test-output/summary.txt.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
mkdir -p test-output
status=0
echo "== typecheck"; npx tsc --noEmit || status=1
echo "== lint"; npx eslint . || status=1
echo "== jest"
npx jest --ci --json --outputFile=test-output/jest.json "$@" || status=1
summary=$(node -e '
  const r = require("./test-output/jest.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  process.stdout.write(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
  // A run that executed no test, or a suite that failed to load, is a failure.
  if (r.numTotalTests === 0 || r.numRuntimeErrorTestSuites > 0) process.exit(1);
') || status=1
[ -n "$summary" ] || summary="jest: 0 passed, 1 failed"
echo "$summary" > test-output/summary.txt
echo "$summary"
exit $status
