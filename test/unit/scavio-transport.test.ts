/** Pure parts of the Scavio transport: limiter, backoff, Retry-After, pagination fields, error bodies. */
import { ENDPOINTS } from '../../lib/scavio';
import { ScavioTiktok } from '../../nodes/ScavioTiktok/ScavioTiktok.node';
import { AUTO_START, ConcurrencyLimiter } from '../../nodes/ScavioTiktok/transport/limiter';
import { DEFAULT_LIMIT, hasMore, nextPageFields, pageHasMore } from '../../nodes/ScavioTiktok/transport/paginate';
import {
	BACKOFF_BASE_MS,
	BACKOFF_CAP_MS,
	backoffDelay,
	DEFAULT_REQUEST_OPTIONS,
	errorBodyMessage,
	errorIn200,
	isRetryableStatus,
	parseRetryAfter,
} from '../../nodes/ScavioTiktok/transport/request';

describe('ConcurrencyLimiter', () => {
	it('fixed: never more than N in flight, FIFO hand-over', async () => {
		const limiter = new ConcurrencyLimiter(2);
		const order: number[] = [];
		await limiter.acquire();
		await limiter.acquire();
		const third = limiter.acquire().then(() => order.push(3));
		const fourth = limiter.acquire().then(() => order.push(4));
		expect(limiter.inFlight).toBe(2);
		expect(limiter.waiting).toBe(2);
		limiter.release();
		await third;
		expect(limiter.inFlight).toBe(2);
		limiter.release();
		await fourth;
		expect(order).toEqual([3, 4]);
		limiter.onRateLimited(0, 1);
		expect(limiter.limit).toBe(2);
	});

	it('automatic: starts at AUTO_START, follows the 429 body concurrency, halves without it, grows after successes', () => {
		const limiter = new ConcurrencyLimiter(0);
		expect(limiter.limit).toBe(AUTO_START);
		limiter.onRateLimited(0);
		expect(limiter.limit).toBe(1);
		for (let i = 0; i < 10; i++) limiter.onSuccess();
		expect(limiter.limit).toBeGreaterThan(1);
		const withPlan = new ConcurrencyLimiter(0);
		withPlan.onRateLimited(0, 2);
		expect(withPlan.limit).toBe(2);
		for (let i = 0; i < 100; i++) withPlan.onSuccess();
		// never grows past the plan's concurrency
		expect(withPlan.limit).toBe(2);
	});

	it('a burst of 429s from one wave only lowers the limit once', async () => {
		const limiter = new ConcurrencyLimiter(0);
		while (limiter.limit < 8) limiter.onSuccess();
		const tickets = [await limiter.acquire(), await limiter.acquire(), await limiter.acquire()];
		for (const t of tickets) limiter.onRateLimited(t);
		expect(limiter.limit).toBe(4);
		// a request started after the decrease counts again
		limiter.onRateLimited(await limiter.acquire());
		expect(limiter.limit).toBe(2);
	});

	it('close() rejects queued and future acquires', async () => {
		const limiter = new ConcurrencyLimiter(1);
		await limiter.acquire();
		const queued = limiter.acquire();
		const stop = new Error('out of credits');
		limiter.close(stop);
		await expect(queued).rejects.toBe(stop);
		await expect(limiter.acquire()).rejects.toBe(stop);
	});
});

