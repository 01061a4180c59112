'use strict';
// Driver of `npm start` (see e2e/start.sh): mock (unless SCAVIO_API_KEY), n8n, credentials, templates, owner,
// then a live log of the hourly workflow's executions.
//
// Demo mode (no SCAVIO_API_KEY): the Scavio credential points at the loopback mock in --demo mode, and the
// hourly template is imported as a demo copy whose Schedule Trigger fires every minute, published, so n8n runs
// it by itself (mode "trigger": n8n saves the analyzer's history in workflow static data; it never does for
// "Execute workflow" in the editor). The shipped workflows/hourly-breakouts.json is not changed.
// Live mode (SCAVIO_API_KEY): the real API, both templates unchanged and unpublished (runs cost credits).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const n8n = require('./lib/n8n');
const { demoOptions } = require('../test/mock-scavio/server.js');

const REPO = path.resolve(__dirname, '..');
const DEMO = process.env.E2E_DEMO;
const USER_FOLDER = path.join(DEMO, 'user');
const PORT = Number(process.env.N8N_PORT || 5678);
const BASE = `http://127.0.0.1:${PORT}`;
// Documented in the README (npm start) and printed below; a local, loopback-only demo instance.
const OWNER = { email: 'demo@example.com', password: 'DemoPassw0rd', firstName: 'Demo', lastName: 'User' };
const HOURLY_FILE = path.join(REPO, 'workflows', 'hourly-breakouts.json');
const WEEKLY_FILE = path.join(REPO, 'workflows', 'weekly-report.json');
const LARGE_FILE = path.join(REPO, 'workflows', 'large-watchlist.json');
const KEY_FILE = path.join(DEMO, 'encryption-key');
const MOCK_CLOCK_FILE = path.join(DEMO, 'mock-clock.json');
const IMPORT_LOG = path.join(DEMO, 'n8n-import.log');
const DEMO_TRIGGER = 'Every Minute (demo)';
const DEMO_OPTIONS = demoOptions();
const MATCHA = DEMO_OPTIONS.hashtags.matchalatte.breakout;

const children = [];
let stopping = false;
let saveMockClock = () => {};
async function stop(code) {
	if (stopping) return;
	stopping = true;
	process.stdout.write('\nstopping n8n and the mock…\n');
	saveMockClock();
	await n8n.stopAllN8n();
	for (const c of children.reverse()) await n8n.stopProcess(c, 8000);
	process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const out = (lines) => process.stdout.write(`${[].concat(lines).join('\n')}\n`);
const hhmm = (ms) => new Date(ms).toTimeString().slice(0, 5);
const readJson = (file) => {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
};

// ------------------------------------------------------------------ encryption key

/**
 * n8n encrypts credentials (a real SCAVIO_API_KEY included) with N8N_ENCRYPTION_KEY. The e2e test uses a
 * fixed, published key; `npm start` makes a random one once per demo folder and keeps it in
 * <demo>/encryption-key (mode 0600, under the ignored .e2e/), reused by later starts.
 *
 * A folder made by an earlier `npm start` (n8n's settings file exists, no key file) was encrypted with the
 * published key. n8n 2.41 cannot re-key an instance (re-importing the credentials is not enough: its
 * deployment keys in the database stay unreadable and `n8n start` refuses to run), so such a folder is not
 * used unless E2E_DEMO_LEGACY_KEY=1 says so.
 */
function demoEncryptionKey() {
	if (fs.existsSync(KEY_FILE)) {
		fs.chmodSync(KEY_FILE, 0o600);
		const key = fs.readFileSync(KEY_FILE, 'utf8').trim();
		if (key) return key;
	}
	const settings = readJson(path.join(USER_FOLDER, '.n8n', 'config'));
	if (settings && settings.encryptionKey) {
		const rel = path.relative(REPO, DEMO) || DEMO;
		if (process.env.E2E_DEMO_LEGACY_KEY === '1') {
			out(`warning: ${rel}/ still uses the encryption key published in this repository (E2E_DEMO_LEGACY_KEY=1).`);
			return settings.encryptionKey;
		}
		throw new Error(
			[
				`${rel}/ was made by an earlier npm start, whose credentials are encrypted with a key published in`,
				'this repository, and n8n cannot change the key of an existing instance. Delete that folder to start over',
				`with a private key: rm -rf ${rel}  (your edits there are lost; to keep a workflow, run`,
				'E2E_DEMO_LEGACY_KEY=1 npm start once more and download it from the editor first).',
			].join('\n'),
		);
	}
	const key = crypto.randomBytes(32).toString('base64url');
	fs.writeFileSync(KEY_FILE, `${key}\n`, { mode: 0o600 });
	return key;
}

// ------------------------------------------------------------------ demo mock

function startMock() {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(REPO, 'test/mock-scavio/server.js'), '--demo', '--port', '0', '--log', path.join(DEMO, 'scavio-mock-requests.jsonl')], { stdio: ['ignore', 'pipe', 'inherit'] });
		children.push(child);
		child.stdout.once('data', (d) => {
			try {
				resolve(JSON.parse(String(d).split('\n')[0]));
			} catch (e) {
				reject(e);
			}
		});
		child.on('exit', (c) => {
			if (!stopping) reject(new Error(`Scavio mock exited (${c})`));
		});
	});
}

