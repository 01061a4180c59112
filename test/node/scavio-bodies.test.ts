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
