'use strict';
// Server-mode scenarios (`n8n start`): the weekly report over several simulated weeks with a Data
// Table, the browser check of both templates, and the final scan for the API key.
const fs = require('node:fs');
const path = require('node:path');
const n8n = require('./lib/n8n');
const { log, check, must, timed, children, sleep } = require('./lib/checks');
const { REPO, WORK, ARTIFACTS, HOURLY_FILE, WEEKLY_FILE, OWNER } = require('./lib/paths');
const { http, watchlistOf } = require('./lib/util');
const { allRows, flattedParse } = require('./lib/instance');
const { checkTemplatesInBrowser } = require('./lib/browser-check');

const TABLE = 'tiktok_hashtag_snapshots';
const WEEKS = 6;
const FAILED_WEEK = 3;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Runs a workflow through the editor's REST endpoint (mode manual) and waits for the result. */
async function restRun(rest, workflowId, triggerName) {
	const start = await rest.request('POST', `/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: triggerName } });
	must(start.status === 200 && start.json?.data?.executionId, `REST run of ${workflowId} started`, start.text.slice(0, 500));
	const id = start.json.data.executionId;
	for (let i = 0; i < 240; i++) {
		await sleep(500);
		const r = await rest.request('GET', `/rest/executions/${id}`);
		const ex = r.json?.data;
		if (ex && ex.finished !== undefined && !['new', 'running', 'waiting'].includes(ex.status)) {
			const data = typeof ex.data === 'string' ? flattedParse(ex.data) : ex.data;
			return { id, status: ex.status, data };
		}
	}
	throw new Error(`execution ${id} did not finish within 120 s`);
}

/** Public API client (X-N8N-API-KEY) for the Data Table rows. */
async function publicApi(rest) {
	const scopes = await rest.request('GET', '/rest/api-keys/scopes');
	const created = await rest.request('POST', '/rest/api-keys', { label: 'e2e', scopes: scopes.json.data, expiresAt: null });
	must(created.status === 200, 'public API key created', created.text.slice(0, 300));
	const key = created.json.data.rawApiKey;
	return (method, url, body) => http(method, `${rest.baseUrl}/api/v1${url}`, body, { 'X-N8N-API-KEY': key });
}

/** Moves every stored snapshot one week into the past: the next run is "next Monday". */
async function shiftHistoryOneWeek(api, tableId) {
	for (const row of await allRows(api, tableId)) {
		const shifted = new Date(Date.parse(row.fetchedAt) - WEEK_MS).toISOString();
		await api('PATCH', `/data-tables/${tableId}/rows/update`, {
			filter: { type: 'and', filters: [{ columnName: 'id', condition: 'eq', value: row.id }] },
			data: { fetchedAt: shifted },
		});
	}
}

function mimeParts(raw) {
	const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]);
	const parts = [];
	for (const b of boundaries) {
		for (const chunk of raw.split(`--${b}`).slice(1)) {
			const [head, ...rest] = chunk.split(/\r?\n\r?\n/);
			if (/^--/.test(chunk)) continue;
			const type = /content-type:\s*([^;\r\n]+)/i.exec(head)?.[1]?.toLowerCase();
			if (!type || type.startsWith('multipart/')) continue;
			const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
			const disposition = /content-disposition:\s*(\w+)/i.exec(head)?.[1]?.toLowerCase();
			let body = rest.join('\n\n');
			if (/content-transfer-encoding:\s*base64/i.test(head)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
			else if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
				body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
			}
			parts.push({ type, filename, disposition, body });
		}
	}
	return parts;
}

async function weeklyScenario(ctx, rest) {
	log(`scenario: weekly report over ${WEEKS} simulated weeks (n8n start, Data Table, REST manual runs)`);
	const wf = JSON.parse(fs.readFileSync(WEEKLY_FILE, 'utf8'));
	const list = watchlistOf(wf);
	const tags = list.map((w) => w.hashtag);
	const anomalyTag = tags[0];
	const failedTag = tags[2];
	const api = await publicApi(rest);
	const slackPosts = () => ctx.slack.messages.filter((m) => m.path.startsWith('/api/chat.postMessage'));
	const slack0 = slackPosts().length;
	const mail0 = ctx.smtp.messages.length;

	// Weekly counts: each tag gains a steady 3–6 % of its starting views a week, ±2 % from week to
	// week; in the last week the first tag jumps +60 % — far outside its history.
	const start = Object.fromEntries(tags.map((t, i) => [t, 1_000_000_000 * (i + 2)]));
	const views = { ...start };
	let tableId;
	let last;
	for (let week = 1; week <= WEEKS; week++) {
		if (week > 1) {
			tags.forEach((t, i) => {
				const gain = t === anomalyTag && week === WEEKS ? views[t] * 0.6 : start[t] * (0.03 + 0.01 * (i % 4)) * (week % 2 ? 1.02 : 0.98);
				views[t] = Math.round(views[t] + gain);
			});
		}
		await http('POST', `${ctx.scavio.url}/__mock/hashtags`, Object.fromEntries(tags.map((t) => [t, { views: views[t], videos: Math.round(views[t] / 9000), viewsPerHour: 0, videosPerHour: 0, noise: 0 }])));
		// Week 3: one hashtag cannot be fetched (503 on every attempt) — stored as a missing row.
		if (week === FAILED_WEEK) await http('POST', `${ctx.scavio.url}/__mock/fail-next`, { path: 'hashtag', hashtagName: failedTag, status: 503, count: 4 });
		last = await timed(`weekly week ${week}`, () => restRun(rest, wf.id, 'Run Now'));
		fs.writeFileSync(path.join(ARTIFACTS, `weekly-week${week}.json`), JSON.stringify(last.data?.resultData?.runData ? Object.fromEntries(Object.entries(last.data.resultData.runData).map(([k, v]) => [k, v[0]?.data?.main?.map((o) => (o || []).map((i) => i.json))])) : last.data, null, 1));
		must(last.status === 'success', `weekly week ${week}: execution succeeded (${last.status})`, last.data?.resultData?.error);
		if (!tableId) {
			const tables = await api('GET', '/data-tables?limit=100');
			tableId = (tables.data || []).find((t) => t.name === TABLE)?.id;
			must(tableId, `Data Table "${TABLE}" was created by the workflow`, tables);
		}
		const rows = await allRows(api, tableId);
		check(rows.length === week * tags.length, `weekly week ${week}: ${rows.length} snapshot rows stored (${tags.length} per week)`);
		if (week === FAILED_WEEK) {
			const missing = rows.filter((r) => r.status === 'missing');
			check(missing.length === 1 && missing[0].hashtag === failedTag && missing[0].views === null && missing[0].error,
				`weekly week ${week}: the failed fetch of #${failedTag} is stored as a missing row (views empty, error kept), not as 0`, missing);
		}
		if (week < WEEKS) await shiftHistoryOneWeek(api, tableId);
	}

	// The last week's analysis and report.
	const run = last.data.resultData.runData;
	const out = (name, o = 0) => (run[name]?.[0]?.data?.main?.[o] || []).map((i) => i.json);
	const trends = out('Analyze Week');
	const a = trends.find((t) => t.hashtag === anomalyTag);
	check(trends.length === tags.length, `last week: one trend per hashtag (${trends.length})`);
	check(a && a.isSpike === true, `last week: #${anomalyTag} flagged as an anomaly (spike)`, a && { flags: a.flags, anomaly: a.anomaly, z: a.anomalyZScore, robust: a.anomalyRobustZ, baseline: a.baselineSize });
	check(trends.filter((t) => t.hashtag !== anomalyTag).every((t) => !t.isSpike && !t.isDrop), 'last week: no other hashtag flagged', trends.map((t) => [t.hashtag, t.flags]));
	check(a && Math.abs(a.weekOverWeekViewsPct - 60) < 0.5, `last week: #${anomalyTag} week over week +${a?.weekOverWeekViewsPct?.toFixed?.(1)} % (expected +60 %)`);
	check(trends.filter((t) => t.group).length === tags.length && list.every((w) => trends.find((t) => t.hashtag === w.hashtag)?.group === w.group), 'last week: every trend keeps its watchlist group');

	const posts = slackPosts().slice(slack0);
	check(posts.length === WEEKS, `Slack: one report per week (${posts.length}/${WEEKS})`);
	const lastPost = posts[posts.length - 1];
	if (lastPost) {
		fs.writeFileSync(path.join(ARTIFACTS, 'weekly-slack-message.json'), JSON.stringify(lastPost.body, null, 1));
		const blocks = typeof lastPost.body.blocks === 'string' ? JSON.parse(lastPost.body.blocks) : lastPost.body.blocks;
		const text = JSON.stringify(blocks);
		check(Array.isArray(blocks) && blocks.length > 1, 'Slack: the weekly report is Block Kit');
		// One section per ranked hashtag: "*<rank>. #<tag>* (group) …" then its flags in words.
		const rows = [];
		for (const b of blocks) {
			const t = b.type === 'section' && b.text && typeof b.text.text === 'string' ? b.text.text : '';
			for (const m of t.matchAll(/\*(\d+)\. #([^*\s]+)\*([^]*?)(?=\n\*\d+\. #|$)/g)) rows.push({ rank: Number(m[1]), tag: m[2], text: m[3] });
		}
		check(rows.length === tags.length && tags.every((t) => rows.some((r) => r.tag === t)), `Slack: the report ranks every hashtag (${rows.map((r) => `${r.rank}. #${r.tag}`).join(', ')})`);
		check(rows.every((r, i) => r.rank === i + 1), 'Slack: ranks are 1, 2, 3, … in order', rows.map((r) => r.rank));
		check(rows[0]?.tag === anomalyTag, `Slack: #${anomalyTag} is ranked first (order: ${rows.map((r) => r.tag).join(', ')})`);
		const flagged = rows.filter((r) => /_spike: /.test(r.text) || /_drop: /.test(r.text)).map((r) => r.tag);
		check(flagged.length === 1 && flagged[0] === anomalyTag && /_spike: /.test(rows[0].text),
			`Slack: exactly #${anomalyTag}'s row carries the spike flag in words (flagged: ${flagged.join(', ') || 'none'})`);
	}

	const mails = ctx.smtp.messages.slice(mail0);
	check(mails.length === WEEKS, `email: one report per week (${mails.length}/${WEEKS})`);
	const mail = mails[mails.length - 1];
	if (mail) {
		fs.writeFileSync(path.join(ARTIFACTS, 'weekly-email.eml'), mail.raw);
		const parts = mimeParts(mail.raw);
		const html = parts.find((p) => p.type === 'text/html' && p.disposition !== 'attachment');
		const att = parts.filter((p) => p.disposition === 'attachment');
		check(html && html.body.includes(anomalyTag) && /<table|<svg/i.test(html.body), 'email: HTML body with the ranked table/chart');
		const attHtml = att.find((p) => /\.html?$/i.test(p.filename || ''));
		const attCsv = att.find((p) => /\.csv$/i.test(p.filename || ''));
		check(attHtml && /<html|<!doctype/i.test(attHtml.body), `email: HTML report attached (${attHtml?.filename})`, att.map((p) => [p.filename, p.type]));
		check(attCsv && attCsv.body.split(/\r?\n/).filter(Boolean).length >= tags.length + 1 && tags.every((t) => attCsv.body.includes(t)), `email: CSV attached with a row per hashtag (${attCsv?.filename})`);
	}
	// One more week in which Slack refuses the post: the email still goes out, and the run is
	// marked failed with the reason instead of stopping before Email Report.
	ctx.slack.failPosts(1);
	const mailsBefore = ctx.smtp.messages.length;
	const failed = await timed('weekly run with Slack failing', () => restRun(rest, wf.id, 'Run Now'));
	const failedRun = failed.data?.resultData?.runData || {};
	check(ctx.smtp.messages.length === mailsBefore + 1, 'Slack failing: the email report is still sent', ctx.smtp.messages.length - mailsBefore);
	check(failed.status === 'error' && failedRun['Report Not Delivered'], `Slack failing: the run is marked failed by "Report Not Delivered" (${failed.status})`, failed.data?.resultData?.error);
	const reason = String(failed.data?.resultData?.error?.message || '');
	check(/Slack: .*channel_not_found/i.test(reason) && !/Email:/.test(reason), 'Slack failing: the error names Slack and its reason, not email', reason);
	ctx.slack.failPosts(0);
}

async function browserScenario(ctx) {
	log('scenario: browser — templates render in the n8n editor with the package installed');
	const shots = await timed('browser check', () => checkTemplatesInBrowser({
		baseUrl: ctx.baseUrl,
		email: OWNER.email,
		password: OWNER.password,
		workflows: [
			{ id: JSON.parse(fs.readFileSync(HOURLY_FILE, 'utf8')).id, file: HOURLY_FILE, label: 'hourly-breakouts' },
			{ id: JSON.parse(fs.readFileSync(WEEKLY_FILE, 'utf8')).id, file: WEEKLY_FILE, label: 'weekly-report' },
		],
		outDir: ARTIFACTS,
		userDataDir: path.join(WORK, 'chromium-profile'),
		check,
		log,
	}));
	// The README's screenshots in docs/images/ (tracked) are replaced only on request, so a CI run
	// leaves the working tree clean: E2E_UPDATE_SCREENSHOTS=1 npm run test:e2e.
	const updateDocs = process.env.E2E_UPDATE_SCREENSHOTS === '1';
	if (updateDocs) {
		fs.mkdirSync(path.join(REPO, 'docs/images'), { recursive: true });
		for (const [label, file] of Object.entries(shots)) fs.copyFileSync(file, path.join(REPO, 'docs/images', `${label}.png`));
	}
	check(
		Object.keys(shots).length === 2,
		`screenshots written to artifacts/${updateDocs ? ' and copied to docs/images/ (E2E_UPDATE_SCREENSHOTS=1)' : ''} (${Object.keys(shots).join(', ')})`,
	);
}

/** The credential's own test (what the credential dialog runs on Save/Test): GET /api/v1/usage. */
async function credentialTestScenario(ctx, rest, ref) {
	log('scenario: the Scavio credential test through n8n (POST /rest/credentials/test)');
	const usageCalls = async () => (await http('GET', `${ctx.scavio.url}/__mock/requests`)).filter((q) => q.path === '/api/v1/usage');
	const before = (await usageCalls()).length;
	const test = (apiKey) =>
		rest.request('POST', '/rest/credentials/test', { credentials: { id: ref.id, name: ref.name, type: 'scavioTiktokApi', data: { apiKey, baseUrl: ctx.scavio.url } } });
	const ok = await test(ctx.apiKey);
	check(ok.status === 200 && ok.json?.data?.status === 'OK', 'credential test: the right key passes', ok.json);
	const calls = (await usageCalls()).slice(before);
	check(calls.length === 1 && calls[0].method === 'GET' && calls[0].auth === 'ok', 'credential test: one authenticated GET /api/v1/usage (free) reached the mock', calls);
	const bad = await test('sk_e2e_wrong_key_for_the_test');
	check(bad.status === 200 && bad.json?.data?.status === 'Error', 'credential test: a wrong key fails', bad.json);
	check(/did not accept this API key/.test(bad.json?.data?.message || '') && /Scavio dashboard/.test(bad.json.data.message), 'credential test: a wrong key says what to do (copy the key again from the Scavio dashboard)', bad.json);
	check(!JSON.stringify(bad.json).includes('sk_e2e_wrong_key_for_the_test'), 'credential test: the key never appears in the message', bad.json);
}

async function serverScenarios(ctx) {
	const server = await timed('n8n start', () => n8n.startServer(ctx.env, path.join(WORK, 'n8n-server.log')));
	children.push(server);
	ctx.baseUrl = `http://127.0.0.1:${ctx.port}`;
	const rest = new n8n.RestClient(ctx.baseUrl);
	await rest.ensureOwnerAndLogin(OWNER);
	check(true, 'owner set up and logged in over REST');
	try {
		await weeklyScenario(ctx, rest);
	} catch (err) {
		check(false, 'weekly scenario completed', String(err && err.message));
	}
	try {
		// The node panel searches display names and codex aliases: "tiktok" must find both nodes.
		const types = await rest.request('GET', '/types/nodes.json');
		const ours = (types.json || []).filter((t) => /scavio-tiktok\./.test(t.name) && !/Tool$/.test(t.name)); // n8n adds an AI-tool twin of each
		check(ours.length === 2 && ours.every((t) => /tiktok/i.test(t.displayName) || (t.codex?.alias || []).some((a) => /tiktok/i.test(a))),
			'node panel: a search for "tiktok" matches both nodes (display name or codex alias)', ours.map((t) => [t.displayName, t.codex?.alias]));
	} catch (err) {
		check(false, 'node types read', String(err && err.message));
	}
	try {
		await credentialTestScenario(ctx, rest, ctx.scavioCredential);
	} catch (err) {
		check(false, 'credential test scenario completed', String(err && err.message));
	}
	await browserScenario(ctx);
	await n8n.stopProcess(server);
}

/** The API key must appear in no output, log or artifact (the SQLite file included). */
async function secretScan(apiKey) {
	// The scanner must be able to fail: a canary file holding the key is found first.
	const canaryDir = path.join(WORK, '..', 'secret-scan-canary');
	fs.mkdirSync(canaryDir, { recursive: true });
	fs.writeFileSync(path.join(canaryDir, 'canary.log'), `Authorization: Bearer ${apiKey}\n`);
	check(scanFiles([canaryDir], apiKey).hits.length === 1, 'secret scan finds the key in a canary file');
	fs.rmSync(canaryDir, { recursive: true, force: true });
	const { hits, files } = scanFiles([WORK, ARTIFACTS, path.join(REPO, 'docs/images')], apiKey);
	check(hits.length === 0, `API key found in none of ${files} files (logs, outputs, mocks' logs, database, screenshots)`, hits);
}

function scanFiles(roots, apiKey) {
	const needle = Buffer.from(apiKey);
	const hits = [];
	let files = 0;
	const walk = (p) => {
		const st = fs.lstatSync(p);
		if (st.isDirectory()) {
			for (const f of fs.readdirSync(p)) walk(path.join(p, f));
		} else if (st.isFile()) {
			files++;
			if (fs.readFileSync(p).includes(needle)) hits.push(path.relative(REPO, p));
		}
	};
	for (const r of roots) if (fs.existsSync(r)) walk(r);
	return { hits, files };
}

module.exports = { serverScenarios, secretScan };
