/**
 * Transport behaviour seen from outside, through the harness and the mock's request log: retries
 * and Retry-After, concurrency limits, automatic 429 recovery, credit budget, 401/402, input
 * hardening, a fault mix, and the API key never leaking.
 */
import { createMockScavio, type Mock, type MockOptions } from '../mock-scavio/server';
import { expectNoKey, FAULT_MIX, jsonOf, KEY, pairedOf, run, tiktokRequests, visibleText } from './scavio-helpers';

const mocks: Mock[] = [];

async function newMock(options: MockOptions = {}): Promise<Mock> {
	const mock = await createMockScavio({ apiKey: KEY, seed: 11, concurrency: 0, ...options });
	mocks.push(mock);
	return mock;
}

afterAll(async () => {
	await Promise.all(mocks.map((m) => m.close()));
});

const getHashtag = (extra: Record<string, unknown> = {}) => ({ resource: 'hashtag', operation: 'get', hashtagName: '={{$json.tag}}', ...extra });
const tagItems = (n: number, prefix = 'tag') => Array.from({ length: n }, (_, i) => ({ tag: `${prefix}${i}` }));

describe('retries', () => {
	it('retries 503 honouring a delta-seconds Retry-After, measured from the request log', async () => {
		const mock = await newMock();
		mock.failNext({ path: 'hashtag', status: 503, count: 2, retryAfter: '0.4' });
		const result = await run(mock, getHashtag(), { items: [{ tag: 'retryme' }] });
		expect(result.status).toBe('success');
		const log = tiktokRequests(mock);
		expect(log.map((r) => r.status)).toEqual([503, 503, 200]);
		for (let i = 1; i < log.length; i++) expect(log[i].t0 - log[i - 1].t1!).toBeGreaterThanOrEqual(380);
		expectNoKey(result);
	});

	it('retries a CDN 5xx (521) but not 501 Not Implemented', async () => {
		const mock = await newMock({ retryAfter: '0.05' });
		mock.failNext({ path: 'hashtag', status: 521, hashtagName: 'cdn' });
		mock.failNext({ path: 'hashtag', status: 501, hashtagName: 'never' });
		const result = await run(mock, getHashtag(), { items: [{ tag: 'cdn' }, { tag: 'never' }], onError: 'continueRegularOutput' });
		const out = jsonOf(result);
		expect(out[0]).toMatchObject({ name: 'cdn', views: expect.any(Number) });
		expect(out[1]).toMatchObject({ hashtag: 'never', httpCode: '501' });
		const byTag = (tag: string) => tiktokRequests(mock).filter((r) => (r.body as { hashtag_name?: string }).hashtag_name === tag).map((r) => r.status);
		expect(byTag('cdn')).toEqual([521, 200]);
		expect(byTag('never')).toEqual([501]);
	});

	it('honours Retry-After given as an HTTP-date', async () => {
		const mock = await newMock();
		// Whole seconds: `at` is 2–3 s away, so the wait is over a second even if the first answer is slow.
		const at = new Date(Date.now() + 3000).toUTCString();
		mock.failNext({ path: 'hashtag', status: 502, retryAfter: at });
		const result = await run(mock, getHashtag(), { items: [{ tag: 'datetag' }] });
		expect(result.status).toBe('success');
		const [first, second] = tiktokRequests(mock);
		// The retry waits until `at` (mock and node share this machine's clock).
		expect(second.t0).toBeGreaterThanOrEqual(Date.parse(at) - 50);
		expect(second.t0 - first.t1!).toBeGreaterThanOrEqual(500);
	});

	it('retries 429 (with its Retry-After), 500, 504, malformed JSON and a timeout', async () => {
		const mock = await newMock({ retryAfter: '0.1' });
		mock.failNext({ path: 'hashtag', status: 429 });
		mock.failNext({ path: 'hashtag', status: 500 });
		mock.failNext({ path: 'hashtag', status: 'malformedJson' });
		mock.failNext({ path: 'hashtag', status: 504 });
		mock.failNext({ path: 'hashtag', status: 'timeout' });
		const result = await run(mock, getHashtag({ options: { maxRetries: 5, timeout: 1000 } }), { items: [{ tag: 'sturdy' }] });
		expect(result.status).toBe('success');
		expect(jsonOf(result)[0]).toMatchObject({ name: 'sturdy', views: expect.any(Number) });
		const log = tiktokRequests(mock);
		expect(log.map((r) => r.status)).toEqual([429, 500, 200, 504, 0, 200]);
		// The retry after the 429 waited for its Retry-After (0.1 s), measured from the mock's log.
		expect(log[1].t0 - log[0].t1!).toBeGreaterThanOrEqual(95);
	});

	it.each([[400], [403], [404]])('does not retry %i and reports it per item', async (status) => {
		const mock = await newMock();
		mock.failNext({ path: 'hashtag', status });
		const result = await run(mock, getHashtag(), { items: [{ tag: 'once' }], onError: 'continueRegularOutput' });
		expect(tiktokRequests(mock)).toHaveLength(1);
		expect(jsonOf(result)[0]).toMatchObject({ hashtag: 'once', hashtagId: null, httpCode: String(status), error: expect.stringContaining(`(${status} `) });
	});

	it('gives up after Max Retries with a message saying what to do', async () => {
		const mock = await newMock();
		mock.failNext({ path: 'hashtag', status: 503, count: 5, retryAfter: 0 });
		const result = await run(mock, getHashtag({ options: { maxRetries: 1 } }), { items: [{ tag: 'down' }] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Scavio answered HTTP 503 ("Service temporarily unavailable. Wait a few seconds and retry.") after 2 attempts');
		expect((result.error as { description?: string }).description).toMatch(/Max Retries/);
		expect(tiktokRequests(mock)).toHaveLength(2);
	});

	it('reports an unreachable server clearly, with the detail in the description', async () => {
		const mock = await newMock();
		await mock.close();
		const result = await run(mock, getHashtag({ options: { maxRetries: 1 } }), { items: [{ tag: 'offline' }] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Scavio could not be reached after 2 attempts');
		expect((result.error as { description?: string }).description).toMatch(/ECONNREFUSED|refused the connection/);
		expectNoKey(result);
	});

	it('reports a timeout with the configured limit', async () => {
		const mock = await newMock();
		mock.failNext({ path: 'hashtag', status: 'timeout', count: 2 });
		const result = await run(mock, getHashtag({ options: { maxRetries: 1, timeout: 1000 } }), { items: [{ tag: 'slow' }], onError: 'continueRegularOutput' });
		expect(jsonOf(result)[0]).toMatchObject({ hashtag: 'slow', httpCode: null, error: 'Scavio did not answer within 1000 ms after 2 attempts' });
	});
});

describe('concurrency', () => {
	it.each([[1], [2], [4]])('never has more than %i requests in flight with Max Concurrency %i', async (limit) => {
		const mock = await newMock({ latencyMs: [15, 30] });
		const result = await run(mock, getHashtag({ options: { maxConcurrency: limit } }), { items: tagItems(16) });
		expect(result.status).toBe('success');
		expect(jsonOf(result).map((j) => j.name)).toEqual(tagItems(16).map((t) => t.tag));
		expect(mock.maxInFlight).toBeLessThanOrEqual(limit);
		expect(mock.maxInFlight).toBe(limit);
	});

	it('automatic mode recovers from 429s on a plan limit of 2 without losing items', async () => {
		const mock = await newMock({ concurrency: 2, latencyMs: [10, 25], retryAfter: '0.05' });
		const items = tagItems(30, 'auto');
		const result = await run(mock, getHashtag({ options: { maxRetries: 8 } }), { items });
		expect(result.status).toBe('success');
		expect(jsonOf(result).map((j) => j.name)).toEqual(items.map((t) => t.tag));
		expect(pairedOf(result)).toEqual(items.map((_, i) => ({ item: i })));
		const log = tiktokRequests(mock);
		const throttled = log.filter((r) => r.status === 429).length;
		expect(log.filter((r) => r.status === 200)).toHaveLength(30);
		// It adapts: most requests are not rejected.
		expect(throttled).toBeGreaterThan(0);
		expect(throttled).toBeLessThan(15);
	});
});

describe('credits', () => {
	it('refuses to start requests beyond Max Credits and says how many were used', async () => {
		const mock = await newMock();
		const result = await run(mock, getHashtag({ options: { maxCredits: 3, maxConcurrency: 1, includeCreditInfo: true } }), {
			items: tagItems(5, 'budget'),
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		const out = jsonOf(result);
		expect(out.slice(0, 3).every((j) => j.views !== undefined && j.credits_used === 1)).toBe(true);
		for (const j of out.slice(3)) {
			expect(j.error).toMatch(/^Credit budget reached: this node has used 3 of the 3 credits allowed by 'Max Credits' for this execution/);
		}
		expect(mock.state().billedCalls).toBe(3);
	});

	it('counts a malformed 200 (billed) against the budget before retrying it', async () => {
		const mock = await newMock();
		mock.failNext({ path: 'hashtag', status: 'malformedJson' });
		const result = await run(mock, getHashtag({ options: { maxCredits: 2, maxConcurrency: 1 } }), {
			items: tagItems(2, 'cutoff'),
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		// The cut-off answer and one good one use the 2 credits; whichever item comes third is refused.
		const out = jsonOf(result);
		expect(out.filter((j) => typeof j.views === 'number')).toHaveLength(1);
		expect(out.filter((j) => /^Credit budget reached: this node has used 2 of the 2 credits/.test(String(j.error)))).toHaveLength(1);
		expect(mock.state().billedCalls).toBe(2);
	});

	it('counts every page of a paginated item against the budget and keeps the pages already paid for', async () => {
		const mock = await newMock({ listSize: 100 });
		mock.setHashtag('pages', { id: '555', views: 1, videos: 1, videoListSize: 100 });
		const result = await run(mock, {
			resource: 'hashtag',
			operation: 'getVideos',
			lookupBy: 'id',
			hashtagId: '555',
			returnAll: true,
			options: { maxCredits: 2, includeCreditInfo: true },
		});
		expect(result.status).toBe('success');
		expect(tiktokRequests(mock)).toHaveLength(2);
		const out = jsonOf(result);
		// both pages (30 each) were paid for: none of their videos is thrown away, each says it was cut short
		expect(out).toHaveLength(60);
		expect(new Set(out.map((j) => j.id)).size).toBe(60);
		expect(out.every((j) => j.truncatedByCreditBudget === true && j.credits_used === 2)).toBe(true);
	});

	it('without any page paid for, the budget stop is the item error, saying how to fix it', async () => {
		const mock = await newMock();
		mock.setHashtag('onepage', { id: '556', views: 1, videos: 1 });
		mock.setHashtag('nopage', { id: '557', views: 1, videos: 1 });
		// two hashtags (the same one twice would share its fetch): the second gets no page at all
		const result = await run(mock, { resource: 'hashtag', operation: 'getVideos', lookupBy: 'id', hashtagId: '={{$json.id}}', returnAll: true, options: { maxCredits: 1, maxConcurrency: 1 } }, {
			items: [{ id: '556' }, { id: '557' }],
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Credit budget reached: this node has used 1 of the 1 credits/);
		expect((result.error as { description?: string }).description).toMatch(/Raise 'Max Credits'/);
	});

	it('402 stops the whole execution at once, naming the billing page', async () => {
		const mock = await newMock({ credits: 2, latencyMs: 5 });
		const result = await run(mock, getHashtag({ options: { maxConcurrency: 1 } }), { items: tagItems(8, 'broke') });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/no credits left .*402 Payment Required, balance 0/);
		expect((result.error as { description?: string }).description).toMatch(/https:\/\/scavio\.dev\/dashboard\/billing/);
		expect(tiktokRequests(mock).map((r) => r.status)).toEqual([200, 200, 402]);
		expectNoKey(result);
	});

	it('402 with continueOnFail stops sending at once; answered items keep their data, the rest carry the 402 marked fatal', async () => {
		const mock = await newMock({ credits: 2, latencyMs: 5 });
		const result = await run(mock, getHashtag({ options: { maxConcurrency: 1 } }), { items: tagItems(8, 'broke'), onError: 'continueRegularOutput' });
		// Returning (not throwing) keeps n8n from passing the input items on as if they were hashtags.
		expect(result.status).toBe('success');
		const out = jsonOf(result);
		expect(out).toHaveLength(8);
		expect(pairedOf(result)).toEqual(Array.from({ length: 8 }, (_v, item) => ({ item })));
		expect(out.slice(0, 2).every((j) => typeof j.views === 'number' && j.fatal === undefined)).toBe(true);
		for (const j of out.slice(2)) {
			expect(j).toMatchObject({ fatal: true, httpCode: '402', error: expect.stringMatching(/no credits left .*402 Payment Required, balance 0/) });
			expect(j.errorDescription).toMatch(/https:\/\/scavio\.dev\/dashboard\/billing/);
		}
		expect(tiktokRequests(mock).map((r) => r.status)).toEqual([200, 200, 402]);
		expectNoKey(result);
	});

	it('402 does not wait for other items that are backing off', async () => {
		const mock = await newMock({ credits: 1, latencyMs: 5 });
		mock.failNext({ path: 'hashtag', status: 503, retryAfter: 20, hashtagName: 'sleepy' });
		const started = Date.now();
		const result = await run(mock, getHashtag({ options: { maxConcurrency: 1 } }), { items: [{ tag: 'sleepy' }, { tag: 'paid' }, { tag: 'unpaid' }] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/402/);
		expect(Date.now() - started).toBeLessThan(10000);
	});

	it('402 with automatic concurrency does not send the queued requests', async () => {
		const mock = await newMock({ credits: 0, latencyMs: 20 });
		const result = await run(mock, getHashtag(), { items: tagItems(40, 'q'), onError: 'continueErrorOutput' });
		expect(result.status).toBe('success');
		expect(tiktokRequests(mock).length).toBeLessThanOrEqual(3);
		// Every item is on the error output with the 402 (n8n reduces error-output items to { error }).
		expect(jsonOf(result, 0)).toEqual([]);
		expect(jsonOf(result, 1)).toHaveLength(40);
		for (const j of jsonOf(result, 1)) expect(String(j.error)).toMatch(/402 Payment Required/);
	});
});

describe('authentication', () => {
	it('401 stops the run with a message pointing at the credential and no key anywhere', async () => {
		const mock = await newMock();
		const wrongKey = 'sk_live_WRONG_deadbeefdeadbeefdeadbeef';
		const stopped = await run(mock, getHashtag({ options: { maxConcurrency: 1 } }), { items: tagItems(5), key: wrongKey });
		expect(stopped.status).toBe('error');
		expect(stopped.error?.message).toBe('Scavio rejected the API key (401 Unauthorized): check the API key in the Scavio TikTok credential');
		expect(tiktokRequests(mock)).toHaveLength(1);
		expectNoKey(stopped, wrongKey);
		// With continueOnFail: one request, then every item carries the 401, marked fatal.
		const result = await run(mock, getHashtag({ options: { maxConcurrency: 1 } }), { items: tagItems(5), key: wrongKey, onError: 'continueRegularOutput' });
		expect(result.status).toBe('success');
		expect(jsonOf(result).map((j) => [j.error, j.fatal, j.httpCode])).toEqual(
			Array(5).fill(['Scavio rejected the API key (401 Unauthorized): check the API key in the Scavio TikTok credential', true, '401']),
		);
		expect(tiktokRequests(mock)).toHaveLength(2);
		expectNoKey(result, wrongKey);
		expectNoKey(result);
	});
});

describe('the API key never leaks', () => {
	it('is redacted when an error body echoes it back', async () => {
		const mock = await newMock();
		mock.failNext({ path: 'hashtag', status: 400, body: { error: { code: 'bad_request', message: `Header was Bearer ${KEY}`, details: `key ${KEY} rejected` } } });
		mock.failNext({ path: 'hashtag', status: 404, body: { error: `no such thing for ${KEY}` } });
		const result = await run(mock, getHashtag({ options: { maxConcurrency: 1 } }), { items: [{ tag: 'echo1' }, { tag: 'echo2' }], onError: 'continueRegularOutput' });
		const out = jsonOf(result);
		expect(out[0].error).toBe('Scavio rejected the request as invalid (400 Bad Request)');
		expect(out[1].httpCode).toBe('404');
		expectNoKey(result);
		const failed = await run(mock, getHashtag(), { items: [{ tag: 'echo3' }] });
		mock.failNext({ path: 'hashtag', status: 403, body: { error: { message: KEY } } });
		const forbidden = await run(mock, getHashtag(), { items: [{ tag: 'echo4' }] });
		expect(forbidden.status).toBe('error');
		expect((forbidden.error as { description?: string }).description).toContain('[redacted]');
		expectNoKey(failed);
		expectNoKey(forbidden);
	});
});

describe('input hardening', () => {
	it('normalises a messy watchlist, splits lists written in one field, and turns the rest into clear per-item errors', async () => {
		const mock = await newMock();
		const watchlist = ['#Tag', 'summer vibes', 'MiXeD_Case', '', '東京', 'a'.repeat(200), '   ', '#été', 'two,tags', '<b>x</b>', '＃ＢｏｏｋＴｏｋ', 'کتاب\u200cخوانی'];
		const result = await run(mock, getHashtag(), { items: watchlist.map((tag) => ({ tag })), onError: 'continueRegularOutput' });
		expect(result.status).toBe('success');
		const out = jsonOf(result);
		expect(pairedOf(result)).toEqual([0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 9, 10, 11].map((item) => ({ item })));
		expect(out.map((j) => (j.error ? 'error' : j.name))).toEqual([
			'tag',
			'summer',
			'vibes',
			'mixed_case',
			'error',
			'東京',
			'error',
			'error',
			'été',
			'two',
			'tags',
			'error',
			'booktok',
			'کتاب\u200cخوانی',
		]);
		expect(out[4].error).toMatch(/is empty/);
		expect(out[6].error).toMatch(/longer than 100 characters/);
		expect(out[11].error).toMatch(/contains "<"/);
		for (const i of [4, 6, 7, 11]) {
			expect(Object.keys(out[i]).sort()).toEqual(['error', 'fetchedAt', 'hashtag', 'hashtagId', 'httpCode']);
			expect(out[i]).toMatchObject({ error: expect.any(String), hashtagId: null, httpCode: null, fetchedAt: expect.any(String) });
		}
		expect([out[4].hashtag, out[7].hashtag]).toEqual([null, null]);
		expect((out[6].hashtag as string).length).toBeLessThanOrEqual(200);
		// Invalid entries never reach the API; the ZWNJ of the Persian tag is sent as TikTok spells it.
		expect(tiktokRequests(mock).map((r) => (r.body as { hashtag_name: string }).hashtag_name).sort()).toEqual(
			['booktok', 'mixed_case', 'summer', 'tag', 'tags', 'two', 'vibes', 'été', '東京', 'کتاب\u200cخوانی'].sort(),
		);
	});

	it('a 401 on one tag of a list in one field stops the run: the item is marked fatal, not a missing sample', async () => {
		const mock = await newMock({ latencyMs: 5 });
		mock.failNext({ path: 'hashtag', status: 401, hashtagName: 'cleantok' });
		const result = await run(mock, getHashtag(), { items: [{ tag: 'booktok cleantok' }], onError: 'continueRegularOutput' });
		expect(jsonOf(result)).toEqual([expect.objectContaining({ fatal: true, error: expect.stringMatching(/^Scavio rejected the API key \(401 Unauthorized\)/) })]);
	});

	it('a list in one field with a bad entry is one clear error naming the entry', async () => {
		const mock = await newMock();
		const result = await run(mock, getHashtag(), { items: [{ tag: 'booktok, <x>' }], onError: 'continueRegularOutput' });
		expect(jsonOf(result)).toEqual([expect.objectContaining({ error: expect.stringMatching(/hashtag list "booktok, <x>" has an entry that is not a hashtag: .*contains "<"/) })]);
		expect(tiktokRequests(mock)).toHaveLength(0);
	});

	it('without continueOnFail a bad entry fails the run naming the item', async () => {
		const mock = await newMock();
		const result = await run(mock, getHashtag(), { items: [{ tag: 'fine' }, { tag: '' }] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/is empty/);
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
	});

	it('continueErrorOutput routes failed items to the error output with their pairing', async () => {
		const mock = await newMock({ missingHashtags: ['nosuchtag'] });
		const result = await run(mock, getHashtag(), { items: [{ tag: 'real' }, { tag: 'nosuchtag' }, { tag: 'also real' }], onError: 'continueErrorOutput' });
		expect(jsonOf(result, 0).map((j) => j.name)).toEqual(['real', 'also', 'real']);
		expect(pairedOf(result, 0)).toEqual([{ item: 0 }, { item: 2 }, { item: 2 }]);
		expect(jsonOf(result, 1)).toEqual([{ error: 'Scavio found nothing for this request (404 Not Found)' }]);
		expect(pairedOf(result, 1)).toEqual([{ item: 1 }]);
	});
});

describe('fault mix (fixed seed)', () => {
	it('fetches every fetchable hashtag; the rest become error items; the key never leaks', async () => {
		const missing = ['gone1', 'gone2', 'gone3'];
		const mock = await newMock({
			seed: 20261122,
			...FAULT_MIX,
			missingHashtags: missing,
		});
		mock.failNext({ path: 'hashtag', status: 429, count: 4, retryAfter: '0.1' });
		const names = [...tagItems(30, 'mix').map((t) => t.tag), ...missing];
		const result = await run(mock, getHashtag({ options: { maxRetries: 8, timeout: 1000, maxConcurrency: 0 } }), {
			items: names.map((tag) => ({ tag })),
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		const out = jsonOf(result);
		expect(out).toHaveLength(names.length);
		out.forEach((j, i) => {
			if (missing.includes(names[i])) {
				expect(j).toMatchObject({ hashtag: names[i], httpCode: '404', error: expect.any(String) });
			} else {
				expect(j).toMatchObject({ name: names[i], views: expect.any(Number) });
				expect(j.error).toBeUndefined();
			}
		});
		const statuses = tiktokRequests(mock).map((r) => r.status);
		expect(statuses.filter((s) => s !== 200 && s !== 404).length).toBeGreaterThan(4);
		expect(mock.maxInFlight).toBeLessThanOrEqual(3);
		expectNoKey(result);
		expect(visibleText(result)).not.toContain('Authorization');
	}, 60000);
});
