'use strict';
// Fetch throughput: Get Hashtag for 200 input items against a mock that enforces 5 simultaneous
// requests with 150 ms upstream latency. Compared with the floor N·latency/C and with a
// sequential one-request-at-a-time client in the style of Scavio's old example scripts.
// Then one page of 200,000 followers (ids as bare numbers above 2^53) read through the node.
const {
	FETCH,
	SCAVIO_TYPE,
	loadHarness,
	hashtagNames,
	hashtagSpecs,
	timed,
	statusCounts,
	httpSpanSeconds,
	slotUtilisation,
	round,
} = require('../lib/common');
const { fetchHashtagsSequentially } = require('../seed-style-client');
const { fetchHashtagsConcurrently } = require('../lib/minimal-client');
const { startMockProcess } = require('../lib/mock-process');

const title = `Get Hashtag × ${FETCH.hashtags}, mock latency ${FETCH.latencyMs} ms, server concurrency ${FETCH.concurrency}`;
const keys = ['fetch_floor_s', 'fetch_ratio_configured', 'rejected_configured', 'fetch_ratio_auto', 'lost_auto', 'seed_style_ratio'];

function getHashtagParameters(maxConcurrency) {
	return {
		resource: 'hashtag',
		operation: 'get',
		lookupBy: 'name',
		hashtagName: '={{ $json.hashtag }}',
		simplify: true,
		options: { maxConcurrency },
	};
}

/** Hashtags of `names` that did not come back as a simplified hashtag record with a view count. */
function lostHashtags(names, items) {
	const got = new Set();
	for (const item of items) {
		const json = item.json || {};
		if (json.error === undefined && typeof json.views === 'number' && typeof json.name === 'string') {
			got.add(json.name.toLowerCase());
		}
	}
	return names.filter((name) => !got.has(name.toLowerCase()));
}

/** Runs `fn` with a fresh mock request log and returns its result with the log entries. */
async function withLog(mock, fn) {
	await mock.resetLog();
	const out = await fn();
	return { out, entries: await mock.requests() };
}

async function runOurs(harness, mock, names, maxConcurrency) {
	await mock.resetLog();
	const cpu0 = process.cpuUsage();
	const { value: result, seconds } = await timed(() =>
		harness.runNode({
			type: SCAVIO_TYPE,
			parameters: getHashtagParameters(maxConcurrency),
			items: names.map((hashtag) => ({ hashtag })),
			credentials: harness.scavioCredentials(mock.url, mock.apiKey),
			onError: 'continueRegularOutput',
		}),
	);
	const cpu = process.cpuUsage(cpu0);
	if (result.status !== 'success') {
		throw new Error(`Get Hashtag (maxConcurrency ${maxConcurrency}) failed: ${result.error && result.error.message}`);
	}
	const entries = await mock.requests();
	const items = result.outputs[0] || [];
	return {
		seconds,
		items,
		lost: lostHashtags(names, items),
		requests: entries.length,
		// CPU of this process (node + harness; the mock runs elsewhere) per request: the cost that stretches the
		// gap between one answer and the next request when the machine is busy.
		cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, entries.length),
		statuses: statusCounts(entries),
		rejected: entries.filter((e) => e.status === 429).length,
		httpSpanSeconds: httpSpanSeconds(entries),
		slotUtilisation: slotUtilisation(entries, FETCH.concurrency),
		meanServerMs: entries.filter((e) => e.status === 200).reduce((s, e) => s + (e.t1 - e.t0), 0) / Math.max(1, entries.filter((e) => e.status === 200).length),
		maxInFlightSeen: entries.reduce((max, e) => Math.max(max, e.inFlightAtStart + (e.status === 429 ? 0 : 1)), 0),
	};
}

const ROUNDS = 3;
const HUGE_PAGE = 200_000;

/**
 * User → Get Followers, Return All, against one page of HUGE_PAGE records whose ids are bare JSON
 * numbers above 2^53: the time from request to output items (reading the body as text, quoting the
 * big ids, parsing, simplifying), and whether every record came out with its exact id.
 */
async function hugePage(harness) {
	const mock = await startMockProcess({ concurrency: 5, seed: 5, hugePage: HUGE_PAGE, numericIds: true });
	try {
		const parameters = { resource: 'user', operation: 'getFollowers', secUserId: 'MS4wLjABAAAAbench', returnAll: true };
		const credentials = harness.scavioCredentials(mock.url, mock.apiKey);
		const { value: result, seconds } = await timed(() => harness.runNode({ type: SCAVIO_TYPE, parameters, credentials }));
		if (result.status !== 'success') throw new Error(`the ${HUGE_PAGE}-record page failed: ${result.error && result.error.message}`);
		const items = result.outputs[0] || [];
		const last = items.length ? items[items.length - 1].json.id : null;
		const exact = items.length === HUGE_PAGE && last === `7${String(HUGE_PAGE - 1).padStart(18, '0')}`;
		return { seconds, records: items.length, exact };
	} finally {
		await mock.close();
	}
}

/** The run with the median wall time. */
function medianRun(runs) {
	return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
}

