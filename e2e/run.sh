#!/usr/bin/env bash
# npm run test:e2e — the package in a real n8n 2.41.1, end to end, on loopback only.
# Setup (Node 24, n8n, chromium, playwright-core) is cached in .e2e/; the first run installs it.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
START=$(date +%s)

bash e2e/setup.sh
# shellcheck source=env.sh
source e2e/env.sh
SETUP_DONE=$(date +%s)

export E2E_WORK="$E2E_ROOT/run"
rm -rf "$E2E_WORK" && mkdir -p "$E2E_WORK/user"
bash e2e/install-package.sh "$E2E_WORK/user"
INSTALL_DONE=$(date +%s)

# run.js stops its own children; this trap covers a signal that arrives before or around it.
NODE_PID=""
trap 'if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; fi' EXIT
trap 'exit 130' INT TERM
node e2e/run.js &
NODE_PID=$!
set +e
wait "$NODE_PID"
RC=$?
set -e
NODE_PID=""
END=$(date +%s)
echo "[e2e] timings: setup $((SETUP_DONE - START)) s, build+pack+install $((INSTALL_DONE - SETUP_DONE)) s, scenarios $((END - INSTALL_DONE)) s, total $((END - START)) s"
exit "$RC"
