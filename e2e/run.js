'use strict';
// End-to-end scenarios in a real n8n 2.41.1 (called by e2e/run.sh after setup and package install).
// Every server it starts listens on 127.0.0.1; every child process is stopped on exit.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startSlackMock } = require('./lib/slack-mock');
const { startSmtpSink } = require('./lib/smtp-sink');
const n8n = require('./lib/n8n');

const { REPO, WORK, USER_FOLDER, ARTIFACTS, HOURLY_FILE, WEEKLY_FILE } = require('./lib/paths');

const { log, check, must, timed, cleanup, children, closers, sleep, summary } = require('./lib/checks');
const { serverScenarios, secretScan } = require('./run-server');
const { http, watchlistOf, videoIdsIn } = require('./lib/util');

// ------------------------------------------------------------------ helpers
function startScavioMock() {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(REPO, 'test/mock-scavio/server.js'), '--port', '0', '--log', path.join(WORK, 'scavio-requests.jsonl')], { stdio: ['ignore', 'pipe', 'pipe'] });
		children.push(child);
		let out = '';
		child.stdout.on('data', (d) => {
			out += d;
			const nl = out.indexOf('\n');
			if (nl >= 0) { try { resolve(JSON.parse(out.slice(0, nl))); } catch (e) { reject(e); } }
		});
		child.stderr.on('data', (d) => fs.appendFileSync(path.join(WORK, 'scavio-mock.stderr.log'), d));
		child.on('exit', (code) => reject(new Error(`Scavio mock exited with ${code}`)));
	});
}

