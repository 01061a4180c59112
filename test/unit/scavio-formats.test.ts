/**
 * TikTok's app and web formats in the pure parser: exact counts first, the source named, overflowed
 * numbers never taken, big ids exact, the blue tick, ISO and epoch times, watchlists in one field.
 */
import {
	extractList,
	normalizeHashtagName,
	parseHashtag,
	parseHashtagList,
	parseJsonBody,
	parseMany,
	parseUser,
	parseVideo,
	quoteBigIntegers,
	ScavioInputError,
	unixToIso,
} from '../../lib/scavio';
import * as fx from './fixtures/scavio-shapes';

const AT = '2026-11-22T05:00:00.000Z';

describe('exact counts first', () => {
	it('a web hashtag: the exact statsV2 954,780,316,160, not the rounded 954,800,000,000', () => {
		expect(parseHashtag(fx.hashtagWebRoundedAndExact, AT)).toEqual({
			id: '7346582929391840520',
			name: 'booktok',
			views: 954_780_316_160,
			videos: 47_981_234,
			fetchedAt: AT,
			countSource: 'challengeInfo.statsV2',
		});
	});

	it('a web hashtag with only rounded stats still parses and says so', () => {
		const { statsV2: _exact, ...rounded } = fx.hashtagWebRoundedAndExact.data.challengeInfo;
		expect(parseHashtag({ data: { challengeInfo: rounded } }, AT)).toMatchObject({ views: 954_800_000_000, countSource: 'challengeInfo.stats' });
	});

	it('an app hashtag: ch_info view_count and user_count', () => {
		expect(parseHashtag(fx.hashtagAppChInfo, AT)).toMatchObject({
			id: '7346582929391840521',
			name: 'cleantok',
			views: 120_345_678_901,
			videos: 9_876_543,
			countSource: 'ch_info',
		});
	});

	it('a web video: 1,776,621 plays from statsV2, not 1,800,000 from stats', () => {
		expect(parseVideo(fx.videoWebItemStruct.data)).toEqual({
			id: '7346582929391840518',
			url: 'https://www.tiktok.com/@reader/video/7346582929391840518',
			description: 'exact #BookTok',
			createdAt: '2024-05-06T13:53:20.000Z',
			views: 1_776_621,
			likes: 118_734,
			comments: 1_187,
			shares: 903,
			saves: 4_012,
			author: 'reader',
			authorNickname: 'Reader',
			hashtags: ['booktok'],
			durationSec: 21,
			coverUrl: 'https://p16.example/web-cover.jpg',
			countSource: 'statsV2',
		});
	});

	it('each count falls to the next source when one is missing or overflowed, and names the least exact source used', () => {
		const video = parseVideo({
			id: '1',
			statsV2: { playCount: '1776621', diggCount: '-5' },
			stats: { playCount: 1_800_000, diggCount: 120_000, commentCount: -1, shareCount: 2 ** 60 },
		});
		expect(video).toMatchObject({ views: 1_776_621, likes: 120_000, comments: null, shares: null, saves: null, countSource: 'stats' });
		expect(parseVideo({ id: '2' })).toMatchObject({ views: null, countSource: null });
		expect(parseVideo({ aweme_id: '3', statistics: { play_count: 1.5, digg_count: '12' } })).toMatchObject({ views: null, likes: 12, countSource: 'statistics' });
	});

	it('a web profile: exact statsV2, and the negative (32-bit overflowed) likes are never taken', () => {
		expect(parseUser(fx.profileWebUserInfo.data)).toEqual({
			id: '6800000000000000002',
			username: 'bigcreator',
			nickname: 'Big',
			secUid: 'MS4wLjABAAAAbig',
			url: 'https://www.tiktok.com/@bigcreator',
			bio: null,
			followers: 1_776_621,
			following: 12,
			videos: 410,
			likes: 2_500_000_000,
			verified: false,
			avatarUrl: 'https://p16.example/big.jpg',
			countSource: 'statsV2',
		});
		const { statsV2: _exact, ...roundedOnly } = fx.profileWebUserInfo.data.userInfo;
		expect(parseUser({ userInfo: roundedOnly })).toMatchObject({ followers: 1_800_000, likes: null, countSource: 'stats' });
	});
});

describe('verified', () => {
	it('app users: verification_type 1 says nothing; custom_verify or enterprise_verify_reason is the blue tick', () => {
		expect(fx.appUsersVerification.map((u) => parseUser(u).verified)).toEqual([false, true, true]);
		expect(parseUser({ unique_id: 'x', verification_type: 1 }).verified).toBeNull();
	});

	it('web users: the verified boolean', () => {
		expect(parseUser({ user: { uniqueId: 'w', verified: true } }).verified).toBe(true);
		expect(parseUser(fx.profileWebUserInfo.data).verified).toBe(false);
	});
});

