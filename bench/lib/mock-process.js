'use strict';
// The loopback mock in its own Node process (the CLI of test/mock-scavio/server.js), for timing
// measurements: a real Scavio server does not share the client's JavaScript thread, so the mock's
// own CPU work must not queue behind (or in front of) the client's on one event loop.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const SERVER = path.join(__dirname, '..', '..', 'test', 'mock-scavio', 'server.js');
const API_KEY = 'sk_test_bench_mock';

/**
 * @param {object} options createMockScavio options plus `hashtags: {name: spec}`
 * @returns {Promise<{url: string, apiKey: string, requests(): Promise<object[]>, close(): Promise<void>}>}
 */
async function startMockProcess(options) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-mock-'));
	const config = path.join(dir, 'config.json');
	fs.writeFileSync(config, JSON.stringify({ ...options, apiKey: API_KEY }));
	const child = spawn(process.execPath, [SERVER, '--port', '0', '--config', config, '--log', path.join(dir, 'requests.jsonl')], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr.on('data', (d) => (stderr += d));
	const url = await new Promise((resolve, reject) => {
		let out = '';
		const onData = (d) => {
			out += d;
			const line = out.split('\n')[0];
			if (out.includes('\n')) {
				child.stdout.off('data', onData);
				try {
					resolve(JSON.parse(line).url);
				} catch {
					reject(new Error(`the mock printed "${line}" instead of its address`));
				}
			}
		};
		child.stdout.on('data', onData);
		child.once('exit', (code) => reject(new Error(`the mock process exited (${code}) before listening: ${stderr.trim()}`)));
	});
	const control = async (method, route) => {
		const response = await fetch(`${url}/__mock/${route}`, { method });
		if (!response.ok) throw new Error(`mock control ${method} /__mock/${route} answered ${response.status}`);
		return response.json();
	};
	return {
		url,
		apiKey: API_KEY,
		/** The request log (same entries as the in-process `mock.requests`). */
		requests: () => control('GET', 'requests'),
		resetLog: () => control('POST', 'reset-log'),
		close: () =>
			new Promise((resolve) => {
				child.once('exit', () => {
					fs.rmSync(dir, { recursive: true, force: true });
					resolve();
				});
				child.kill('SIGTERM');
			}),
	};
}

module.exports = { startMockProcess };
