import {
	addMissing,
	addSample,
	compactSeries,
	decodeSeries,
	DEFAULT_TREND_OPTIONS,
	emptySeries,
	encodeSeries,
	loadHistory,
	saveHistory,
	TREND_STATE_VERSION,
} from '../../lib/trends';
import {
	decodeInts,
	encodeInts,
	encodeSecondDifferences,
	fromSecondDifferences,
	powerOfTenDividing,
	SymbolWriter,
	toSecondDifferences,
	zigzag,
} from '../../lib/trends/codec';
import { decodeColumns } from '../../lib/trends/history';
import type { StoredSeries } from '../../lib/trends/history';
import type { Series } from '../../lib/trends';
import { DAY, HOUR, ok, Runner, T0 } from './trends-helpers';

function seriesOf(samples: Array<[number, number, number | null]>): Series {
	const s = emptySeries('cats', 'cats');
	for (const [t, views, videos] of samples) addSample(s, { t, views, videos });
	return s;
}

describe('history codec and store', () => {
	it('round-trips integers, including TikTok-sized totals and negatives', () => {
		const values = [0, 1, -1, 31, 32, -33, 119_178_100_000_000, -(2 ** 51), 2 ** 51, 3600, 86400];
		expect(decodeInts(encodeInts(values))).toEqual(values);
		expect(fromSecondDifferences(toSecondDifferences(values))).toEqual(values);
		expect(encodeInts([0, 1, -1])).toMatch(/^[A-Za-z0-9_-]+$/);
	});

	it('round-trips a series with null video counts and missing markers', () => {
		const s = seriesOf([
			[T0, 119_178_100_000_000, 2_000_000],
			[T0 + HOUR, 119_178_200_000_000, null],
			[T0 + 3 * HOUR, 119_178_600_000_000, 2_000_500],
		]);
		s.id = '1234';
		s.group = 'brand';
		s.missing.push({ t: T0 + 2 * HOUR, reason: 'HTTP 429' });
		const back = decodeSeries('cats', JSON.parse(JSON.stringify(encodeSeries(s))));
		expect(back).toEqual(s);
	});

	it('protects against duplicate samples (same timestamp twice)', () => {
		const s = seriesOf([[T0, 100, 1]]);
		expect(addSample(s, { t: T0, views: 999, videos: 9 })).toBe(false);
		expect(s.samples).toEqual([{ t: T0, views: 100, videos: 1 }]);
		const runner = new Runner();
		runner.run([ok('cats', T0, 100)]);
		const again = runner.run([ok('cats', T0, 100)]);
		expect(again.warnings.join(' ')).toMatch(/already stored/);
		const stored = loadHistory(runner.state).series.get('cats');
		expect(stored?.samples).toHaveLength(1);
	});

	it('downsamples: hourly for 14 days, daily up to 365 days, nothing older; idempotent', () => {
		const s = emptySeries('cats', 'cats');
		const start = T0;
		const end = T0 + 400 * DAY;
		for (let t = start, v = 0; t <= end; t += 30 * 60, v += 1000) addSample(s, { t, views: v, videos: null });
		const c = compactSeries(s, end, DEFAULT_TREND_OPTIONS);
		const hourlyFrom = end - 14 * DAY;
		const recent = c.samples.filter((x) => x.t >= hourlyFrom);
		const old = c.samples.filter((x) => x.t < hourlyFrom);
		expect(c.samples[0].t).toBeGreaterThanOrEqual(end - 365 * DAY);
		expect(recent.length).toBeLessThanOrEqual(14 * 24 + 1);
		expect(recent.length).toBeGreaterThanOrEqual(14 * 24);
		expect(old.length).toBeLessThanOrEqual(352);
		expect(new Set(old.map((x) => Math.floor(x.t / DAY))).size).toBe(old.length);
		expect(c.samples[c.samples.length - 1].t).toBe(end);
		expect(compactSeries(c, end, DEFAULT_TREND_OPTIONS)).toEqual(c);
	});

	it('migrates schema version 1 (plain samples)', () => {
		const v1 = {
			schemaVersion: 1,
			hashtags: {
				cats: { id: '42', group: 'pets', samples: [{ t: '2026-01-01T00:00:00Z', views: 1000, videos: 10 }, { t: T0 + HOUR, views: 1100, videos: null }] },
				broken: 'nonsense',
			},
		};
		const loaded = loadHistory(v1);
		expect(loaded.warnings.join(' ')).toMatch(/Migrated stored trend history from schema version 1/);
		expect(loaded.warnings.join(' ')).toMatch(/Dropped 1/);
		expect(loaded.series.get('cats')?.samples).toEqual([
			{ t: T0, views: 1000, videos: 10 },
			{ t: T0 + HOUR, views: 1100, videos: null },
		]);
		const runner = new Runner();
		runner.state = v1;
		const r = runner.run([ok('cats', T0 + 2 * HOUR, 1200)]).results[0];
		expect(r.viewsPerHour).toBe(100);
		expect((runner.state as { schemaVersion: number }).schemaVersion).toBe(TREND_STATE_VERSION);
	});

	it.each([
		['a string', 'garbage'],
		['an array', [1, 2, 3]],
		['a newer schema', { schemaVersion: 99, tags: {} }],
		['no tags', { schemaVersion: 2 }],
	])('resets with a warning when the state is %s', (_label, raw) => {
		const loaded = loadHistory(raw);
		expect(loaded.series.size).toBe(0);
		expect(loaded.warnings).toHaveLength(1);
		expect(loaded.warnings[0]).toMatch(/reset/);
	});

	it('drops only the truncated hashtag and keeps the others', () => {
		const runner = new Runner();
		for (let h = 0; h < 5; h++) runner.run([ok('cats', T0 + h * HOUR, 1000 + h * 10), ok('dogs', T0 + h * HOUR, 5000 + h)]);
		const state = runner.state as { tags: Record<string, { t: string; v: string }> };
		state.tags.cats.v = state.tags.cats.v.slice(0, -2);
		const loaded = loadHistory(state);
		expect(loaded.warnings.join(' ')).toMatch(/1 hashtag\(s\) was corrupt or truncated.*#cats/);
		expect(loaded.series.has('cats')).toBe(false);
		expect(loaded.series.get('dogs')?.samples).toHaveLength(5);
	});

	it('a hashtag with only failed fetches (no sample yet) loads back without a warning; half its streams do not', () => {
		const gone = emptySeries('gone', 'gone');
		addMissing(gone, { t: T0, reason: 'HTTP 404' });
		addMissing(gone, { t: T0 + HOUR, reason: 'HTTP 404' });
		const state = saveHistory([gone], null);
		const loaded = loadHistory(state);
		expect(loaded.warnings).toEqual([]);
		expect(loaded.series.get('gone')?.samples).toEqual([]);
		expect(loaded.series.get('gone')?.missing.map((m) => m.t)).toEqual([T0, T0 + HOUR]);
		const half = JSON.parse(JSON.stringify(state)) as { tags: Record<string, Record<string, unknown>> };
		half.tags.gone.t = '';
		expect(loadHistory(half).warnings.join(' ')).toMatch(/corrupt or truncated.*#gone/);
	});

	it('builds a new state object instead of mutating the loaded one', () => {
		const runner = new Runner();
		runner.run([ok('cats', T0, 1000)]);
		const before = JSON.parse(JSON.stringify(runner.state));
		const frozen = JSON.parse(JSON.stringify(runner.state));
		const out = new Runner();
		out.state = frozen;
		out.run([ok('cats', T0 + HOUR, 1100)]);
		expect(frozen).toEqual(before);
		expect(saveHistory([], null)).toEqual({ schemaVersion: TREND_STATE_VERSION, tags: {} });
	});

	it('keeps a year of hourly history of one hashtag compact', () => {
		const s = emptySeries('summervibes', 'summervibes');
		s.id = '7000000000000000001';
		s.group = 'brand';
		const end = T0 + 365 * DAY;
		// Exact counts with noise: ~4 M views/day on 2 B, ~60 videos/day; runs 0–40 s late.
		let views = 2_000_000_000;
		let videos = 1_500_000;
		for (let h = 0; h <= 365 * 24; h++) {
			views += 150_000 + ((h * 7919) % 50_000);
			videos += (h * 31) % 5;
			addSample(s, { t: T0 + h * HOUR + ((h * 13) % 41), views, videos });
		}
		const c = compactSeries(s, end, DEFAULT_TREND_OPTIONS);
		const exactBytes = JSON.stringify(encodeSeries(c)).length;
		// Rounded counts as TikTok returns them (to 100,000 views / 100 videos).
		const rounded = { ...c, samples: c.samples.map((x) => ({ ...x, views: Math.round(x.views / 1e5) * 1e5, videos: Math.round((x.videos ?? 0) / 100) * 100 })) };
		const roundedBytes = JSON.stringify(encodeSeries(rounded)).length;
		const plainBytes = JSON.stringify(c.samples).length;
		expect(c.samples.length).toBeLessThan(14 * 24 + 352 + 2);
		expect(exactBytes).toBeLessThan(plainBytes / 6);
		expect(exactBytes).toBeLessThan(6 * 1024);
		expect(roundedBytes).toBeLessThan(3 * 1024);
		// Weekly tracking (the Scavio weekly recipe) for a year stays far below 2 KB.
		const weekly = { ...c, samples: c.samples.filter((_, i) => i % 7 === 0).slice(-52) };
		expect(JSON.stringify(encodeSeries(weekly)).length).toBeLessThan(2048);
	});
});

/** The schema version 2 encoder (streams and anchors only), kept here to test the migration. */
function encodeV2(series: Series): Record<string, unknown> {
	const samples = series.samples;
	const n = samples.length;
	let vx = 12;
	let cx = 12;
	for (const s of samples) {
		vx = Math.min(vx, powerOfTenDividing(s.views, vx));
		if (s.videos !== null) cx = Math.min(cx, powerOfTenDividing(s.videos, cx));
	}
	const videos = new SymbolWriter();
	let last = 0;
	for (const s of samples) {
		if (s.videos === null) videos.writeUnsigned(0);
		else {
			videos.writeUnsigned(zigzag(s.videos / 10 ** cx - last) + 1);
			last = s.videos / 10 ** cx;
		}
	}
	const out: Record<string, unknown> = {
		n: series.name,
		t: encodeSecondDifferences(samples.map((s) => s.t)),
		v: encodeSecondDifferences(samples.map((s) => s.views), 10 ** vx),
		c: videos.toString(),
	};
	if (vx !== 0 || cx !== 0) out.x = [vx, cx];
	if (n >= 2) out.a = [n, samples[n - 1].t, samples[n - 2].t, samples[n - 1].views / 10 ** vx, samples[n - 2].views / 10 ** vx, last];
	if (series.firstSeen !== null) out.f = series.firstSeen;
	if (series.missing.length > 0) out.m = series.missing.map((m) => [m.t, m.reason]);
	return out;
}

describe('fast path anchors', () => {
	it('anchors of a schema-2 record match a full decode; tampered anchors are detected as corruption', () => {
		const s = emptySeries('cats', 'cats');
		for (let h = 0; h < 60; h++) addSample(s, { t: T0 + h * HOUR + (h % 7), views: 1_000_000 + h * h * 1000, videos: h % 9 === 0 ? null : 100 + h });
		const state = { schemaVersion: 2, tags: { cats: encodeV2(s) } } as unknown as { schemaVersion: number; tags: Record<string, { a: number[] }> };
		const loaded = loadHistory(state);
		expect(loaded.warnings.join(' ')).toMatch(/Migrated stored trend history from schema version 2 to 3 \(1 hashtags\)/);
		expect(loaded.warnings).toHaveLength(1);
		expect(loaded.series.get('cats')?.samples).toEqual(s.samples);
		state.tags.cats.a = [...state.tags.cats.a];
		state.tags.cats.a[3] += 1;
		expect(loadHistory(state).warnings.join(' ')).toMatch(/corrupt or truncated/);
	});

	it('packs a flat (dead) hashtag — constant counts, many samples — and reads it back exactly', () => {
		const s = emptySeries('cats', 'cats');
		for (let h = 0; h < 3000; h++) addSample(s, { t: T0 + h * HOUR, views: 123_456, videos: h % 1000 === 999 ? null : 42 });
		const stored = encodeSeries(s);
		expect((stored.p as string).length).toBeLessThan(3000 / 2);
		expect(decodeSeries('cats', JSON.parse(JSON.stringify(stored))).samples).toEqual(s.samples);
	});

	it('a schema-2 state loads, migrates to 3 and gives the same metrics as the same history stored as 3', () => {
		const s = emptySeries('cats', 'cats');
		const end = T0 + 20 * DAY;
		for (let t = T0, h = 0; t < end; t += HOUR, h++) {
			if (h % 53 !== 7) addSample(s, { t, views: 5_000_000 + h * 4000 + ((h * 7919) % 1500) + (h > 470 ? (h - 470) * 9000 : 0), videos: h % 31 === 0 ? null : 900 + Math.floor(h / 3) });
		}
		s.missing.push({ t: end - 5 * HOUR, reason: 'HTTP 503' });
		const v2 = { schemaVersion: 2, tags: { cats: encodeV2(s) } };
		const v3 = saveHistory([s], null);
		const a = new Runner();
		a.state = JSON.parse(JSON.stringify(v2));
		const b = new Runner();
		b.state = JSON.parse(JSON.stringify(v3));
		const snap = ok('cats', end, 5_000_000 + 480 * 4000 + 10 * 9000 + 80_000, 1200);
		const ra = a.run([snap]);
		const rb = b.run([snap]);
		expect(ra.warnings.join(' ')).toMatch(/Migrated stored trend history from schema version 2 to 3 \(1 hashtags\)/);
		expect(rb.warnings).toEqual([]);
		const metricsA = ra.results[0] as unknown as Record<string, unknown>;
		const metricsB = rb.results[0] as unknown as Record<string, unknown>;
		expect(metricsA).toEqual(metricsB);
		expect(metricsA.historySamples).toBe(s.samples.length + 1);
		expect((a.state as { schemaVersion: number }).schemaVersion).toBe(3);
		expect(a.state).toEqual(b.state);
		// The next run after the migration reports no warning.
		const next = a.run([ok('cats', end + HOUR, 5_000_000 + 481 * 4000 + 11 * 9000 + 90_000, 1201)]);
		expect(next.warnings).toEqual([]);
	});

	it('appends continue the packed block exactly; a tail decode is the end of the full decode; tampering is detected', () => {
		const runner = new Runner();
		const expected: Array<{ t: number; views: number; videos: number | null }> = [];
		for (let h = 0; h < 60; h++) {
			const sample = { t: T0 + h * HOUR + (h % 7), views: 1_000_000 + h * h * 1000, videos: h % 9 === 0 ? null : 100 + h };
			runner.run([ok('cats', sample.t, sample.views, sample.videos)]);
			expected.push(sample);
		}
		const state = runner.state as { schemaVersion: number; tags: Record<string, StoredSeries> };
		const loaded = loadHistory(state);
		expect(loaded.warnings).toEqual([]);
		expect(loaded.series.get('cats')?.samples).toEqual(expected);
		const stored = state.tags.cats;
		expect(stored.p).toBeDefined();
		expect(stored.a).toBeUndefined();
		const full = decodeColumns(stored);
		for (const [min, until] of [[2, T0 + 59 * HOUR], [10, T0 + 50 * HOUR], [30, T0], [100, T0]] as const) {
			const tail = decodeColumns(stored, min, until);
			expect(tail.offset + tail.times.length).toBe(full.times.length);
			expect(tail.times.length).toBeGreaterThanOrEqual(Math.min(min, full.times.length));
			expect(Array.from(tail.times)).toEqual(Array.from(full.times.subarray(tail.offset)));
			expect(Array.from(tail.views)).toEqual(Array.from(full.views.subarray(tail.offset)));
			expect(Array.from(tail.videos)).toEqual(Array.from(full.videos.subarray(tail.offset)));
			expect(tail.lastKnownVideos).toBe(full.lastKnownVideos);
		}
		// One extra number in a stream appended after the block, or one bit flipped at the end of the block.
		const extra = { ...stored, v: `${stored.v ?? ''}A` };
		expect(loadHistory({ ...state, tags: { cats: extra } }).warnings.join(' ')).toMatch(/corrupt or truncated/);
		const p = stored.p as string;
		const cut = { ...stored, p: p.slice(0, -1) };
		expect(loadHistory({ ...state, tags: { cats: cut } }).warnings.join(' ')).toMatch(/corrupt or truncated/);
	});

	it('isoSeconds matches Date#toISOString', async () => {
		const { isoSeconds } = await import('../../lib/trends/metrics');
		for (const t of [0, T0, T0 + 86399, T0 + 12345678, 4102444799]) expect(isoSeconds(t)).toBe(new Date(t * 1000).toISOString());
	});
});
