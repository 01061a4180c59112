#!/usr/bin/env bash
# npm run test:queue — the package in n8n 2.41.1 queue mode (PostgreSQL + Redis + main + 2 workers),
# compared with a single n8n process. Loopback only. Cached setup in .e2e/ (Node 24, n8n); PostgreSQL
# and Redis come from Debian packages, installed here when missing (needs root once).
# Ports: free ones unless QUEUE_PG_PORT, QUEUE_REDIS_PORT, QUEUE_N8N_PORT, QUEUE_MOCK_PORT are set.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
START=$(date +%s)

bash e2e/setup.sh --no-browser
# shellcheck source=env.sh
source e2e/env.sh

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL and Redis are needed: run 'apt-get install postgresql redis-server' as root first" >&2
    exit 1
  fi
  echo "[queue] installing PostgreSQL and Redis from Debian packages" >&2
  # The packages' own services are not wanted (policy-rc.d 101 = do not start them); the test runs
  # its own servers on free loopback ports with data under .e2e/.
  POLICY=/usr/sbin/policy-rc.d
  OWN_POLICY=0
  if [ ! -e "$POLICY" ]; then printf '#!/bin/sh\nexit 101\n' > "$POLICY" && chmod +x "$POLICY" && OWN_POLICY=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql redis-server >/dev/null
  [ "$OWN_POLICY" = 1 ] && rm -f "$POLICY"
fi

export E2E_WORK="$E2E_ROOT/queue"
rm -rf "$E2E_WORK" && mkdir -p "$E2E_WORK/user-main"
bash e2e/install-package.sh "$E2E_WORK/user-main"
SETUP_DONE=$(date +%s)

# queue.js stops its own children (n8n, mocks, Redis, PostgreSQL); this trap covers a signal or a
# crash around it: the node process, then any PostgreSQL cluster left running in the work folder.
NODE_PID=""
stop_all() {
  if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; fi
  if [ -f "$E2E_WORK/postgres/data/postmaster.pid" ]; then
    PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$E2E_WORK/postgres/data" -m fast stop >/dev/null 2>&1 || true
    else "$PGBIN/pg_ctl" -D "$E2E_WORK/postgres/data" -m fast stop >/dev/null 2>&1 || true; fi
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM
node e2e/queue.js &
NODE_PID=$!
set +e
wait "$NODE_PID"
RC=$?
set -e
NODE_PID=""
END=$(date +%s)
echo "[queue] timings: setup+install $((SETUP_DONE - START)) s, scenarios $((END - SETUP_DONE)) s, total $((END - START)) s"
exit "$RC"
