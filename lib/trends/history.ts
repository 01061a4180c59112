/**
 * Built-in history, kept in the workflow's static data as plain JSON:
 * `{ schemaVersion: 5, seq, tags: { [key]: '<JSON text of a StoredSeries>' }, lastRun? }`. `seq` counts
 * the runs that saved (the node's overlap guard reads it); `lastRun` is read by a later report step.
 *
 * Each record is kept as its JSON text because n8n wraps every object and array of static data in a
 * Proxy at each execution start, and reading 10,000 hashtags' numbers through it took longer than
 * the analysis (docs/performance.md); a run parses one record at a time and writes a new state that
 * the node swaps in only after the whole run succeeded. Loading never throws: an unreadable record
 * resets that hashtag, an unreadable or older state the whole history, each with a warning.
 * Retention: see keptSamples.
 */
import type { MissingMarker, Sample, Series } from './types';

export const TREND_STATE_VERSION = 5;
/** The seasonal baseline reads 7 days of same-hour rates, week over week the sample nearest t − 7 d. */
export const HOURLY_HOURS = 7 * 24 + 2;
export const WEEKS = 26;
/** Two fetches 30 min or more apart (an on-time run and a late one) are both kept. */
const SLOT = 1800;
const DAY = 86400;
const WEEK = 7 * DAY;
const MAX_REASON_LENGTH = 200;

export interface StoredSeries {
	/** TikTok hashtag id and watchlist group. */
	i?: string;
	g?: string;
	/** Fetch times: the first, the first interval, then each interval's change (0 while runs keep their rhythm). */
	t: number[];
	/** Views: the first, then differences; videos: null = unknown, else the change from the last known count. */
	v: number[];
	c: Array<number | null>;
	/** Failed fetches `[t, reason]`. */
	m?: Array<[number, string]>;
}

/** The stored state; `tags` holds each hashtag's record (StoredSeries) as JSON text. */
export interface TrendState<TSummary = unknown> {
	schemaVersion: number;
	seq: number;
	tags: Record<string, string>;
	lastRun?: TSummary | null;
}

/** The stored state read down to its records (not decoded yet); `warnings` explain a reset. */
export interface StoredState<TSummary = unknown> {
	tags: Record<string, unknown>;
	seq: number;
	lastRun: TSummary | null;
	warnings: string[];
}

