#!/usr/bin/env bash
# Installs this package into an n8n user folder the way n8n installs a community package:
# build, npm pack, extract the tarball into <user folder>/.n8n/nodes/node_modules/<name>.
# Usage: bash e2e/install-package.sh <N8N_USER_FOLDER>
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USER_FOLDER="${1:?usage: install-package.sh <N8N_USER_FOLDER>}"
cd "$REPO"
npm run build --silent >/dev/null
PACK_DIR="$(mktemp -d)"
TGZ="$(npm pack --silent --pack-destination "$PACK_DIR" | tail -1)"
PKG="$(node -p 'require("./package.json").name')"
DEST="$USER_FOLDER/.n8n/nodes/node_modules/$PKG"
rm -rf "$DEST" && mkdir -p "$DEST"
tar -xzf "$PACK_DIR/$TGZ" -C "$DEST" --strip-components=1
rm -rf "$PACK_DIR"
echo "installed $PKG into $DEST" >&2
