#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis are installed for the queue-mode runs (npm run bench's `scale`
# section), the same way e2e/queue.sh does for npm run test:queue: Debian's `postgresql` and
# `redis-server`, installed with apt-get when either is missing (needs root once), with their own
# services kept from starting (policy-rc.d 101): the callers run their own servers on free loopback
# ports with data under .e2e/. Idempotent: prints one line and does nothing when both are there.
# Usage: bash scripts/install-queue-services.sh [log tag]     exit 1 (and why) when it cannot install
set -euo pipefail
TAG="${1:-services}"
say() { printf '[%s] %s\n' "$TAG" "$*" >&2; }

have_postgres() { ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; }
have_redis() { command -v redis-server >/dev/null 2>&1; }
missing() {
  local m=()
  have_postgres || m+=(PostgreSQL)
  have_redis || m+=(Redis)
  echo "${m[*]:-}"
}

MISSING="$(missing)"
if [ -z "$MISSING" ]; then
  say "PostgreSQL and Redis: installed"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  say "cannot run: ${MISSING// / and } not installed, and installing needs root: run 'apt-get install postgresql redis-server' as root once"
  exit 1
fi
say "installing PostgreSQL and Redis from Debian packages (${MISSING// / and } missing; once, about a minute)"
POLICY=/usr/sbin/policy-rc.d
OWN_POLICY=0
if [ ! -e "$POLICY" ]; then printf '#!/bin/sh\nexit 101\n' > "$POLICY" && chmod +x "$POLICY" && OWN_POLICY=1; fi
trap 'if [ "$OWN_POLICY" = 1 ]; then rm -f "$POLICY"; fi' EXIT
if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null \
  || ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql redis-server >/dev/null; then
  say "cannot run: apt-get could not install postgresql and redis-server (see the apt output above)"
  exit 1
fi
MISSING="$(missing)"
if [ -n "$MISSING" ]; then
  say "cannot run: ${MISSING// / and } still missing after apt-get install postgresql redis-server"
  exit 1
fi
say "PostgreSQL and Redis installed"
