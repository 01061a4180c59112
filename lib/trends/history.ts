/**
 * Built-in history: the state object that lives in the workflow's static data.
 *
 * Stored shape (schema version 4), plain JSON:
 *
 *     { schemaVersion: 4, seq, tags: { [key]: StoredSeries }, lastRun? }
 *
 * One record per hashtag holds its samples as three integer arrays — the first entry absolute,
 * each further one the difference to the entry before — and its recent failed fetches as
 * `[t, reason]` pairs. `seq` counts the runs that saved (see the overlap guard in the node).
 *
 * Retention is what the metrics read: every sample of the last HOURLY_HOURS hours (at most one per
 * half hour; the seasonal baseline reads 7 days of them, week over week the one nearest t − 7 d), then
 * one sample per UTC week (Monday–Sunday) for WEEKS weeks for the weekly runs and charts.
 *
 * Loading never throws: an unreadable record resets that hashtag, an unreadable or older state
 * resets the history, each with a warning saying so. Decoding returns fresh objects and saving
 * builds a brand-new state, so the caller swaps the state in only after a whole run succeeded.
 * A run decodes, updates, prunes and encodes one hashtag at a time (see analyze.ts): only the
 * encoded records stay alive, which keeps a 10,000-hashtag run's memory and GC work small.
 */
import type { MissingMarker, Sample, Series } from './types';

export const TREND_STATE_VERSION = 4;
/**
 * Hours of hourly samples kept: the seasonal baseline reads 7 days of same-hour rates (SEASON_DAYS
 * in seasonal.ts), week over week the sample nearest t − 7 d, so 7 days and 2 hours cover both.
 * Measured trade-off (issue #13; `node bench/run.js --only detection,analyzer`): with a 14-day
 * profile and 15 days kept the state was 5.3 KB per hashtag and its JSON alone about 1 s per
 * 10,000 hashtags; with 7 days both halve and the detection goals of issue #12 still hold
 * (false spikes 0.01 per quiet hashtag-week, every episode flagged at its first run).
 */
export const HOURLY_HOURS = 7 * 24 + 2;
/** HOURLY_HOURS in days (7.08). */
export const HOURLY_DAYS = HOURLY_HOURS / 24;
/** Weeks of weekly points kept before the hourly days. */
export const WEEKS = 26;
/** Recent samples are kept one per half hour: two fetches 30 min or more apart are both kept. */
const SLOT = 1800;
const DAY = 86400;
const WEEK = 7 * DAY;
const MAX_REASON_LENGTH = 200;

export interface StoredSeries {
	/** TikTok hashtag id. */
	i?: string;
	/** Watchlist group. */
	g?: string;
	/** Fetch times (Unix seconds): the first, then differences. */
	t: number[];
	/** Views: the first, then differences. */
	v: number[];
	/** Videos: null = unknown, else the difference to the last known count (the first known as is). */
	c: Array<number | null>;
	/** Failed fetches `[t, reason]`. */
	m?: Array<[number, string]>;
}

export interface TrendState<TSummary = unknown> {
	schemaVersion: number;
	/** Runs that saved this state so far. */
	seq: number;
	tags: Record<string, StoredSeries>;
	/** Compact results of the latest analyze run (read by a later report step). */
	lastRun?: TSummary | null;
}

