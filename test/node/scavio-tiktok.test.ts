/**
 * The Scavio TikTok node through the in-process n8n harness (real n8n-core, real HTTP) against the
 * loopback mock: every operation, every hashtag payload variant, every pagination style.
 */
import { createMockScavio, HASHTAG_VARIANTS, type Mock } from '../mock-scavio/server';
import { expectNoKey, jsonOf, KEY, pairedOf, run, tiktokRequests } from './scavio-helpers';

let mock: Mock;

beforeAll(async () => {
	mock = await createMockScavio({ apiKey: KEY, seed: 7, concurrency: 0, listSize: 45 });
});

afterAll(async () => {
	await mock.close();
});

beforeEach(() => {
	mock.configure({ hashtagVariant: 'all', numericCursors: 'mixed' as const, repeatCursor: false, searchVideosVariant: 'search_item_list', hasMoreStyle: 'int', listSize: 45 });
	mock.resetLog();
});

describe('Hashtag → Get', () => {
	const expected: Record<string, { countSource: string; videos: 'count' | null }> = {
		all: { countSource: 'challengeInfo.statsV2', videos: 'count' },
		stats: { countSource: 'challengeInfo.stats', videos: 'count' },
		statsV2: { countSource: 'challengeInfo.statsV2', videos: 'count' },
		challengeStats: { countSource: 'challengeInfo.challenge.stats', videos: null },
		legacyTop: { countSource: 'view_count', videos: 'count' },
		legacyData: { countSource: 'data.stats', videos: 'count' },
		app: { countSource: 'ch_info', videos: 'count' },
	};

	it.each(HASHTAG_VARIANTS.map((v) => [v]))('reads the %s payload variant', async (variant) => {
		const name = `variant${variant.toLowerCase()}`;
		mock.setHashtag(name, { id: '7001', views: 123456789, videos: 4321, variant });
		const result = await run(mock, { resource: 'hashtag', operation: 'get', lookupBy: 'name', hashtagName: `#${name}` });
		expect(result.status).toBe('success');
		const [item] = jsonOf(result);
		expect(item).toMatchObject({ id: '7001', name, views: 123456789, countSource: expected[variant].countSource });
		expect(item.videos).toBe(expected[variant].videos === null ? null : 4321);
		expect(Date.parse(item.fetchedAt as string)).not.toBeNaN();
		expect(tiktokRequests(mock, 'hashtag').map((r) => r.body)).toEqual([{ hashtag_name: name }]);
	});

	it('looks up by ID and returns the raw data object when Simplify is off', async () => {
		mock.setHashtag('byid', { id: '8123', views: 50, videos: 5 });
		const result = await run(mock, { resource: 'hashtag', operation: 'get', lookupBy: 'id', hashtagId: '8123', simplify: false });
		expect(tiktokRequests(mock).map((r) => r.body)).toEqual([{ hashtag_id: '8123' }]);
		expect(jsonOf(result)[0]).toEqual({ challengeInfo: expect.objectContaining({ challenge: expect.objectContaining({ id: '8123' }) }) });
	});

	it('keeps input order and pairs each item with its input', async () => {
		const tags = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
		tags.forEach((t, i) => mock.setHashtag(t, { views: 1000 * (i + 1), videos: i + 1 }));
		const result = await run(mock, { resource: 'hashtag', operation: 'get', hashtagName: '={{$json.tag}}' }, { items: tags.map((tag) => ({ tag })) });
		expect(jsonOf(result).map((j) => [j.name, j.views])).toEqual(tags.map((t, i) => [t, 1000 * (i + 1)]));
		expect(pairedOf(result)).toEqual(tags.map((_, i) => ({ item: i })));
		expectNoKey(result);
	});

	it('adds credits_used and credits_remaining when Include Credit Info is on', async () => {
		mock.setHashtag('credity', { views: 10, videos: 1 });
		const result = await run(mock, { resource: 'hashtag', operation: 'get', hashtagName: 'credity', options: { includeCreditInfo: true } });
		expect(jsonOf(result)[0]).toMatchObject({ credits_used: 1, credits_remaining: mock.credits });
	});
});

