// Build steps around `tsc` (the same steps as @n8n/node-cli's `n8n-node build`, which does not
// install on Node 20; see docs/tooling.md):
// - clean: empties dist/, so a source file that was deleted never ships from an old build;
// - build:icons: copies node and credential icons into dist/, and the codex files (*.node.json),
//   plain data that n8n reads beside each .node.js.
const fs = require('fs');
const { src, dest, parallel } = require('gulp');

async function clean() {
	fs.rmSync('dist', { recursive: true, force: true });
}

function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyCodex() {
	return src(['nodes/**/*.node.json'], { base: '.' }).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:icons'] = parallel(copyIcons, copyCodex);
