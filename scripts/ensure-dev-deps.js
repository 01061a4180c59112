#!/usr/bin/env node
// Runs `npm ci` once when a dev dependency is not installed yet (a fresh clone, or a package.json
// that gained one), so the README's two commands (`npm start`, `npm test`) work without a separate
// install step. It says so before installing; a silent no-op when everything is there.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const repo = path.resolve(__dirname, '..');
const { devDependencies = {} } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const missing = Object.keys(devDependencies).filter(
	(name) => !fs.existsSync(path.join(repo, 'node_modules', name, 'package.json')),
);
if (missing.length === 0) process.exit(0);

const shown = missing.length > 3 ? `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more` : missing.join(', ');
console.error(`[setup] installing dev dependencies (npm ci, once, about a minute): ${shown} not installed yet`);
const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: repo, stdio: 'inherit' });
if (result.status !== 0) {
	console.error('[setup] npm ci failed; run `npm ci` yourself to see why (it needs the npm registry)');
	process.exit(result.status ?? 1);
}
console.error('[setup] dev dependencies installed');
