'use strict';
// Helpers to drive a real n8n 2.41 from Node: environment, CLI commands, the server, REST.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

/** Read at call time: a bench section may set N8N_BIN after another one loaded this module. */
const n8nBin = () => process.env.N8N_BIN;
/** Every n8n process started here and still running, so a signal can stop them all. */
const running = new Set();
function track(child) {
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
}

/** A free loopback TCP port (listen on 0, read it, close). */
function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
	});
}

/**
 * The end-to-end test's n8n encryption key: fixed and published, acceptable only because the test's
 * credentials are throwaway ones. `npm start` passes its own random key (see e2e/start.js).
 */
const E2E_ENCRYPTION_KEY = 'e2e-fixed-encryption-key-not-secret';

/** The environment for every n8n process of one instance (loopback only, no telemetry). */
function n8nEnv({ userFolder, port, brokerPort, encryptionKey = E2E_ENCRYPTION_KEY, extra = {} }) {
	return {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_LOG_LEVEL: 'info',
		N8N_HIRING_BANNER_ENABLED: 'false',
		GENERIC_TIMEZONE: 'UTC',
		NO_PROXY: '127.0.0.1,localhost',
		no_proxy: '127.0.0.1,localhost',
		...extra,
	};
}

/** Runs `n8n <args>` to completion; resolves {code, stdout, stderr}; output also appended to logFile. */
function runN8n(args, env, { logFile } = {}) {
	return new Promise((resolve, reject) => {
		const child = track(spawn(n8nBin(), args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => { stdout += d; });
		child.stderr.on('data', (d) => { stderr += d; });
		child.on('error', reject);
		child.on('close', (code) => {
			if (logFile) fs.appendFileSync(logFile, `\n$ n8n ${args.join(' ')}  (exit ${code})\n${stdout}${stderr}`);
			resolve({ code, stdout, stderr });
		});
	});
}

/**
 * The run JSON in `n8n execute --rawOutput` stdout. n8n prints log lines before it and, when the JS
 * task runner registers late, after it ("Registered runner …"), so the JSON is taken from the first
 * line opening with `{` to a closing line that is exactly `}` (the pretty-printed top level). Null
 * when there is none.
 */
function parseRunOutput(stdout) {
	const lines = String(stdout).split('\n');
	const first = lines.findIndex((l) => l.startsWith('{'));
	if (first < 0) return null;
	for (let last = lines.length - 1; last >= first; last--) {
		if (lines[last].trimEnd() !== '}' && !(last === first && lines[last].trimEnd().endsWith('}'))) continue;
		try { return JSON.parse(lines.slice(first, last + 1).join('\n')); } catch { /* an earlier `}` line may close it */ }
	}
	return null;
}

/** `n8n execute --id=… --rawOutput` → {code, result (parsed run JSON or null), stdout}. */
async function executeWorkflow(id, env, opts) {
	const r = await runN8n(['execute', `--id=${id}`, '--rawOutput'], env, opts);
	return { ...r, result: parseRunOutput(r.stdout) };
}

/** Items of one node's output in a run result (`data.resultData.runData`). */
function nodeOutput(result, nodeName, outputIndex = 0, runIndex = 0) {
	const runData = result?.data?.resultData?.runData ?? result?.resultData?.runData;
	const run = runData?.[nodeName]?.[runIndex];
	if (!run) return undefined;
	return (run.data?.main?.[outputIndex] ?? []).map((i) => i.json);
}

/** Where one node's input came from in a run result: `{ previousNode, previousNodeOutput }` (output 0 when n8n omits it). */
function nodeSource(result, nodeName, runIndex = 0) {
	const runData = result?.data?.resultData?.runData ?? result?.resultData?.runData;
	const source = runData?.[nodeName]?.[runIndex]?.source?.[0];
	if (!source) return undefined;
	return { previousNode: source.previousNode, previousNodeOutput: source.previousNodeOutput ?? 0 };
}

/** Starts `n8n start`; resolves once "Editor is now accessible via" is logged. */
function startServer(env, logFile, { timeoutMs = 240000 } = {}) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		const child = track(spawn(n8nBin(), ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
		let seen = '';
		let done = false;
		const timer = setTimeout(() => {
			if (!done) { done = true; child.kill('SIGTERM'); reject(new Error(`n8n did not start within ${timeoutMs / 1000} s; see ${logFile}`)); }
		}, timeoutMs);
		const onData = (d) => {
			fs.writeSync(out, d);
			if (done) return;
			seen = (seen + d).slice(-4000);
			if (seen.includes('Editor is now accessible via')) {
				done = true;
				clearTimeout(timer);
				resolve(child);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('exit', (code) => {
			if (!done) { done = true; clearTimeout(timer); reject(new Error(`n8n exited with ${code} before it was ready; see ${logFile}`)); }
		});
	});
}

/** Stops a child process (SIGTERM, then SIGKILL after a grace period). */
function stopProcess(child, graceMs = 8000) {
	return new Promise((resolve) => {
		if (!child || child.exitCode !== null || child.signalCode) return resolve();
		const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
		child.once('exit', () => { clearTimeout(t); resolve(); });
		child.kill('SIGTERM');
	});
}

/** A tiny cookie-keeping REST client for the n8n editor API (/rest). */
class RestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
		this.browserId = 'n8n-e2e-browser';
	}

	async request(method, url, body) {
		const res = await fetch(this.baseUrl + url, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		for (const c of setCookie) {
			const pair = c.split(';')[0];
			if (pair.startsWith('n8n-auth=')) this.cookie = pair;
		}
		const text = await res.text();
		let json;
		try { json = JSON.parse(text); } catch { json = undefined; }
		return { status: res.status, json, text };
	}

	/** Creates the owner if the instance has none yet, then logs in. */
	async ensureOwnerAndLogin({ email, password, firstName = 'Demo', lastName = 'Owner' }) {
		const setup = await this.request('POST', '/rest/owner/setup', { email, firstName, lastName, password });
		if (setup.status >= 400 && !/already|setup/i.test(setup.text)) {
			throw new Error(`owner setup failed: HTTP ${setup.status} ${setup.text.slice(0, 300)}`);
		}
		const login = await this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
		if (login.status !== 200) throw new Error(`login failed: HTTP ${login.status} ${login.text.slice(0, 300)}`);
		return login.json;
	}
}

/** Stops every n8n process still running (used on exit and on signals). */
async function stopAllN8n() {
	await Promise.all([...running].map((c) => stopProcess(c, 5000)));
}

module.exports = { E2E_ENCRYPTION_KEY, stopAllN8n, freePort, n8nEnv, runN8n, parseRunOutput, executeWorkflow, nodeOutput, nodeSource, startServer, stopProcess, RestClient };
