import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { runNode } from '../harness';

const TYPE = 'n8n-nodes-scavio-tiktok.hashtagTrendAnalyzer';
const HOUR_MS = 3600 * 1000;
// Times relative to the real clock: the built-in store compacts relative to "now".
const BASE = Math.floor(Date.now() / 1000) * 1000 - 40 * HOUR_MS;
const at = (hours: number) => new Date(BASE + hours * HOUR_MS).toISOString();
const tag = (name: string, hours: number, views: number) => ({
	id: `id-${name}`,
	name,
	views,
	videos: 100,
	fetchedAt: at(hours),
	countSource: 'challengeInfo.statsV2',
});

async function analyzeRun(items: IDataObject[], staticData: IDataObject, analyzeOptions: Record<string, string> = {}) {
	const result = await runNode({ type: TYPE, parameters: { operation: 'analyze', analyzeOptions }, items, staticData });
	if (result.status !== 'success') throw result.error;
	return { hashtags: result.outputs[0] ?? [], alerts: result.outputs[1] ?? [], staticData: result.staticData };
}

/**
 * Nine quiet hours for three hashtags, then one run in which
 * - `cats` (50 M views, ~1 000 views/h) jumps to 25 000 views/h: a spike, far below 10 %/h growth;
 * - `fish` (80 M views, ~1 000 views/h) stops growing: a drop;
 * - `dogs` (1 M views, joined late, too little history for a spike/drop verdict) grows 30 %/h: a breakout;
 * - `birds` grows slowly: no alert.
 * Returns the persisted static data just before that run and the run's input items.
 */
async function historyBeforeAlertRun(): Promise<{ staticData: IDataObject; items: IDataObject[] }> {
	const staticData: IDataObject = {};
	const rates = [1000, 1100, 950, 1050, 1000, 980, 1020, 990];
	let cats = 50_000_000;
	let fish = 80_000_000;
	await analyzeRun([tag('cats', 0, cats), tag('fish', 0, fish)], staticData);
	for (let i = 0; i < rates.length; i++) {
		cats += rates[i];
		fish += rates[rates.length - 1 - i];
		const hourItems = [tag('cats', i + 1, cats), tag('fish', i + 1, fish)];
		if (i === rates.length - 1) hourItems.push(tag('dogs', i + 1, 1_000_000), tag('birds', i + 1, 500_000));
		const out = await analyzeRun(hourItems, staticData);
		expect(out.alerts).toHaveLength(0);
	}
	const items = [
		tag('birds', 9, 505_000),
		tag('cats', 9, cats + 25_000),
		tag('dogs', 9, 1_300_000),
		tag('fish', 9, fish),
	];
	return { staticData, items };
}

/** n8n wraps static data in an observable proxy; a JSON copy is a plain, independent snapshot. */
const copy = (data: IDataObject) => JSON.parse(JSON.stringify(data)) as IDataObject;
/** The stored history without the run's own time and execution id (which differ between two runs). */
const withoutRunStamp = (data: IDataObject) => {
	const plain = copy(data);
	const stored = (plain.global as IDataObject).hashtagTrendAnalyzer as IDataObject;
	const lastRun = stored.lastRun as IDataObject;
	delete lastRun.at;
	// Each hashtag's record is stored as JSON text: compared as objects, every field of it counts.
	stored.tags = Object.fromEntries(Object.entries(stored.tags as Record<string, string>).map(([key, text]) => [key, JSON.parse(text) as IDataObject]));
	delete lastRun.executionId;
	// Which rows went to the Alerts output depends on the option by design.
	for (const row of lastRun.rows as IDataObject[]) delete row.alerted;
	return plain;
};
const hashtags = (items: INodeExecutionData[]) => items.map((i) => i.json.hashtag).sort();
const inputIndex: Record<string, number> = { birds: 0, cats: 1, dogs: 2, fish: 3 };

