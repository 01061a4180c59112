/**
 * 200 answers that are not what they seem (an error body, TikTok's status_code, an HTML page, a
 * cut-off body), a page of 200,000 records, and usernames where a Sec UID is needed — through the
 * node, as a user runs it, against the loopback mock.
 */
import { createMockScavio, type Mock, type MockOptions } from '../mock-scavio/server';
import { expectNoKey, jsonOf, KEY, pairedOf, run, tiktokRequests } from './scavio-helpers';

const mocks: Mock[] = [];

async function newMock(options: MockOptions = {}): Promise<Mock> {
	const mock = await createMockScavio({ apiKey: KEY, seed: 3, concurrency: 0, ...options });
	mocks.push(mock);
	return mock;
}

afterAll(async () => {
	await Promise.all(mocks.map((m) => m.close()));
});

const getHashtag = { resource: 'hashtag', operation: 'get', hashtagName: '={{$json.tag}}', options: { maxRetries: 2, includeCreditInfo: true } };
const getVideos = { resource: 'hashtag', operation: 'getVideos', lookupBy: 'id', hashtagId: '4242', returnAll: true, options: { maxRetries: 2 } };

describe('200 answers that carry no data', () => {
	it('an error body is a clear item error at once (no retry), never an empty result', async () => {
		const mock = await newMock();
		mock.failNext({ path: 'hashtag', status: 'errorBody200', hashtagName: 'broken' });
		const result = await run(mock, getHashtag, { items: [{ tag: 'broken' }, { tag: 'fine' }], onError: 'continueRegularOutput' });
		const [broken, fine] = jsonOf(result);
		expect(broken).toMatchObject({ hashtag: 'broken', httpCode: '200', error: 'Scavio answered 200 but with an error instead of data: "TikTok returned an error for this request."' });
		expect(broken.views).toBeUndefined();
		expect(fine).toMatchObject({ name: 'fine', views: expect.any(Number) });
		expect(tiktokRequests(mock, 'hashtag').map((r) => (r.body as { hashtag_name: string }).hashtag_name).sort()).toEqual(['broken', 'fine']);
		expectNoKey(result);
	});

	it("TikTok's own status_code ≠ 0 is a clear item error naming it, counted as billed", async () => {
		const mock = await newMock();
		mock.setHashtag('gonevids', { id: '4242', views: 1, videos: 1 });
		mock.failNext({ path: 'hashtag/videos', status: 'tiktokError200' });
		const result = await run(mock, { ...getVideos, options: { includeCreditInfo: true } }, { onError: 'continueRegularOutput' });
		expect(jsonOf(result)).toEqual([
			expect.objectContaining({ error: 'Scavio answered 200 but with an error instead of data: "TikTok status_code 10202 ("The content is not available.")"', httpCode: '200' }),
		]);
		expect(tiktokRequests(mock)).toHaveLength(1);
	});

	it('a rate-limit error in a 200 is retried like a 429', async () => {
		const mock = await newMock();
		mock.failNext({ path: 'hashtag', status: 'rateLimit200' });
		const result = await run(mock, getHashtag, { items: [{ tag: 'slowdown' }] });
		expect(result.status).toBe('success');
		expect(jsonOf(result)[0]).toMatchObject({ name: 'slowdown', views: expect.any(Number) });
		expect(tiktokRequests(mock)).toHaveLength(2);
	});

	it('an HTML page is retried like a 5xx; when it persists the item error says what came back', async () => {
		const mock = await newMock();
		mock.failNext({ path: 'hashtag', status: 'html200', hashtagName: 'once' });
		mock.failNext({ path: 'hashtag', status: 'html200', hashtagName: 'always', count: 3 });
		const result = await run(mock, getHashtag, { items: [{ tag: 'once' }, { tag: 'always' }], onError: 'continueRegularOutput' });
		const [once, always] = jsonOf(result);
		expect(once).toMatchObject({ name: 'once', views: expect.any(Number) });
		expect(always).toMatchObject({ hashtag: 'always', httpCode: '200' });
		expect(always.error).toMatch(/^Scavio returned an HTML page instead of JSON \("<!DOCTYPE html><html><head><title>Just a moment\.\.\..*after 3 attempts$/);
		expect(pairedOf(result)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a cut-off body on a list page is retried, and the pages before it are not lost', async () => {
		const mock = await newMock({ listSize: 70 });
		mock.setHashtag('cutlist', { id: '4242', views: 1, videos: 1, videoListSize: 70 });
		mock.failNext({ path: 'hashtag/videos', status: 'malformedJson' });
		const result = await run(mock, getVideos);
		expect(result.status).toBe('success');
		expect(new Set(jsonOf(result).map((v) => v.id)).size).toBe(70);
	});

	it('an error body on a list page fails the item instead of returning "0 videos"', async () => {
		const mock = await newMock();
		mock.setHashtag('nolist', { id: '4242', views: 1, videos: 1 });
		mock.failNext({ path: 'hashtag/videos', status: 'errorBody200' });
		const result = await run(mock, getVideos);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Scavio answered 200 but with an error instead of data/);
	});
});

describe('a page whose records cannot be read is an error, never "0 videos"', () => {
	const unreadable = { data: { itemList: Array.from({ length: 30 }, (_, i) => ({ itemData: { vid: i } })), hasMore: true, cursor: '30' }, credits_used: 1, credits_remaining: 9 };

	it('on the first page: the item fails naming the keys it saw', async () => {
		const mock = await newMock();
		mock.setHashtag('odd', { id: '4242', views: 1, videos: 1 });
		mock.failNext({ path: 'hashtag/videos', status: 200, body: unreadable });
		const result = await run(mock, getVideos, { onError: 'continueRegularOutput' });
		expect(jsonOf(result)).toEqual([expect.objectContaining({ error: expect.stringContaining('Scavio returned 30 videos that could not be read (no id in any known place; record keys: itemData)') })]);
	});

	it('on a later page: the pages before it are kept, then the error item', async () => {
		const mock = await newMock({ listSize: 70 });
		mock.setHashtag('odd', { id: '4242', views: 1, videos: 1, videoListSize: 70 });
		mock.failNext({ path: 'hashtag/videos', status: 200, body: unreadable, laterPage: true });
		const result = await run(mock, getVideos, { onError: 'continueRegularOutput' });
		const out = jsonOf(result);
		expect(out).toHaveLength(31);
		expect(out[30]).toMatchObject({ partial: true, recordsFetched: 30, resumeCursor: '30', error: expect.stringContaining('record keys: itemData') });
	});
});

describe('a page of 200,000 records', () => {
	it.each([
		['Hashtag → Get Videos', getVideos],
		['User → Get Followers', { resource: 'user', operation: 'getFollowers', secUserId: 'MS4wLjABAAAAhugepage', returnAll: true }],
	])('%s returns every record of the page without crashing', async (_name, params) => {
		const mock = await newMock({ hugePage: 200_000, numericIds: true });
		mock.setHashtag('huge', { id: '4242', views: 1, videos: 1 });
		const result = await run(mock, params);
		expect(result.status).toBe('success');
		const out = jsonOf(result);
		expect(out).toHaveLength(200_000);
		// ids above 2^53 sent as bare numbers are still distinct and exact
		expect(out[199_999].id).toBe('7000000000000199999');
		expect(new Set(out.map((j) => j.id)).size).toBe(200_000);
	}, 120_000);
});

describe('a username where a Sec UID is needed', () => {
	it('looks the username up once per execution (1 credit) and pages with its Sec UID', async () => {
		const mock = await newMock({ listSize: 25 });
		const result = await run(
			mock,
			{ resource: 'user', operation: 'getPosts', secUserId: '={{$json.user}}', limit: 5, options: { includeCreditInfo: true } },
			{ items: [{ user: '@Creator.One' }, { user: 'https://www.tiktok.com/@Creator.One?lang=en' }, { user: 'creator.one' }] },
		);
		expect(result.status).toBe('success');
		const profile = tiktokRequests(mock, 'profile');
		expect(profile.map((r) => r.body)).toEqual([{ username: 'Creator.One' }]);
		const secUid = (tiktokRequests(mock, 'user/posts')[0].body as { sec_user_id: string }).sec_user_id;
		expect(secUid).toMatch(/^MS4wLjABAAAA/);
		const out = jsonOf(result);
		expect(out).toHaveLength(15);
		// the lookup is billed to the item that made it
		expect(out.map((j) => j.credits_used)).toEqual([...Array(5).fill(2), ...Array(10).fill(1)]);
	});

	it('a Sec UID is used as it is; text that is neither is a clear error', async () => {
		const mock = await newMock();
		const result = await run(
			mock,
			{ resource: 'user', operation: 'getFollowers', secUserId: '={{$json.user}}', limit: 3 },
			{ items: [{ user: 'MS4wLjABAAAAdirect' }, { user: 'not a user!' }], onError: 'continueRegularOutput' },
		);
		const out = jsonOf(result);
		expect(out.slice(0, 3).every((j) => typeof j.username === 'string')).toBe(true);
		expect(out[3].error).toBe('The User "not a user!" is neither a TikTok username nor a Sec UID');
		expect(tiktokRequests(mock, 'profile')).toHaveLength(0);
		expect(tiktokRequests(mock, 'user/followers').map((r) => (r.body as { sec_user_id: string }).sec_user_id)).toEqual(['MS4wLjABAAAAdirect']);
	});

	it('an unknown username is a clear error naming it', async () => {
		const mock = await newMock({ missingUsernames: ['ghost'] });
		const result = await run(mock, { resource: 'user', operation: 'getFollowings', secUserId: 'ghost' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('No TikTok user found for @ghost');
		expect(tiktokRequests(mock, 'user/followings')).toHaveLength(0);
	});
});

describe('a page after the first fails: the pages already paid for are kept', () => {
	const paged = (options: object = {}) => ({ ...getVideos, options: { maxRetries: 2, includeCreditInfo: true, ...options } });
	const failPage2 = (mock: Mock, status: 503 | 'tiktokError200') => mock.failNext({ path: 'hashtag/videos', status, laterPage: true, count: 3 });

	it.each([
		['a 5xx after every retry (not billed)', 503 as const, 1, 'Scavio answered HTTP 503'],
		["a 200 carrying TikTok's status_code (billed)", 'tiktokError200' as const, 2, 'TikTok status_code 10202'],
	])('%s: under Continue On Fail, page 1 plus one error item that says where to resume', async (_name, status, credits, message) => {
		const mock = await newMock({ listSize: 70 });
		mock.setHashtag('paged', { id: '4242', views: 1, videos: 1, videoListSize: 70 });
		failPage2(mock, status);
		const result = await run(mock, paged(), { onError: 'continueRegularOutput' });
		expect(result.status).toBe('success');
		const out = jsonOf(result);
		expect(out).toHaveLength(31);
		expect(new Set(out.slice(0, 30).map((v) => v.id)).size).toBe(30);
		expect(out[30]).toMatchObject({ partial: true, recordsFetched: 30, pagesFetched: 1, resumeCursor: '30', hashtagId: '4242' });
		expect(String(out[30].error)).toContain(message);
		// credits_used counts the page kept and the failed page when it was billed
		expect(out.map((j) => j.credits_used)).toEqual(Array(31).fill(credits));
		expect(pairedOf(result)).toEqual(Array(31).fill({ item: 0 }));
		expect(mock.state().billedCalls).toBe(credits);
	});

	it('with a Limit, on the error output: the records on the main output, the error item on the error output', async () => {
		const mock = await newMock({ listSize: 70 });
		mock.setHashtag('paged', { id: '4242', views: 1, videos: 1, videoListSize: 70 });
		failPage2(mock, 503);
		const result = await run(mock, { ...paged(), returnAll: false, limit: 50 }, { onError: 'continueErrorOutput' });
		expect(jsonOf(result)).toHaveLength(30);
		expect(jsonOf(result, 1)).toEqual([expect.objectContaining({ error: expect.stringContaining('Scavio answered HTTP 503') })]);
	});

	it('without Continue On Fail the error says how many records and credits were fetched and how to resume', async () => {
		const mock = await newMock({ listSize: 70 });
		mock.setHashtag('paged', { id: '4242', views: 1, videos: 1, videoListSize: 70 });
		failPage2(mock, 'tiktokError200');
		const result = await run(mock, paged());
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('TikTok status_code 10202');
		expect(result.error?.message).toContain('30 records from 1 page (2 credits) had been fetched before page 2 failed (its cursor: "30")');
		expect((result.error as { description?: string }).description).toMatch(/On Error to "Continue"/);
		expectNoKey(result);
	});

	it('a failure on page 1 is still the item error (nothing was fetched)', async () => {
		const mock = await newMock({ listSize: 70 });
		mock.setHashtag('paged', { id: '4242', views: 1, videos: 1, videoListSize: 70 });
		mock.failNext({ path: 'hashtag/videos', status: 503, count: 3 });
		const result = await run(mock, paged(), { onError: 'continueRegularOutput' });
		expect(jsonOf(result)).toEqual([expect.objectContaining({ error: expect.stringContaining('503'), hashtagId: '4242' })]);
		expect(jsonOf(result)[0].partial).toBeUndefined();
	});
});

describe('a watchlist in one field (Get Videos): one result or error item per tag', () => {
	const watchlist = { resource: 'hashtag', operation: 'getVideos', hashtagName: 'booktok, nosuchtag123, cleantok', limit: 5, options: { includeCreditInfo: true } };

	it('under Continue On Fail a tag that fails gets its own error item; the other tags keep their videos', async () => {
		const mock = await newMock({ listSize: 20, missingHashtags: ['nosuchtag123'] });
		const result = await run(mock, watchlist, { onError: 'continueRegularOutput' });
		const out = jsonOf(result);
		expect(out.map((j) => (j.error ? `error:${String(j.hashtagName)}` : j.hashtagName))).toEqual([
			...Array(5).fill('booktok'),
			'error:nosuchtag123',
			...Array(5).fill('cleantok'),
		]);
		expect(String(out[5].error)).toMatch(/404/);
		expect(pairedOf(result)).toEqual(Array(11).fill({ item: 0 }));
		// 2 lookups and 2 video pages paid for and kept, plus the billed 404 lookup: all in credits_used
		expect(mock.state().billedCalls).toBe(5);
		expect(new Set(out.map((j) => j.credits_used))).toEqual(new Set([5]));
	});

	it('without it the item fails naming the tag and what was fetched before it, and no later tag is paid for', async () => {
		const mock = await newMock({ listSize: 20, missingHashtags: ['nosuchtag123'] });
		const result = await run(mock, watchlist);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('while fetching hashtag "nosuchtag123"; 5 videos of the tags before it (2 credits) had been fetched');
		expect(tiktokRequests(mock, 'hashtag').map((r) => (r.body as { hashtag_name: string }).hashtag_name)).toEqual(['booktok', 'nosuchtag123']);
	});
});

describe('pagination never pays twice for a cursor', () => {
	it('an upstream that answers a later page with cursor 0 (and has_more) is not asked for page 1 again', async () => {
		const mock = await newMock({ listSize: 100, cursorZeroLater: ['hashtag/videos'] });
		mock.setHashtag('loopy', { id: '4242', views: 1, videos: 1, videoListSize: 100 });
		const result = await run(mock, getVideos);
		expect(result.status).toBe('success');
		const cursors = tiktokRequests(mock, 'hashtag/videos').map((r) => (r.body as { cursor: string }).cursor);
		expect(cursors).toEqual(['0', '30']);
		const ids = jsonOf(result).map((v) => v.id);
		expect(ids).toHaveLength(60);
		expect(new Set(ids).size).toBe(60);
	});
});
