#!/usr/bin/env node
// Runs `npm ci` once when the dev tools (jest, tsc, gulp) are not installed yet, so that the
// README's quick start (`npm start`, `npm test`) works on a fresh clone. A no-op afterwards.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const repo = path.resolve(__dirname, '..');
const tools = ['jest', 'tsc', 'gulp'];
const missing = tools.filter((tool) => !fs.existsSync(path.join(repo, 'node_modules', '.bin', tool)));
if (missing.length === 0) process.exit(0);

console.error(`[setup] ${missing.join(', ')} not installed yet: running npm ci (once, about a minute)`);
const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: repo, stdio: 'inherit' });
if (result.status !== 0) {
	console.error('[setup] npm ci failed; run it yourself to see why (it needs the npm registry)');
	process.exit(result.status ?? 1);
}