describe('Hashtag Trend Analyzer: Alerts Output option', () => {
	let fixture: { staticData: IDataObject; items: IDataObject[] };
	beforeAll(async () => {
		fixture = await historyBeforeAlertRun();
	});

	it('the fixture run has one breakout, one spike and one drop (default option = all of them)', async () => {
		const out = await analyzeRun(fixture.items, copy(fixture.staticData));
		const byTag = Object.fromEntries(out.hashtags.map((i) => [i.json.hashtag, i.json]));
		expect(byTag.dogs).toMatchObject({ isBreakout: true, isSpike: false, isDrop: false });
		expect(byTag.cats).toMatchObject({ isBreakout: false, isSpike: true, isDrop: false, anomaly: 'spike' });
		expect(byTag.fish).toMatchObject({ isBreakout: false, isSpike: false, isDrop: true, anomaly: 'drop' });
		expect(byTag.birds).toMatchObject({ isAlert: false });
		expect(hashtags(out.alerts)).toEqual(['cats', 'dogs', 'fish']);
	});

	it.each([
		['all', ['cats', 'dogs', 'fish']],
		['breakouts', ['dogs']],
		['anomalies', ['cats', 'fish']],
	])('alertsOutput "%s" routes exactly %j to Alerts; Hashtags keeps every hashtag', async (alertsOutput, expected) => {
		const staticData = copy(fixture.staticData);
		const out = await analyzeRun(fixture.items, staticData, { alertsOutput });
		expect(hashtags(out.alerts)).toEqual(expected);
		expect(hashtags(out.hashtags)).toEqual(['birds', 'cats', 'dogs', 'fish']);
		for (const item of [...out.alerts, ...out.hashtags]) {
			expect(item.pairedItem).toEqual([{ item: inputIndex[item.json.hashtag as string] }]);
		}
		for (const item of out.alerts) {
			if (alertsOutput === 'breakouts') expect(item.json.isBreakout).toBe(true);
			if (alertsOutput === 'anomalies') expect(item.json.isSpike || item.json.isDrop).toBe(true);
		}
		// The option only routes: the Hashtags output and the stored history are the same as with the default.
		const reference = await analyzeRun(fixture.items, copy(fixture.staticData));
		expect(out.hashtags.map((i) => i.json)).toEqual(reference.hashtags.map((i) => i.json));
		expect(withoutRunStamp(staticData)).toEqual(withoutRunStamp(reference.staticData));
	});

	it('an unknown value fails with a clear message and leaves the stored history untouched', async () => {
		const staticData = copy(fixture.staticData);
		const result = await runNode({
			type: TYPE,
			parameters: { operation: 'analyze', analyzeOptions: { alertsOutput: 'everything' } },
			items: fixture.items,
			staticData,
		});
		expect(result.status).toBe('error');
		expect(String(result.error?.message)).toMatch(/Unknown Alerts Output "everything"/);
		expect(copy(staticData)).toEqual(copy(fixture.staticData));
	});

	it('the run summary marks the rows sent to Alerts, for a report step fed from that output', async () => {
		const out = await analyzeRun(fixture.items, copy(fixture.staticData), { alertsOutput: 'breakouts' });
		const rows = ((out.staticData.global as IDataObject).hashtagTrendAnalyzer as IDataObject).lastRun as { rows: IDataObject[] };
		expect(rows.rows.filter((r) => r.alerted === true).map((r) => r.hashtag)).toEqual(['dogs']);
	});

	describe('a report step fed from the Alerts output through a video fetch (the hourly template)', () => {
		const report = async (staticData: IDataObject, items: IDataObject[]) => {
			const result = await runNode({ type: TYPE, parameters: { operation: 'report', title: 'Alert' }, items, staticData });
			if (result.status !== 'success') throw result.error;
			return result.outputs[0]![0].json;
		};
		const failedFetch = { error: 'Scavio server error (500)', hashtagId: 'id-dogs', hashtagName: null, httpCode: 500 };
		const catsVideo = {
			id: 'v1',
			url: 'https://www.tiktok.com/@a/video/v1',
			description: 'cats',
			createdAt: at(8),
			views: 1000,
			likes: 1,
			comments: 1,
			shares: 1,
			saves: 1,
			author: 'a',
			hashtagId: 'id-cats',
			hashtagName: 'cats',
		};

		it('keeps a breakout whose video fetch failed, and says the videos could not be fetched', async () => {
			const { staticData } = await analyzeRun(fixture.items, copy(fixture.staticData), { alertsOutput: 'breakouts' });
			const json = await report(staticData, [failedFetch]);
			expect(json.alertHashtags).toEqual(['dogs']);
			expect(json.hashtagCount).toBe(1);
			expect(String(json.markdown)).toContain('\\#dogs\\: videos could not be fetched \\(Scavio server error \\(500\\)\\)');
			expect(String(json.html)).toMatch(/#dogs: videos could not be fetched/);
		});

		it('keeps a breakout that got no video item at all, next to the hashtags the videos are about', async () => {
			const { staticData } = await analyzeRun(fixture.items, copy(fixture.staticData), { alertsOutput: 'breakouts' });
			const json = await report(staticData, [catsVideo]);
			expect(json.hashtagCount).toBe(2);
			expect(json.alertHashtags).toEqual(expect.arrayContaining(['dogs', 'cats']));
			expect(String(json.markdown)).not.toMatch(/birds|fish/);
		});
	});
});
