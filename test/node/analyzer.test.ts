import type { IDataObject } from 'n8n-workflow';
import { runNode, runWorkflow } from '../harness';

const TYPE = 'n8n-nodes-scavio-tiktok.hashtagTrendAnalyzer';
const HOUR_MS = 3600 * 1000;
// Times relative to the real clock: the built-in store compacts relative to "now".
const BASE = Math.floor(Date.now() / 1000) * 1000 - 40 * HOUR_MS;
const at = (hours: number) => new Date(BASE + hours * HOUR_MS).toISOString();
const tag = (name: string, hours: number, views: number, videos: number | null = 100) => ({
	id: `id-${name}`,
	name,
	views,
	videos,
	fetchedAt: at(hours),
	countSource: 'challengeInfo.statsV2',
});

async function analyzeRun(items: IDataObject[], staticData: IDataObject, parameters: IDataObject = {}) {
	const result = await runNode({ type: TYPE, parameters: { operation: 'analyze', ...parameters }, items, staticData });
	if (result.status !== 'success') throw result.error;
	return { hashtags: result.outputs[0] ?? [], alerts: result.outputs[1] ?? [], staticData: result.staticData };
}

/** n8n keeps global static data under `global`. */
const stored = (staticData: IDataObject) => (staticData.global as IDataObject).hashtagTrendAnalyzer as IDataObject;


