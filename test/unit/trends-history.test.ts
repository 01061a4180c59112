import {
	addMissing,
	addSample,
	analyze,
	decodeSeries,
	DEFAULT_TREND_OPTIONS,
	emptySeries,
	encodeSeries,
	HOURLY_HOURS,
	pruneSeries,
	TREND_STATE_VERSION,
	WEEKS,
} from '../../lib/trends';
import type { Series, StoredSeries, TrendState } from '../../lib/trends';
import { storeSeries } from '../../lib/trends/history';
import { DAY, HOUR, missing, ok, readBack, recordsOf, Runner, textTags, samplesOf, T0 } from './trends-helpers';

const WEEK = 7 * DAY;
const MAX_MISSING = DEFAULT_TREND_OPTIONS.maxMissingMarkers;

function seriesOf(samples: Array<[number, number, number | null]>): Series {
	const s = emptySeries('cats');
	for (const [t, views, videos] of samples) addSample(s, { t, views, videos });
	return s;
}

function hourly(hours: number, from = T0): Series {
	const s = emptySeries('cats');
	for (let h = 0; h < hours; h++) addSample(s, { t: from + h * HOUR + (h % 17), views: 1_000_000 + h * 5000, videos: 100 + h });
	return s;
}

describe('built-in history: plain JSON', () => {
	it('round-trips a series with TikTok-sized totals, unknown video counts and failed fetches', () => {
		const s = seriesOf([
			[T0, 119_178_100_000_000, 2_000_000],
			[T0 + HOUR, 119_178_200_000_000, null],
			[T0 + 3 * HOUR, 119_178_100_000_000, 2_000_500],
		]);
		s.id = '1234';
		s.group = 'brand';
		s.missing.push({ t: T0 + 2 * HOUR, reason: 'HTTP 429' });
		const stored = JSON.parse(JSON.stringify(encodeSeries(s))) as StoredSeries;
		expect(stored).toEqual({
			i: '1234',
			g: 'brand',
			t: [T0, HOUR, HOUR],
			v: [119_178_100_000_000, 100_000_000, -100_000_000],
			c: [2_000_000, null, 500],
			m: [[T0 + 2 * HOUR, 'HTTP 429']],
		});
		expect(decodeSeries('cats', stored)).toEqual(s);
	});

	it('protects against duplicate samples (same timestamp twice)', () => {
		const s = seriesOf([[T0, 100, 1]]);
		expect(addSample(s, { t: T0, views: 999, videos: 9 })).toBe(false);
		expect(samplesOf(s)).toEqual([{ t: T0, views: 100, videos: 1 }]);
		const runner = new Runner();
		runner.run([ok('cats', T0, 100)]);
		const again = runner.run([ok('cats', T0, 100)]);
		expect(again.warnings.join(' ')).toMatch(/already stored/);
		expect(readBack(runner.state, T0).series.get('cats')?.t).toHaveLength(1);
	});

	it('adds late samples in time order', () => {
		const s = seriesOf([[T0, 100, 1], [T0 + 2 * HOUR, 300, 3]]);
		expect(addSample(s, { t: T0 + HOUR, views: 200, videos: 2 })).toBe(true);
		expect(s.t).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR]);
	});

	it(`retention: the last sample of each half hour for ${HOURLY_HOURS} hours, then of each week for ${WEEKS} weeks, nothing older; idempotent`, () => {
		const s = emptySeries('cats');
		const end = T0 + 400 * DAY;
		for (let t = T0, v = 0; t <= end; t += 20 * 60, v += 1000) addSample(s, { t, views: v, videos: null });
		for (let h = 0; h < 40; h++) addMissing(s, { t: end - h * HOUR - 60, reason: 'HTTP 503' });
		addMissing(s, { t: end - 20 * DAY, reason: 'HTTP 503' });
		const p = pruneSeries(s, end, MAX_MISSING);
		const hourlyFrom = end - HOURLY_HOURS * HOUR;
		const recent = samplesOf(p).filter((x) => x.t >= hourlyFrom);
		const old = samplesOf(p).filter((x) => x.t < hourlyFrom);
		expect(recent).toHaveLength(HOURLY_HOURS * 2 + 1);
		expect(new Set(recent.map((x) => Math.floor(x.t / 1800))).size).toBe(recent.length);
		// Each kept half hour keeps its last sample (:20 of the :00/:20 pair, :40 alone).
		expect(recent.slice(0, -1).every((x) => [1200, 2400].includes((x.t - T0) % HOUR))).toBe(true);
		const weekOf = (t: number) => Math.floor((t + 3 * DAY) / WEEK);
		expect(new Set(old.map((x) => weekOf(x.t))).size).toBe(old.length);
		expect(old.length).toBeGreaterThanOrEqual(WEEKS);
		expect(old.length).toBeLessThanOrEqual(WEEKS + 1);
		expect(old[0].t).toBeGreaterThanOrEqual(hourlyFrom - WEEKS * WEEK);
		// Weekly points are the last sample of their UTC week (Sunday 23:40).
		for (const x of old.slice(0, -1)) expect(new Date((x.t + 1200) * 1000).getUTCDay()).toBe(1);
		expect(p.t[p.t.length - 1]).toBe(end);
		expect(p.missing).toHaveLength(MAX_MISSING);
		expect(p.missing.every((m) => m.t >= hourlyFrom)).toBe(true);
		expect(pruneSeries(p, end, MAX_MISSING)).toEqual(p);
		expect(s.t.length).toBeGreaterThan(p.t.length); // the input is not changed
	});

	it('keeps two fetches of the same clock hour when they are 30 min or more apart (a late run next to the on-time one)', () => {
		const s = seriesOf([
			[T0 + 11 * HOUR + 60, 1000, 1],
			[T0 + 11 * HOUR + 59 * 60, 2000, 2],
			[T0 + 12 * HOUR + 60, 3000, 3],
			[T0 + 12 * HOUR + 20 * 60, 3500, 3],
			[T0 + 13 * HOUR, 4000, 4],
		]);
		const kept = pruneSeries(s, T0 + 13 * HOUR, MAX_MISSING).t.map((t) => t - T0);
		// 11:01 and 11:59 both stay; of 12:01 and 12:20 (a retry 19 min later) the later one stays.
		expect(kept).toEqual([11 * HOUR + 60, 11 * HOUR + 59 * 60, 12 * HOUR + 20 * 60, 13 * HOUR]);
	});

	it('the next state counts the runs (seq) and keeps the history of hashtags missing from a run', () => {
		const runner = new Runner();
		runner.run([ok('cats', T0, 100), ok('dogs', T0, 500)]);
		expect((runner.state as TrendState).seq).toBe(1);
		runner.run([ok('cats', T0 + HOUR, 200)]);
		const state = runner.state as TrendState;
		expect(state.schemaVersion).toBe(TREND_STATE_VERSION);
		expect(state.seq).toBe(2);
		expect(samplesOf(readBack(state, T0 + HOUR).series.get('dogs'))).toEqual([{ t: T0, views: 500, videos: 100 }]);
	});

	it('a hashtag with only failed fetches loads back without a warning', () => {
		const runner = new Runner();
		runner.run([missing('gone', T0, 'HTTP 404')]);
		runner.run([missing('gone', T0 + HOUR, 'HTTP 404')]);
		const loaded = readBack(runner.state, T0 + HOUR);
		expect(loaded.warnings).toEqual([]);
		expect(loaded.series.get('gone')?.t).toEqual([]);
		expect(loaded.series.get('gone')?.missing.map((m) => m.t)).toEqual([T0, T0 + HOUR]);
	});
});

