#!/usr/bin/env node
'use strict';
// `npm run scan` — n8n's community-package scanner, offline. n8n's own check
// (`npx @n8n/scan-community-package <name>`, run on every verification and every submitted version)
// downloads the published package and the GitHub commit its npm provenance names, then lints both
// with `analyzePackage`. This script calls the same `analyzePackage` of the pinned devDependency
// `@n8n/scan-community-package` on local files — no registry, no GitHub:
//
//   1. the source tree with the scanner's SOURCE_FILE_PATTERNS (what it lints in the attested commit);
//   2. the tarball `npm pack` makes, unpacked, with analyzePackage's default patterns (every .js, .ts
//      and .json: stricter than the `**/*.js` + `package.json` n8n uses on the tarball).
//
// It also fails when the tarball ships a TypeScript declaration file (`.d.ts`): n8n never reads them,
// and the default patterns flag the credential's one. Allowed, and printed: only
// `@n8n/community-nodes/valid-author` on package.json while `author` has no e-mail (a release step,
// docs/releasing.md). Any other error, or a report this script cannot read, exits 1.
//
//   node scripts/scan.js              npm run build, npm pack, scan source tree and tarball
//   node scripts/scan.js --no-build   pack the dist/ that is there (CI, right after npm run build)
//   node scripts/scan.js --release    nothing allowed: a release needs the maintainer e-mail (release.yml)
//   node scripts/scan.js --dir DIR    scan an unpacked package folder like a tarball (tests)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

const REPO = path.resolve(__dirname, '..');
const ALLOWED_RULE = '@n8n/community-nodes/valid-author';

function say(msg) {
	console.log(`[scan] ${msg}`);
}

function run(cmd, args, cwd) {
	const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${(r.stdout || '') + (r.stderr || '')}`);
	return r.stdout;
}

/** Builds (unless asked not to), packs and unpacks this package; returns the unpacked folder. */
function packRepo(build, tmp) {
	if (build) {
		say('npm run build');
		run('npm', ['run', 'build', '--silent'], REPO);
	}
	const tgz = run('npm', ['pack', '--silent', '--pack-destination', tmp], REPO).trim().split('\n').pop();
	fs.mkdirSync(path.join(tmp, 'package'));
	run('tar', ['-xzf', path.join(tmp, tgz), '-C', path.join(tmp, 'package'), '--strip-components=1'], tmp);
	return { dir: path.join(tmp, 'package'), tgz };
}

function filesUnder(dir, rel = '') {
	const out = [];
	for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
		const file = path.join(rel, entry.name);
		if (entry.isDirectory()) out.push(...filesUnder(dir, file));
		else out.push(file);
	}
	return out;
}

/** Loads the scanner's ESM module; its import creates a temp folder, which is removed at exit. */
async function loadScanner() {
	const scannerDir = path.dirname(require.resolve('@n8n/scan-community-package/package.json', { paths: [REPO] }));
	const scannerFile = path.join(scannerDir, 'scanner', 'scanner.mjs');
	createRequire(scannerFile)('tmp').setGracefulCleanup();
	const version = JSON.parse(fs.readFileSync(path.join(scannerDir, 'package.json'), 'utf8')).version;
	return { version, ...(await import(pathToFileURL(scannerFile).href)) };
}

/**
 * Reads ESLint's "stylish" report that analyzePackage returns as `details`:
 * a file line, then `  line:col  error|warning  message  rule` lines, then `✖ N problems (E errors, W warnings)`.
 */
function parseStylish(text) {
	const plain = String(text || '').replace(/\u001b\[[0-9;]*m/g, '');
	const findings = [];
	let file = null;
	let summary = null;
	for (const line of plain.split('\n')) {
		const m = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}(\S+))?\s*$/.exec(line);
		const s = /(\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(line);
		if (s) summary = { errors: Number(s[2]), warnings: Number(s[3]) };
		else if (m && file) findings.push({ file, line: Number(m[1]), column: Number(m[2]), severity: m[3], message: m[4], rule: m[5] || null });
		else if (/^\S/.test(line) && !line.startsWith('✖')) file = line.trim();
	}
	return { findings, summary };
}

function authorHasEmail(pkgDir) {
	const { author } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
	if (typeof author === 'string') return /<[^>\s]+@[^>\s]+>/.test(author);
	return Boolean(author && typeof author.email === 'string' && author.email.trim());
}

/** Runs analyzePackage on one folder; returns its findings, each marked allowed or not. */
async function scanFolder(scanner, label, dir, patterns, release) {
	const result = await scanner.analyzePackage(dir, patterns);
	const { findings, summary } = parseStylish(result.details);
	const errors = findings.filter((f) => f.severity === 'error');
	if (!result.passed && (!summary || summary.errors !== errors.length || errors.length === 0)) {
		throw new Error(`${label}: could not read the scanner's report (${result.message}):\n${result.details || (result.error && result.error.stack) || ''}`);
	}
	const emailSet = authorHasEmail(dir);
	for (const f of findings) {
		f.where = label;
		f.file = path.relative(dir, f.file) || f.file;
		f.allowed = !release && f.severity === 'error' && f.rule === ALLOWED_RULE && f.file === 'package.json' && !emailSet;
	}
	return findings;
}