/**
 * The demo's TikTok clock continues across starts: the mock hours already run are kept in
 * <demo>/mock-clock.json and the new mock is advanced by them, so counts never fall back (a fall would
 * read as a "suspicious" decrease in the stored history). Returns () => mock hours now.
 */
async function continueMockClock(mock) {
	const saved = Number(readJson(MOCK_CLOCK_FILE)?.mockHours) || 0;
	if (saved > 0) {
		const r = await fetch(`${mock.url}/__mock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hours: saved }) });
		if (!r.ok) throw new Error(`advancing the demo mock's clock failed: HTTP ${r.status}`);
	}
	const startedAt = Date.now();
	const mockHours = () => saved + ((Date.now() - startedAt) * DEMO_OPTIONS.timeScale) / 3600000;
	saveMockClock = () => fs.writeFileSync(MOCK_CLOCK_FILE, `${JSON.stringify({ mockHours: mockHours() })}\n`);
	setInterval(saveMockClock, 30000).unref();
	return mockHours;
}

/** Real time until #matchalatte's next burst (0 inside one) and the burst's length, in ms. */
function nextBurst(mockHoursNow) {
	const { offsetHours: off, everyHours: every, durationHours: dur } = MATCHA;
	const msPerMockHour = 3600000 / DEMO_OPTIONS.timeScale;
	let start = off;
	if (mockHoursNow > off) start = off + Math.floor((mockHoursNow - off) / every) * every;
	if (mockHoursNow >= start + dur) start += every;
	return { inMs: Math.max(0, (start - mockHoursNow) * msPerMockHour), durationMs: dur * msPerMockHour, everyMs: every * msPerMockHour };
}

// ------------------------------------------------------------------ templates

/** The demo copy of the hourly template: its Schedule Trigger fires every minute instead of every hour. */
function hourlyDemoCopy() {
	const wf = JSON.parse(fs.readFileSync(HOURLY_FILE, 'utf8'));
	const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (!trigger) throw new Error('workflows/hourly-breakouts.json has no Schedule Trigger');
	const oldName = trigger.name;
	trigger.name = DEMO_TRIGGER;
	trigger.parameters = { rule: { interval: [{ field: 'minutes', minutesInterval: 1 }] } };
	wf.connections[DEMO_TRIGGER] = wf.connections[oldName];
	delete wf.connections[oldName];
	wf.name = `${wf.name} (demo: every minute)`;
	return wf;
}

async function importTemplates(env, demoMode) {
	const run = async (args, what) => {
		const r = await n8n.runN8n(args, env, { logFile: IMPORT_LOG });
		if (r.code !== 0) throw new Error(`${what} failed; see ${IMPORT_LOG}`);
	};
	const hourlyId = readJson(HOURLY_FILE).id;
	if (demoMode) {
		const file = path.join(DEMO, 'hourly-breakouts.demo.json');
		fs.writeFileSync(file, JSON.stringify(hourlyDemoCopy(), null, '\t'));
		await run(['import:workflow', `--input=${file}`], 'importing the demo copy of hourly-breakouts.json');
		// Published before `n8n start`, so the server activates its schedule.
		await run(['publish:workflow', `--id=${hourlyId}`], 'publishing the hourly workflow');
	} else {
		await run(['import:workflow', `--input=${HOURLY_FILE}`], 'importing hourly-breakouts.json');
	}
	await run(['import:workflow', `--input=${WEEKLY_FILE}`], 'importing weekly-report.json');
	await run(['import:workflow', `--input=${LARGE_FILE}`], 'importing large-watchlist.json');
}

// ------------------------------------------------------------------ live log of the hourly workflow

function flattedParse(text) {
	const { parse } = require(path.join(process.env.E2E_ROOT, 'n8n/node_modules/flatted'));
	return parse(text);
}

const pct = (v) => (typeof v === 'number' ? `${v >= 0 ? '+' : ''}${v.toFixed(1)} %/h` : 'n/a');

/** One line (or a few) describing a finished execution of the hourly workflow. */
function describeExecution(ex, data, workflowId) {
	const runData = data?.resultData?.runData ?? {};
	const json = (node, output = 0) => (runData[node]?.[0]?.data?.main?.[output] ?? []).map((i) => i.json);
	const link = `${BASE}/workflow/${workflowId}/executions/${ex.id}`;
	const when = new Date(ex.startedAt || Date.now()).toTimeString().slice(0, 8);
	const manual = ex.mode === 'manual' ? ' (manual run: n8n does not save the history of manual runs)' : '';
	const trends = json('Analyze Trends', 0);
	const alerts = json('Analyze Trends', 1);
	const lines = [];
	if (!runData['Analyze Trends']) {
		const err = data?.resultData?.error?.message || ex.status;
		return [`${when}  run ${ex.id}: stopped before Analyze Trends (${err}) → ${link}${manual}`];
	}
	const withRate = trends.filter((t) => typeof t.growthPctPerHour === 'number');
	if (withRate.length === 0) {
		lines.push(`${when}  run ${ex.id}: ${trends.length} hashtags stored — baseline, growth needs a second run${manual}`);
	} else if (alerts.length === 0) {
		const top = withRate.reduce((a, b) => (b.growthPctPerHour > a.growthPctPerHour ? b : a));
		lines.push(`${when}  run ${ex.id}: ${trends.length} hashtags, no breakout (fastest #${top.hashtag} ${pct(top.growthPctPerHour)})${manual}`);
	} else {
		const slack = runData['Post Alert to Slack']?.[0];
		const slackState = slack?.error ? 'Slack: failed' : slack ? 'Slack: posted' : 'Slack: not run';
		for (const a of alerts) lines.push(`${when}  BREAKOUT #${a.hashtag} ${pct(a.growthPctPerHour)} (threshold 10 %/h) → ${link} (${slackState})${manual}`);
		if (!explained) {
			explained = true;
			lines.push(
				'          Open that link and double-click "Build Alert Report": its output is the alert (JSON: text, markdown,',
				'          Slack blocks; Binary: the HTML report with charts, View).',
			);
			if (slack?.error) {
				lines.push(`          "Post Alert to Slack" failed (${String(slack.error.message).split('\n')[0]}): replace the placeholder Slack credential to get alerts in Slack.`);
			}
		}
	}
	return lines;
}
let explained = false;

/** Polls the hourly workflow's executions started since `sinceMs` and prints each finished one. */
function watchExecutions(rest, workflowId, sinceMs) {
	const seen = new Set();
	const tick = async () => {
		try {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			let list = await rest.request('GET', `/rest/executions?filter=${filter}&limit=20`);
			if (list.status === 401) {
				await rest.ensureOwnerAndLogin(OWNER); // the session expired
				list = await rest.request('GET', `/rest/executions?filter=${filter}&limit=20`);
			}
			const results = list.json?.data?.results ?? [];
			const done = results.filter((e) => !['new', 'running', 'waiting'].includes(e.status)).sort((a, b) => Number(a.id) - Number(b.id));
			for (const e of done) {
				if (seen.has(e.id)) continue;
				seen.add(e.id);
				if (Date.parse(e.startedAt) < sinceMs) continue; // executions from earlier starts are not repeated
				const r = await rest.request('GET', `/rest/executions/${e.id}`);
				const ex = r.json?.data;
				if (!ex) continue;
				const data = typeof ex.data === 'string' ? flattedParse(ex.data) : ex.data;
				out(describeExecution({ ...e, ...ex, id: e.id }, data, workflowId));
			}
		} catch (err) {
			if (!stopping) out(`(could not read the executions: ${err && err.message})`);
		}
	};
	tick();
	setInterval(tick, 10000);
}

// ------------------------------------------------------------------ main

async function main() {
	const realKey = process.env.SCAVIO_API_KEY && process.env.SCAVIO_API_KEY.trim();
	const demoMode = !realKey;
	const brokerPort = await n8n.freePort();
	const envFor = (encryptionKey) => {
		const env = n8n.n8nEnv({ userFolder: USER_FOLDER, port: PORT, brokerPort, encryptionKey });
		delete env.SCAVIO_API_KEY; // n8n itself never needs it: it lives in the encrypted credential
		return env;
	};
	const env = envFor(demoEncryptionKey());

	let scavio;
	let mockHours = null;
	let burstPctPerHour = null;
	if (realKey) scavio = { url: 'https://api.scavio.dev', apiKey: realKey };
	else {
		const mock = await startMock();
		mockHours = await continueMockClock(mock);
		scavio = { url: mock.url, apiKey: 'sk_test_mock' };
		// What the analyzer will see during a burst now: mock-hour rate × factor × 60 mock hours per real hour.
		const tags = (await (await fetch(`${mock.url}/__mock/hashtags`)).json()).hashtags;
		const matcha = tags.find((t) => t.name === 'matchalatte');
		const spec = DEMO_OPTIONS.hashtags.matchalatte;
		if (matcha) burstPctPerHour = ((spec.viewsPerHour * MATCHA.factor * DEMO_OPTIONS.timeScale) / matcha.views) * 100;
	}

	// Credentials with the ids the templates reference (re-imported at each start: the base URL of the
	// mock changes). Slack and SMTP are placeholders to replace in the editor.
	const refs = {};
	for (const f of [HOURLY_FILE, WEEKLY_FILE, LARGE_FILE]) for (const nd of readJson(f).nodes) Object.assign(refs, nd.credentials || {});
	const credFile = path.join(DEMO, 'credentials.import.json');
	const creds = [{ ...refs.scavioTiktokApi, type: 'scavioTiktokApi', data: { apiKey: scavio.apiKey, baseUrl: scavio.url } }];
	const firstStart = !fs.existsSync(path.join(DEMO, '.templates-imported'));
	if (firstStart) {
		creds.push({ ...refs.slackApi, type: 'slackApi', data: { accessToken: 'xoxb-replace-me' } });
		creds.push({ ...refs.smtp, type: 'smtp', data: { user: '', password: '', host: 'smtp.example.com', port: 587, secure: false } });
	}
	fs.writeFileSync(credFile, JSON.stringify(creds), { mode: 0o600 });
	try {
		const r = await n8n.runN8n(['import:credentials', `--input=${credFile}`], env, { logFile: IMPORT_LOG });
		if (r.code !== 0) throw new Error(`importing the credentials failed; see ${IMPORT_LOG}`);
	} finally {
		fs.rmSync(credFile, { force: true });
	}
	// Templates only on the first start: later starts keep your edits.
	if (firstStart) {
		await importTemplates(env, demoMode);
		fs.writeFileSync(path.join(DEMO, '.templates-imported'), `${new Date().toISOString()} ${demoMode ? 'demo (hourly workflow: every-minute copy, published)' : 'live'}\n`);
	}

	const serverStartedAt = Date.now();
	out(`starting n8n on 127.0.0.1:${PORT} (log: ${path.relative(REPO, path.join(DEMO, 'n8n.log'))})…`);
	const server = await n8n.startServer(env, path.join(DEMO, 'n8n.log'), { timeoutMs: 300000 });
	children.push(server);
	server.on('exit', (c) => {
		if (!stopping) {
			process.stderr.write(`n8n exited (${c}); see ${path.join(DEMO, 'n8n.log')}\n`);
			stop(1);
		}
	});
	const rest = new n8n.RestClient(BASE);
	await rest.ensureOwnerAndLogin(OWNER);

	// What the hourly workflow really is in this instance (your edits and earlier starts included).
	const hourlyId = readJson(HOURLY_FILE).id;
	const wf = (await rest.request('GET', `/rest/workflows/${hourlyId}`)).json?.data;
	const published = Boolean(wf && (wf.active || wf.activeVersionId));
	const trigger = wf?.nodes?.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger' && !n.disabled);
	const interval = trigger?.parameters?.rule?.interval?.[0];
	const everyMinute = interval?.field === 'minutes' && Number(interval.minutesInterval ?? 5) === 1;

	const lines = [
		'',
		'n8n is running with n8n-nodes-scavio-tiktok installed.',
		`  Editor:   ${BASE}/workflow/${hourlyId}`,
		`  Login:    ${OWNER.email} / ${OWNER.password}`,
	];
	if (realKey) {
		lines.push('  Scavio:   the real API (https://api.scavio.dev) with your SCAVIO_API_KEY — every run uses credits');
	} else {
		lines.push(
			`  Scavio:   the local demo mock at ${scavio.url}: TikTok time runs 60× faster (1 real minute = 1 TikTok hour),`,
			'            and the analyzer measures real time, so the growth it reports is 60× the TikTok-hour growth.',
		);
	}
	if (!wf) {
		lines.push(`  Hourly workflow: not found (id ${hourlyId}); delete ${path.relative(REPO, DEMO)}/ to import the templates again.`);
	} else if (published && everyMinute) {
		const b = nextBurst(mockHours ? mockHours() : 0);
		lines.push(
			`  Hourly workflow: published with the demo schedule "${trigger.name}": n8n runs it by itself every minute`,
			'            (this copy only; workflows/hourly-breakouts.json runs every hour). Each run is listed below.',
		);
		if (!realKey) {
			lines.push(
				`  Breakouts: #matchalatte bursts for ${b.durationMs / 60000} minutes every ${b.everyMs / 60000} minutes; a burst shows as about ${Math.round(burstPctPerHour)} %/h`,
				`            (±15 %; threshold 10 %/h; the other tags stay below 1 %/h). ${b.inMs === 0 ? 'A burst is on now' : `Next burst at ${hhmm(Date.now() + b.inMs)} (in about ${Math.ceil(b.inMs / 60000)} min)`};`,
				'            a run during it prints BREAKOUT with a link: open it and double-click "Build Alert Report".',
				'            "Post Alert to Slack" fails there until you replace the placeholder Slack credential.',
			);
		}
	} else if (published) {
		lines.push(`  Hourly workflow: published; its schedule "${trigger ? trigger.name : '?'}" runs it (each run is listed below).`);
	} else {
		lines.push(
			'  Hourly workflow: not published, so nothing runs by itself. Alerts need two runs whose history n8n',
			'            saves, i.e. scheduled runs: publish the workflow (Publish, top right in the editor).',
		);
		if (realKey) lines.push('            Published as shipped it runs every hour at :00 and costs 1 credit per hashtag (+1 per breakout).');
	}
	lines.push(
		'  "Execute workflow" in the editor shows results but never saves the history (n8n keeps workflow',
		'  static data for production runs only), so manual runs alone never lead to a breakout alert.',
		'  Slack and SMTP credentials are placeholders: open them in the editor to connect yours.',
		'  Press Ctrl-C to stop.',
		'',
	);
	out(lines);
	if (wf) watchExecutions(rest, hourlyId, serverStartedAt);
	await new Promise(() => {}); // until a signal
}

main().catch((err) => {
	process.stderr.write(`npm start failed: ${err && err.message}\n`);
	stop(1);
});