// ------------------------------------------------------------------ scenarios
async function hourlyScenario(ctx) {
	log('scenario: hourly breakout alerts (n8n execute, mode cli, static data persists between runs)');
	const wf = JSON.parse(fs.readFileSync(HOURLY_FILE, 'utf8'));
	const tags = watchlistOf(wf).map((w) => w.hashtag);
	must(tags.length >= 3, `hourly watchlist has at least 3 hashtags (${tags.join(', ')})`);
	const counts = Object.fromEntries(tags.map((t, i) => [t, { views: 2_000_000_000 + i * 750_000_000, videos: 400_000 + i * 50_000, viewsPerHour: 0, videosPerHour: 0, noise: 0 }]));
	await http('POST', `${ctx.scavio.url}/__mock/hashtags`, counts);
	await http('POST', `${ctx.scavio.url}/__mock/reset-log`);
	const slackBefore = () => ctx.slack.messages.filter((m) => m.path.startsWith('/api/chat.postMessage')).length;
	// Hour after hour in seconds: each `n8n execute` process runs with its clock one simulated hour
	// later than the previous one (lib/clock-preload.js), so samples are an hour apart as in production.
	const clockFile = path.join(WORK, 'clock-offset-ms');
	const hourEnv = { ...ctx.env, E2E_CLOCK_FILE: clockFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS || ''} --require ${path.join(__dirname, 'lib', 'clock-preload.js')}`.trim() };
	let offsetMs = -3_600_000;
	const run = async (label) => {
		offsetMs += 3_600_000;
		fs.writeFileSync(clockFile, String(offsetMs));
		const t = Date.now() + offsetMs;
		const r = await timed(`hourly ${label}`, () => n8n.executeWorkflow(wf.id, hourEnv, { logFile: path.join(WORK, 'n8n-execute.log') }));
		fs.writeFileSync(path.join(ARTIFACTS, `hourly-${label}.json`), JSON.stringify(r.result, null, 1) ?? 'null');
		must(r.code === 0 && r.result, `hourly ${label}: n8n execute exits 0 with a result`, (r.stdout + r.stderr).slice(-1500));
		check(r.result.status === 'success' || r.result.finished === true, `hourly ${label}: execution status success`, r.result.status);
		return { ...r, startedAt: t };
	};

	// Run 1: baseline — first samples, nothing to compare with.
	const r1 = await run('run1-baseline');
	const a1 = n8n.nodeOutput(r1.result, 'Analyze Trends', 0) || [];
	const al1 = n8n.nodeOutput(r1.result, 'Analyze Trends', 1) || [];
	check(a1.length === tags.length, `baseline: one trend item per hashtag (${a1.length}/${tags.length})`, a1);
	check(al1.length === 0, 'baseline: no alert', al1);
	check(slackBefore() === 0, 'baseline: nothing posted to Slack', ctx.slack.messages);

	// Run 2: one hashtag grows 15 % since the baseline, the others stand still.
	const breakout = tags[1];
	await sleep(1500); // fetchedAt has one-second resolution in the history: keep the samples apart
	const grown = { ...counts[breakout], views: Math.round(counts[breakout].views * 1.15), videos: counts[breakout].videos + 900 };
	// And one grows a little: 0.005 % over the simulated hour between runs, far below the 10 %/h threshold.
	const slow = tags[0];
	const crept = { ...counts[slow], views: counts[slow].views + Math.round(counts[slow].views * 0.00005) };
	await http('POST', `${ctx.scavio.url}/__mock/hashtags`, { [breakout]: grown, [slow]: crept });
	const slack0 = slackBefore();
	const r2 = await run('run2-breakout');
	const a2 = n8n.nodeOutput(r2.result, 'Analyze Trends', 0) || [];
	const al2 = n8n.nodeOutput(r2.result, 'Analyze Trends', 1) || [];
	const trend = a2.find((t) => t.hashtag === breakout);
	check(al2.length === 1 && al2[0].hashtag === breakout, `run 2: exactly one alert, for #${breakout}`, al2.map((a) => a.hashtag));
	if (trend) {
		// growth per hour = 15 % over the real interval between the two fetches (the mock's counts stand still otherwise)
		const hours = trend.hoursSincePrevious;
		const base = a1.find((t) => t.hashtag === breakout);
		const fetchGapH = (Date.parse(trend.fetchedAt) - Date.parse(base.fetchedAt)) / 3_600_000;
		const runGapH = (r2.startedAt - r1.startedAt) / 3_600_000;
		check(trend.previousFetchedAt === base.fetchedAt && Math.abs(hours - fetchGapH) < 1 / 3600 && Math.abs(hours - runGapH) < 60 / 3600,
			`run 2: the interval is the real time between the two fetches (${(hours * 3600).toFixed(1)} s; runs started ${(runGapH * 3600).toFixed(1)} s apart on the simulated clock)`,
			{ previousFetchedAt: trend.previousFetchedAt, baseline: base.fetchedAt, hours, fetchGapH });
		check(Math.abs(trend.viewsDeltaPct - 15) < 0.01, `run 2: views +${trend.viewsDeltaPct?.toFixed?.(2)} % since the baseline`);
		// hoursSincePrevious is rounded to 4 decimals (0.36 s), so over a gap of seconds use the exact
		// interval between the two sample times the analyzer reports.
		const exactHours = (Date.parse(trend.fetchedAt) - Date.parse(trend.previousFetchedAt)) / 3_600_000;
		const expectedPerHour = 15 / exactHours;
		check(Math.abs(trend.growthPctPerHour - expectedPerHour) / expectedPerHour < 0.001 && trend.growthPctPerHour > 10,
			`run 2: growth ${Math.round(trend.growthPctPerHour)} %/h = 15 % / ${exactHours.toFixed(5)} h, above the 10 %/h threshold`);
		check(trend.isBreakout === true, `run 2: #${breakout} flagged as breakout`, trend.flags);
	} else check(false, `run 2: trend item for #${breakout}`, a2);
	const slowTrend = a2.find((t) => t.hashtag === slow);
	check(slowTrend && slowTrend.viewsDelta > 0 && slowTrend.growthPctPerHour > 0 && slowTrend.growthPctPerHour < 10 && !slowTrend.isBreakout && !slowTrend.isAlert,
		`run 2: #${slow} grew ${slowTrend?.growthPctPerHour?.toFixed?.(2)} %/h, below the 10 %/h threshold: no breakout`, slowTrend && [slowTrend.viewsDelta, slowTrend.growthPctPerHour, slowTrend.flags]);
	const others = a2.filter((t) => t.hashtag !== breakout && t.hashtag !== slow);
	check(others.every((t) => !t.isAlert && t.viewsDelta === 0), 'run 2: the other hashtags are unchanged and not alerted', others.map((t) => [t.hashtag, t.viewsDelta, t.flags]));
	// No IF node: the analyzer's Alerts Output option (Breakouts Only) routes the breakout straight to the video fetch.
	const analyzeNode = wf.nodes.find((nd) => nd.name === 'Analyze Trends');
	check(analyzeNode?.parameters?.analyzeOptions?.alertsOutput === 'breakouts' && !wf.nodes.some((nd) => nd.type === 'n8n-nodes-base.if'),
		'template: "Analyze Trends" has Alerts Output = Breakouts Only and the workflow has no IF node', analyzeNode?.parameters);
	const videoSource = n8n.nodeSource(r2.result, 'Get Top Videos');
	check(videoSource?.previousNode === 'Analyze Trends' && videoSource.previousNodeOutput === 1,
		'run 2: "Get Top Videos" ran on the Alerts output of "Analyze Trends" directly', videoSource);
	const videos = n8n.nodeOutput(r2.result, 'Get Top Videos', 0) || [];
	check(videos.length === 20, `run 2: 20 videos fetched for the breakout (got ${videos.length})`);
	const posts = ctx.slack.messages.filter((m) => m.path.startsWith('/api/chat.postMessage')).slice(slack0);
	if (check(posts.length === 1, `run 2: exactly one Slack message posted (got ${posts.length})`)) {
		const body = posts[0].body;
		const all = JSON.stringify(body);
		fs.writeFileSync(path.join(ARTIFACTS, 'hourly-slack-message.json'), JSON.stringify(body, null, 1));
		check(posts[0].hasBearer, 'Slack request carries the bot token');
		check(body.channel === '#tiktok-trends', `Slack channel is the template's #tiktok-trends (${body.channel})`);
		check(all.includes(breakout), `Slack message names #${breakout}`);
		const ranked = [...all.matchAll(/\*\d+\. #([^*\s]+)\*/g)].map((m) => m[1]);
		check(ranked.length === 1 && ranked[0] === breakout, `Slack message ranks only #${breakout} (ranked: ${ranked.join(', ')})`);
		const blocks = typeof body.blocks === 'string' ? JSON.parse(body.blocks) : body.blocks;
		check(Array.isArray(blocks) && blocks.length > 0, `Slack message carries Block Kit blocks (${Array.isArray(blocks) ? blocks.length : typeof blocks})`);
		check(typeof body.text === 'string' && body.text.length > 0, 'Slack message has a notification text fallback');
		check(
			typeof body.text === 'string' && body.text.includes(breakout) && !/[<>]/.test(body.text) && !/&(?!amp;|lt;|gt;)/.test(body.text),
			'Slack notification text is the mrkdwn-escaped slackText (names the breakout; no raw <, > or &)',
			body.text,
		);
		const fetchedIds = new Set(videos.map((v) => String(v.id)));
		const shown = videoIdsIn(JSON.stringify(blocks)).filter((id) => fetchedIds.has(id));
		// The top 3 by views per hour since posting (age floored at 1 h), computed here from the fetched videos.
		const at = Date.parse(trend?.fetchedAt ?? new Date().toISOString());
		const perHour = (v) => Number(v.views) / Math.max(1, (at - Date.parse(v.createdAt)) / 3_600_000);
		const expectedTop = [...videos].sort((x, y) => perHour(y) - perHour(x)).slice(0, 3).map((v) => String(v.id));
		check(shown.length === 3 && expectedTop.every((id) => shown.includes(id)),
			`Slack message shows the top 3 videos of #${breakout} by views per hour since posting (${shown.length} shown)`, { shown, expectedTop });
	}

	// Run 3: one hashtag's fetch fails (503 on every attempt): a missing sample, never a drop alert.
	const failing = tags[2];
	await sleep(1500);
	const retries = 4; // the transport's default: 1 attempt + 3 retries
	await http('POST', `${ctx.scavio.url}/__mock/fail-next`, { path: 'hashtag', hashtagName: failing, status: 503, count: retries });
	const slack1 = slackBefore();
	const r3 = await run('run3-failed-fetch');
	const a3 = n8n.nodeOutput(r3.result, 'Analyze Trends', 0) || [];
	const al3 = n8n.nodeOutput(r3.result, 'Analyze Trends', 1) || [];
	const miss = a3.find((t) => t.hashtag === failing);
	check(miss && miss.status === 'missing' && miss.isMissing === true, `run 3: #${failing} recorded as a missing sample`, miss);
	check(miss && miss.isDrop === false && miss.views === null, `run 3: #${failing} is not a drop and has no fake 0 views`, miss && { isDrop: miss.isDrop, views: miss.views });
	check(al3.length === 0, 'run 3: no alert (no drop for the failed fetch)', al3);
	check(slackBefore() === slack1, 'run 3: nothing posted to Slack');
	const state = await http('GET', `${ctx.scavio.url}/__mock/state`);
	check(state.pendingFailures.length === 0, 'run 3: all scripted failures were consumed (retries happened)', state.pendingFailures);

	// The mock's request log (runs 1–3): videos only for the breakout hashtag.
	const requests = await http('GET', `${ctx.scavio.url}/__mock/requests`);
	const videoCalls = requests.filter((q) => q.path.endsWith('/hashtag/videos'));
	const breakoutId = trend && trend.hashtagId;
	check(videoCalls.length === 1 && videoCalls.every((q) => String(q.body.hashtag_id) === String(breakoutId)),
		`request log: ${videoCalls.length} video call(s), all for #${breakout} (id ${breakoutId})`, videoCalls.map((q) => q.body));
	check(requests.every((q) => q.auth === 'ok'), 'request log: every call authenticated with the credential');
	const hashtagCalls = requests.filter((q) => q.path.endsWith('/hashtag'));
	check(hashtagCalls.length === tags.length * 3 + (retries - 1), `request log: ${hashtagCalls.length} hashtag calls = ${tags.length} tags × 3 runs + ${retries - 1} retries`);

	await noVideoAlertRuns(ctx, { wf, tags, counts, run, slackBefore, retries });
}

/**
 * Issue #11 "No breakout alert may be lost": a breakout whose video feed is empty, and one whose
 * video fetch fails on every attempt, each still post exactly one Slack alert naming the hashtag.
 */
async function noVideoAlertRuns(ctx, { tags, counts, run, slackBefore, retries }) {
	const cases = [
		{ label: 'run4-breakout-no-videos', tag: tags[3], why: 'its video feed is empty', extra: { videoListSize: 0 } },
		{ label: 'run5-breakout-video-fetch-fails', tag: tags[4], why: 'its video fetch fails (HTTP 500 on every attempt)', fail: true },
	];
	for (const c of cases) {
		await sleep(1500);
		const grown = { ...counts[c.tag], views: Math.round(counts[c.tag].views * 1.2), videos: counts[c.tag].videos + 700, ...(c.extra || {}) };
		await http('POST', `${ctx.scavio.url}/__mock/hashtags`, { [c.tag]: grown });
		if (c.fail) await http('POST', `${ctx.scavio.url}/__mock/fail-next`, { path: 'hashtag/videos', hashtagName: c.tag, status: 500, count: retries });
		const slack0 = slackBefore();
		const r = await run(c.label);
		const alerts = n8n.nodeOutput(r.result, 'Analyze Trends', 1) || [];
		check(alerts.length === 1 && alerts[0].hashtag === c.tag, `${c.label}: exactly one breakout, #${c.tag}`, alerts.map((a) => a.hashtag));
		const videos = n8n.nodeOutput(r.result, 'Get Top Videos', 0) || [];
		const realVideos = videos.filter((v) => v.id !== undefined && v.error === undefined);
		check(realVideos.length === 0, `${c.label}: "Get Top Videos" found no video because ${c.why}`, videos.slice(0, 3));
		if (c.fail) check(videos.some((v) => v.error !== undefined), `${c.label}: the failed video fetch is an error item`, videos);
		const report = n8n.nodeOutput(r.result, 'Build Alert Report', 0) || [];
		check(report.length === 1 && Array.isArray(report[0].alertHashtags) && report[0].alertHashtags.includes(c.tag),
			`${c.label}: "Build Alert Report" ran and reports #${c.tag} as an alert`, report.map((x) => x.alertHashtags));
		const posts = ctx.slack.messages.filter((m) => m.path.startsWith('/api/chat.postMessage')).slice(slack0);
		check(posts.length === 1, `${c.label}: exactly one Slack alert although ${c.why} (got ${posts.length})`);
		if (posts[0]) {
			fs.writeFileSync(path.join(ARTIFACTS, `hourly-${c.label}-slack.json`), JSON.stringify(posts[0].body, null, 1));
			const all = JSON.stringify(posts[0].body);
			const ranked = [...all.matchAll(/\*\d+\. #([^*\s]+)\*/g)].map((m) => m[1]);
			check(all.includes(c.tag) && ranked.length === 1 && ranked[0] === c.tag, `${c.label}: the Slack alert names #${c.tag} and ranks only it (ranked: ${ranked.join(', ')})`);
			check(videoIdsIn(all).length === 0, `${c.label}: the Slack alert shows no video`);
		}
	}
	const state = await http('GET', `${ctx.scavio.url}/__mock/state`);
	check(state.pendingFailures.length === 0, 'run 5: all scripted video failures were consumed (retries happened)', state.pendingFailures);
}

async function main() {
	// run.sh prepared WORK (fresh) and installed the package into WORK/user.
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	for (const f of fs.readdirSync(ARTIFACTS)) fs.rmSync(path.join(ARTIFACTS, f), { recursive: true, force: true });
	const t0 = Date.now();
	log(`work folder ${path.relative(REPO, WORK)}, artifacts in ${path.relative(REPO, ARTIFACTS)}/`);

	// Package install happens in run.sh (build, pack, extract into the user folder).
	must(fs.existsSync(path.join(USER_FOLDER, '.n8n/nodes/node_modules/n8n-nodes-scavio-tiktok/package.json')), 'package installed into the n8n user folder');

	// A per-run API key: it must never show up in any output, log or artifact.
	const apiKey = `sk_e2e_${crypto.randomBytes(18).toString('hex')}`;
	const scavio = await timed('start mocks', async () => startScavioMock());
	await http('POST', `${scavio.url}/__mock/configure`, { apiKey, concurrency: 5 });
	const slack = await startSlackMock({ dir: path.join(WORK, 'tls'), logFile: path.join(WORK, 'slack-requests.jsonl') });
	closers.push(slack.close);
	const smtp = await startSmtpSink({ dir: path.join(WORK, 'mail') });
	closers.push(smtp.close);
	log(`mocks: Scavio ${scavio.url}, Slack proxy ${slack.url}, SMTP 127.0.0.1:${smtp.port}`);

	const port = await n8n.freePort();
	const brokerPort = await n8n.freePort();
	const env = n8n.n8nEnv({ userFolder: USER_FOLDER, port, brokerPort, extra: {
		HTTPS_PROXY: slack.url, https_proxy: slack.url, HTTP_PROXY: slack.url, http_proxy: slack.url, NODE_EXTRA_CA_CERTS: slack.caFile,
	} });
	const ctx = { scavio, slack, smtp, env, port, apiKey };

	// Credentials with the ids/names the templates reference; the templates themselves are imported unchanged.
	const hourly = JSON.parse(fs.readFileSync(HOURLY_FILE, 'utf8'));
	const weekly = JSON.parse(fs.readFileSync(WEEKLY_FILE, 'utf8'));
	const refs = {};
	for (const wf of [hourly, weekly]) for (const nd of wf.nodes) for (const [type, ref] of Object.entries(nd.credentials || {})) refs[type] = ref;
	must(refs.scavioTiktokApi && refs.slackApi && refs.smtp, 'templates reference Scavio, Slack and SMTP credentials', Object.keys(refs));
	ctx.scavioCredential = refs.scavioTiktokApi;
	const credFile = path.join(WORK, 'credentials.import.json');
	fs.writeFileSync(credFile, JSON.stringify([
		{ ...refs.scavioTiktokApi, type: 'scavioTiktokApi', data: { apiKey, baseUrl: scavio.url } },
		{ ...refs.slackApi, type: 'slackApi', data: { accessToken: 'xoxb-e2e-mock-token' } },
		{ ...refs.smtp, type: 'smtp', data: { user: 'e2e', password: 'e2e-smtp-password', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
	]), { mode: 0o600 });
	await timed('import credentials + templates', async () => {
		const c = await n8n.runN8n(['import:credentials', `--input=${credFile}`], env, { logFile: path.join(WORK, 'n8n-import.log') });
		fs.rmSync(credFile);
		must(c.code === 0, 'credentials imported', c.stderr.slice(-800));
		for (const file of [HOURLY_FILE, WEEKLY_FILE]) {
			const r = await n8n.runN8n(['import:workflow', `--input=${file}`], env, { logFile: path.join(WORK, 'n8n-import.log') });
			must(r.code === 0, `template ${path.basename(file)} imported unchanged`, (r.stdout + r.stderr).slice(-800));
		}
	});

	await hourlyScenario(ctx);
	await serverScenarios(ctx, { hourly, weekly });
	await cleanup();
	await secretScan(apiKey);

	const failures = summary(t0);
	process.exitCode = failures ? 1 : 0;
}

if (require.main === module) {
	main().catch(async (err) => {
		log(`ERROR ${err && err.stack ? err.stack : err}`);
		await cleanup();
		process.exit(1);
	});
}
