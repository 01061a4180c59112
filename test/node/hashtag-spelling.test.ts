/**
 * One hashtag spelling everywhere: the Scavio node, the analyzer's keys and stored rows use one
 * normaliser. Two spellings of one tag in a watchlist (`BookTok`, `#booktok`) are one fetch, one
 * result and no warning run after run; "summer vibes" is two tags for the node and never silently
 * one for the analyzer.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness';
import { createMockScavio, type Mock } from '../mock-scavio/server';
import { jsonOf, KEY, run, tiktokRequests } from './scavio-helpers';

const ANALYZER = 'n8n-nodes-scavio-tiktok.hashtagTrendAnalyzer';
const HOUR = 3600 * 1000;
const BASE = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
/** Only Date is faked (the node stamps fetchedAt with it); timers and I/O run as usual. */
const ALL_BUT_DATE = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;
let mock: Mock;

beforeAll(async () => {
	mock = await createMockScavio({ apiKey: KEY, seed: 9, concurrency: 0, now: BASE });
	mock.setHashtag('booktok', { id: '77', views: 1_000_000, videos: 1_000, viewsPerHour: 50_000 });
	mock.setHashtag('cleantok', { id: '78', views: 2_000_000, videos: 2_000, viewsPerHour: 10_000 });
});

afterEach(() => {
	jest.useRealTimers();
});

afterAll(async () => {
	await mock.close();
});

async function analyze(items: IDataObject[], staticData: IDataObject) {
	const result = await runNode({ type: ANALYZER, parameters: { operation: 'analyze' }, items, staticData });
	if (result.status !== 'success') throw result.error;
	return result.outputs[0] ?? [];
}

describe('two spellings of one tag in a watchlist', () => {
	it('are one fetch and one result, with no warning, run after run', async () => {
		jest.useFakeTimers({ doNotFake: [...ALL_BUT_DATE], advanceTimers: true, now: BASE });
		const staticData: IDataObject = {};
		const watchlist = [{ tag: 'BookTok' }, { tag: '#booktok' }, { tag: 'CleanTok' }, { tag: ' ＃ＢＯＯＫＴＯＫ ' }];
		for (let runNo = 0; runNo < 3; runNo++) {
			mock.resetLog();
			const fetched = await run(mock, { resource: 'hashtag', operation: 'get', hashtagName: '={{$json.tag}}' }, { items: watchlist });
			expect(tiktokRequests(mock, 'hashtag').map((r) => (r.body as { hashtag_name: string }).hashtag_name).sort()).toEqual(['booktok', 'cleantok']);
			const out = await analyze(jsonOf(fetched), staticData);
			expect(out.map((i) => i.json.hashtag)).toEqual(expect.arrayContaining(['booktok', 'cleantok']));
			expect(out).toHaveLength(2);
			const booktok = out.find((i) => i.json.hashtag === 'booktok')!;
			expect(booktok.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 3 }]);
			expect(out.map((i) => i.json.warnings)).toEqual([undefined, undefined]);
			expect(booktok.json.historySamples).toBe(runNo + 1);
			mock.advanceHours(1);
			jest.setSystemTime(BASE + (runNo + 1) * HOUR);
		}
	});

	it('the same run given twice still warns, once', async () => {
		const staticData: IDataObject = {};
		const fetched = jsonOf(await run(mock, { resource: 'hashtag', operation: 'get', hashtagName: '={{$json.tag}}' }, { items: [{ tag: 'BookTok' }, { tag: '#booktok' }] }));
		await analyze(fetched, staticData);
		const again = await analyze(fetched, staticData);
		expect(again).toHaveLength(1);
		expect(again[0].json.warnings).toEqual(['1 snapshot(s) were already stored with the same time and were not added again (same run processed twice?).']);
	});

	it('same time, other counts: the first is used and one warning says so', async () => {
		const fetchedAt = new Date().toISOString();
		const out = await analyze(
			[
				{ name: 'BookTok', views: 100, videos: 1, fetchedAt },
				{ name: '#booktok', views: 120, videos: 1, fetchedAt },
				{ name: 'booktok', views: 130, videos: 1, fetchedAt },
			],
			{},
		);
		expect(out).toHaveLength(1);
		expect(out[0].json.views).toBe(100);
		expect(out[0].json.warnings).toEqual(['2 input item(s) repeat a hashtag at the same time with other counts; the first of each was used.']);
	});
});

describe('"summer vibes"', () => {
	it('is two tags for the Scavio node and an error naming both for the analyzer, never silently "summervibes"', async () => {
		mock.resetLog();
		const fetched = await run(mock, { resource: 'hashtag', operation: 'get', hashtagName: 'summer vibes' });
		expect(jsonOf(fetched).map((j) => j.name)).toEqual(['summer', 'vibes']);
		const result = await runNode({ type: ANALYZER, parameters: { operation: 'analyze' }, items: [{ hashtag: 'Summer Vibes', views: 10, fetchedAt: new Date().toISOString() }], staticData: {} });
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('The hashtag name "Summer Vibes" is 2 hashtags ("summer", "vibes"): a hashtag ends at a space, as on TikTok');
	});
});

describe('Get Videos for two spellings of one tag', () => {
	it('fetches the videos once; each item gets them, billed once', async () => {
		mock.resetLog();
		const result = await run(
			mock,
			{ resource: 'hashtag', operation: 'getVideos', hashtagName: '={{$json.tag}}', limit: 40, options: { includeCreditInfo: true } },
			{ items: [{ tag: 'BookTok' }, { tag: '#booktok' }] },
		);
		expect(result.status).toBe('success');
		expect(tiktokRequests(mock, 'hashtag')).toHaveLength(1);
		expect(tiktokRequests(mock, 'hashtag/videos').map((r) => (r.body as { cursor: string }).cursor)).toEqual(['0', '30']);
		const out = result.outputs[0];
		expect(out.filter((i) => (i.pairedItem as { item: number }).item === 0)).toHaveLength(40);
		expect(out.filter((i) => (i.pairedItem as { item: number }).item === 1)).toHaveLength(40);
		// 1 lookup + 2 pages, billed to the item that fetched them
		expect([...new Set(out.map((i) => `${(i.pairedItem as { item: number }).item}:${String(i.json.credits_used)}`))]).toEqual(['0:3', '1:0']);
		expect(out[0].json).not.toBe(out[40].json);
	});
});