export interface LoadedHistory<TSummary = unknown> extends Omit<StoredState<TSummary>, 'tags'> {
	series: Map<string, Series>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function emptySeries(key: string): Series {
	return { key, id: null, group: null, t: [], views: [], videos: [], missing: [] };
}

/**
 * One stored record → series, in `into`'s arrays when given (a run decodes 10,000 hashtags one after
 * the other into one scratch series). Throws (the callers reset that hashtag) when anything does not add up.
 */
export function decodeSeries(key: string, text: unknown, into?: Series): Series {
	const raw: unknown = typeof text === 'string' ? JSON.parse(text) : text;
	if (!isRecord(raw)) throw new Error('not an object');
	const { t, v, c, m, i, g } = raw;
	if (!Array.isArray(t) || !Array.isArray(v) || !Array.isArray(c) || v.length !== t.length || c.length !== t.length) {
		throw new Error('columns missing or of different lengths');
	}
	const n = t.length;
	const s: Series = Object.assign(into ?? emptySeries(key), { key, missing: [] });
	s.id = typeof i === 'string' && i !== '' ? i : null;
	s.group = typeof g === 'string' && g !== '' ? g : null;
	let time = 0;
	let gap = 0;
	let views = 0;
	let videos = 0;
	for (let k = 0; k < n; k++) {
		const dt = t[k] as number;
		const dv = v[k] as number;
		const dc = c[k] as number | null;
		gap = k === 0 ? 0 : gap + dt;
		time = k === 0 ? dt : time + gap;
		views += dv;
		if (!Number.isSafeInteger(dt) || !Number.isSafeInteger(dv) || (k > 0 && gap <= 0) || time <= 0 || views < 0) throw new Error(`bad sample ${k}`);
		if (dc !== null) {
			videos += dc;
			if (!Number.isSafeInteger(dc) || videos < 0) throw new Error(`bad video count ${k}`);
		}
		s.t[k] = time;
		s.views[k] = views;
		s.videos[k] = dc === null ? null : videos;
	}
	s.t.length = s.views.length = s.videos.length = n;
	if (m !== undefined) {
		if (!Array.isArray(m)) throw new Error('bad missing markers');
		for (const x of m) {
			if (!Array.isArray(x) || !Number.isSafeInteger(x[0]) || typeof x[1] !== 'string') throw new Error('bad missing marker');
			s.missing.push({ t: x[0] as number, reason: x[1] });
		}
	}
	return s;
}

/** Sets xs[j], appending when j is past the end (which keeps the array packed). */
function put<T>(xs: T[], j: number, x: T): void {
	if (j < xs.length) xs[j] = x;
	else xs.push(x);
}

/**
 * The series as a stored record; with `keep`, only the samples it accepts (see keptSamples). With
 * `into`, in its arrays (storeSeries writes 10,000 records a run through one scratch record).
 */
export function encodeSeries(s: Series, keep?: (k: number) => boolean, into?: StoredSeries): StoredSeries {
	const out: StoredSeries = into ? { t: into.t, v: into.v, c: into.c } : { t: [], v: [], c: [] };
	let j = 0;
	let time = 0;
	let gap = 0;
	let views = 0;
	let videos = 0;
	for (let k = 0; k < s.t.length; k++) {
		if (keep && !keep(k)) continue;
		const c = s.videos[k];
		put(out.t, j, j === 0 ? s.t[k] : s.t[k] - time - gap);
		gap = j === 0 ? 0 : s.t[k] - time;
		put(out.v, j, s.views[k] - views);
		put(out.c, j++, c === null ? null : c - videos);
		time = s.t[k];
		views = s.views[k];
		if (c !== null) videos = c;
	}
	out.t.length = out.v.length = out.c.length = j;
	if (s.id) out.i = s.id;
	if (s.group) out.g = s.group;
	if (s.missing.length > 0) out.m = s.missing.map((x) => [x.t, x.reason]);
	return out;
}

/** Reads whatever is stored (nothing, an older schema, a corrupt object) down to its records. Never throws. */
export function readState<TSummary = unknown>(raw: unknown): StoredState<TSummary> {
	const out: StoredState<TSummary> = { tags: {}, seq: 0, lastRun: null, warnings: [] };
	if (raw === undefined || raw === null) return out;
	const version = isRecord(raw) ? raw.schemaVersion : undefined;
	const tags = isRecord(raw) && version === TREND_STATE_VERSION ? raw.tags : null;
	if (isRecord(raw) && version !== TREND_STATE_VERSION) {
		const shown = JSON.stringify(version ?? null);
		out.warnings.push(
			typeof version === 'number' && version > TREND_STATE_VERSION
				? `Stored trend history has schema version ${shown}, newer than this node's ${TREND_STATE_VERSION}; history was reset. Update the node to keep it.`
				: `Stored trend history has the format of a pre-release build (schema version ${shown}) that this version no longer reads; history was reset and starts again from this run.`,
		);
	} else if (!isRecord(raw) || !isRecord(tags)) {
		out.warnings.push('Stored trend history is not readable (corrupt); history was reset and starts again from this run.');
	} else {
		out.tags = tags;
		out.seq = Number.isSafeInteger(raw.seq) && (raw.seq as number) >= 0 ? (raw.seq as number) : 0;
		out.lastRun = (raw.lastRun as TSummary | undefined) ?? null;
	}
	return out;
}

/** "#a, #b, …": the first five hashtags of a list, for warnings. */
export function listed(keys: string[]): string {
	return `${keys.slice(0, 5).map((k) => `#${k}`).join(', ')}${keys.length > 5 ? ', …' : ''}`;
}

/** The warning for hashtags whose stored record was unreadable and was reset. */
export function corruptWarning(keys: string[]): string {
	return `Stored history of ${keys.length} hashtag(s) was corrupt or truncated and was reset (${listed(keys)}).`;
}

/** readState, then every record decoded; an unreadable record resets that hashtag with a warning. */
export function loadHistory<TSummary = unknown>(raw: unknown): LoadedHistory<TSummary> {
	const { tags, ...rest } = readState<TSummary>(raw);
	const series = new Map<string, Series>();
	const bad: string[] = [];
	for (const [key, stored] of Object.entries(tags)) {
		try {
			series.set(key, decodeSeries(key, stored));
		} catch {
			bad.push(key);
		}
	}
	if (bad.length > 0) rest.warnings.push(corruptWarning(bad));
	return { series, ...rest };
}

/** Adds a valid sample in time order; false (nothing changed) when one with the same time is stored. */
export function addSample(s: Series, sample: Sample): boolean {
	let at = s.t.length;
	while (at > 0 && s.t[at - 1] > sample.t) at--;
	if (at > 0 && s.t[at - 1] === sample.t) return false;
	if (at === s.t.length) {
		s.t.push(sample.t);
		s.views.push(sample.views);
		s.videos.push(sample.videos);
	} else {
		s.t.splice(at, 0, sample.t);
		s.views.splice(at, 0, sample.views);
		s.videos.splice(at, 0, sample.videos);
	}
	return true;
}

/** Adds a failed fetch; false when one with the same time is stored already. */
export function addMissing(s: Series, marker: MissingMarker): boolean {
	if (s.missing.some((m) => m.t === marker.t)) return false;
	const reason = marker.reason.length > MAX_REASON_LENGTH ? `${marker.reason.slice(0, MAX_REASON_LENGTH - 1)}…` : marker.reason;
	s.missing.push({ t: marker.t, reason });
	s.missing.sort((a, b) => a.t - b.t);
	return true;
}

/**
 * Retention as of `now` (Unix seconds), as a flag per sample: the last sample of each half hour for
 * HOURLY_HOURS hours, before that the last of each UTC week (from Monday) for WEEKS weeks, nothing
 * older; the newest sample always.
 */
export function keptSamples(t: readonly number[], now: number): (k: number) => boolean {
	const hourlyFrom = now - HOURLY_HOURS * 3600;
	const oldest = hourlyFrom - WEEKS * WEEK;
	// 1970-01-05 was a Monday.
	const bucket = (x: number) => (x >= hourlyFrom ? Math.floor(x / SLOT) : -1 - Math.floor((x + 3 * DAY) / WEEK));
	return (k) => k === t.length - 1 || (t[k] >= oldest && bucket(t[k]) !== bucket(t[k + 1]));
}

/** Failed fetches kept: those of the hourly days, at most `maxMissing`. */
function keptMissing(s: Series, now: number, maxMissing: number): MissingMarker[] {
	const hourlyFrom = now - HOURLY_HOURS * 3600;
	return maxMissing > 0 ? s.missing.filter((m) => m.t >= hourlyFrom).slice(-maxMissing) : [];
}

/** The series after retention as of `now` (a new object; idempotent). */
export function pruneSeries(s: Series, now: number, maxMissing: number): Series {
	const keep = keptSamples(s.t, now);
	const pick = <T>(xs: T[]) => xs.filter((_, k) => keep(k));
	return { ...s, t: pick(s.t), views: pick(s.views), videos: pick(s.videos), missing: keptMissing(s, now, maxMissing) };
}

const SCRATCH: StoredSeries = { t: [], v: [], c: [] };

/** Prunes and encodes in one pass what a run stores: the record's JSON text; null when nothing is left. */
export function storeSeries(s: Series, now: number, maxMissing: number): string | null {
	const missing = keptMissing(s, now, maxMissing);
	if (s.t.length === 0 && missing.length === 0) return null;
	return JSON.stringify(encodeSeries({ ...s, missing }, keptSamples(s.t, now), SCRATCH));
}

/** A brand-new state object (the caller swaps it in). */
export function newState<TSummary>(tags: Record<string, string>, seq: number, lastRun: TSummary | null): TrendState<TSummary> {
	const state: TrendState<TSummary> = { schemaVersion: TREND_STATE_VERSION, seq, tags };
	if (lastRun !== null) state.lastRun = lastRun;
	return state;
}

/** A brand-new state object from series; series with nothing stored are left out. */
export function saveHistory<TSummary>(series: Iterable<Series>, seq: number, lastRun: TSummary | null): TrendState<TSummary> {
	const tags: Record<string, string> = {};
	for (const s of series) if (s.t.length > 0 || s.missing.length > 0) tags[s.key] = JSON.stringify(encodeSeries(s));
	return newState(tags, seq, lastRun);
}

/**
 * Chart points: the samples before `end` (the last `points` of them) and the failed fetches from
 * the first of those up to `until`, oldest first; a failed fetch has `views: null`.
 */
export function chartPoints(s: Series, points: number, end = s.t.length, until = Infinity): Array<{ t: number; views: number | null }> {
	const from = Math.max(0, end - points);
	const out: Array<{ t: number; views: number | null }> = [];
	for (let k = from; k < end; k++) out.push({ t: s.t[k], views: s.views[k] });
	const since = end > from ? s.t[from] : -Infinity;
	for (const m of s.missing) if (m.t >= since && m.t <= until) out.push({ t: m.t, views: null });
	if (out.length > end - from) out.sort((a, b) => a.t - b.t);
	return out.slice(-points);
}

/** The hashtags of a stored state: their keys, and chart points by key with ISO times ([] when absent or unreadable). */
export function storedHashtags(state: unknown, points: number): { keys: string[]; chart: (key: string) => Array<{ t: string; views: number | null }> } {
	const tags = readState(state).tags;
	const chart = (key: string) => {
		try {
			const s = decodeSeries(key, Object.prototype.hasOwnProperty.call(tags, key) ? tags[key] : null);
			return chartPoints(s, points).map((p) => ({ t: new Date(p.t * 1000).toISOString(), views: p.views }));
		} catch {
			return [];
		}
	};
	return { keys: Object.keys(tags), chart };
}
