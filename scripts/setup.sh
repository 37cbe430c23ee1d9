#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: npm packages (from the lock file) and the
# pinned Temporal binaries. Quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-temporal.sh
# The workflow bundle the worker, the tests and the bench load (worker/bundle.ts), when stale.
npx tsx scripts/build-bundle.ts
