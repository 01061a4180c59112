/**
 * Every endpoint in TikTok's app format and web format (and app with bare-number ids above 2^53
 * and a byte-order mark), run as a user runs the node: the same simplified records come out,
 * with exact counts, exact ids and the source of the counts named.
 */
import type { IDataObject } from 'n8n-workflow';

import { createMockScavio, type Mock, type MockOptions } from '../mock-scavio/server';
import { jsonOf, KEY, run, tiktokRequests, type Params } from './scavio-helpers';

let mock: Mock;

const APP: MockOptions = { format: 'app', numericIds: false, bom: false, hashtagVariant: 'app', searchVideosVariant: 'search_item_list', searchUsersVariant: 'user_list' };
const FORMATS: Array<[string, MockOptions]> = [
	['app', APP],
	['app with bare-number ids and a BOM', { ...APP, numericIds: true, bom: true }],
	['app general search', { ...APP, searchVideosVariant: 'general', searchUsersVariant: 'general' }],
	['web with bare-number ids', { format: 'web', numericIds: true, bom: false, hashtagVariant: 'all', searchVideosVariant: 'search_item_list', searchUsersVariant: 'user_list' }],
	['older web records (itemInfos / authorInfos)', { format: 'webLegacy', numericIds: false, bom: false, hashtagVariant: 'all', searchVideosVariant: 'search_item_list', searchUsersVariant: 'user_list' }],
];

let videoId: string;
let commentId: string;
let secUid: string;

beforeAll(async () => {
	mock = await createMockScavio({ apiKey: KEY, seed: 5, concurrency: 0, listSize: 45, hasMoreStyle: 'int' });
	mock.setHashtag('formats', { id: '7346582929391840518', views: 954_780_316_160, videos: 1_776_621 });
	mock.configure(APP);
	const videos = jsonOf(await run(mock, { resource: 'hashtag', operation: 'getVideos', hashtagName: 'formats', limit: 1 }));
	videoId = String(videos[0].id);
	const comments = jsonOf(await run(mock, { resource: 'video', operation: 'getComments', videoId, returnAll: true }));
	commentId = String(comments.find((c) => (c.replies as number) > 0)!.id);
	secUid = String(jsonOf(await run(mock, { resource: 'user', operation: 'getProfile', username: 'formatuser' }))[0].secUid);
});

afterAll(async () => {
	await mock.close();
});

const OPERATIONS: Array<[string, () => Params, 'hashtag' | 'video' | 'user' | 'comment']> = [
	['Hashtag → Get', () => ({ resource: 'hashtag', operation: 'get', hashtagName: 'formats' }), 'hashtag'],
	['Hashtag → Get Videos', () => ({ resource: 'hashtag', operation: 'getVideos', hashtagName: 'formats', returnAll: true }), 'video'],
	['Video → Get', () => ({ resource: 'video', operation: 'get', videoId }), 'video'],
	['Video → Get Comments', () => ({ resource: 'video', operation: 'getComments', videoId, returnAll: true }), 'comment'],
	['Video → Get Comment Replies', () => ({ resource: 'video', operation: 'getCommentReplies', videoId, commentId, returnAll: true }), 'comment'],
	['User → Get Profile', () => ({ resource: 'user', operation: 'getProfile', username: 'formatuser' }), 'user'],
	['User → Get Posts', () => ({ resource: 'user', operation: 'getPosts', secUserId: secUid, returnAll: true }), 'video'],
	['User → Get Followers', () => ({ resource: 'user', operation: 'getFollowers', secUserId: secUid, returnAll: true }), 'user'],
	['User → Get Followings', () => ({ resource: 'user', operation: 'getFollowings', secUserId: secUid, returnAll: true }), 'user'],
	['Search → Videos', () => ({ resource: 'search', operation: 'videos', keyword: 'formats', returnAll: true }), 'video'],
	['Search → Users', () => ({ resource: 'search', operation: 'users', keyword: 'formats', returnAll: true }), 'user'],
];

/** What must not differ between formats: everything but where the counts came from and when. */
function comparable(records: IDataObject[]): IDataObject[] {
	return records.map(({ countSource: _source, fetchedAt: _at, ...rest }) => rest);
}

const EXPECTED_SOURCE: Record<string, Record<string, string | null>> = {
	app: { hashtag: 'ch_info', video: 'statistics', user: 'user' },
	web: { hashtag: 'challengeInfo.statsV2', video: 'statsV2', user: 'statsV2' },
	webLegacy: { hashtag: 'challengeInfo.statsV2', video: 'itemInfos', user: 'statsV2' },
};

describe.each(OPERATIONS)('%s', (_name, params, kind) => {
	let reference: IDataObject[];

	it.each(FORMATS)('gives the same records in the %s format', async (label, options) => {
		mock.configure(options);
		mock.resetLog();
		const result = await run(mock, params());
		expect(result.status).toBe('success');
		const out = jsonOf(result);
		expect(out.length).toBeGreaterThan(0);
		if (label === 'app') reference = out;
		else expect(comparable(out)).toEqual(comparable(reference));

		// Return All followed every page (has_more / hasMore) with string cursors the mock accepts.
		const list = tiktokRequests(mock).filter((r) => r.status !== 200);
		expect(list).toEqual([]);
		if (kind !== 'comment' && kind !== 'hashtag') {
			// the older web records are list records: a single video still comes as itemInfo.itemStruct
			const source = options.format === 'webLegacy' && _name === 'Video → Get' ? 'statsV2' : EXPECTED_SOURCE[options.format!][kind];
			for (const record of out) if (record.countSource !== null) expect(record.countSource).toBe(source);
			expect(out.some((record) => record.countSource === source)).toBe(true);
		}
		if (kind === 'hashtag') expect(out[0].countSource).toBe(EXPECTED_SOURCE[options.format!].hashtag);
		// ids stay exact digit strings, also when the body had them as bare numbers above 2^53
		for (const record of out) {
			if (record.id !== null) expect(record.id).toMatch(/^\d+$/);
			if (kind === 'video') expect(record.url).toBe(`https://www.tiktok.com/@${record.author}/video/${record.id}`);
		}
	});
});

describe('exact counts and ids', () => {
	it('keeps a hashtag id above 2^53 and the exact counts in both formats', async () => {
		for (const options of [APP, { ...APP, numericIds: true }, { format: 'web' as const, hashtagVariant: 'all' as const, numericIds: true }]) {
			mock.configure(options);
			const [tag] = jsonOf(await run(mock, { resource: 'hashtag', operation: 'get', hashtagName: 'formats' }));
			expect(tag).toMatchObject({ id: '7346582929391840518', views: 954_780_316_160, videos: 1_776_621 });
		}
	});

	it('a web-only answer (rounded stats, likes overflowed to a negative number) falls back per count and says so', async () => {
		mock.configure(APP);
		mock.failNext({
			path: 'profile',
			status: 200,
			body: {
				data: {
					userInfo: {
						user: { id: '7346582929391840518', uniqueId: 'roundme', secUid: 'MS4wLjABAAAAx', verified: true },
						stats: { followerCount: 1_800_000, followingCount: 12, heartCount: -1_794_967_296, videoCount: 40 },
					},
				},
				credits_used: 1,
				credits_remaining: 10,
			},
		});
		const [user] = jsonOf(await run(mock, { resource: 'user', operation: 'getProfile', username: 'roundme' }));
		// rounded numbers are used only because nothing exact exists; the overflowed one is never taken
		expect(user).toMatchObject({ id: '7346582929391840518', followers: 1_800_000, likes: null, verified: true, countSource: 'stats' });
	});
});