async function run({ log }) {
	const harness = loadHarness();
	const floor = (FETCH.hashtags * FETCH.latencyMs) / 1000 / FETCH.concurrency;
	const names = hashtagNames(FETCH.hashtags);
	const mock = await startMockProcess({
		concurrency: FETCH.concurrency,
		latencyMs: FETCH.latencyMs,
		retryAfter: '1',
		seed: 5,
		hashtags: hashtagSpecs(names),
	});
	try {
		// Warm-up (not timed): loads n8n-core, the node and the HTTP stack once.
		const warm = await runOurs(harness, mock, names.slice(0, 2), FETCH.concurrency);
		if (warm.lost.length > 0) throw new Error(`warm-up lost ${warm.lost.join(', ')}: the node output has no views`);

		// Each execution builds its own limiter, so every automatic run starts from nothing learned.
		// Three rounds, alternating automatic and configured; the median run of each counts.
		const autoRuns = [];
		const configuredRuns = [];
		const minimalRuns = [];
		for (let r = 1; r <= ROUNDS; r++) {
			const m = await timed(() =>
				fetchHashtagsConcurrently({ url: mock.url, apiKey: mock.apiKey, hashtags: names, concurrency: FETCH.concurrency }),
			);
			if (m.value.ok !== names.length) throw new Error(`the minimal client got data for ${m.value.ok}/${names.length} hashtags`);
			minimalRuns.push(m.seconds);
			log(`round ${r}: minimal ${FETCH.concurrency}-worker fetch loop (calibration): ${m.seconds.toFixed(2)} s`);
			const a = await runOurs(harness, mock, names, 0);
			autoRuns.push(a);
			log(`round ${r}: maxConcurrency 0 (automatic): ${a.seconds.toFixed(2)} s, ${a.rejected} rejected, ${a.lost.length} lost`);
			const c = await runOurs(harness, mock, names, FETCH.concurrency);
			configuredRuns.push(c);
			log(`round ${r}: maxConcurrency ${FETCH.concurrency}: ${c.seconds.toFixed(2)} s, ${c.rejected} rejected, ${c.lost.length} lost`);
		}
		const auto = medianRun(autoRuns);
		const configured = medianRun(configuredRuns);
		const minimalSeconds = [...minimalRuns].sort((a, b) => a - b)[Math.floor(minimalRuns.length / 2)];

		log('seed-style sequential client (one run)…');
		const {
			out: { value: seedOut, seconds: seedSeconds },
			entries: seedEntries,
		} = await withLog(mock, () => timed(() => fetchHashtagsSequentially({ url: mock.url, apiKey: mock.apiKey, hashtags: names })));
		const seedOk = seedOut.results.filter((r) => r.status === 200 && r.views !== null).length;
		log(`  ${seedSeconds.toFixed(2)} s, ${seedOk}/${names.length} ok`);
		if (seedOk !== names.length) throw new Error(`the seed-style client got data for ${seedOk}/${names.length} hashtags`);

		log(`one page of ${HUGE_PAGE} followers with bare-number ids…`);
		const huge = await hugePage(harness);
		log(`  ${huge.seconds.toFixed(2)} s, ${huge.records} records, ids exact: ${huge.exact}`);

		const summary = (r) => ({
			wallSeconds: round(r.seconds),
			httpSpanSeconds: round(r.httpSpanSeconds),
			slotUtilisation: round(r.slotUtilisation),
			meanServerMs: round(r.meanServerMs, 1),
			cpuMsPerRequest: round(r.cpuMsPerRequest, 2),
			requests: r.requests,
			statuses: r.statuses,
			lost: r.lost,
			maxInFlightSeen: r.maxInFlightSeen,
		});
		return {
			results: {
				fetch_floor_s: round(floor),
				fetch_configured_s: round(configured.seconds),
				fetch_ratio_configured: round(configured.seconds / floor),
				// The goal is 0 in every run, so these are the worst run, not the median one.
				rejected_configured: Math.max(...configuredRuns.map((r) => r.rejected)),
				lost_configured: Math.max(...configuredRuns.map((r) => r.lost.length)),
				fetch_auto_s: round(auto.seconds),
				fetch_ratio_auto: round(auto.seconds / floor),
				rejected_auto: auto.rejected,
				lost_auto: Math.max(...autoRuns.map((r) => r.lost.length)),
				fetch_ratio_minimal_client: round(minimalSeconds / floor),
				seed_style_s: round(seedSeconds),
				seed_style_ratio: round(seedSeconds / configured.seconds),
				huge_page_200k_s: round(huge.seconds),
				huge_page_ids_exact: huge.exact,
			},
			details: {
				workload: { ...FETCH, floorSeconds: floor },
				rounds: ROUNDS,
				configuredMedianRun: summary(configured),
				autoMedianRun: summary(auto),
				configuredAllRunsSeconds: configuredRuns.map((r) => round(r.seconds)),
				autoAllRunsSeconds: autoRuns.map((r) => round(r.seconds)),
				configuredRejectedPerRun: configuredRuns.map((r) => r.rejected),
				configuredLostPerRun: configuredRuns.map((r) => r.lost.length),
				autoRejectedPerRun: autoRuns.map((r) => r.rejected),
				autoLostPerRun: autoRuns.map((r) => r.lost.length),
				minimalClientAllRunsSeconds: minimalRuns.map((s) => round(s)),
				seedStyle: { wallSeconds: round(seedSeconds), requests: seedEntries.length, statuses: statusCounts(seedEntries) },
				hugePage: { records: huge.records, wallSeconds: round(huge.seconds), idsExact: huge.exact },
			},
		};
	} finally {
		await mock.close();
	}
}

module.exports = { title, keys, run };