describe('Hashtag Trend Analyzer node (through n8n-core)', () => {
	it('cold start: one item per hashtag, flagged new / insufficient history, no alerts', async () => {
		const staticData: IDataObject = {};
		const out = await analyzeRun([tag('cats', 0, 1_000_000), tag('dogs', 0, 2_000_000)], staticData);
		expect(out.hashtags).toHaveLength(2);
		expect(out.alerts).toHaveLength(0);
		for (const item of out.hashtags) {
			expect(item.json.flags).toEqual(['new', 'insufficient_history']);
			expect(item.pairedItem).toBeDefined();
		}
		expect(stored(staticData).schemaVersion).toBe(5);
	});

	it('baseline → growth above the threshold → exactly one breakout on the Alerts output', async () => {
		const staticData: IDataObject = {};
		await analyzeRun([tag('cats', 0, 1_000_000), tag('dogs', 0, 2_000_000), tag('birds', 0, 500_000)], staticData);
		const out = await analyzeRun([tag('cats', 1, 1_010_000), tag('dogs', 1, 2_600_000), tag('birds', 1, 505_000)], staticData);
		expect(out.alerts).toHaveLength(1);
		expect(out.alerts[0].json.hashtag).toBe('dogs');
		expect(out.alerts[0].json.isBreakout).toBe(true);
		expect(out.alerts[0].json.growthPctPerHour).toBe(30);
		expect(out.alerts[0].pairedItem).toEqual([{ item: 1 }]);
		expect(out.hashtags[0].json.hashtag).toBe('dogs');
		expect(out.hashtags[0].json.rank).toBe(1);
	});

	it('a failed fetch (Scavio error item) is missing, not a drop; a skipped hour is normalised', async () => {
		const staticData: IDataObject = {};
		for (let h = 0; h < 8; h++) await analyzeRun([tag('cats', h, 1_000_000 + h * 10_000)], staticData);
		const failed = await analyzeRun(
			[{ error: 'The service is receiving too many requests from you', hashtag: 'cats', hashtagId: 'id-cats', httpCode: '429', fetchedAt: at(8) }],
			staticData,
		);
		const r = failed.hashtags[0].json;
		expect(r.status).toBe('missing');
		expect(r.flags).toEqual(['missing']);
		expect(r.isDrop).toBe(false);
		expect(r.views).toBeNull();
		expect(failed.alerts).toHaveLength(0);
		const back = await analyzeRun([tag('cats', 9, 1_090_000)], staticData);
		expect(back.hashtags[0].json.hoursSincePrevious).toBe(2);
		expect(back.hashtags[0].json.viewsPerHour).toBe(10_000);
		expect(back.alerts).toHaveLength(0);
	});

	it('a skipped hour (no execution at all) is normalised: a 3-hour gap is read as 3 hours, not one', async () => {
		const staticData: IDataObject = {};
		for (let h = 0; h < 6; h++) await analyzeRun([tag('cats', h, 1_000_000 + h * 10_000)], staticData);
		// The runs at hours 6 and 7 never happened (n8n was down); the next one comes at hour 8.
		const out = await analyzeRun([tag('cats', 8, 1_080_000)], staticData);
		const r = out.hashtags[0].json;
		expect(r.hoursSincePrevious).toBe(3);
		expect(r.viewsPerHour).toBe(10_000);
		expect(r.growthPctPerHour).toBeCloseTo((10_000 / 1_050_000) * 100, 3);
		expect(r.isBreakout).toBe(false);
		expect(r.isSpike).toBe(false);
		expect(out.alerts).toHaveLength(0);
	});

	it('a spike after a stable history is flagged as an anomaly on the Alerts output', async () => {
		const staticData: IDataObject = {};
		const rates = [1000, 1100, 950, 1050, 1000, 980, 1020, 990];
		let views = 50_000_000;
		await analyzeRun([tag('cats', 0, views)], staticData);
		for (let i = 0; i < rates.length; i++) {
			views += rates[i];
			const out = await analyzeRun([tag('cats', i + 1, views)], staticData);
			expect(out.alerts).toHaveLength(0);
		}
		views += 25_000;
		const out = await analyzeRun([tag('cats', 9, views)], staticData);
		expect(out.alerts).toHaveLength(1);
		expect(out.alerts[0].json.anomaly).toBe('spike');
		expect(out.alerts[0].json.flags).toContain('spike');
		expect(String(out.alerts[0].json.explanation)).toMatch(/spike/);
	});

	it('history given as input rows (stateless) gives the same metrics as the built-in history', async () => {
		const staticData: IDataObject = {};
		const rows: IDataObject[] = [];
		let builtIn: IDataObject | undefined;
		const views = [1_000_000, 1_010_000, 1_030_000, null, 1_070_000, 1_080_000, 1_200_000];
		for (let h = 0; h < views.length; h++) {
			const v = views[h];
			const item = v === null ? { error: 'HTTP 500', hashtag: 'cats', fetchedAt: at(h) } : tag('cats', h, v);
			const conv = await runNode({ type: TYPE, parameters: { operation: 'toSnapshotRows', group: 'pets' }, items: [item] });
			rows.push(conv.outputs[0][0].json);
			builtIn = (await analyzeRun([{ ...item, group: 'pets' }], staticData)).hashtags[0].json;
		}
		expect(rows[3]).toMatchObject({ hashtag: 'cats', status: 'missing', views: null, group: 'pets' });
		const stateless = await analyzeRun(rows, {}, { historySource: 'input' });
		const a = stateless.hashtags[0].json;
		for (const field of ['viewsPerHour', 'growthPctPerHour', 'acceleration', 'viewsDelta', 'hoursSincePrevious', 'anomaly', 'flags', 'sparkline', 'isBreakout', 'group']) {
			expect([field, a[field]]).toEqual([field, (builtIn as IDataObject)[field]]);
		}
		expect(a.isBreakout).toBe(true);
	});

	it('history from input rows: a hashtag without a row from this run (left the watchlist) is left out with a warning', async () => {
		const WEEK = 7 * 24;
		const rows: IDataObject[] = [];
		for (let w = 0; w < 4; w++) {
			rows.push({ hashtag: 'cats', views: 1_000_000 + w * 50_000, videos: 100, fetchedAt: at(w * WEEK - 400), status: 'ok' });
			// dogs' fetch failed this week: its row is still from this run, so it is current (flagged missing)
			rows.push(w === 3 ? { hashtag: 'dogs', views: null, videos: null, fetchedAt: at(w * WEEK - 400), status: 'missing', error: 'HTTP 500' } : { hashtag: 'dogs', views: 2_000_000 + w * 10_000, videos: 50, fetchedAt: at(w * WEEK - 400), status: 'ok' });
		}
		// oldtag broke out in week 1 and was then removed from the watchlist
		rows.push({ hashtag: 'oldtag', views: 10_000, videos: 5, fetchedAt: at(-400), status: 'ok' });
		rows.push({ hashtag: 'oldtag', views: 900_000, videos: 9, fetchedAt: at(WEEK - 400), status: 'ok' });
		const out = await analyzeRun(rows, {}, { historySource: 'input' });
		expect(out.hashtags.map((i) => i.json.hashtag).sort()).toEqual(['cats', 'dogs']);
		expect(out.hashtags.find((i) => i.json.hashtag === 'dogs')?.json.flags).toContain('missing');
		expect(out.alerts.map((i) => i.json.hashtag)).not.toContain('oldtag');
		expect(String((out.hashtags[0].json.warnings as string[]).join(' '))).toMatch(/1 hashtag\(s\).*no row from this run.*#oldtag/);
		const all = await analyzeRun(rows, {}, { historySource: 'input', analyzeOptions: { currentRunWindowHours: 0 } });
		expect(all.hashtags.map((i) => i.json.hashtag).sort()).toEqual(['cats', 'dogs', 'oldtag']);
		expect(all.hashtags[0].json.warnings).toBeUndefined();
	});

	it('history from input rows: a table row\'s own numeric id is never read as the hashtag id', async () => {
		// Data Table / Postgres rows carry their row number in `id`; a failed fetch is stored with hashtagId null.
		const rows: IDataObject[] = [
			{ id: 1, hashtag: 'cats', hashtagId: '7001', views: 1_000_000, videos: 10, fetchedAt: at(0), status: 'ok' },
			{ id: 2, hashtag: 'cats', hashtagId: '7001', views: 1_010_000, videos: 10, fetchedAt: at(1), status: 'ok' },
			{ id: 3, hashtag: 'cats', hashtagId: null, views: null, videos: null, fetchedAt: at(2), status: 'missing', error: 'HTTP 500' },
			{ id: 4, hashtag: 'dogs', hashtagId: null, views: 5_000, videos: 1, fetchedAt: at(2), status: 'ok' },
		];
		const out = await analyzeRun(rows, {}, { historySource: 'input' });
		const byTag = Object.fromEntries(out.hashtags.map((i) => [i.json.hashtag, i.json]));
		expect(byTag.cats.hashtagId).toBe('7001');
		expect(byTag.cats.flags).toContain('missing');
		expect(byTag.dogs.hashtagId).toBeNull();
		// A Scavio Get Hashtag item (Simplify on) still gives its id.
		const scavio = await analyzeRun([tag('birds', 0, 1000)], {});
		expect(scavio.hashtags[0].json.hashtagId).toBe('id-birds');
	});

	it('To Snapshot Rows reads custom items through Input Mapping → Define Fields', async () => {
		const items = [{ tiktok: { tag: '#Cats' }, stats: { plays: '1,200' }, when: at(3) }, { tiktok: { tag: 'dogs' }, stats: { plays: null }, when: at(3), error: 'HTTP 500' }];
		const mapping = { inputMapping: 'defineFields', hashtagField: 'tiktok.tag', viewsField: 'stats.plays', videosField: '', timeField: 'when', groupField: '' };
		const out = await runNode({ type: TYPE, parameters: { operation: 'toSnapshotRows', ...mapping }, items });
		expect(out.status).toBe('success');
		expect(out.outputs[0].map((i) => i.json)).toEqual([
			expect.objectContaining({ hashtag: 'cats', views: 1200, fetchedAt: at(3), status: 'ok' }),
			expect.objectContaining({ hashtag: 'dogs', views: null, status: 'missing' }),
		]);
		expect(out.outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it.each([
		['corrupt', { schemaVersion: 5, seq: 1, tags: { cats: JSON.stringify({ t: '!!', v: 'A', c: 'A' }) } }, /corrupt or truncated/],
		['not an object', 'garbage', /not readable \(corrupt\)/],
		['old schema', { schemaVersion: 1, hashtags: { cats: { samples: [{ t: at(0), views: 1000, videos: 1 }] } } }, /pre-release build.*history was reset/],
	])('%s static data → reset with a warning, no crash', async (_label, state, warning) => {
		const staticData: IDataObject = { global: { hashtagTrendAnalyzer: state as IDataObject } };
		const out = await analyzeRun([tag('cats', 1, 1100)], staticData);
		expect(out.hashtags).toHaveLength(1);
		expect((out.hashtags[0].json.warnings as string[]).join(' ')).toMatch(warning);
		expect(stored(staticData).schemaVersion).toBe(5);
		const next = await analyzeRun([tag('cats', 2, 1200)], staticData);
		expect(next.hashtags[0].json.warnings).toBeUndefined();
		expect(next.hashtags[0].json.viewsPerHour).toBe(100);
	});

	it('an item without a hashtag fails with its item index, or becomes an error item under continueOnFail', async () => {
		const items = [tag('cats', 0, 1000), { foo: 'bar' }];
		const failed = await runNode({ type: TYPE, parameters: { operation: 'analyze' }, items, staticData: {} });
		expect(failed.status).toBe('error');
		expect(String(failed.error?.message)).toMatch(/Could not find a hashtag name/);
		const tolerant = await runNode({ type: TYPE, parameters: { operation: 'analyze' }, items, staticData: {}, onError: 'continueRegularOutput' });
		expect(tolerant.status).toBe('success');
		const errorItem = tolerant.outputs[0].find((i) => i.json.error !== undefined);
		expect(errorItem?.pairedItem).toEqual({ item: 1 });
		expect(tolerant.outputs[0].filter((i) => i.json.hashtag === 'cats')).toHaveLength(1);
	});

	it('user-defined field mapping reads other shapes', async () => {
		const staticData: IDataObject = {};
		const parameters = { inputMapping: 'defineFields', hashtagField: 'tag', viewsField: 'stats.plays', videosField: '', timeField: 'when', groupField: 'team' };
		await analyzeRun([{ tag: '#Cats', stats: { plays: 1000 }, when: at(0), team: 'a' }], staticData, parameters);
		const out = await analyzeRun([{ tag: '#Cats', stats: { plays: 1300 }, when: at(1), team: 'a' }], staticData, parameters);
		expect(out.hashtags[0].json).toMatchObject({ hashtag: 'cats', group: 'a', viewsPerHour: 300, isBreakout: true });
	});

	it('toSnapshotRows: hashtag and error items → flat rows with the group parameter', async () => {
		const out = await runNode({
			type: TYPE,
			parameters: { operation: 'toSnapshotRows', group: '={{ $json.name ? "brand" : "other" }}' },
			items: [tag('cats', 0, 1000, null), { error: 'HTTP 404', hashtag: 'gone', hashtagId: '77', fetchedAt: at(0) }],
		});
		expect(out.status).toBe('success');
		expect(out.outputs[0].map((i) => i.json)).toEqual([
			{ hashtag: 'cats', hashtagId: 'id-cats', group: 'brand', views: 1000, videos: null, fetchedAt: at(0), status: 'ok', error: null },
			{ hashtag: 'gone', hashtagId: '77', group: 'other', views: null, videos: null, fetchedAt: at(0), status: 'missing', error: 'HTTP 404' },
		]);
		expect(out.outputs[0][1].pairedItem).toEqual({ item: 1 });
	});

	it('toSnapshotRows: a failed fetch naming no usable hashtag is skipped with a hint, the other rows are kept', async () => {
		const out = await runNode({
			type: TYPE,
			parameters: { operation: 'toSnapshotRows' },
			items: [{ error: 'The hashtag name is empty', hashtag: null, hashtagId: null }, tag('cats', 0, 1000, null)],
		});
		expect(out.status).toBe('success');
		expect(out.outputs[0].map((i) => i.json.hashtag)).toEqual(['cats']);
		expect(out.outputs[0][0].pairedItem).toEqual({ item: 1 });
		expect((out.runData.Node[0].hints ?? []).map((h) => h.message).join(' ')).toMatch(/Skipped 1 input item\(s\).*item 0: The hashtag name is empty/);
	});

	const video = (id: string, hashtag: string, views: number, ageHours: number, tags: string[]) => ({
		id,
		url: `https://www.tiktok.com/@creator${id}/video/${id}`,
		description: `<b>clip</b> ${id} #${tags.join(' #')}`,
		createdAt: new Date(Date.now() - ageHours * HOUR_MS).toISOString(),
		views,
		likes: views / 10,
		comments: 5,
		shares: 3,
		saves: 1,
		author: `creator${id}`,
		authorNickname: 'Creator',
		hashtags: [hashtag, ...tags],
		durationSec: 15,
		coverUrl: null,
		hashtagId: `id-${hashtag}`,
		hashtagName: hashtag,
	});

	it('report: all formats from trend items and videos, on both outputs when alert-worthy', async () => {
		const staticData: IDataObject = {};
		await analyzeRun([tag('cats', 0, 1_000_000), tag('dogs', 0, 2_000_000)], staticData);
		const analyzed = await analyzeRun([tag('cats', 1, 1_500_000), tag('dogs', 1, 2_010_000)], staticData);
		const items = [
			...analyzed.hashtags.map((i) => i.json),
			video('1', 'cats', 100_000, 10, ['kitten', 'fyp']),
			video('2', 'cats', 900_000, 3, ['kitten']),
			video('3', 'cats', 5_000, 50, ['fyp']),
			video('4', 'cats', 50_000, 2, ['kitten']),
		];
		const out = await runNode({ type: TYPE, parameters: { operation: 'report', title: 'Pets <today>' }, items, staticData });
		expect(out.status).toBe('success');
		const [report] = out.outputs[0];
		expect(out.outputs[1]).toHaveLength(1);
		const r = report.json;
		expect(r).toMatchObject({ title: 'Pets <today>', hashtagCount: 2, alertCount: 1, alertHashtags: ['cats'], videoCount: 4 });
		expect(String(r.markdown)).toContain('cats');
		expect(String(r.text).length).toBeGreaterThan(0);
		expect(String(r.html)).not.toContain('<today>');
		expect(JSON.parse(String(r.slackBlocks)).blocks.length).toBeGreaterThan(0);
		expect(String(r.csv)).toContain('cats');
		expect(r.emergingHashtags).toEqual(expect.arrayContaining(['kitten', 'fyp']));
		expect(report.binary?.reportHtml?.mimeType).toBe('text/html');
		expect(report.binary?.reportCsv?.mimeType).toBe('text/csv');
		const html = Buffer.from(report.binary?.reportHtml?.data as string, 'base64').toString('utf8');
		expect(html).toContain('<svg');
		expect(html).toContain('creator2');
		expect(report.pairedItem).toHaveLength(items.length);
	});

	it('report: slackText (for the Slack node\'s notification text) is escaped for mrkdwn; text stays plain', async () => {
		const row = { hashtag: '<!channel> & <@U123|boss>', flags: ['breakout'], viewsPerHour: 5000, growthPctPerHour: 12, views: 100_000, rank: 1, explanation: 'x' };
		const out = await runNode({ type: TYPE, parameters: { operation: 'report', title: 'Ping <!here>' }, items: [row] });
		expect(out.status).toBe('success');
		const r = out.outputs[0][0].json;
		expect(String(r.slackText)).toBe(JSON.parse(String(r.slackBlocks)).text);
		expect(String(r.slackText)).toContain('Ping &lt;!here&gt;');
		expect(String(r.slackText)).not.toMatch(/<[!@]/);
		expect(String(r.text)).toContain('Ping <!here>');
		expect(String(r.text)).toContain('<!channel> & <@U123|boss>');
	});

	it('report in the same execution reads the analyze summary when only videos come in (hourly template)', async () => {
		const staticData: IDataObject = {};
		await analyzeRun([tag('cats', 0, 1_000_000), tag('dogs', 0, 2_000_000)], staticData);
		const result = await runWorkflow({
			staticData,
			workflow: {
				nodes: [
					{ name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
					{ name: 'Hashtags', type: 'test.items', parameters: { items: JSON.stringify([tag('cats', 1, 1_500_000), tag('dogs', 1, 2_010_000)]) } },
					{ name: 'Analyze', type: TYPE, parameters: { operation: 'analyze' } },
					// The breakout's video also carries #dogs: on the watchlist, so never an "emerging" suggestion.
					{ name: 'Videos', type: 'test.items', parameters: { items: JSON.stringify([video('2', 'cats', 900_000, 3, ['kitten', 'dogs']), video('5', 'cats', 40_000, 5, ['kitten', 'dogs'])]) } },
					{ name: 'Report', type: TYPE, parameters: { operation: 'report' } },
				],
				connections: {
					Trigger: { main: [[{ node: 'Hashtags', type: 'main', index: 0 }]] },
					Hashtags: { main: [[{ node: 'Analyze', type: 'main', index: 0 }]] },
					Analyze: { main: [[], [{ node: 'Videos', type: 'main', index: 0 }]] },
					Videos: { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
				},
			},
			startNode: 'Trigger',
		});
		expect(result.status).toBe('success');
		const report = result.output('Report', 0)[0].json;
		expect(report.hashtagCount).toBe(1);
		expect(report.alertHashtags).toEqual(['cats']);
		expect(String(report.markdown)).toMatch(/creator2/);
		expect(String(report.csv)).toMatch(/cats/);
		expect(report.emergingHashtags).toEqual(['kitten']);
	});

	it('report: a tracked hashtag outside the summary\'s top 100 is never suggested as emerging', async () => {
		const staticData: IDataObject = {};
		const names = Array.from({ length: 110 }, (_v, i) => `tracked${i}`);
		// tracked109 grows least, so it ranks last, outside the summary's top 100 rows.
		await analyzeRun([tag('cats', 0, 1_000_000), ...names.map((n) => tag(n, 0, 10_000_000))], staticData);
		await analyzeRun([tag('cats', 1, 1_500_000), ...names.map((n, i) => tag(n, 1, 10_000_000 + (names.length - i) * 1000))], staticData);
		const summary = ((staticData.global as IDataObject).hashtagTrendAnalyzer as { lastRun: { rows: Array<{ hashtag: string }> } }).lastRun;
		expect(summary.rows.map((r) => r.hashtag)).not.toContain('tracked109');
		const out = await runNode({
			type: TYPE,
			parameters: { operation: 'report' },
			items: [video('7', 'cats', 900_000, 3, ['tracked109', 'kitten']), video('8', 'cats', 50_000, 4, ['tracked109', 'kitten'])],
			staticData,
		});
		expect(out.status).toBe('success');
		expect(out.outputs[0][0].json.emergingHashtags).toEqual(['kitten']);
	});
});
