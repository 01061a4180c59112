/**
 * The loopback Scavio mock behaves as /work/shared/reference/scavio-tiktok-api.md describes
 * (auth, input rules, envelopes, hashtag shapes, pagination styles, limits, failures).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMockScavio, HASHTAG_VARIANTS, type Mock, type MockOptions } from '../mock-scavio/server';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const SERVER = path.join(__dirname, '..', 'mock-scavio', 'server.js');

let mock: Mock;
const open: Mock[] = [];

async function start(options?: MockOptions): Promise<Mock> {
	const m = await createMockScavio(options);
	open.push(m);
	return m;
}

afterEach(async () => {
	while (open.length) await open.pop()!.close();
});

function call(m: Mock, endpoint: string, body: unknown, key: string | null = m.apiKey, signal?: AbortSignal) {
	const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
	if (key !== null) headers.Authorization = `Bearer ${key}`;
	return fetch(`${m.url}/api/v1/tiktok/${endpoint}`, {
		method: 'POST',
		headers,
		body: typeof body === 'string' ? body : JSON.stringify(body),
		signal,
	});
}

async function post(m: Mock, endpoint: string, body: unknown): Promise<{ status: number; json: Json; headers: Headers }> {
	const r = await call(m, endpoint, body);
	return { status: r.status, json: ((await r.json()) as Json), headers: r.headers };
}

async function hashtagId(m: Mock, name: string): Promise<string> {
	const r = await post(m, 'hashtag', { hashtag_name: name });
	return r.json.data.challengeInfo.challenge.id;
}

describe('authentication and usage', () => {
	beforeEach(async () => {
		mock = await start();
	});

	it('answers 401 in the documented object form for a missing or wrong key, and never logs the key', async () => {
		const missing = await call(mock, 'hashtag', { hashtag_name: 'fyp' }, null);
		expect(missing.status).toBe(401);
		expect(((await missing.json()) as Json)).toEqual({ error: { code: 'unauthorized', message: 'Invalid or missing API key' } });
		const bad = await call(mock, 'hashtag', { hashtag_name: 'fyp' }, 'sk_live_wrong');
		expect(bad.status).toBe(401);
		((await bad.json()) as Json);
		const ok = await call(mock, 'hashtag', { hashtag_name: 'fyp' });
		expect(ok.status).toBe(200);
		((await ok.json()) as Json);
		expect(mock.requests.map((r) => r.auth)).toEqual(['missing', 'bad', 'ok']);
		expect(JSON.stringify(mock.requests)).not.toContain(mock.apiKey);
		expect(JSON.stringify(mock.requests)).not.toContain('sk_live_wrong');
		expect(mock.credits).toBe(999999); // 401s are not billed
	});

	it('serves GET /api/v1/usage flat and free', async () => {
		const r = await fetch(`${mock.url}/api/v1/usage`, { headers: { Authorization: `Bearer ${mock.apiKey}` } });
		expect(r.status).toBe(200);
		const u = ((await r.json()) as Json);
		expect(u).toEqual({
			plan: 'Project',
			credit_balance: 1000000,
			purchased_credits: 0,
			searches_used: 0,
			period_start: expect.any(String),
			auto_recharge: { enabled: false, threshold: 0, amount: 0, cost: 0 },
		});
		expect(u.data).toBeUndefined();
		expect(mock.credits).toBe(1000000);
		const unauth = await fetch(`${mock.url}/api/v1/usage`);
		expect(unauth.status).toBe(401);
	});

	it('wraps every success in the envelope and decrements the balance by one per billed call', async () => {
		const a = await post(mock, 'hashtag', { hashtag_name: 'fyp' });
		const b = await post(mock, 'profile', { username: 'somebody' });
		for (const r of [a, b]) {
			expect(Object.keys(r.json).sort()).toEqual(['credits_remaining', 'credits_used', 'data', 'response_time']);
			expect(r.json.credits_used).toBe(1);
			expect(r.json.response_time).toBeGreaterThan(0);
			expect(r.headers.get('content-type')).toContain('application/json');
		}
		expect(a.json.credits_remaining).toBe(999999);
		expect(b.json.credits_remaining).toBe(999998);
		expect(mock.credits).toBe(999998);
		const u: Json = await (await fetch(`${mock.url}/api/v1/usage`, { headers: { Authorization: `Bearer ${mock.apiKey}` } })).json();
		expect(u.searches_used).toBe(2);
		expect(u.credit_balance).toBe(999998);
	});

	it('answers 402 with credit_balance and billing_url at zero balance, and keeps usage free', async () => {
		mock.setCredits(1);
		expect((await post(mock, 'hashtag', { hashtag_name: 'fyp' })).status).toBe(200);
		const r = await post(mock, 'hashtag', { hashtag_name: 'fyp' });
		expect(r.status).toBe(402);
		expect(r.json).toEqual({
			error: { code: 'insufficient_credits', message: expect.any(String) },
			credit_balance: 0,
			billing_url: 'https://scavio.dev/dashboard/billing',
		});
		expect(r.json.data).toBeUndefined();
		const u = await fetch(`${mock.url}/api/v1/usage`, { headers: { Authorization: `Bearer ${mock.apiKey}` } });
		expect(u.status).toBe(200);
		expect((((await u.json()) as Json)).credit_balance).toBe(0);
	});
});

describe('input rules', () => {
	beforeEach(async () => {
		mock = await start();
	});

	it('rejects a numeric cursor with 400 naming the field in details, unbilled', async () => {
		const id = await hashtagId(mock, 'fyp');
		const before = mock.credits;
		const r = await post(mock, 'hashtag/videos', { hashtag_id: id, cursor: 0 });
		expect(r.status).toBe(400);
		expect(r.json.error.code).toBe('bad_request');
		expect(r.json.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
		expect(mock.credits).toBe(before);
	});

	it.each([
		['profile', {}, 'sec_user_id|username'],
		['user/posts', { username: 'x' }, 'sec_user_id'],
		['video', {}, 'video_id'],
		['video/comments', {}, 'video_id'],
		['video/comments/replies', { video_id: '7000000000000000001' }, 'comment_id'],
		['search/videos', { query: 'cats' }, 'keyword'],
		['search/users', { keyword: '' }, 'keyword'],
		['hashtag', { hashtag: 'fyp' }, 'hashtag_id|hashtag_name'],
		['hashtag/videos', { hashtag_name: 'fyp' }, 'hashtag_id'],
		['user/followers', {}, 'sec_user_id'],
		['user/followings', { sec_user_id: '' }, 'sec_user_id'],
	])('%s without its required field answers 400 (%j)', async (endpoint, body, field) => {
		const r = await post(mock, endpoint, body);
		expect(r.status).toBe(400);
		expect(r.json.details[0].field).toBe(field);
		expect(r.json.data).toBeUndefined();
	});

	it('rejects integer sort_type/publish_time and a non-number min_time, accepts the digit strings', async () => {
		expect((await post(mock, 'search/videos', { keyword: 'cats', sort_type: 1 })).json.details[0].field).toBe('sort_type');
		expect((await post(mock, 'search/videos', { keyword: 'cats', publish_time: 7 })).status).toBe(400);
		expect((await post(mock, 'search/videos', { keyword: 'cats', publish_time: '2' })).status).toBe(400);
		expect((await post(mock, 'search/videos', { keyword: 'cats', sort_type: '1', publish_time: '7' })).status).toBe(200);
		expect((await post(mock, 'user/followers', { sec_user_id: 'MS4x', page_token: 'x', min_time: '1690000000' })).json.details[0].field).toBe('min_time');
		expect((await post(mock, 'hashtag/videos', { hashtag_id: '1', count: '20' })).json.details[0].field).toBe('count');
	});

	it("ignores unknown params, treats '' as omitted, and lets hashtag_id beat hashtag_name", async () => {
		mock.setHashtag('alpha', { id: '111', views: 1000, videos: 10 });
		mock.setHashtag('beta', { id: '222', views: 2000, videos: 20 });
		const a = await post(mock, 'hashtag', { hashtag_name: 'alpha', hashtag_id: '', surprise: true });
		expect(a.status).toBe(200);
		expect(a.json.data.challengeInfo.challenge.id).toBe('111');
		const b = await post(mock, 'hashtag', { hashtag_name: 'alpha', hashtag_id: '222' });
		expect(b.json.data.challengeInfo.challenge.title).toBe('beta');
		const c = await post(mock, 'hashtag', { hashtag_name: '#Alpha' });
		expect(c.json.data.challengeInfo.challenge.id).toBe('111');
		const p = await post(mock, 'profile', { username: 'someone', sec_user_id: '' });
		expect(p.json.data.user.unique_id).toBe('someone');
	});

	it('answers a billed 404 in the string error form for an unknown video id', async () => {
		const before = mock.credits;
		const r = await post(mock, 'video', { video_id: 'not-a-video' });
		expect(r.status).toBe(404);
		expect(typeof r.json.error).toBe('string');
		expect(r.json.credits_used).toBe(1);
		expect(r.json.credits_remaining).toBe(before - 1);
		expect(r.json.data).toBeUndefined();
	});
});

describe('hashtag payload variants', () => {
	const expected: Record<string, (d: Json, top: Json) => unknown> = {
		all: (d) => [d.challengeInfo.stats.viewCount, d.challengeInfo.stats.videoCount, d.challengeInfo.statsV2.viewCount, d.challengeInfo.statsV2.videoCount],
		stats: (d) => [d.challengeInfo.stats.viewCount, d.challengeInfo.stats.videoCount, d.challengeInfo.statsV2],
		statsV2: (d) => [d.challengeInfo.statsV2.viewCount, d.challengeInfo.statsV2.videoCount, d.challengeInfo.stats],
		challengeStats: (d) => [d.challengeInfo.challenge.stats.viewCount, d.challengeInfo.challenge.stats.videoCount, d.challengeInfo.stats],
		legacyTop: (_d, top) => [top.view_count, top.video_count],
		legacyData: (d) => [d.stats.view_count, d.stats.video_count, d.id],
		app: (d) => [d.ch_info.view_count, d.ch_info.user_count, d.ch_info.cid, d.ch_info.cha_name, d.challengeInfo],
	};
	const values: Record<string, unknown[]> = {
		all: [5000000000, 250000, '5000000000', '250000'],
		stats: [5000000000, 250000, undefined],
		statsV2: ['5000000000', '250000', undefined],
		challengeStats: [5000000000, 0, undefined],
		legacyTop: [5000000000, 250000],
		legacyData: [5000000000, 250000, '987654'],
		app: [5000000000, 250000, '987654', 'summervibes', undefined],
	};

	it('covers every variant', () => {
		expect([...HASHTAG_VARIANTS].sort()).toEqual(Object.keys(expected).sort());
	});

	it.each(Object.keys(expected))('%s puts the counts where that reader looks', async (variant) => {
		mock = await start({ hashtagVariant: variant as MockOptions['hashtagVariant'] });
		mock.setHashtag('summervibes', { id: '987654', views: 5000000000, videos: 250000 });
		const r = await post(mock, 'hashtag', { hashtag_name: 'summervibes' });
		expect(r.status).toBe(200);
		expect(r.json.credits_used).toBe(1);
		expect(expected[variant](r.json.data, r.json)).toEqual(values[variant]);
		if (variant !== 'legacyData' && variant !== 'app') {
			expect(r.json.data.challengeInfo.challenge).toMatchObject({ id: '987654', title: 'summervibes' });
		}
	});

	it('a per-hashtag variant overrides the default, and configure() switches at runtime', async () => {
		mock = await start();
		mock.setHashtag('a', { views: 10, videos: 1, variant: 'legacyData' });
		mock.setHashtag('b', { views: 10, videos: 1 });
		expect((await post(mock, 'hashtag', { hashtag_name: 'a' })).json.data.stats.view_count).toBe(10);
		expect((await post(mock, 'hashtag', { hashtag_name: 'b' })).json.data.challengeInfo.stats.viewCount).toBe(10);
		mock.configure({ hashtagVariant: 'statsV2' });
		expect((await post(mock, 'hashtag', { hashtag_name: 'b' })).json.data.challengeInfo.statsV2.viewCount).toBe('10');
	});

	it('counts grow with the mock clock, including a breakout', async () => {
		mock = await start({ hashtags: { steady: { views: 1000000, videos: 100, viewsPerHour: 1000, videosPerHour: 2 } } });
		mock.setHashtag('rocket', { views: 1000000, videos: 100, viewsPerHour: 1000, breakout: { offsetHours: 2, durationHours: 2, factor: 10 } });
		mock.advanceHours(3);
		expect(mock.getHashtag('steady')).toMatchObject({ views: 1003000, videos: 106 });
		// 2 h normal + 1 h at ×10
		expect(mock.getHashtag('rocket')).toMatchObject({ views: 1000000 + 2000 + 10000, viewsPerHour: 10000 });
		const r = await post(mock, 'hashtag', { hashtag_name: 'steady' });
		expect(r.json.data.challengeInfo.stats.viewCount).toBe(1003000);
		mock.advanceHours(5);
		expect(mock.getHashtag('rocket')).toMatchObject({ views: 1000000 + 6000 + 20000, viewsPerHour: 1000 });
		// omitted fields keep their values: this only stops the views growth
		mock.setHashtag('steady', { viewsPerHour: 0 });
		mock.advanceHours(4);
		expect(mock.getHashtag('steady')).toMatchObject({ views: 1008000, videos: 124 });
	});

	it('noise wobbles the hourly growth deterministically and keeps counts monotonic', async () => {
		const series = async (seed: number) => {
			const m = await start({ seed, now: 1780000000000 });
			m.setHashtag('wobbly', { views: 0, videos: 0, viewsPerHour: 1000, videosPerHour: 10, noise: 0.5 });
			const out: number[] = [];
			for (let h = 0; h < 24; h++) {
				m.advanceHours(1);
				out.push(m.getHashtag('wobbly')!.views);
			}
			return out;
		};
		const a = await series(1);
		expect(a).toEqual(await series(1));
		const deltas = a.map((v, i) => v - (i ? a[i - 1] : 0));
		expect(Math.min(...deltas)).toBeGreaterThanOrEqual(500);
		expect(Math.max(...deltas)).toBeLessThanOrEqual(1500);
		expect(new Set(deltas).size).toBeGreaterThan(10);
	});

	it('answers a billed 404 for an unknown hashtag id and for a configured missing hashtag', async () => {
		mock = await start({ missingHashtags: ['ghosttag'] });
		const a = await post(mock, 'hashtag', { hashtag_id: '123' });
		expect(a.status).toBe(404);
		expect(typeof a.json.error).toBe('string');
		const b = await post(mock, 'hashtag', { hashtag_name: 'ghosttag' });
		expect(b.status).toBe(404);
		expect(b.json.credits_remaining).toBe(999998);
	});
});

async function collect(
	m: Mock,
	endpoint: string,
	base: Record<string, unknown>,
	listOf: (d: Json) => unknown[],
	next: (d: Json) => Record<string, unknown>,
	more: (d: Json) => boolean,
): Promise<{ items: Json[]; pages: number }> {
	const items: Json[] = [];
	let extra: Record<string, unknown> = {};
	for (let pages = 1; pages < 50; pages++) {
		const r = await post(m, endpoint, { ...base, ...extra });
		expect(r.status).toBe(200);
		items.push(...listOf(r.json.data));
		if (!more(r.json.data)) return { items, pages };
		extra = next(r.json.data);
	}
	throw new Error(`${endpoint} did not terminate`);
}

describe('pagination styles terminate with a realistic, duplicate-free list', () => {
	const unique = (items: Json[], key: (x: Json) => string) => new Set(items.map(key)).size;

	it('hashtag/videos: offset cursor, has_more 1/0, string cursors', async () => {
		mock = await start();
		const id = await hashtagId(mock, 'booktok');
		const { items, pages } = await collect(mock, 'hashtag/videos', { hashtag_id: id, count: 30 }, (d) => d.aweme_list, (d) => {
			expect(typeof d.cursor).toBe('string');
			expect(d.has_more).toBe(1);
			return { cursor: String(d.cursor) };
		}, (d) => !!d.has_more);
		expect(items.length).toBeGreaterThanOrEqual(45);
		expect(items.length).toBeLessThanOrEqual(120);
		expect(unique(items, (v) => v.aweme_id)).toBe(items.length);
		expect(pages).toBe(Math.ceil(items.length / 30));
	});

	it('hashtag/videos: numeric cursors and boolean has_more', async () => {
		mock = await start({ numericCursors: true, hasMoreStyle: 'bool', pageSizeCap: 7 });
		const id = await hashtagId(mock, 'booktok');
		const { items } = await collect(mock, 'hashtag/videos', { hashtag_id: id }, (d) => {
			expect(d.aweme_list.length).toBeLessThanOrEqual(7);
			return d.aweme_list;
		}, (d) => {
			expect(typeof d.cursor).toBe('number');
			expect(d.has_more).toBe(true);
			return { cursor: String(d.cursor) };
		}, (d) => d.has_more !== false);
		expect(unique(items, (v) => v.aweme_id)).toBe(items.length);
	});

	it('user/posts: max_cursor timestamp pagination, newest first', async () => {
		mock = await start();
		const profile = await post(mock, 'profile', { username: 'creator' });
		const sec = profile.json.data.user.sec_uid;
		const { items } = await collect(mock, 'user/posts', { sec_user_id: sec, cursor: '0' }, (d) => d.aweme_list, (d) => ({ cursor: String(d.max_cursor) }), (d) => !!d.has_more);
		expect(items.length).toBeGreaterThanOrEqual(45);
		expect(unique(items, (v) => v.aweme_id)).toBe(items.length);
		for (let i = 1; i < items.length; i++) expect(items[i].create_time).toBeLessThan(items[i - 1].create_time);
		expect(items.every((v) => v.author.sec_uid === sec)).toBe(true);
	});

	it('video/comments and replies: offset cursor', async () => {
		mock = await start();
		const id = await hashtagId(mock, 'cleantok');
		const video = (await post(mock, 'hashtag/videos', { hashtag_id: id })).json.data.aweme_list[0];
		const comments = await collect(mock, 'video/comments', { video_id: video.aweme_id, count: 50 }, (d) => d.comments, (d) => ({ cursor: String(d.cursor) }), (d) => !!d.has_more);
		expect(comments.items.length).toBeGreaterThanOrEqual(45);
		expect(comments.items[0]).toMatchObject({ cid: expect.any(String), text: expect.any(String), user: { unique_id: expect.any(String) } });
		const parent = comments.items.find((c) => c.reply_comment_total > 0);
		const replies = await collect(mock, 'video/comments/replies', { video_id: video.aweme_id, comment_id: parent.cid }, (d) => d.comments, (d) => ({ cursor: String(d.cursor) }), (d) => !!d.has_more);
		expect(replies.items.length).toBe(parent.reply_comment_total);
	});

	it.each(['search_item_list', 'aweme_list'] as const)('search/videos in the %s variant', async (variant) => {
		mock = await start({ searchVideosVariant: variant });
		const list = (d: Json) => (variant === 'aweme_list' ? d.aweme_list : d.search_item_list.map((x: Json) => x.aweme_info));
		const { items } = await collect(mock, 'search/videos', { keyword: 'matcha latte' }, list, (d) => {
			expect(typeof d.cursor).toBe('number'); // 'mixed' default: numeric offset here
			return { cursor: String(d.cursor) };
		}, (d) => !!d.has_more);
		expect(items.length).toBeGreaterThanOrEqual(45);
		expect(items[0].desc).toContain('matcha latte');
	});

	it('search/users: user_list[].user_info', async () => {
		mock = await start();
		const { items } = await collect(mock, 'search/users', { keyword: 'chef' }, (d) => d.user_list.map((x: Json) => x.user_info), (d) => ({ cursor: String(d.cursor) }), (d) => !!d.has_more);
		expect(items.length).toBeGreaterThanOrEqual(45);
		expect(items[0]).toMatchObject({ uid: expect.any(String), unique_id: expect.any(String), sec_uid: expect.any(String), follower_count: expect.any(Number) });
	});

	it.each(['followers', 'followings'])('user/%s: next_page_token + min_time, stop on has_more === false', async (kind) => {
		mock = await start();
		const { items } = await collect(mock, `user/${kind}`, { sec_user_id: 'MS4wLjABAAAAabc' }, (d) => d[kind], (d) => {
			expect(typeof d.min_time).toBe('number');
			return { page_token: d.next_page_token, min_time: d.min_time };
		}, (d) => d.has_more !== false);
		expect(items.length).toBeGreaterThanOrEqual(45);
		expect(unique(items, (u) => u.uid)).toBe(items.length);
		// sending page_token without min_time returns the first page again
		const first = await post(mock, `user/${kind}`, { sec_user_id: 'MS4wLjABAAAAabc' });
		const again = await post(mock, `user/${kind}`, { sec_user_id: 'MS4wLjABAAAAabc', page_token: first.json.data.next_page_token });
		expect(again.json.data[kind][0].uid).toBe(first.json.data[kind][0].uid);
	});

	it('repeatCursor hands back the same cursor forever (for loop protection tests)', async () => {
		mock = await start({ repeatCursor: ['hashtag/videos'] });
		const id = await hashtagId(mock, 'booktok');
		const a = await post(mock, 'hashtag/videos', { hashtag_id: id });
		const b = await post(mock, 'hashtag/videos', { hashtag_id: id, cursor: String(a.json.data.cursor) });
		expect(b.json.data.cursor).toBe(a.json.data.cursor);
		expect(b.json.data.has_more).toBeTruthy();
		// other endpoints still terminate
		const s = await post(mock, 'search/users', { keyword: 'x', cursor: '1000' });
		expect(s.json.data.has_more).toBe(0);
	});
});

describe('generated data', () => {
	it('hashtag videos are aweme objects in the recent past with co-occurring and emerging tags', async () => {
		mock = await start({ now: '2026-06-01T12:00:00Z' });
		const id = await hashtagId(mock, 'booktok');
		const { items } = await collect(mock, 'hashtag/videos', { hashtag_id: id, count: 30 }, (d) => d.aweme_list, (d) => ({ cursor: String(d.cursor) }), (d) => !!d.has_more);
		const nowSec = Date.parse('2026-06-01T12:00:00Z') / 1000;
		// a generated feed holds 45–120 videos: the checks below must not pass on an empty one
		expect(items.length).toBeGreaterThanOrEqual(45);
		for (const v of items) {
			expect(v.aweme_id).toMatch(/^7\d{18}$/);
			expect(v.create_time).toBeLessThan(nowSec);
			expect(v.create_time).toBeGreaterThan(nowSec - 31 * 86400);
			expect(v.statistics).toEqual(expect.objectContaining({ play_count: expect.any(Number), digg_count: expect.any(Number), comment_count: expect.any(Number), share_count: expect.any(Number), collect_count: expect.any(Number) }));
			expect(v.video.duration).toBeGreaterThanOrEqual(1000);
			expect(v.video.cover.url_list[0]).toMatch(/^https:\/\//);
			expect(v.cha_list[0]).toEqual(expect.objectContaining({ cid: id, cha_name: 'booktok' }));
			for (const t of v.text_extra) expect(v.desc.slice(t.start, t.end)).toBe(`#${t.hashtag_name}`);
			expect(v.text_extra.map((t: Json) => t.hashtag_name)).toEqual(v.cha_list.map((c: Json) => c.cha_name));
		}
		// some co-occurring tag is much more frequent among videos of the last 72 h than among older ones
		const recent = items.filter((v) => v.create_time > nowSec - 72 * 3600);
		const older = items.filter((v) => v.create_time <= nowSec - 72 * 3600);
		const share = (list: Json[], tag: string) => list.filter((v) => v.cha_list.some((c: Json) => c.cha_name === tag)).length / Math.max(1, list.length);
		const tags = new Set<string>(items.flatMap((v) => v.cha_list.map((c: Json) => c.cha_name)));
		const emerging = [...tags].filter((t) => share(recent, t) > 0.4 && share(older, t) < 0.15);
		expect(emerging.length).toBeGreaterThanOrEqual(1);
	});

	it('is deterministic for a seed and differs across seeds', async () => {
		const opts = { now: 1780000000000 };
		const a = await start({ ...opts, seed: 7 });
		const b = await start({ ...opts, seed: 7 });
		const c = await start({ ...opts, seed: 8 });
		const page = async (m: Mock) => {
			const id = await hashtagId(m, 'vanlife');
			const r = await post(m, 'hashtag/videos', { hashtag_id: id });
			return JSON.stringify(r.json.data);
		};
		const [pa, pb, pc] = [await page(a), await page(b), await page(c)];
		expect(pa).toBe(pb);
		expect(pa).not.toBe(pc);
	});

	it('video detail returns the same aweme seen in a feed', async () => {
		mock = await start();
		const id = await hashtagId(mock, 'gymtok');
		const v = (await post(mock, 'hashtag/videos', { hashtag_id: id })).json.data.aweme_list[3];
		const d = await post(mock, 'video', { video_id: v.aweme_id });
		expect(d.status).toBe(200);
		expect(d.json.data.aweme_detail).toEqual(v);
		const p = await post(mock, 'profile', { sec_user_id: v.author.sec_uid });
		expect(p.json.data.user.unique_id).toBe(v.author.unique_id);
	});
});

describe('concurrency limit', () => {
	it('answers 429 with Retry-After and the documented body when a key exceeds its in-flight limit', async () => {
		mock = await start({ concurrency: 2, latencyMs: 150 });
		const rs = await Promise.all([0, 1, 2, 3, 4].map(() => call(mock, 'hashtag', { hashtag_name: 'fyp' })));
		const statuses = rs.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 429, 429, 429]);
		const limited = rs.find((r) => r.status === 429)!;
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(((await limited.json()) as Json)).toEqual({
			error: { code: 'rate_limit_exceeded', message: expect.any(String) },
			plan: 'Project',
			concurrency: 2,
			in_flight: 2,
			retry_after: 1,
			docs_url: expect.any(String),
		});
		expect(mock.maxInFlight).toBe(2);
		expect(mock.credits).toBe(999998); // 429s are not billed
		expect(mock.requests.filter((r) => r.status === 429).every((r) => r.inFlightAtStart === 2 && r.retryAfter === '1')).toBe(true);
		mock.resetLog();
		expect(mock.maxInFlight).toBe(0);
		expect(mock.requests).toHaveLength(0);
	});

	it('sequential calls never hit the limit; concurrency 0 is unlimited; retryAfter is configurable', async () => {
		mock = await start({ concurrency: 1, retryAfter: '0' });
		for (let i = 0; i < 5; i++) expect((await call(mock, 'hashtag', { hashtag_name: 'a' })).status).toBe(200);
		mock.configure({ latencyMs: 100 });
		const rs = await Promise.all([0, 1].map(() => call(mock, 'hashtag', { hashtag_name: 'a' })));
		const r429 = rs.find((r) => r.status === 429)!;
		expect(r429.headers.get('retry-after')).toBe('0');
		mock.configure({ concurrency: 0 });
		mock.resetLog();
		const many = await Promise.all(Array.from({ length: 8 }, () => call(mock, 'hashtag', { hashtag_name: 'a' })));
		expect(many.every((r) => r.status === 200)).toBe(true);
		expect(mock.maxInFlight).toBe(8);
	});
});

describe('failure injection and the request log', () => {
	beforeEach(async () => {
		mock = await start();
	});

	it('failNext scripts statuses for matching requests only, unbilled, then recovers', async () => {
		mock.setHashtag('alpha', { id: '1', views: 5, videos: 1 });
		mock.failNext({ path: 'hashtag', status: 503, count: 2, retryAfter: 2, hashtagName: 'alpha' });
		expect((await post(mock, 'hashtag', { hashtag_name: 'beta' })).status).toBe(200);
		expect((await post(mock, 'hashtag/videos', { hashtag_id: '1' })).status).toBe(200);
		const a = await post(mock, 'hashtag', { hashtag_name: 'alpha' });
		expect(a.status).toBe(503);
		expect(a.headers.get('retry-after')).toBe('2');
		expect(a.json.data).toBeUndefined();
		expect((await post(mock, 'hashtag', { hashtag_id: '1' })).status).toBe(503);
		expect((await post(mock, 'hashtag', { hashtag_name: 'alpha' })).status).toBe(200);
		expect(mock.credits).toBe(1000000 - 3);
		expect(mock.requests.filter((r) => r.status === 503).map((r) => r.retryAfter)).toEqual(['2', '2']);
	});

	it('scripts the usage endpoint only when a rule names it', async () => {
		mock.failNext({ status: 502 });
		mock.failNext({ path: 'usage', status: 401 });
		const usage = () => fetch(`${mock.url}/api/v1/usage`, { headers: { Authorization: `Bearer ${mock.apiKey}` } });
		const u = await usage();
		expect(u.status).toBe(401);
		expect(((await u.json()) as Json).error.code).toBe('unauthorized');
		expect((await usage()).status).toBe(200);
		expect((await post(mock, 'hashtag', { hashtag_name: 'x' })).status).toBe(502);
	});

	it('supports 502, 429, a billed 404 and custom bodies', async () => {
		mock.failNext({ status: 502 });
		mock.failNext({ status: 429 });
		mock.failNext({ status: 404 });
		mock.failNext({ status: 500, body: { error: 'custom' } });
		expect((await post(mock, 'hashtag', { hashtag_name: 'x' })).status).toBe(502);
		const r429 = await post(mock, 'hashtag', { hashtag_name: 'x' });
		expect(r429.status).toBe(429);
		expect(r429.headers.get('retry-after')).toBe('1');
		const r404 = await post(mock, 'hashtag', { hashtag_name: 'x' });
		expect(r404.json).toEqual({ error: 'Not found.', credits_used: 1, credits_remaining: 999999 });
		expect((await post(mock, 'hashtag', { hashtag_name: 'x' })).json).toEqual({ error: 'custom' });
		const date = new Date(Date.now() + 3000).toUTCString();
		mock.failNext({ status: 429, retryAfter: date });
		const dated = await post(mock, 'hashtag', { hashtag_name: 'x' });
		expect(dated.headers.get('retry-after')).toBe(date);
		expect(dated.json.retry_after).toBeGreaterThanOrEqual(1);
		expect(dated.json.retry_after).toBeLessThanOrEqual(3);
	});

	it('a timeout never answers and frees the slot when the client gives up; malformedJson breaks the body', async () => {
		mock.failNext({ status: 'timeout' });
		await expect(call(mock, 'hashtag', { hashtag_name: 'x' }, mock.apiKey, AbortSignal.timeout(150))).rejects.toThrow();
		// The server notices the closed connection a moment later: wait for it (up to 5 s).
		for (let waited = 0; waited < 5000 && (mock.requests[0]?.timedOut !== true || mock.state().inFlight !== 0); waited += 10) {
			await new Promise((r) => setTimeout(r, 10));
		}
		expect(mock.requests[0]).toMatchObject({ status: 0, timedOut: true });
		expect(mock.state().inFlight).toBe(0);
		mock.failNext({ status: 'malformedJson' });
		const r = await call(mock, 'hashtag', { hashtag_name: 'x' });
		expect(r.status).toBe(200);
		await expect(r.json()).rejects.toThrow();
	});

	it('failureRates inject random 5xx deterministically by seed', async () => {
		const run = async () => {
			const m = await start({ seed: 3, failureRates: { status5xx: 0.5 } });
			const out: number[] = [];
			for (let i = 0; i < 12; i++) out.push((await call(m, 'hashtag', { hashtag_name: 'x' })).status);
			return out;
		};
		const a = await run();
		expect(a).toEqual(await run());
		expect(a.some((s) => s === 502 || s === 503)).toBe(true);
		expect(a).toContain(200);
	});

	it('logs arrival and response times, body, status and in-flight count', async () => {
		mock.configure({ latencyMs: 60 });
		const before = performance.timeOrigin + performance.now();
		await Promise.all([call(mock, 'hashtag', { hashtag_name: 'a' }), call(mock, 'hashtag', { hashtag_name: 'b' })]);
		const after = performance.timeOrigin + performance.now();
		expect(mock.requests).toHaveLength(2);
		for (const e of mock.requests) {
			expect(e.t0).toBeGreaterThanOrEqual(before - 1);
			expect(e.t1!).toBeLessThanOrEqual(after + 1);
			expect(e.t1! - e.t0).toBeGreaterThanOrEqual(55);
			expect(e).toMatchObject({ method: 'POST', path: '/api/v1/tiktok/hashtag', auth: 'ok', status: 200 });
		}
		expect(mock.requests.map((e) => e.inFlightAtStart).sort()).toEqual([0, 1]);
		expect(mock.requests.map((e) => (e.body as Json).hashtag_name).sort()).toEqual(['a', 'b']);
		expect(mock.maxInFlight).toBe(2);
	});
});

describe('control endpoints and CLI', () => {
	it('controls the mock over HTTP without auth', async () => {
		mock = await start();
		const ctl = async (method: string, p: string, body?: unknown) => {
			const r = await fetch(`${mock.url}/__mock/${p}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
			expect(r.status).toBe(200);
			return (await r.json()) as Json;
		};
		await ctl('POST', 'hashtags', { tagone: { views: 100, videos: 5, viewsPerHour: 10 } });
		await ctl('POST', 'advance', { hours: 2 });
		expect((await post(mock, 'hashtag', { hashtag_name: 'tagone' })).json.data.challengeInfo.stats.viewCount).toBe(120);
		await ctl('POST', 'fail-next', { path: 'hashtag', status: 502 });
		expect((await post(mock, 'hashtag', { hashtag_name: 'tagone' })).status).toBe(502);
		await ctl('POST', 'configure', { hashtagVariant: 'legacyData', credits: 10 });
		expect((await post(mock, 'hashtag', { hashtag_name: 'tagone' })).json.data.stats.view_count).toBe(120);
		const log = await ctl('GET', 'requests');
		expect(log.map((e: Json) => e.status)).toEqual([200, 502, 200]);
		const state = await ctl('GET', 'state');
		expect(state.credits).toBe(9);
		expect(JSON.stringify(state)).not.toContain(mock.apiKey);
		await ctl('POST', 'reset-log');
		expect(mock.requests).toHaveLength(0);
	});

	it('the CLI prints one JSON line with its URL, logs requests to stderr, and exits on SIGTERM', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-scavio-'));
		const cfg = path.join(dir, 'cfg.json');
		fs.writeFileSync(cfg, JSON.stringify({ apiKey: 'sk_test_cli', hashtags: { clitag: { views: 42, videos: 7 } } }));
		const child = spawn(process.execPath, [SERVER, '--port', '0', '--config', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (c) => (stderr += c));
		const line = await new Promise<string>((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (c) => {
				out += c;
				if (out.includes('\n')) resolve(out.split('\n')[0]);
			});
			child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
		});
		const info = JSON.parse(line);
		expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
		const r = await fetch(`${info.url}/api/v1/tiktok/hashtag`, {
			method: 'POST',
			headers: { Authorization: 'Bearer sk_test_cli', 'Content-Type': 'application/json' },
			body: JSON.stringify({ hashtag_name: 'clitag' }),
		});
		expect((((await r.json()) as Json)).data.challengeInfo.stats).toEqual({ videoCount: 7, viewCount: 42 });
		const code = await new Promise<number | null>((resolve) => {
			child.on('exit', (c) => resolve(c));
			child.kill('SIGTERM');
		});
		expect(code).toBe(0);
		const logged = stderr.trim().split('\n').map((l) => JSON.parse(l));
		expect(logged).toEqual([expect.objectContaining({ path: '/api/v1/tiktok/hashtag', status: 200, auth: 'ok' })]);
		expect(stderr).not.toContain('sk_test_cli');
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('--demo serves a growing watchlist', async () => {
		const child = spawn(process.execPath, [SERVER, '--demo'], { stdio: ['ignore', 'pipe', 'ignore'] });
		try {
			const info = await new Promise<Json>((resolve) => {
				let out = '';
				child.stdout.on('data', (c) => {
					out += c;
					if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
				});
			});
			const state: Json = await (await fetch(`${info.url}/__mock/state`)).json();
			expect(state.hashtags.length).toBeGreaterThanOrEqual(8);
			expect(state.options.timeScale).toBeGreaterThan(1);
			expect(state.hashtags.every((h: Json) => h.viewsPerHour > 0)).toBe(true);
			// accelerated counts, but videos are never dated in the (real) future
			const headers = { Authorization: 'Bearer sk_test_mock', 'Content-Type': 'application/json' };
			const tag: Json = await (await fetch(`${info.url}/api/v1/tiktok/hashtag`, { method: 'POST', headers, body: '{"hashtag_name":"matchalatte"}' })).json();
			const feed: Json = await (
				await fetch(`${info.url}/api/v1/tiktok/hashtag/videos`, { method: 'POST', headers, body: JSON.stringify({ hashtag_id: tag.data.challengeInfo.challenge.id }) })
			).json();
			expect(feed.data.aweme_list.length).toBeGreaterThan(0);
			expect(Math.max(...feed.data.aweme_list.map((v: Json) => v.create_time))).toBeLessThanOrEqual(Date.now() / 1000);
		} finally {
			child.kill('SIGTERM');
		}
	});
});

describe('TikTok formats and body variants', () => {
	/** The body as sent: raw bytes decoded without fetch's BOM stripping. */
	async function text(m: Mock, endpoint: string, body: unknown): Promise<{ status: number; text: string; type: string | null }> {
		const r = await call(m, endpoint, body);
		const bytes = Buffer.from(await r.arrayBuffer());
		return { status: r.status, text: bytes.toString('utf8'), type: r.headers.get('content-type') };
	}

	it('web format: itemList with rounded stats and exact statsV2 strings, hasMore booleans, string cursors', async () => {
		mock = await start({ format: 'web', listSize: 45 });
		const id = await hashtagId(mock, 'webfeed');
		const app = await start({ format: 'app', listSize: 45 });
		app.setHashtag('webfeed', { id });
		mock.setHashtag('webfeed', { id });
		const web = (await post(mock, 'hashtag/videos', { hashtag_id: id, count: 30 })).json.data;
		const raw = (await post(app, 'hashtag/videos', { hashtag_id: id, count: 30 })).json.data;
		expect(web).toMatchObject({ cursor: '30', hasMore: true });
		expect(web.aweme_list).toBeUndefined();
		expect(web.itemList).toHaveLength(30);
		web.itemList.forEach((item: Json, i: number) => {
			const plays = raw.aweme_list[i].statistics.play_count;
			expect(item.id).toBe(raw.aweme_list[i].aweme_id);
			expect(item.statsV2.playCount).toBe(String(plays));
			expect(Math.abs(item.stats.playCount - plays)).toBeLessThanOrEqual(plays < 10000 ? 0 : plays * 0.05);
		});
		const profile = (await post(mock, 'profile', { username: 'webby' })).json.data;
		expect(profile.userInfo.user).toMatchObject({ uniqueId: 'webby', secUid: expect.stringMatching(/^MS4wLjABAAAA/), verified: expect.any(Boolean) });
		expect(profile.userInfo.statsV2.followerCount).toMatch(/^\d+$/);
	});

	it('rounds like TikTok web does: 1,776,621 → 1,800,000 and 954,780,316,160 → 954,800,000,000', async () => {
		const { roundForDisplay } = await import('../mock-scavio/server');
		expect([roundForDisplay(1_776_621), roundForDisplay(954_780_316_160), roundForDisplay(9_999)]).toEqual([1_800_000, 954_800_000_000, 9_999]);
	});

	it('numericIds sends ids as bare numbers above 2^53, and bom starts each 200 answer with a byte-order mark', async () => {
		mock = await start({ numericIds: true, bom: true, hashtagVariant: 'app' });
		mock.setHashtag('bigid', { id: '7346582929391840518', views: 5, videos: 1 });
		const r = await text(mock, 'hashtag', { hashtag_name: 'bigid' });
		expect(r.text.charCodeAt(0)).toBe(0xfeff);
		expect(r.text).toContain('"cid":7346582929391840518');
		const err = await text(mock, 'hashtag', {});
		expect(err.status).toBe(400);
		expect(err.text.charCodeAt(0)).not.toBe(0xfeff);
	});

	it('scripted 200 failures: HTML page, error body, rate-limit body, TikTok status_code; only the TikTok one is billed', async () => {
		mock = await start();
		for (const status of ['html200', 'errorBody200', 'rateLimit200', 'tiktokError200'] as const) mock.failNext({ path: 'hashtag', status });
		const before = mock.credits;
		const html = await text(mock, 'hashtag', { hashtag_name: 'x' });
		expect([html.status, html.type, html.text.startsWith('<!DOCTYPE html>')]).toEqual([200, 'text/html; charset=utf-8', true]);
		expect(JSON.parse((await text(mock, 'hashtag', { hashtag_name: 'x' })).text)).toMatchObject({ error: { code: 'upstream_error' } });
		expect(JSON.parse((await text(mock, 'hashtag', { hashtag_name: 'x' })).text)).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
		expect(JSON.parse((await text(mock, 'hashtag', { hashtag_name: 'x' })).text)).toMatchObject({ data: { status_code: 10202 }, credits_used: 1 });
		expect(mock.credits).toBe(before - 1);
	});

	it('hugePage answers one page of that many records with distinct ids and no further page', async () => {
		mock = await start({ hugePage: 1000 });
		const data = (await post(mock, 'user/followers', { sec_user_id: 'MS4wLjABAAAAhuge', count: 20 })).json.data;
		expect(data.followers).toHaveLength(1000);
		expect(new Set(data.followers.map((u: Json) => u.uid)).size).toBe(1000);
		expect(data.has_more).toBe(false);
	});

	it('app general search mixes video entries with a user card in data.data[]', async () => {
		mock = await start({ searchVideosVariant: 'general', searchUsersVariant: 'general' });
		const videos = (await post(mock, 'search/videos', { keyword: 'mixed', count: 5 })).json.data;
		expect(videos.data.filter((e: Json) => e.type === 1 && e.aweme_info.aweme_id)).toHaveLength(5);
		expect(videos.data.filter((e: Json) => Array.isArray(e.user_list))).toHaveLength(1);
		const users = (await post(mock, 'search/users', { keyword: 'mixed', count: 5 })).json.data;
		expect(users.data).toEqual([{ type: 4, user_list: expect.arrayContaining([{ user_info: expect.objectContaining({ unique_id: expect.any(String) }) }]) }]);
	});
});