describe('backoff and Retry-After', () => {
	it('full jitter stays within [0, min(cap, base·2^attempt)]', () => {
		expect(backoffDelay(0, () => 0.999)).toBeLessThan(BACKOFF_BASE_MS);
		expect(backoffDelay(3, () => 0.5)).toBe(2000);
		expect(backoffDelay(10, () => 0.999)).toBeLessThan(BACKOFF_CAP_MS);
		expect(backoffDelay(10, () => 0)).toBe(0);
	});

	it('reads delta-seconds and HTTP-dates', () => {
		const now = Date.parse('2026-11-22T05:00:00Z');
		expect(parseRetryAfter('1', now)).toBe(1000);
		expect(parseRetryAfter(['0.25'], now)).toBe(250);
		expect(parseRetryAfter('Sun, 22 Nov 2026 05:00:03 GMT', now)).toBe(3000);
		expect(parseRetryAfter('Sun, 22 Nov 2026 04:00:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('soon', now)).toBeNull();
		expect(parseRetryAfter(undefined, now)).toBeNull();
	});
});

describe('pagination fields', () => {
	it('has_more truthiness across 1/0, booleans and strings', () => {
		expect([1, true, '1', 'true'].map(hasMore)).toEqual([true, true, true, true]);
		expect([0, false, '0', 'false', '', null, undefined].map(hasMore)).toEqual([false, false, false, false, false, false, false]);
	});

	it('cursor styles: max_cursor and cursor as strings, page_token with numeric min_time', () => {
		expect(nextPageFields(ENDPOINTS.userPosts, { max_cursor: 1690000000000, cursor: 5 })).toEqual({ cursor: '1690000000000' });
		expect(nextPageFields(ENDPOINTS.searchVideos, { cursor: 10 })).toEqual({ cursor: '10' });
		// A page that carries only the other style's field still pages on.
		expect(nextPageFields(ENDPOINTS.userPosts, { cursor: 7 })).toEqual({ cursor: '7' });
		expect(nextPageFields(ENDPOINTS.searchVideos, { max_cursor: '30' })).toEqual({ cursor: '30' });
		expect(nextPageFields(ENDPOINTS.videoComments, { cursor: '20' })).toEqual({ cursor: '20' });
		expect(nextPageFields(ENDPOINTS.userFollowers, { next_page_token: 'abc', min_time: '1690000000' })).toEqual({ page_token: 'abc', min_time: 1690000000 });
		expect(nextPageFields(ENDPOINTS.hashtagVideos, {})).toBeNull();
		expect(nextPageFields(ENDPOINTS.userFollowings, { min_time: 1 })).toBeNull();
		// page_token and min_time go together: without min_time the next request would repeat page 1
		expect(nextPageFields(ENDPOINTS.userFollowers, { next_page_token: 'abc', has_more: true })).toBeNull();
		expect(nextPageFields(ENDPOINTS.userFollowers, { next_page_token: 'abc', min_time: '' })).toBeNull();
	});
});

describe('web-format paging', () => {
	it('hasMore (web) and has_more (app), cursor strings and minCursor for followers', () => {
		expect([pageHasMore({ hasMore: true }), pageHasMore({ hasMore: false }), pageHasMore({ has_more: 1 }), pageHasMore({})]).toEqual([true, false, true, false]);
		expect(nextPageFields(ENDPOINTS.hashtagVideos, { cursor: '30', hasMore: true })).toEqual({ cursor: '30' });
		expect(nextPageFields(ENDPOINTS.userPosts, { maxCursor: 1715000000000 })).toEqual({ cursor: '1715000000000' });
		expect(nextPageFields(ENDPOINTS.userFollowers, { minCursor: '1715000000', hasMore: true })).toEqual({ min_time: 1715000000 });
		// an app page's token still needs its min_time; a lone min_time is not a web cursor
		expect(nextPageFields(ENDPOINTS.userFollowers, { next_page_token: 'abc', minCursor: 5 })).toBeNull();
	});
});

describe('200 answers with an error', () => {
	it("Scavio's {error} without data and TikTok's status_code are errors; a normal envelope is not", () => {
		expect(errorIn200({ error: { code: 'upstream_error', message: 'TikTok failed' } })).toEqual({ message: 'TikTok failed', rateLimited: false });
		expect(errorIn200({ error: 'Rate limit exceeded' })).toEqual({ message: 'Rate limit exceeded', rateLimited: true });
		expect(errorIn200({ data: { status_code: 10202, status_msg: 'not available' } })).toEqual({ message: 'TikTok status_code 10202 ("not available")', rateLimited: false });
		expect(errorIn200({ statusCode: 10000, statusMsg: 'too frequent' })?.rateLimited).toBe(true);
		expect(errorIn200({ data: { status_code: 0, aweme_list: [] }, credits_used: 1 })).toBeNull();
		expect(errorIn200({ data: { statusCode: 0, itemList: [] } })).toBeNull();
		expect(errorIn200({ plan: 'Project', credit_balance: 5 })).toBeNull();
	});
});

describe('error bodies', () => {
	it('reads both documented shapes and the details field', () => {
		expect(errorBodyMessage({ error: { code: 'unauthorized', message: 'Invalid or missing API key' } })).toBe('Invalid or missing API key');
		expect(errorBodyMessage({ error: 'Product not found in this region.', credits_used: 1 })).toBe('Product not found in this region.');
		expect(errorBodyMessage({ error: { code: 'bad_request', message: 'Invalid', details: 'cursor must be a string' } })).toBe('Invalid (cursor must be a string)');
		expect(errorBodyMessage({ message: 'plain' })).toBe('plain');
		expect(errorBodyMessage({})).toBeNull();
		expect(errorBodyMessage('x'.repeat(1000))).toHaveLength(300);
	});
});

describe('node description', () => {
	const description = new ScavioTiktok().description;
	const options = description.properties.find((p) => p.name === 'options')!;
	const byName = (name: string) => (options.options as Array<{ name: string; default: unknown }>).find((o) => o.name === name)!.default;

	it('option defaults match the transport defaults', () => {
		expect(byName('maxRetries')).toBe(DEFAULT_REQUEST_OPTIONS.maxRetries);
		expect(byName('timeout')).toBe(DEFAULT_REQUEST_OPTIONS.timeout);
		expect(byName('maxConcurrency')).toBe(0);
		expect(byName('maxCredits')).toBe(0);
		expect(description.properties.filter((p) => p.name === 'limit').every((p) => p.default === DEFAULT_LIMIT)).toBe(true);
	});

	it('declares every resource/operation of docs/DESIGN.md', () => {
		const ops = description.properties
			.filter((p) => p.name === 'operation')
			.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => `${p.displayOptions!.show!.resource![0]}.${o.value}`))
			.sort();
		expect(ops).toEqual(
			[
				'account.getUsage',
				'hashtag.get',
				'hashtag.getVideos',
				'search.users',
				'search.videos',
				'user.getFollowers',
				'user.getFollowings',
				'user.getPosts',
				'user.getProfile',
				'video.get',
				'video.getCommentReplies',
				'video.getComments',
			].sort(),
		);
		expect(description).toMatchObject({ name: 'scavioTiktok', version: 1, usableAsTool: true, credentials: [{ name: 'scavioTiktokApi', required: true }] });
	});
});

describe('isRetryableStatus', () => {
	it('retries 429 and every 5xx except 501 and 505; never a 4xx', () => {
		expect([429, 500, 502, 503, 504, 507, 520, 524, 599].filter(isRetryableStatus)).toEqual([429, 500, 502, 503, 504, 507, 520, 524, 599]);
		expect([400, 401, 402, 403, 404, 409, 422, 501, 505, 600].filter(isRetryableStatus)).toEqual([]);
	});
});