/** One finding when the package ships TypeScript declaration files (n8n never reads them). */
function declarationFiles(dir, label) {
	const files = filesUnder(dir).filter((f) => f.endsWith('.d.ts'));
	if (files.length === 0) return [];
	const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? `, … ${files.length - 3} more` : '');
	const message = `ships ${files.length} TypeScript declaration file${files.length === 1 ? '' : 's'}, which n8n never reads (set "declaration": false in tsconfig.json): ${shown}`;
	return [{ where: label, file: 'dist', line: 0, column: 0, severity: 'error', rule: 'no-declaration-files', message, allowed: false }];
}

function report(findings) {
	for (const f of findings) {
		let note = f.allowed ? '  — allowed until a maintainer e-mail is set (docs/releasing.md)' : '';
		if (!f.allowed && f.rule === ALLOWED_RULE) note = '  — set the maintainer e-mail in package.json "author" (docs/releasing.md)';
		console.log(`  ${f.where}: ${f.file}${f.line ? `:${f.line}:${f.column}` : ''}  ${f.severity}  ${f.message}  (${f.rule || 'no rule'})${note}`);
	}
}

async function main() {
	const argv = process.argv.slice(2);
	const dirArg = argv.includes('--dir') ? argv[argv.indexOf('--dir') + 1] : null;
	const release = argv.includes('--release');
	const known = new Set(['--no-build', '--release', '--dir', dirArg]);
	const unknown = argv.filter((a) => !known.has(a));
	if (unknown.length || (argv.includes('--dir') && !dirArg)) throw new Error(`usage: node scripts/scan.js [--no-build] [--release] [--dir DIR] (got ${argv.join(' ')})`);

	const scanner = await loadScanner();
	say(`n8n's analyzePackage from @n8n/scan-community-package ${scanner.version}, offline${release ? '; release: no finding allowed' : ''}`);
	const findings = [];
	let tmp = null;
	try {
		if (dirArg) {
			const dir = path.resolve(dirArg);
			say(`${dir}: default patterns (every .js, .ts, .json)`);
			findings.push(...declarationFiles(dir, 'folder'), ...(await scanFolder(scanner, 'folder', dir, undefined, release)));
		} else {
			say(`source tree: the scanner's source patterns (${scanner.SOURCE_FILE_PATTERNS.join(', ')})`);
			findings.push(...(await scanFolder(scanner, 'source', REPO, scanner.SOURCE_FILE_PATTERNS, release)));
			tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
			const packed = packRepo(!argv.includes('--no-build'), tmp);
			say(`tarball ${packed.tgz} (${filesUnder(packed.dir).length} files): default patterns (every .js, .ts, .json)`);
			findings.push(...declarationFiles(packed.dir, 'tarball'), ...(await scanFolder(scanner, 'tarball', packed.dir, undefined, release)));
		}
	} finally {
		if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	}
	report(findings);
	const failing = findings.filter((f) => f.severity === 'error' && !f.allowed);
	const allowed = findings.filter((f) => f.allowed).length;
	const warnings = findings.filter((f) => f.severity === 'warning').length;
	const tail = `${allowed ? `, ${allowed} allowed (${ALLOWED_RULE})` : ''}${warnings ? `, ${warnings} warnings` : ''}`;
	if (failing.length) {
		say(`FAILED: ${failing.length} error${failing.length === 1 ? '' : 's'}${tail}`);
		process.exitCode = 1;
	} else {
		say(`passed: 0 errors${tail}`);
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`[scan] could not run: ${error && error.message ? error.message : error}`);
		process.exitCode = 1;
	});
}

module.exports = { parseStylish, authorHasEmail };
