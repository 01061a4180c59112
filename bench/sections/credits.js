'use strict';
// Credits the hourly template's logic spends per hashtag and hour. The template's own nodes
// (Get Hashtag Stats → Analyze Trends → Get Top Videos on the Alerts output → Build Alert Report,
// with the template's parameters) run in-process through real n8n-core and real HTTP against the
// mock, hour after hour on a simulated clock; billed requests are counted in the mock.
const fs = require('node:fs');
const path = require('node:path');
const { loadMock, loadHarness, hashtagNames, round } = require('../lib/common');
const { pipelineFromTemplate } = require('../lib/workflows');
const clock = require('../lib/shifted-clock');

const TEMPLATE = path.join(__dirname, '..', '..', 'workflows', 'hourly-breakouts.json');
const HASHTAGS = 20;
/** Hourly runs before the measured hours: enough for the analyzer's anomaly baseline (minHistory 6). */
const WARM_UP_HOURS = 8;
const BREAKOUT_FACTOR = 200;

const title = `hourly template logic, ${HASHTAGS} hashtags, 1 breaks out (billed requests counted by the mock)`;
const keys = ['credits_per_hashtag_hourly'];

async function run({ log }) {
	if (!fs.existsSync(TEMPLATE)) throw new Error('workflows/hourly-breakouts.json does not exist yet');
	const harness = loadHarness();
	const { createMockScavio } = loadMock();
	const pipeline = pipelineFromTemplate(JSON.parse(fs.readFileSync(TEMPLATE, 'utf8')), { hashtags: hashtagNames(HASHTAGS, 'cr') });
	pipeline.registerStandIns(harness);
	const names = hashtagNames(HASHTAGS, 'cr');
	const breakoutTag = names[7];
	const baselineHour = WARM_UP_HOURS + 1;
	const breakoutHour = WARM_UP_HOURS + 2;

	clock.install();
	const mock = await createMockScavio({ concurrency: 5, latencyMs: 20, retryAfter: '1', seed: 11 });
	try {
		names.forEach((name, i) => {
			const views = 2_000_000 + i * 150_000;
			mock.setHashtag(name, {
				views,
				videos: 4_000 + i * 30,
				viewsPerHour: Math.round(views * 0.004),
				videosPerHour: 3,
				noise: 0.15,
				// The breakout tag grows ×200 (≈ 80 %/h) during the hour before the breakout run.
				...(name === breakoutTag ? { breakout: { factor: BREAKOUT_FACTOR, offsetHours: breakoutHour - 1, durationHours: 1 } } : {}),
			});
		});

		const staticData = {};
		const hours = [];
		for (let hour = 0; hour <= breakoutHour; hour++) {
			if (hour > 0) {
				clock.advanceHours(1);
				mock.advanceHours(1);
			}
			const before = mock.state().billedCalls;
			const from = mock.requests.length;
			const result = await harness.runWorkflow({
				workflow: pipeline.workflow,
				credentials: harness.scavioCredentials(mock.url, mock.apiKey),
				staticData,
				startNode: 'Bench Trigger',
			});
			if (result.status !== 'success') throw new Error(`hour ${hour}: the pipeline failed: ${result.error && result.error.message}`);
			const entries = mock.requests.slice(from);
			const alertItems = result.output('Analyze Trends', 1);
			const alerts = alertItems.map((item) => item.json.hashtag);
			hours.push({
				hour,
				credits: mock.state().billedCalls - before,
				hashtagRequests: entries.filter((e) => e.path.endsWith('/tiktok/hashtag')).length,
				videoRequests: entries.filter((e) => e.path.endsWith('/tiktok/hashtag/videos')).length,
				alerts,
				alertExplanations: alertItems.map((item) => `${item.json.hashtag}: ${item.json.explanation}`),
				report: result.output('Build Alert Report', 0).length > 0,
			});
		}
		const baseline = hours[baselineHour];
		const breakout = hours[breakoutHour];
		log(`baseline hour: ${baseline.credits} credits, alerts ${JSON.stringify(baseline.alerts)}`);
		log(`breakout hour: ${breakout.credits} credits, alerts ${JSON.stringify(breakout.alerts)}, report built: ${breakout.report}`);
		const notes = [];
		if (!breakout.alerts.includes(breakoutTag)) {
			notes.push(`the analyzer did not alert on #${breakoutTag} in the breakout hour (alerts: ${JSON.stringify(breakout.alerts)})`);
		}
		if (breakout.alerts.length !== 1) notes.push(`breakout hour had ${breakout.alerts.length} alerts, expected 1`);
		if (baseline.alerts.length > 0) {
			notes.push(`Alerts output in the baseline hour (nothing planted; only breakouts get videos): ${baseline.alertExplanations.join(' | ')}`);
		}
		return {
			results: {
				credits_per_hashtag_hourly: round(breakout.credits / HASHTAGS),
				credits_per_hashtag_baseline_hour: round(baseline.credits / HASHTAGS),
			},
			details: {
				hashtags: HASHTAGS,
				breakoutTag,
				warmUpHours: WARM_UP_HOURS,
				templateNodesLeftOut: pipeline.dropped,
				standIns: pipeline.standIns,
				perHour: hours,
				videosForEveryTagWouldCost: round((HASHTAGS + HASHTAGS * Math.max(1, breakout.videoRequests / Math.max(1, breakout.alerts.length))) / HASHTAGS),
			},
			notes,
		};
	} finally {
		await mock.close();
		clock.uninstall();
	}
}

module.exports = { title, keys, run };
