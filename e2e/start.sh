#!/usr/bin/env bash
# npm start — a local n8n on http://127.0.0.1:5678 with this package and both templates, for trying
# things out. With SCAVIO_API_KEY set, the credential points at the real Scavio API; otherwise at
# the loopback mock in --demo mode (8 hashtags growing in accelerated time). Ctrl-C stops everything.
# Optional: N8N_PORT (default 5678). State is kept in .e2e/demo/ between starts.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash e2e/setup.sh --no-browser
# shellcheck source=env.sh
source e2e/env.sh
export E2E_DEMO="$E2E_ROOT/demo"
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