describe('built-in history: older, corrupt and partial states', () => {
	it.each([
		['schema version 4 (plain, times as first differences)', { schemaVersion: 4, seq: 2, tags: { cats: { t: [T0, HOUR], v: [1, 1], c: [null, null] } } }, /pre-release build \(schema version 4\).*reset and starts again/],
		['schema version 3 (packed)', { schemaVersion: 3, tags: { cats: { n: 'cats', p: '0rr91' } } }, /pre-release build \(schema version 3\).*reset and starts again/],
		['schema version 1 (plain samples)', { schemaVersion: 1, hashtags: { cats: { samples: [] } } }, /pre-release build \(schema version 1\)/],
		['no schema version', { hashtags: {} }, /pre-release build \(schema version null\)/],
		['a newer schema', { schemaVersion: 99, tags: {} }, /newer than this node's 5.*Update the node/],
		['a string', 'garbage', /not readable \(corrupt\); history was reset/],
		['an array', [1, 2, 3], /not readable \(corrupt\)/],
		['without tags', { schemaVersion: TREND_STATE_VERSION, seq: 3 }, /not readable \(corrupt\)/],
	])('resets with one warning saying what happened when the state is %s', (_label, raw, message) => {
		const loaded = readBack(raw, T0);
		expect(loaded.series.size).toBe(0);
		expect(loaded.warnings).toHaveLength(1);
		expect(loaded.warnings[0]).toMatch(message);
		// The run goes on from an empty history and says so.
		const out = analyze({ now: new Date(T0 * 1000), historySource: 'builtIn', state: raw, snapshots: [ok('cats', T0, 1000)] });
		expect(out.warnings).toEqual(loaded.warnings);
		expect(recordsOf(out.state).cats).toBeDefined();
		expect(out.state?.schemaVersion).toBe(TREND_STATE_VERSION);
	});

	it.each([
		['a cut column', (r: StoredSeries) => ({ ...r, v: r.v.slice(0, -1) })],
		['a missing column', (r: StoredSeries) => ({ ...r, c: undefined })],
		['times out of order', (r: StoredSeries) => ({ ...r, t: r.t.map((d, k) => (k === 3 ? d - 2 * HOUR : d)) })],
		['a negative total', (r: StoredSeries) => ({ ...r, v: [r.v[0], -10 * r.v[0], ...r.v.slice(2)] })],
		['a fraction', (r: StoredSeries) => ({ ...r, c: [0.5, ...r.c.slice(1)] })],
		['a text where a number belongs', (r: StoredSeries) => ({ ...r, t: [String(r.t[0]), ...r.t.slice(1)] })],
		['bad failed-fetch markers', (r: StoredSeries) => ({ ...r, m: [['x', 1]] })],
		['not an object', () => 'nonsense'],
	])('resets only the hashtag with %s and keeps the others', (_label, damage) => {
		const runner = new Runner();
		for (let h = 0; h < 5; h++) runner.run([ok('cats', T0 + h * HOUR, 1000 + h * 10), ok('dogs', T0 + h * HOUR, 5000 + h)]);
		const state = runner.state as TrendState;
		const damaged = { ...state, tags: textTags({ ...recordsOf(state), cats: damage(recordsOf(state).cats) }) };
		const loaded = readBack(damaged, T0 + 4 * HOUR);
		expect(loaded.warnings).toHaveLength(1);
		expect(loaded.warnings[0]).toMatch(/1 hashtag\(s\) was corrupt or truncated and was reset \(#cats\)/);
		expect(loaded.series.has('cats')).toBe(false);
		expect(loaded.series.get('dogs')?.t).toHaveLength(5);
		const out = analyze({ now: new Date((T0 + 5 * HOUR) * 1000), historySource: 'builtIn', state: damaged, snapshots: [ok('cats', T0 + 5 * HOUR, 2000)] });
		expect(out.results[0].isNew).toBe(true);
		expect(out.warnings.join(' ')).toMatch(/#cats/);
	});

	it('a record whose JSON text is cut off resets only that hashtag', () => {
		const runner = new Runner();
		for (let h = 0; h < 3; h++) runner.run([ok('cats', T0 + h * HOUR, 1000 + h), ok('dogs', T0 + h * HOUR, 5000 + h)]);
		const state = runner.state as TrendState;
		const loaded = readBack({ ...state, tags: { ...state.tags, cats: state.tags.cats.slice(0, 20) } }, T0 + 2 * HOUR);
		expect(loaded.warnings).toEqual([expect.stringMatching(/1 hashtag\(s\) was corrupt or truncated and was reset \(#cats\)/)]);
		expect(loaded.series.get('dogs')?.t).toHaveLength(3);
	});

	it('all-or-nothing: a run never changes the state it was given; a failing run returns no state at all', () => {
		const runner = new Runner();
		for (let h = 0; h < 3; h++) runner.run([ok('cats', T0 + h * HOUR, 1000 + h)]);
		const given = runner.state as TrendState;
		const before = JSON.stringify(given);
		const out = analyze({ now: new Date((T0 + 3 * HOUR) * 1000), historySource: 'builtIn', state: given, snapshots: [ok('cats', T0 + 3 * HOUR, 1010), missing('dogs', T0 + 3 * HOUR)] });
		expect(JSON.stringify(given)).toBe(before);
		expect(out.state).not.toBe(given);
		expect(out.state?.seq).toBe(given.seq + 1);
		expect(() =>
			analyze({ now: new Date((T0 + 4 * HOUR) * 1000), historySource: 'builtIn', state: given, snapshots: [ok('cats', T0 + 4 * HOUR, 1020)], options: { minHistory: 1 } }),
		).toThrow(/Minimum history/);
		expect(JSON.stringify(given)).toBe(before);
	});
});

describe('built-in history: size', () => {
	it(`a year of hourly runs of one hashtag stores ${HOURLY_HOURS} hours hourly plus ${WEEKS} weekly points`, () => {
		const s = emptySeries('summervibes');
		s.id = '7000000000000000001';
		s.group = 'brand';
		let views = 2_000_000_000;
		let videos = 1_500_000;
		// ~4 M views/day on 2 B, ~60 videos/day; runs 0–40 s late.
		for (let h = 0; h <= 365 * 24; h++) {
			views += 150_000 + ((h * 7919) % 50_000);
			videos += (h * 31) % 5;
			addSample(s, { t: T0 + h * HOUR + ((h * 13) % 41), views, videos });
		}
		const p = pruneSeries(s, T0 + 365 * DAY, MAX_MISSING);
		expect(p.t.length).toBeLessThanOrEqual(HOURLY_HOURS + WEEKS + 2);
		const bytes = JSON.stringify(encodeSeries(p)).length;
		expect(bytes).toBeLessThan(JSON.stringify(samplesOf(p)).length / 3);
		expect(bytes).toBeLessThan(3 * 1024);
		// Weekly tracking for a year: 26 weekly points plus the week in the hourly days.
		const weekly = emptySeries('summervibes');
		for (let w = 0; w <= 52; w++) addSample(weekly, { t: T0 + w * WEEK, views: 2e9 + w * 3e7, videos: 1_500_000 + w * 400 });
		expect(JSON.stringify(encodeSeries(pruneSeries(weekly, T0 + 52 * WEEK, MAX_MISSING))).length).toBeLessThan(1024);
	});

	it('a run stores no record for a hashtag with nothing left to keep', () => {
		const runner = new Runner();
		runner.run([ok('cats', T0, 100), missing('gone', T0)]);
		// a year later: the newest sample of #cats is always kept; the failed fetch of #gone is past retention
		expect([...readBack(runner.state, T0 + 400 * DAY).series.keys()]).toEqual(['cats']);
		expect(storeSeries(emptySeries('x'), T0, MAX_MISSING)).toBeNull();
	});
});