describe('Hashtag → Get Videos', () => {
	it('resolves a name once per execution, fetches its pages once for every spelling, with string cursors up to the limit', async () => {
		mock.setHashtag('cachetag', { id: '9001', views: 1, videos: 1, videoListSize: 80 });
		const result = await run(
			mock,
			{ resource: 'hashtag', operation: 'getVideos', hashtagName: '={{$json.tag}}', limit: 40 },
			{ items: [{ tag: '#CacheTag' }, { tag: 'cachetag' }, { tag: ' ＣＡＣＨＥＴＡＧ ' }] },
		);
		expect(result.status).toBe('success');
		expect(tiktokRequests(mock, 'hashtag')).toHaveLength(1);
		const pages = tiktokRequests(mock, 'hashtag/videos').map((r) => r.body as Record<string, unknown>);
		// three spellings of one tag: one paged fetch, shared (each item still gets the 40 videos)
		expect(pages).toHaveLength(2);
		for (const body of pages) {
			expect(body.hashtag_id).toBe('9001');
			expect(typeof body.cursor).toBe('string');
		}
		expect(pages.map((b) => b.count)).toEqual([30, 10]);
		const videos = jsonOf(result);
		expect(videos).toHaveLength(120);
		expect(videos[0]).toMatchObject({ hashtagId: '9001', hashtagName: 'cachetag', url: expect.stringMatching(/^https:\/\/www\.tiktok\.com\/@.+\/video\/\d+$/) });
		expect(videos[0].hashtags).toContain('cachetag');
		expect(pairedOf(result).slice(38, 42)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});

	it('Return All stops when has_more turns falsy', async () => {
		mock.setHashtag('alltag', { id: '9002', views: 1, videos: 1, videoListSize: 45 });
		const result = await run(mock, { resource: 'hashtag', operation: 'getVideos', lookupBy: 'id', hashtagId: '9002', returnAll: true });
		expect(jsonOf(result)).toHaveLength(45);
		expect(tiktokRequests(mock, 'hashtag/videos').map((r) => (r.body as { cursor: string }).cursor)).toEqual(['0', '30']);
	});

	it('stops on a repeated cursor instead of looping', async () => {
		mock.setHashtag('looptag', { id: '9003', views: 1, videos: 1, videoListSize: 100 });
		mock.configure({ repeatCursor: ['hashtag/videos'] });
		const result = await run(mock, { resource: 'hashtag', operation: 'getVideos', lookupBy: 'id', hashtagId: '9003', returnAll: true });
		expect(result.status).toBe('success');
		expect(tiktokRequests(mock, 'hashtag/videos')).toHaveLength(2);
	});

	it('sends numeric response cursors back as strings', async () => {
		mock.setHashtag('numtag', { id: '9004', views: 1, videos: 1, videoListSize: 70 });
		mock.configure({ numericCursors: true, hasMoreStyle: 'bool' });
		const result = await run(mock, { resource: 'hashtag', operation: 'getVideos', lookupBy: 'id', hashtagId: '9004', returnAll: true });
		expect(jsonOf(result)).toHaveLength(70);
		expect(tiktokRequests(mock, 'hashtag/videos').map((r) => (r.body as { cursor: unknown }).cursor)).toEqual(['0', '30', '60']);
		expect(tiktokRequests(mock).every((r) => r.status === 200)).toBe(true);
	});

	it('a failed fetch (On Error: continue) is an error item that names the hashtag, for a report step', async () => {
		mock.setHashtag('failtag', { id: '9005', views: 1, videos: 1, videoListSize: 5 });
		// 404 is not retried, so one rule is enough.
		mock.failNext({ path: 'hashtag/videos', status: 404 });
		const byId = await run(mock, { resource: 'hashtag', operation: 'getVideos', lookupBy: 'id', hashtagId: '={{$json.id}}', limit: 5 }, { items: [{ id: '9005' }], onError: 'continueRegularOutput' });
		expect(jsonOf(byId)).toEqual([{ error: expect.any(String), hashtagId: '9005', hashtagName: null, httpCode: '404' }]);
		expect(pairedOf(byId)).toEqual([{ item: 0 }]);
		mock.failNext({ path: 'hashtag/videos', status: 404 });
		const byName = await run(mock, { resource: 'hashtag', operation: 'getVideos', hashtagName: '#FailTag', limit: 5 }, { onError: 'continueRegularOutput' });
		expect(jsonOf(byName)).toEqual([{ error: expect.any(String), hashtagId: null, hashtagName: 'failtag', httpCode: '404' }]);
	});
});

describe('Video', () => {
	let videoId: string;
	let commentId: string;

	beforeAll(async () => {
		mock.setHashtag('videosource', { id: '9100', views: 1, videos: 1, videoListSize: 5 });
		const result = await run(mock, { resource: 'hashtag', operation: 'getVideos', lookupBy: 'id', hashtagId: '9100', limit: 1 });
		videoId = jsonOf(result)[0].id as string;
	});

	it('Get returns the simplified video (a pasted URL works too)', async () => {
		const result = await run(mock, { resource: 'video', operation: 'get', videoId: `https://www.tiktok.com/@someone/video/${videoId}?lang=en` });
		expect(tiktokRequests(mock, 'video').map((r) => r.body)).toEqual([{ video_id: videoId }]);
		expect(jsonOf(result)[0]).toMatchObject({ id: videoId, views: expect.any(Number), likes: expect.any(Number), createdAt: expect.any(String) });
	});

	it('Get Comments pages with count up to 50 and Get Comment Replies sends the parent id', async () => {
		const comments = await run(mock, { resource: 'video', operation: 'getComments', videoId, limit: 60 });
		const page = jsonOf(comments);
		expect(page.length).toBeGreaterThan(0);
		expect(page[0]).toMatchObject({ id: expect.any(String), text: expect.any(String), videoId });
		expect(tiktokRequests(mock, 'video/comments').map((r) => (r.body as { count: number }).count)[0]).toBe(50);
		// a comment that has replies, so the checks below cannot pass on an empty list
		const parent = page.find((c) => (c.replies as number) > 0)!;
		expect(parent).toBeDefined();
		commentId = parent.id as string;
		mock.resetLog();
		const replies = await run(mock, { resource: 'video', operation: 'getCommentReplies', videoId, commentId, returnAll: true });
		expect(replies.status).toBe('success');
		expect(tiktokRequests(mock, 'video/comments/replies')[0].body).toMatchObject({ video_id: videoId, comment_id: commentId, cursor: '0' });
		expect(jsonOf(replies)).toHaveLength(parent.replies as number);
		for (const reply of jsonOf(replies)) expect(reply.parentId).toBe(commentId);
	});

	it('a non-numeric Video ID is a clear per-item error', async () => {
		const result = await run(mock, { resource: 'video', operation: 'get', videoId: 'not-an-id' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Video ID "not-an-id" is not a TikTok id/);
		expect(tiktokRequests(mock)).toHaveLength(0);
	});
});

describe('User', () => {
	let secUid: string;

	it('Get Profile by username (with @) and by Sec User ID', async () => {
		const byName = await run(mock, { resource: 'user', operation: 'getProfile', lookupBy: 'username', username: '@dancer' });
		const profile = jsonOf(byName)[0];
		expect(profile).toMatchObject({ username: 'dancer', secUid: expect.any(String), url: 'https://www.tiktok.com/@dancer' });
		secUid = profile.secUid as string;
		const bySec = await run(mock, { resource: 'user', operation: 'getProfile', lookupBy: 'secUid', secUserId: secUid });
		expect(jsonOf(bySec)[0].secUid).toBe(secUid);
		expect(tiktokRequests(mock, 'profile').map((r) => r.body)).toEqual([{ username: 'dancer' }, { sec_user_id: secUid }]);
	});

	it('Get Profile of an unknown user is a clear error', async () => {
		mock.configure({ missingUsernames: ['ghostuser'] });
		const result = await run(mock, { resource: 'user', operation: 'getProfile', username: 'ghostuser' }, { onError: 'continueRegularOutput' });
		expect(jsonOf(result)[0].error).toBe('No TikTok user found for @ghostuser');
	});

	it('Get Posts pages by max_cursor (numeric in the response, string in the request)', async () => {
		const result = await run(mock, { resource: 'user', operation: 'getPosts', secUserId: secUid, sortType: '0', returnAll: true });
		expect(result.status).toBe('success');
		const bodies = tiktokRequests(mock, 'user/posts').map((r) => r.body as Record<string, unknown>);
		expect(bodies.length).toBeGreaterThanOrEqual(2);
		expect(bodies[0]).toMatchObject({ sec_user_id: secUid, sort_type: '0', cursor: '0', count: 30 });
		for (const b of bodies.slice(1)) expect(b.cursor).toMatch(/^\d{13}$/);
		const videos = jsonOf(result);
		expect(new Set(videos.map((v) => v.id)).size).toBe(videos.length);
	});

	it.each([
		['getPosts', 'user/posts', { sortType: '0' }],
		['getFollowers', 'user/followers', {}],
	] as const)('%s stops on a repeated cursor/token instead of looping', async (operation, path, extra) => {
		mock.configure({ repeatCursor: [path] });
		try {
			const before = tiktokRequests(mock, path).length;
			const result = await run(mock, { resource: 'user', operation, secUserId: secUid, returnAll: true, ...extra });
			expect(result.status).toBe('success');
			expect(tiktokRequests(mock, path).length - before).toBe(2);
		} finally {
			mock.configure({ repeatCursor: false });
		}
	});

	it.each([['getFollowers'], ['getFollowings']])('%s pages with page_token + min_time', async (operation) => {
		const result = await run(mock, { resource: 'user', operation, secUserId: secUid, limit: 45 });
		expect(jsonOf(result)).toHaveLength(45);
		expect(jsonOf(result)[0]).toMatchObject({ username: expect.any(String), secUid: expect.any(String) });
		const bodies = tiktokRequests(mock).map((r) => r.body as Record<string, unknown>);
		expect(bodies.map((b) => b.count)).toEqual([20, 20, 5]);
		expect(bodies[0].page_token).toBeUndefined();
		for (const b of bodies.slice(1)) {
			expect(typeof b.page_token).toBe('string');
			expect(typeof b.min_time).toBe('number');
		}
	});
});

describe('Search', () => {
	it.each([['search_item_list'], ['aweme_list']] as const)('Videos reads the %s list shape and sends digit strings', async (variant) => {
		mock.configure({ searchVideosVariant: variant });
		const result = await run(mock, { resource: 'search', operation: 'videos', keyword: 'summer outfits', sortType: '1', publishTime: '0', limit: 35 });
		expect(jsonOf(result)).toHaveLength(35);
		const bodies = tiktokRequests(mock, 'search/videos').map((r) => r.body as Record<string, unknown>);
		expect(bodies[0]).toEqual({ keyword: 'summer outfits', sort_type: '1', publish_time: '0', cursor: '0', count: 30 });
		expect(bodies[1]).toMatchObject({ cursor: '30', count: 5 });
	});

	it('Users reads user_list[].user_info', async () => {
		const result = await run(mock, { resource: 'search', operation: 'users', keyword: 'cats', limit: 3 });
		expect(jsonOf(result)).toHaveLength(3);
		expect(jsonOf(result)[0]).toMatchObject({ id: expect.any(String), username: expect.any(String) });
	});

	it('raw records come back when Simplify is off', async () => {
		const result = await run(mock, { resource: 'search', operation: 'users', keyword: 'cats', limit: 2, simplify: false });
		expect(jsonOf(result)[0]).toHaveProperty('unique_id');
	});
});

describe('Account → Get Usage', () => {
	it('returns the usage fields and costs nothing', async () => {
		const before = mock.credits;
		const result = await run(mock, { resource: 'account', operation: 'getUsage' });
		expect(jsonOf(result)[0]).toMatchObject({ plan: expect.any(String), credit_balance: before });
		expect(mock.credits).toBe(before);
		expect(mock.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/api/v1/usage']]);
	});
});
