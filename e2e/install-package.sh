#!/usr/bin/env bash
# Installs this package into an n8n user folder the way n8n 2.41 installs a community package
# (CommunityPackagesService.downloadPackage): build, npm pack, extract the tarball into
# <user folder>/.n8n/nodes/node_modules/<name>, drop its dev/peer/optional dependencies from its
# package.json, `npm install` inside it with n8n's flags, and record it in .n8n/nodes/package.json.
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
VERSION="$(node - "$DEST/package.json" "$USER_FOLDER/.n8n/nodes/package.json" <<'JS'
const fs = require('fs');
const [pkgFile, nodesFile] = process.argv.slice(2);
const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2), 'utf8');
const nodes = fs.existsSync(nodesFile) ? JSON.parse(fs.readFileSync(nodesFile, 'utf8')) : { name: 'installed-nodes', private: true };
nodes.dependencies = { ...(nodes.dependencies || {}), [pkg.name]: pkg.version };
fs.writeFileSync(nodesFile, JSON.stringify(nodes, null, 2), 'utf8');
process.stdout.write(pkg.version);
JS
)"
(cd "$DEST" && npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow \
  --ignore-scripts=true --package-lock=false --loglevel=error >/dev/null)
echo "installed $PKG@$VERSION into $DEST" >&2
