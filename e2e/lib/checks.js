'use strict';
// Assertion log, timings and process bookkeeping shared by the e2e scenario scripts.
const fs = require('node:fs');
const path = require('node:path');
const { ARTIFACTS } = require('./paths');
const { stopProcess, stopAllN8n } = require('./n8n');

const LOG = path.join(ARTIFACTS, 'e2e.log');
const children = [];
const closers = [];
const timings = [];
let failures = 0;

function log(msg) {
	const line = `[e2e ${new Date().toISOString().slice(11, 19)}] ${msg}`;
	process.stdout.write(line + '\n');
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	fs.appendFileSync(LOG, line + '\n');
}

/** Records one assertion; a failure is printed with its detail and makes the run exit non-zero. */
function check(ok, what, detail) {
	if (ok) log(`  ok   ${what}`);
	else {
		failures++;
		const d = detail === undefined ? '' : `\n         ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`.slice(0, 2000);
		log(`  FAIL ${what}${d}`);
	}
	return Boolean(ok);
}

/** Like check, but stops the scenario: later checks would only repeat the same cause. */
function must(ok, what, detail) {
	if (!check(ok, what, detail)) throw new Error(`stopping: ${what}`);
}

async function timed(label, fn) {
	const t0 = Date.now();
	try {
		return await fn();
	} finally {
		const s = (Date.now() - t0) / 1000;
		timings.push({ step: label, seconds: Math.round(s * 10) / 10 });
		log(`  (${label}: ${s.toFixed(1)} s)`);
	}
}

async function cleanup() {
	await stopAllN8n();
	for (const c of children.splice(0)) await stopProcess(c, 5000);
	for (const close of closers.splice(0)) {
		try { await close(); } catch { /* already closed */ }
	}
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, () => {
		log(`received ${sig}, stopping`);
		cleanup().finally(() => process.exit(130));
	});
}

function summary(t0) {
	timings.push({ step: 'scenarios total', seconds: Math.round((Date.now() - t0) / 100) / 10 });
	fs.writeFileSync(path.join(ARTIFACTS, 'e2e-timings.json'), JSON.stringify(timings, null, 1) + '\n');
	log(failures ? `${failures} check(s) FAILED` : 'all end-to-end checks passed');
	return failures;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

module.exports = { log, check, must, timed, cleanup, children, closers, summary, sleep, timings };
