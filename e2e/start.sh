#!/usr/bin/env bash
# npm start — a local n8n on http://127.0.0.1:5678 with this package and both templates, for trying
# things out. With SCAVIO_API_KEY set, the credential points at the real Scavio API; otherwise at
# the loopback mock in --demo mode (8 hashtags growing in accelerated time), and the hourly
# workflow's copy runs by itself every minute. Ctrl-C stops everything.
# Optional: N8N_PORT (default 5678). State is kept between starts, separately per mode: .e2e/demo/
# (demo mock) and .e2e/demo-live/ (real API), so the demo's every-minute schedule and its made-up
# history never meet the real API.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

node scripts/ensure-dev-deps.js
bash e2e/setup.sh --no-browser
# shellcheck source=env.sh
source e2e/env.sh
KEY_CHECK="${SCAVIO_API_KEY:-}"
if [ -n "${KEY_CHECK//[[:space:]]/}" ]; then
  export E2E_DEMO="${E2E_DEMO:-$E2E_ROOT/demo-live}"
else
  export E2E_DEMO="${E2E_DEMO:-$E2E_ROOT/demo}"
fi
unset KEY_CHECK
mkdir -p "$E2E_DEMO/user"
bash e2e/install-package.sh "$E2E_DEMO/user"

NODE_PID=""
cleanup() {
  if [ -n "$NODE_PID" ]; then kill -TERM "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
node e2e/start.js &
NODE_PID=$!
wait "$NODE_PID"