describe('ids and times', () => {
	it('an id that was parsed as a number above 2^53 is refused, never rounded into another id', () => {
		expect(parseVideo({ aweme_id: '7346582929391840518', author: { unique_id: 'a' } }).id).toBe('7346582929391840518');
		const rounded = JSON.parse('{"aweme_id":7346582929391840518}') as { aweme_id: number };
		expect(() => parseVideo(rounded)).toThrow(/without an id/);
	});

	it('createTime: epoch seconds, milliseconds, digit strings and ISO text', () => {
		expect(['1715003600', 1715003600, 1715003600000, '2024-05-06T13:53:20Z', '2024-05-06T15:53:20+02:00'].map(unixToIso)).toEqual(
			Array(5).fill('2024-05-06T13:53:20.000Z'),
		);
		expect([unixToIso('yesterday'), unixToIso('2024-05-06'), unixToIso(-5)]).toEqual([null, null, null]);
	});
});

describe('lists in both formats', () => {
	it("the app's general search: videos from aweme_info entries, users from the user card", () => {
		expect(extractList('videos', fx.appGeneralSearch).map((v) => v.aweme_id)).toEqual(['7346582929391840522', '7346582929391840523']);
		expect(extractList('searchUsers', fx.appGeneralSearch).map((u) => parseUser(u).username)).toEqual(['alice', 'bob']);
	});

	it('web userList for followers, followings and search users', () => {
		for (const kind of ['followers', 'followings', 'searchUsers'] as const) {
			expect(parseMany(extractList(kind, fx.webUserList), parseUser)).toEqual([
				expect.objectContaining({ id: '21', username: 'carol', secUid: 'MS4wLjABAAAAcarol', followers: 11_987, countSource: 'statsV2' }),
			]);
		}
	});

	it('web itemList', () => {
		expect(extractList('videos', { data: { itemList: [fx.videoWebItemStruct.data.itemInfo.itemStruct], hasMore: false } }).map((v) => parseVideo(v).views)).toEqual([1_776_621]);
	});
});

describe('reading the body', () => {
	it('quotes integer literals of 16+ digits outside strings, and nothing else', () => {
		const text = '{"aweme_id":7346582929391840518,"desc":"id 7346582929391840518 \\" 1234567890123456789","n":-12345678901234567,"f":1.12345678901234567,"e":1e12345678901234567,"small":123456789012345,"a":[1234567890123456,1],"s":"\\\\","last":7346582929391840519}';
		const parsed = JSON.parse(quoteBigIntegers(text)) as Record<string, unknown>;
		expect(parsed).toEqual({
			aweme_id: '7346582929391840518',
			desc: 'id 7346582929391840518 " 1234567890123456789',
			n: '-12345678901234567',
			f: 1.12345678901234567,
			e: Infinity,
			small: 123456789012345,
			a: ['1234567890123456', 1],
			s: '\\',
			last: '7346582929391840519',
		});
		expect(quoteBigIntegers('{"a":1}')).toBe('{"a":1}');
	});

	it('a BOM is stripped (not an error); HTML, empty and cut-off bodies are told apart', () => {
		expect(parseJsonBody('\uFEFF{"data":{"cid":7346582929391840518}}')).toEqual({ kind: 'json', value: { data: { cid: '7346582929391840518' } }, hadBom: true });
		expect(parseJsonBody('  <!DOCTYPE html><html>\n<body>Bad gateway</body></html>')).toEqual({ kind: 'html', snippet: '<!DOCTYPE html><html> <body>Bad gateway</body></html>' });
		expect(parseJsonBody(' \n')).toEqual({ kind: 'empty' });
		expect(parseJsonBody('{"data": {"challengeInfo": {"id": "12')).toMatchObject({ kind: 'malformed' });
		expect(parseJsonBody('{"s":"unterminated 12345678901234567')).toMatchObject({ kind: 'malformed' });
	});
});

describe('watchlists', () => {
	it('"booktok cleantok", "booktok, cleantok" and "#booktok#cleantok" are two tags; duplicates count once', () => {
		for (const text of ['booktok cleantok', 'booktok, cleantok', '#booktok#cleantok', ' #BookTok ;\n CleanTok, booktok ']) {
			expect(parseHashtagList(text)).toEqual(['booktok', 'cleantok']);
		}
		expect(parseHashtagList('#SummerVibes')).toEqual(['summervibes']);
		expect(parseHashtagList(42)).toEqual(['42']);
	});

	it('full-width "＃" and letters fold; a Persian tag keeps its ZWNJ', () => {
		expect(normalizeHashtagName('＃ＢｏｏｋＴｏｋ')).toBe('booktok');
		expect(parseHashtagList('＃ｂｏｏｋｔｏｋ，＃ｃｌｅａｎｔｏｋ')).toEqual(['booktok', 'cleantok']);
		expect(normalizeHashtagName('#کتاب\u200cخوانی')).toBe('کتاب\u200cخوانی');
		expect(parseHashtagList('کتاب\u200cخوانی booktok')).toEqual(['کتاب\u200cخوانی', 'booktok']);
	});

	it('an empty list or a bad entry is one clear error', () => {
		expect(() => parseHashtagList(' , ')).toThrow(ScavioInputError);
		expect(() => parseHashtagList(' , ')).toThrow(/is empty/);
		expect(() => parseHashtagList('booktok, <b>')).toThrow(/The hashtag list "booktok, <b>" has an entry that is not a hashtag: .*contains "<"/);
	});
});
