/**
 * No silent empty feeds: the older web record (`itemInfos` / `authorInfos` / `challengeInfo`) is
 * read like today's formats, and a page whose records cannot be read is an error naming the keys
 * it saw — never 0 records from a non-empty page. Count placeholders fall back to the next source.
 */
import { parseHashtag, parseMany, parseUser, parseVideoOrNull, readPage, ScavioParseError } from '../../lib/scavio';

const AT = '2026-11-22T05:00:00.000Z';

/** A record of the older web feed (made up, with the field names that shape uses). */
function legacyItem(id: string, challengeKey: 'challengeInfoList' | 'challengeInfo' = 'challengeInfoList') {
	return {
		itemInfos: {
			id,
			text: 'reading in the sun #BookTok',
			createTime: '1732251600',
			authorId: '6800000000000000001',
			playCount: 1_776_621,
			diggCount: 98_001,
			commentCount: 1_204,
			shareCount: 311,
			covers: ['https://p16.example/cover.jpeg'],
			video: { videoMeta: { width: 576, height: 1024, duration: 27 } },
		},
		authorInfos: { userId: '6800000000000000001', uniqueId: 'Sunny.Reader', nickName: 'Sunny ✨', secUid: 'MS4wLjABAAAAlegacy', verified: false },
		authorStats: { followerCount: 5021, heartCount: 120_004, videoCount: 87, followingCount: 12 },
		[challengeKey]: [{ challengeId: '77', challengeName: 'BookTok' }, { challengeId: '78', challengeName: 'summerreads' }],
		textExtra: [{ HashtagName: 'BookTok', HashtagId: '77', Type: 1 }],
	};
}

describe('the older web record (itemInfos / authorInfos / challengeInfo)', () => {
	it.each(['challengeInfoList', 'challengeInfo'] as const)('a feed of 30 such records gives 30 videos with exact counts (hashtags under %s)', (key) => {
		const page = { data: { itemList: Array.from({ length: 30 }, (_, i) => legacyItem(`73465829293918405${String(i).padStart(2, '0')}`, key)), hasMore: true, cursor: '30' } };
		const records = readPage('videos', page);
		expect(records).toHaveLength(30);
		const videos = parseMany(records, parseVideoOrNull);
		expect(videos).toHaveLength(30);
		expect(videos[0]).toEqual({
			id: '7346582929391840500',
			url: 'https://www.tiktok.com/@Sunny.Reader/video/7346582929391840500',
			description: 'reading in the sun #BookTok',
			createdAt: '2024-11-22T05:00:00.000Z',
			views: 1_776_621,
			likes: 98_001,
			comments: 1_204,
			shares: 311,
			saves: null,
			author: 'Sunny.Reader',
			authorNickname: 'Sunny ✨',
			hashtags: ['booktok', 'summerreads'],
			durationSec: 27,
			coverUrl: 'https://p16.example/cover.jpeg',
			countSource: 'itemInfos',
		});
	});

	it('its author reads as a user (authorInfos with authorStats)', () => {
		const item = legacyItem('1');
		expect(parseUser({ authorInfos: item.authorInfos, authorStats: item.authorStats })).toMatchObject({
			id: '6800000000000000001',
			username: 'Sunny.Reader',
			nickname: 'Sunny ✨',
			secUid: 'MS4wLjABAAAAlegacy',
			followers: 5021,
			likes: 120_004,
			videos: 87,
		});
	});
});

describe('a page whose records cannot be read is an error, never an empty feed', () => {
	it('records without an id anywhere: the error names the keys of a record', () => {
		const page = { data: { itemList: Array.from({ length: 30 }, () => ({ itemData: { vid: 1 }, authorData: { name: 'x' } })), hasMore: true } };
		expect(() => readPage('videos', page)).toThrow(ScavioParseError);
		expect(() => readPage('videos', page)).toThrow('Scavio returned 30 videos that could not be read (no id in any known place; record keys: itemData, authorData)');
	});

	it.each([
		['videos', { itemListData: undefined, items_v3: [{ aweme_id: '1' }], has_more: 1 }, 'items_v3'],
		['followers', { follower_list: [{ uid: '1' }], has_more: true }, 'follower_list'],
		['comments', { comment_list: [{ cid: '1' }], has_more: 0 }, 'comment_list'],
		['searchUsers', { accounts: [{ unique_id: 'a' }] }, 'accounts'],
	] as const)('%s under an unknown field: the error names the field and the page keys', (kind, data, key) => {
		expect(() => readPage(kind, { data })).toThrow(new RegExp(`"${key}" holds 1 entries in a shape this node does not know \\(page keys: .*${key}`));
	});

	it('a page that really is empty, or holds some unreadable records among readable ones, is not an error', () => {
		expect(readPage('videos', { data: { itemList: [], hasMore: false } })).toEqual([]);
		expect(readPage('videos', { data: { aweme_list: [], has_more: 0, log_pb: { impr_id: 'x' }, extra: { fatal_item_ids: ['1'] } } })).toEqual([]);
		// the app's general search may hold only a user card on a page of videos
		expect(readPage('videos', { data: { data: [{ type: 4, user_list: [{ user_info: { uid: '1' } }] }] } })).toEqual([]);
		expect(readPage('videos', { data: { aweme_list: [{ aweme_id: '1' }, { ad: true }] } })).toHaveLength(2);
		expect(readPage('followers', { data: { followers: [{ uid: '1' }] } })).toHaveLength(1);
	});
});

describe('a count placeholder falls back to the next exact source', () => {
	it('statsV2.videoCount "0" beside views: the video count of the next source that has a real one', () => {
		const body = {
			data: {
				challengeInfo: {
					challenge: { id: '77', title: 'booktok' },
					statsV2: { videoCount: '0', viewCount: '98765432101' },
					stats: { videoCount: 1_200_000, viewCount: 98_800_000_000 },
				},
			},
		};
		expect(parseHashtag(body, AT)).toMatchObject({ views: 98_765_432_101, videos: 1_200_000, countSource: 'challengeInfo.statsV2' });
		const app = { data: { challengeInfo: { challenge: { id: '77', title: 'booktok' }, statsV2: { videoCount: 0, viewCount: '5' } }, ch_info: { cid: '77', view_count: 5, user_count: 3 } } };
		expect(parseHashtag(app, AT)).toMatchObject({ views: 5, videos: 3 });
	});

	it('no source with a real video count: null, never 0', () => {
		const only = { data: { challengeInfo: { challenge: { id: '77', title: 'x' }, statsV2: { videoCount: '0', viewCount: '500' } } } };
		expect(parseHashtag(only, AT)).toMatchObject({ views: 500, videos: null });
	});
});