export interface LoadedHistory<TSummary = unknown> {
	series: Map<string, Series>;
	seq: number;
	lastRun: TSummary | null;
	warnings: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function emptySeries(key: string, name = key): Series {
	return { key, name, id: null, group: null, firstSeen: null, samples: [], missing: [] };
}

/** One stored record → series. Throws (the callers reset that hashtag) when anything does not add up. */
export function decodeSeries(key: string, raw: unknown): Series {
	if (!isRecord(raw)) throw new Error('not an object');
	const { t, v, c, m, i, g } = raw;
	if (!Array.isArray(t) || !Array.isArray(v) || !Array.isArray(c) || v.length !== t.length || c.length !== t.length) {
		throw new Error('columns missing or of different lengths');
	}
	const samples: Sample[] = new Array<Sample>(t.length);
	let time = 0;
	let views = 0;
	let videos = 0;
	for (let k = 0; k < t.length; k++) {
		const dt = t[k] as number;
		const dv = v[k] as number;
		const dc = c[k] as number | null;
		time += dt;
		views += dv;
		if (!Number.isSafeInteger(dt) || !Number.isSafeInteger(dv) || (k > 0 && dt <= 0) || time <= 0 || views < 0) throw new Error(`bad sample ${k}`);
		if (dc !== null) {
			videos += dc;
			if (!Number.isSafeInteger(dc) || videos < 0) throw new Error(`bad video count ${k}`);
		}
		samples[k] = { t: time, views, videos: dc === null ? null : videos };
	}
	const missing: MissingMarker[] = [];
	if (m !== undefined) {
		if (!Array.isArray(m)) throw new Error('bad missing markers');
		for (const entry of m) {
			if (!Array.isArray(entry) || !Number.isSafeInteger(entry[0]) || typeof entry[1] !== 'string') throw new Error('bad missing marker');
			missing.push({ t: entry[0] as number, reason: entry[1] });
		}
	}
	return {
		key,
		name: key,
		id: typeof i === 'string' && i !== '' ? i : null,
		group: typeof g === 'string' && g !== '' ? g : null,
		firstSeen: samples.length > 0 ? samples[0].t : null,
		samples,
		missing,
	};
}

export function encodeSeries(series: Series): StoredSeries {
	const n = series.samples.length;
	const t = new Array<number>(n);
	const v = new Array<number>(n);
	const c = new Array<number | null>(n);
	let time = 0;
	let views = 0;
	let videos = 0;
	for (let k = 0; k < n; k++) {
		const s = series.samples[k];
		t[k] = s.t - time;
		v[k] = s.views - views;
		c[k] = s.videos === null ? null : s.videos - videos;
		time = s.t;
		views = s.views;
		if (s.videos !== null) videos = s.videos;
	}
	const out: StoredSeries = { t, v, c };
	if (series.id) out.i = series.id;
	if (series.group) out.g = series.group;
	if (series.missing.length > 0) out.m = series.missing.map((x) => [x.t, x.reason]);
	return out;
}

export interface StoredState<TSummary = unknown> {
	/** The stored records, not decoded yet (see decodeSeries). */
	tags: Record<string, unknown>;
	seq: number;
	lastRun: TSummary | null;
	warnings: string[];
}

/**
 * Reads whatever is stored (nothing, an older schema, a corrupt object) down to its per-hashtag
 * records. Never throws; a reset of the whole history is explained in `warnings`.
 */
export function readState<TSummary = unknown>(raw: unknown): StoredState<TSummary> {
	const out: StoredState<TSummary> = { tags: {}, seq: 0, lastRun: null, warnings: [] };
	if (raw === undefined || raw === null) return out;
	const corrupt = 'Stored trend history is not readable (corrupt); history was reset and starts again from this run.';
	if (!isRecord(raw)) {
		out.warnings.push(corrupt);
		return out;
	}
	if (raw.schemaVersion !== TREND_STATE_VERSION) {
		const version = JSON.stringify(raw.schemaVersion ?? null);
		const newer = typeof raw.schemaVersion === 'number' && raw.schemaVersion > TREND_STATE_VERSION;
		out.warnings.push(
			newer
				? `Stored trend history has schema version ${version}, newer than this node's ${TREND_STATE_VERSION}; history was reset. Update the node to keep it.`
				: `Stored trend history has the format of a pre-release build (schema version ${version}) that this version no longer reads; history was reset and starts again from this run.`,
		);
		return out;
	}
	if (!isRecord(raw.tags)) {
		out.warnings.push(corrupt);
		return out;
	}
	out.tags = raw.tags;
	out.seq = Number.isSafeInteger(raw.seq) && (raw.seq as number) >= 0 ? (raw.seq as number) : 0;
	out.lastRun = (raw.lastRun as TSummary | undefined) ?? null;
	return out;
}

/** The warning for hashtags whose stored record was unreadable and was reset. */
export function corruptWarning(keys: string[]): string {
	const shown = keys.slice(0, 5).map((k) => `#${k}`).join(', ');
	return `Stored history of ${keys.length} hashtag(s) was corrupt or truncated and was reset (${shown}${keys.length > 5 ? ', …' : ''}).`;
}

/** readState, then every record decoded; an unreadable record resets that hashtag with a warning. */
export function loadHistory<TSummary = unknown>(raw: unknown): LoadedHistory<TSummary> {
	const { tags, seq, lastRun, warnings } = readState<TSummary>(raw);
	const series = new Map<string, Series>();
	const bad: string[] = [];
	for (const [key, stored] of Object.entries(tags)) {
		try {
			series.set(key, decodeSeries(key, stored));
		} catch {
			bad.push(key);
		}
	}
	if (bad.length > 0) warnings.push(corruptWarning(bad));
	return { series, seq, lastRun, warnings };
}

/** Adds a valid sample; false (nothing changed) when one with the same time is stored already. */
export function addSample(series: Series, sample: Sample): boolean {
	const samples = series.samples;
	if (samples.length === 0 || sample.t > samples[samples.length - 1].t) samples.push(sample);
	else {
		const at = samples.findIndex((s) => s.t >= sample.t);
		if (samples[at].t === sample.t) return false;
		samples.splice(at, 0, sample);
	}
	if (series.firstSeen === null || sample.t < series.firstSeen) series.firstSeen = sample.t;
	return true;
}

/** Adds a failed fetch; false when one with the same time is stored already. */
export function addMissing(series: Series, marker: MissingMarker): boolean {
	if (series.missing.some((m) => m.t === marker.t)) return false;
	const reason = marker.reason.length > MAX_REASON_LENGTH ? `${marker.reason.slice(0, MAX_REASON_LENGTH - 1)}…` : marker.reason;
	series.missing.push({ t: marker.t, reason });
	series.missing.sort((a, b) => a.t - b.t);
	return true;
}

/**
 * Retention as of `now` (Unix seconds): the last sample of each half hour for HOURLY_HOURS hours, before
 * that the last sample of each UTC week for WEEKS weeks, nothing older; the newest sample always.
 * Failed fetches: those of the hourly days, at most `maxMissing`. Idempotent.
 */
export function pruneSeries(series: Series, now: number, maxMissing: number): Series {
	const hourlyFrom = now - HOURLY_HOURS * 3600;
	const oldest = hourlyFrom - WEEKS * WEEK;
	// Bucket of a sample: its half hour in the hourly days (a retry or a late run next to the
	// on-time one, e.g. 11:01 and 11:59, keeps both), its week (from Monday, 1970-01-05) before.
	const bucket = (t: number) => (t >= hourlyFrom ? Math.floor(t / SLOT) : -1 - Math.floor((t + 3 * DAY) / WEEK));
	const src = series.samples;
	const kept: Sample[] = [];
	for (let k = 0; k < src.length; k++) {
		const isLast = k === src.length - 1;
		if (!isLast && (src[k].t < oldest || bucket(src[k].t) === bucket(src[k + 1].t))) continue;
		kept.push(src[k]);
	}
	const missing = series.missing.filter((m) => m.t >= hourlyFrom).slice(-maxMissing);
	return { ...series, samples: kept, missing: maxMissing > 0 ? missing : [] };
}

/** A brand-new state object from encoded records (the caller swaps it in). */
export function newState<TSummary>(tags: Record<string, StoredSeries>, seq: number, lastRun: TSummary | null): TrendState<TSummary> {
	const state: TrendState<TSummary> = { schemaVersion: TREND_STATE_VERSION, seq, tags };
	if (lastRun !== null) state.lastRun = lastRun;
	return state;
}

/** A brand-new state object from series; series with nothing stored are left out. */
export function saveHistory<TSummary>(series: Iterable<Series>, seq: number, lastRun: TSummary | null): TrendState<TSummary> {
	const tags: Record<string, StoredSeries> = {};
	for (const s of series) {
		if (s.samples.length > 0 || s.missing.length > 0) tags[s.key] = encodeSeries(s);
	}
	return newState(tags, seq, lastRun);
}
