import {
	ENDPOINTS,
	extractList,
	MAX_HASHTAG_NAME_LENGTH,
	normalizeHashtagName,
	parseComment,
	parseCommentOrNull,
	parseHashtag,
	parseMany,
	parseUser,
	parseVideo,
	parseVideoOrNull,
	ScavioInputError,
	ScavioParseError,
	unixToIso,
} from '../../lib/scavio';
import * as fx from './fixtures/scavio-shapes';

const AT = '2026-11-22T05:00:00.000Z';

describe('normalizeHashtagName', () => {
	it.each([
		['#SummerVibes', 'summervibes'],
		['  #summervibes ', 'summervibes'],
		['# SummerVibes', 'summervibes'],
		['##fyp', 'fyp'],
		['BookTok_2026', 'booktok_2026'],
		['#Café', 'café'],
		['東京', '東京'],
		['#ÉTÉ', 'été'],
		['हिन्दी', 'हिन्दी'],
		[2026, '2026'],
	])('%p → %p', (input, expected) => {
		expect(normalizeHashtagName(input)).toBe(expected);
	});

	it('a hashtag ends at a space, as on TikTok: "summer vibes" is two hashtags, named in the error', () => {
		expect(() => normalizeHashtagName('  summer vibes ')).toThrow(ScavioInputError);
		expect(() => normalizeHashtagName('  summer vibes ')).toThrow('The hashtag name "  summer vibes " is 2 hashtags ("summer", "vibes"): a hashtag ends at a space, as on TikTok. Enter one hashtag without spaces (e.g. "summervibes")');
		expect(() => normalizeHashtagName('#Book Tok\u3000Club')).toThrow('is 3 hashtags ("book", "tok", "club")');
	});

	it.each([[''], ['   '], ['#'], ['# #']])('rejects empty %p with a fix', (input) => {
		expect(() => normalizeHashtagName(input)).toThrow(ScavioInputError);
		expect(() => normalizeHashtagName(input)).toThrow(/empty.*Enter a hashtag name/);
	});

	it('rejects names over the length limit and says so', () => {
		expect(normalizeHashtagName('a'.repeat(MAX_HASHTAG_NAME_LENGTH))).toHaveLength(100);
		expect(() => normalizeHashtagName('a'.repeat(200))).toThrow(/\(200 characters\)" is longer than 100 characters/);
	});

	it.each([['summer-vibes', '-'], ['a,b', ','], ['<script>', '<'], ['tag#2', '#'], ['😀', '😀']])(
		'rejects %p naming the bad character',
		(input, bad) => {
			expect(() => normalizeHashtagName(input)).toThrow(`contains "${bad}"`);
		},
	);

	it.each([[{ a: 1 }], [['x']]])('rejects non-text %p', (input) => {
		expect(() => normalizeHashtagName(input)).toThrow(/not text/);
	});

	it.each([[null, 'null'], [undefined, 'nothing']])('rejects a missing name (%p) saying what the expression gave', (input, gave) => {
		expect(() => normalizeHashtagName(input)).toThrow(`The hashtag name is missing (the field or expression gave ${gave})`);
	});
});

describe('parseHashtag', () => {
	it('reads the exact statsV2 first when all three sources exist (data given directly)', () => {
		expect(parseHashtag(fx.hashtagAllThreeStats, AT)).toEqual({
			id: '1234567',
			name: 'summervibes',
			views: 2000000000,
			videos: 500000,
			fetchedAt: AT,
			countSource: 'challengeInfo.statsV2',
		});
	});

	it('parses statsV2 strings', () => {
		const h = parseHashtag(fx.hashtagStatsV2Only, AT);
		expect(h).toMatchObject({ id: '77', name: 'booktok', views: 98765432101, videos: 1200, countSource: 'challengeInfo.statsV2' });
	});

	it('treats videoCount 0 beside non-zero views as unknown (vendor #fyp example)', () => {
		const h = parseHashtag(fx.hashtagChallengeStatsOnly_fyp, AT);
		expect(h).toMatchObject({ id: '229207', name: 'fyp', views: 119178100000000, videos: null, countSource: 'challengeInfo.challenge.stats' });
	});

	it('skips an overflowed (negative) stats source for statsV2', () => {
		expect(parseHashtag(fx.hashtagOverflowedStatsWithStatsV2, AT)).toMatchObject({ views: 2500000000000, videos: 4100000, countSource: 'challengeInfo.statsV2' });
	});

	it('skips a zeroed stats object for a later source with a real count; 0 only when every source says 0', () => {
		const zeroed = { challengeInfo: { challenge: { id: '5', title: 'zeroed' }, stats: { viewCount: 0, videoCount: 0 }, statsV2: { viewCount: '5000', videoCount: '12' } } };
		expect(parseHashtag(zeroed, AT)).toMatchObject({ views: 5000, videos: 12, countSource: 'challengeInfo.statsV2' });
		const allZero = { challengeInfo: { challenge: { id: '6', title: 'brandnew' }, stats: { viewCount: 0, videoCount: 0 }, statsV2: { viewCount: '0', videoCount: '0' } } };
		expect(parseHashtag(allZero, AT)).toMatchObject({ views: 0, videos: 0, countSource: 'challengeInfo.statsV2' });
	});

	it('skips a source whose view count exceeds the safe integer range', () => {
		const data = { challengeInfo: { challenge: { id: '1', title: 't' }, stats: { viewCount: 2 ** 60, videoCount: 1 }, statsV2: { viewCount: '99999999999999999999' }, }, view_count: 5 };
		expect(parseHashtag(data, AT)).toMatchObject({ views: 5, countSource: 'view_count' });
	});

	it('keeps views but drops a corrupt video count when no source has both', () => {
		const data = { challengeInfo: { challenge: { id: '1', title: 't' }, stats: { viewCount: 10, videoCount: -3 } } };
		expect(parseHashtag(data, AT)).toMatchObject({ views: 10, videos: null, countSource: 'challengeInfo.stats' });
	});

	it('accepts the legacy shapes and records where the counts came from', () => {
		expect(parseHashtag(fx.hashtagLegacyTopLevelViewCount, AT)).toMatchObject({ id: '55', name: 'legacy', views: 3400, videos: 12, countSource: 'view_count' });
		expect(parseHashtag(fx.hashtagLegacyDataStats, AT)).toMatchObject({ id: '66', name: 'hourly', views: 9100, videos: 31, countSource: 'data.stats' });
		expect(parseHashtag(fx.hashtagLegacyDataVideoCount, AT)).toMatchObject({ id: '67', views: 500, videos: 7, countSource: 'data.videoCount' });
	});

	it('never reports 0 when no view count exists', () => {
		expect(() => parseHashtag(fx.hashtagNoCounts, AT)).toThrow(ScavioParseError);
		expect(() => parseHashtag(fx.hashtagNoCounts, AT, { name: 'nocounts' })).toThrow(/"nocounts" has no usable view count/);
		expect(() => parseHashtag({ data: { videoCount: 12 } }, AT)).toThrow(/no usable view count/);
	});

	it('says the hashtag was not found for an empty payload or null data', () => {
		expect(() => parseHashtag(fx.hashtagEmptyData, AT, { name: 'ghost' })).toThrow(/no hashtag information for hashtag "ghost"/);
		expect(() => parseHashtag({ data: null }, AT, { id: '42' })).toThrow(/hashtag id "42"/);
	});

	it('falls back to the requested name and id', () => {
		const h = parseHashtag({ data: { challengeInfo: { stats: { viewCount: 1, videoCount: 1 } } } }, AT, { name: 'asked', id: '5' });
		expect(h).toMatchObject({ id: '5', name: 'asked' });
	});
});

describe('parseVideo', () => {
	it('maps the app names (§8)', () => {
		const [raw] = extractList('videos', fx.hashtagVideosAppPage);
		expect(parseVideo(raw)).toEqual({
			id: '7140000000000000001',
			url: 'https://www.tiktok.com/@htcreator1/video/7140000000000000001',
			description: 'Hashtag video 1 #python',
			createdAt: '2024-05-06T13:53:20.000Z',
			views: 8300,
			likes: 205,
			comments: 16,
			shares: 9,
			saves: 31,
			author: 'htcreator1',
			authorNickname: 'HT Creator 1',
			hashtags: ['python', 'codetok'],
			durationSec: 15,
			coverUrl: 'https://p16.example/cover1.jpg',
			countSource: 'statistics',
		});
	});

	it('maps the web-style names', () => {
		expect(parseVideo(fx.videoWebStyleItem)).toEqual({
			id: '7200000000000000002',
			url: 'https://www.tiktok.com/@webuser/video/7200000000000000002',
			description: 'web #Fun',
			createdAt: '2024-05-06T13:53:20.000Z',
			views: 100,
			likes: 10,
			comments: 2,
			shares: 1,
			saves: null,
			author: 'webuser',
			authorNickname: 'Web User',
			hashtags: ['fun', 'extra'],
			durationSec: 12,
			coverUrl: 'https://p16.example/web.jpg',
			countSource: 'stats',
		});
	});

	it('escapes the author in the URL and tolerates missing fields', () => {
		const v = parseVideo({ aweme_id: 9, author: { unique_id: 'a/b?c' } });
		expect(v.url).toBe('https://www.tiktok.com/@a%2Fb%3Fc/video/9');
		expect(v).toMatchObject({ id: '9', description: '', createdAt: null, views: null, hashtags: [], durationSec: null, coverUrl: null });
	});

	it('rejects a record without an id', () => {
		expect(() => parseVideo({ desc: 'x' })).toThrow(ScavioParseError);
		expect(parseVideoOrNull({ desc: 'x' })).toBeNull();
	});
});

describe('extractList', () => {
	it('reads search/videos in both list-key variants', () => {
		expect(extractList('videos', fx.searchVideosSearchItemList).map((v) => v.aweme_id)).toEqual(['1', '2']);
		expect(extractList('videos', fx.searchVideosAwemeList).map((v) => v.aweme_id)).toEqual(['3']);
	});

	it('reads search/users user_list[].user_info', () => {
		const users = extractList('searchUsers', fx.searchUsersUserList).map(parseUser);
		expect(users[0]).toMatchObject({ id: '11', username: 'alice', secUid: 'MS4w.alice', followers: 1500, bio: 'hi', url: 'https://www.tiktok.com/@alice' });
	});

	it('reads followers, followings and comments, and returns [] for anything else', () => {
		expect(extractList('followers', { data: { followers: [{ uid: '1' }, 'junk'] } })).toEqual([{ uid: '1' }]);
		expect(extractList('followings', { followings: [{ uid: '2' }] })).toEqual([{ uid: '2' }]);
		expect(extractList('comments', { data: null })).toEqual([]);
		expect(extractList('videos', 'not json')).toEqual([]);
	});
});

describe('parseUser and parseComment', () => {
	it('maps a profile', () => {
		expect(parseUser(fx.profileUser.data.user)).toEqual({
			id: '123',
			username: 'creator',
			nickname: 'Creator',
			secUid: 'MS4w.creator',
			url: 'https://www.tiktok.com/@creator',
			bio: 'bio <b>',
			followers: 10,
			following: 2,
			videos: 5,
			likes: 99,
			verified: null,
			avatarUrl: 'https://p16.example/a.jpg',
			countSource: 'user',
		});
	});

	it('maps the web {user, stats} shape', () => {
		expect(parseUser({ user: { id: '1', uniqueId: 'w', secUid: 's', verified: true }, stats: { followerCount: 3, heartCount: 4 } })).toMatchObject({
			id: '1',
			username: 'w',
			secUid: 's',
			verified: true,
			followers: 3,
			likes: 4,
		});
	});

	it('maps comments and skips those without an id', () => {
		const comments = parseMany(extractList('comments', fx.videoCommentsPage), parseCommentOrNull);
		expect(comments).toEqual([
			{
				id: '900',
				videoId: '7140000000000000001',
				parentId: null,
				text: 'nice',
				createdAt: '2024-05-06T13:55:00.000Z',
				likes: 4,
				replies: 2,
				author: 'fan',
				authorNickname: 'Fan',
				likedByAuthor: false,
			},
		]);
		expect(parseComment({ cid: '2', reply_id: '900' }).parentId).toBe('900');
		expect(() => parseComment({})).toThrow(ScavioParseError);
	});
});

describe('helpers', () => {
	it('unixToIso takes seconds, digit strings and milliseconds', () => {
		expect(unixToIso(1715003600)).toBe('2024-05-06T13:53:20.000Z');
		expect(unixToIso('1715003600')).toBe('2024-05-06T13:53:20.000Z');
		expect(unixToIso(1715003600000)).toBe('2024-05-06T13:53:20.000Z');
		expect(unixToIso(0)).toBeNull();
		expect(unixToIso('abc')).toBeNull();
	});

	it('endpoint table covers the 11 TikTok endpoints and the free usage call', () => {
		const tiktok = Object.values(ENDPOINTS).filter((e) => e.path.startsWith('/api/v1/tiktok/'));
		expect(tiktok).toHaveLength(11);
		expect(tiktok.every((e) => e.method === 'POST' && e.credits === 1)).toBe(true);
		expect(ENDPOINTS.usage).toMatchObject({ method: 'GET', credits: 0 });
	});
});
