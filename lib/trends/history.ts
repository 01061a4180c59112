/**
 * History store for the built-in mode: the state object that lives in workflow static data.
 *
 * Stored shape (schema version 2): `{ schemaVersion: 2, tags: { [key]: StoredSeries }, lastRun? }`
 * where each series keeps times and counts as second-difference integer streams (see codec.ts) and
 * failed fetches as missing markers `[t, reason]`. Version 1 (plain `{ hashtags: { name: { samples:
 * [{t, views, videos}] } } }`, also handy for seeding by hand) is migrated on load. Anything that does
 * not decode is dropped with a warning — per hashtag when possible, whole state otherwise — so a
 * corrupt or truncated state never throws.
 *
 * Loading returns fresh objects and saving builds a brand-new state object: the caller swaps it in
 * only once the whole run has been computed (all-or-nothing writes).
 */
import {
	CodecError,
	decodeSecondDifferences,
	decodeUnsigned,
	encodeSecondDifferences,
	powerOfTenDividing,
	SymbolWriter,
	zigzag,
} from './codec';
import type { MissingMarker, Sample, Series } from './types';

export const TREND_STATE_VERSION = 2;
const HOUR = 3600;
const DAY = 86400;
const MAX_REASON_LENGTH = 200;

export interface StoredSeries {
	/** Display name. */
	n: string;
	/** TikTok hashtag id. */
	i?: string;
	/** Watchlist group. */
	g?: string;
	/** First valid sighting (Unix seconds). */
	f?: number;
	/** Times, second differences. */
	t: string;
	/** Views ÷ 10^x[0], second differences. */
	v: string;
	/** Videos ÷ 10^x[1]: 0 = unknown, else zig-zag(delta to the last known value) + 1. */
	c: string;
	/** Powers of ten factored out of views and videos. */
	x?: [number, number];
	/** Missing markers. */
	m?: Array<[number, string]>;
	/** When retention/downsampling last ran over the whole series (Unix seconds, staggered per hashtag). */
	k?: number;
	/**
	 * Anchors for appending and for decoding the recent tail from the end without reading the whole
	 * stream: [sample count, last t, previous t, last views ÷ 10^x[0], previous views ÷ 10^x[0],
	 * last known videos ÷ 10^x[1]]. Only when there are at least two samples.
	 */
	a?: [number, number, number, number, number, number];
}

export interface TrendState<TSummary = unknown> {
	schemaVersion: number;
	tags: Record<string, StoredSeries>;
	/** Compact results of the latest analyze run (read by a later report step). */
	lastRun?: TSummary | null;
}

export interface LoadedHistory<TSummary = unknown> {
	series: Map<string, Series>;
	lastRun: TSummary | null;
	warnings: string[];
}

export interface RetentionOptions {
	hourlyRetentionDays: number;
	dailyRetentionDays: number;
	maxMissingMarkers: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function emptySeries(key: string, name: string): Series {
	return { key, name, id: null, group: null, firstSeen: null, samples: [], missing: [] };
}

/** Encodes one series. Throws CodecError when a value cannot be stored. */
export function encodeSeries(series: Series): StoredSeries {
	const samples = series.samples;
	const n = samples.length;
	const times = new Float64Array(n);
	const views = new Float64Array(n);
	let vx = 12;
	let cx = 12;
	for (let i = 0; i < n; i++) {
		const s = samples[i];
		times[i] = s.t;
		views[i] = s.views;
		if (vx > 0) vx = powerOfTenDividing(s.views, vx);
		if (cx > 0 && s.videos !== null) cx = powerOfTenDividing(s.videos, cx);
	}
	const cScale = 10 ** cx;
	const videoWriter = new SymbolWriter();
	let last = 0;
	for (let i = 0; i < n; i++) {
		const c = samples[i].videos;
		if (c === null) videoWriter.writeUnsigned(0);
		else {
			const scaled = c / cScale;
			videoWriter.writeUnsigned(zigzag(scaled - last) + 1);
			last = scaled;
		}
	}
	const out: StoredSeries = {
		n: series.name,
		t: encodeSecondDifferences(times),
		v: encodeSecondDifferences(views, 10 ** vx),
		c: videoWriter.toString(),
	};
	if (vx !== 0 || cx !== 0) out.x = [vx, cx];
	if (n >= 2) {
		let lastKnown = 0;
		for (let i = n - 1; i >= 0; i--) {
			const c = samples[i].videos;
			if (c !== null) {
				lastKnown = c / cScale;
				break;
			}
		}
		const vScale = 10 ** vx;
		out.a = [n, times[n - 1], times[n - 2], views[n - 1] / vScale, views[n - 2] / vScale, lastKnown];
	}
	if (series.id) out.i = series.id;
	if (series.group) out.g = series.group;
	if (series.firstSeen !== null) out.f = series.firstSeen;
	if (series.missing.length > 0) out.m = series.missing.map((m) => [m.t, m.reason]);
	return out;
}

/** A stored series decoded into columns (no per-sample objects): the fast path's working form. */
export interface SeriesColumns {
	times: Float64Array;
	views: Float64Array;
	/** NaN = unknown video count. */
	videos: Float64Array;
	viewsScale: number;
	videosScale: number;
	/** Last known video count ÷ 10^videosScale (the base of the next video delta). */
	lastKnownVideos: number;
	missing: MissingMarker[];
}

/** Decodes and validates the sample streams of one stored series. Throws CodecError. */
export function decodeColumns(raw: unknown): SeriesColumns {
	if (!isRecord(raw)) throw new CodecError('not an object');
	const { t, v, c, x, m } = raw;
	if (typeof t !== 'string' || typeof v !== 'string' || typeof c !== 'string') {
		throw new CodecError('sample streams missing');
	}
	let vx = 0;
	let cx = 0;
	if (x !== undefined) {
		if (!Array.isArray(x) || x.length !== 2 || !x.every((k) => Number.isInteger(k) && k >= 0 && k <= 12)) {
			throw new CodecError('bad scale');
		}
		vx = x[0] as number;
		cx = x[1] as number;
	}
	const times = decodeSecondDifferences(t);
	const views = decodeSecondDifferences(v);
	const decodedVideos = decodeVideoStream(c, 10 ** cx);
	const videos = decodedVideos.values;
	if (times.length !== views.length || times.length !== videos.length) {
		throw new CodecError('sample streams have different lengths (truncated)');
	}
	let prevT = -1;
	let ok = true;
	for (let k = 0; k < times.length; k++) {
		const tk = times[k];
		ok = ok && tk > prevT && tk <= Number.MAX_SAFE_INTEGER && views[k] >= 0;
		prevT = tk;
	}
	if (!ok) throw new CodecError('times out of order or negative views');
	if (vx !== 0) {
		const vScale = 10 ** vx;
		for (let k = 0; k < views.length; k++) views[k] *= vScale;
	}
	const last = decodedVideos.lastKnown;
	const a = (raw as Record<string, unknown>).a;
	if (a !== undefined) {
		const n = times.length;
		const ok2 =
			Array.isArray(a) &&
			a.length === 6 &&
			n >= 2 &&
			a[0] === n &&
			a[1] === times[n - 1] &&
			a[2] === times[n - 2] &&
			a[3] * 10 ** vx === views[n - 1] &&
			a[4] * 10 ** vx === views[n - 2] &&
			a[5] === last;
		if (!ok2) throw new CodecError('anchors do not match the streams');
	}
	const missing: MissingMarker[] = [];
	if (m !== undefined) {
		if (!Array.isArray(m)) throw new CodecError('bad missing markers');
		for (const entry of m) {
			if (!Array.isArray(entry) || !Number.isSafeInteger(entry[0]) || typeof entry[1] !== 'string') {
				throw new CodecError('bad missing marker');
			}
			missing.push({ t: entry[0] as number, reason: entry[1] });
		}
	}
	return { times, views, videos, viewsScale: vx, videosScale: cx, lastKnownVideos: last, missing };
}

/** Decodes the video stream (0 = unknown, else zig-zag delta + 1) into counts (NaN = unknown). */
function decodeVideoStream(text: string, scale: number): { values: Float64Array; lastKnown: number } {
	const symbols = decodeUnsigned(text);
	const values = new Float64Array(symbols.length);
	let last = 0;
	for (let k = 0; k < symbols.length; k++) {
		const sym = symbols[k];
		if (sym === 0) values[k] = NaN;
		else {
			last += sym % 2 === 1 ? (sym - 1) / 2 : -sym / 2;
			if (last < 0) throw new CodecError('negative video count');
			values[k] = last * scale;
		}
	}
	return { values, lastKnown: last };
}

export function sampleAt(columns: SeriesColumns, k: number): Sample {
	const c = columns.videos[k];
	return { t: columns.times[k], views: columns.views[k], videos: Number.isNaN(c) ? null : c };
}

/** Series metadata (name, id, group, first sighting) of a stored record. */
export function seriesMeta(key: string, raw: Record<string, unknown>, samples: Sample[], missing: MissingMarker[]): Series {
	const { n, i, g, f } = raw;
	return {
		key,
		name: typeof n === 'string' && n !== '' ? n : key,
		id: typeof i === 'string' && i !== '' ? i : null,
		group: typeof g === 'string' && g !== '' ? g : null,
		firstSeen: Number.isSafeInteger(f) ? (f as number) : samples.length > 0 ? samples[0].t : null,
		samples,
		missing,
	};
}

/** Decodes one stored series. Throws CodecError on anything inconsistent. */
export function decodeSeries(key: string, raw: unknown): Series {
	const columns = decodeColumns(raw);
	const samples: Sample[] = new Array<Sample>(columns.times.length);
	for (let k = 0; k < samples.length; k++) samples[k] = sampleAt(columns, k);
	return seriesMeta(key, raw as Record<string, unknown>, samples, columns.missing);
}

function toSeconds(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) {
		// Milliseconds when the value is clearly too large to be seconds (after year 5138).
		return Math.round(value > 1e11 ? value / 1000 : value);
	}
	if (typeof value === 'string' && value.trim() !== '') {
		const ms = Date.parse(value);
		if (!Number.isNaN(ms)) return Math.round(ms / 1000);
	}
	return null;
}

function toCount(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value);
	return null;
}

/** Schema version 1: plain samples, as a person or an older build would write them. */
function migrateV1(raw: Record<string, unknown>, warnings: string[]): Map<string, Series> {
	const out = new Map<string, Series>();
	const hashtags = raw.hashtags;
	if (!isRecord(hashtags)) {
		warnings.push('Stored trend history (schema version 1) has no "hashtags" object; history was reset.');
		return out;
	}
	let dropped = 0;
	for (const [key, entry] of Object.entries(hashtags)) {
		if (!isRecord(entry) || !Array.isArray(entry.samples)) {
			dropped++;
			continue;
		}
		const series = emptySeries(key, typeof entry.name === 'string' ? entry.name : key);
		series.id = typeof entry.id === 'string' ? entry.id : null;
		series.group = typeof entry.group === 'string' ? entry.group : null;
		const byTime = new Map<number, Sample>();
		for (const s of entry.samples) {
			if (!isRecord(s)) continue;
			const t = toSeconds(s.t ?? s.fetchedAt);
			const views = toCount(s.views);
			if (t === null || views === null) continue;
			byTime.set(t, { t, views, videos: toCount(s.videos) });
		}
		series.samples = [...byTime.values()].sort((a, b) => a.t - b.t);
		if (Array.isArray(entry.missing)) {
			for (const mk of entry.missing) {
				const t = isRecord(mk) ? toSeconds(mk.t) : null;
				if (t !== null) series.missing.push({ t, reason: String((mk as Record<string, unknown>).reason ?? 'unknown') });
			}
		}
		series.firstSeen = series.samples.length > 0 ? series.samples[0].t : null;
		out.set(key, series);
	}
	if (dropped > 0) warnings.push(`Dropped ${dropped} unreadable hashtag histories while migrating schema version 1.`);
	return out;
}

/**
 * Reads whatever is stored (undefined, an old schema, a corrupt object) into decoded series.
 * Never throws; every loss of data is explained in `warnings`.
 */
export function loadHistory<TSummary = unknown>(raw: unknown): LoadedHistory<TSummary> {
	const warnings: string[] = [];
	const series = new Map<string, Series>();
	if (raw === undefined || raw === null) return { series, lastRun: null, warnings };
	if (!isRecord(raw)) {
		warnings.push('Stored trend history is not an object (corrupt); history was reset and starts again from this run.');
		return { series, lastRun: null, warnings };
	}
	const version = raw.schemaVersion ?? (raw.hashtags !== undefined ? 1 : undefined);
	if (version === 1) {
		const migrated = migrateV1(raw, warnings);
		warnings.push(`Migrated stored trend history from schema version 1 to ${TREND_STATE_VERSION} (${migrated.size} hashtags).`);
		return { series: migrated, lastRun: null, warnings };
	}
	if (version !== TREND_STATE_VERSION) {
		warnings.push(
			`Stored trend history has unknown schema version ${JSON.stringify(version) ?? 'undefined'} (expected ${TREND_STATE_VERSION}); history was reset. If it was written by a newer version of this node, update the node.`,
		);
		return { series, lastRun: null, warnings };
	}
	if (!isRecord(raw.tags)) {
		warnings.push('Stored trend history has no "tags" object (corrupt); history was reset.');
		return { series, lastRun: null, warnings };
	}
	const bad: string[] = [];
	for (const [key, stored] of Object.entries(raw.tags)) {
		try {
			series.set(key, decodeSeries(key, stored));
		} catch {
			// Whatever went wrong (CodecError or an unexpected shape), this hashtag's history is unusable.
			bad.push(key);
		}
	}
	if (bad.length > 0) {
		const shown = bad.slice(0, 5).map((k) => `#${k}`).join(', ');
		warnings.push(
			`Stored history of ${bad.length} hashtag(s) was corrupt or truncated and was reset (${shown}${bad.length > 5 ? ', …' : ''}).`,
		);
	}
	return { series, lastRun: (raw.lastRun as TSummary | undefined) ?? null, warnings };
}

/**
 * Adds a valid sample. Returns false (and changes nothing) when a sample with the same timestamp
 * is already stored — the same run processed twice.
 */
export function addSample(series: Series, sample: Sample): boolean {
	const samples = series.samples;
	let lo = 0;
	let hi = samples.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (samples[mid].t < sample.t) lo = mid + 1;
		else hi = mid;
	}
	if (lo < samples.length && samples[lo].t === sample.t) return false;
	samples.splice(lo, 0, sample);
	if (series.firstSeen === null || sample.t < series.firstSeen) series.firstSeen = sample.t;
	return true;
}

export function addMissing(series: Series, marker: MissingMarker): boolean {
	if (series.missing.some((m) => m.t === marker.t)) return false;
	const reason = marker.reason.length > MAX_REASON_LENGTH ? `${marker.reason.slice(0, MAX_REASON_LENGTH - 1)}…` : marker.reason;
	series.missing.push({ t: marker.t, reason });
	series.missing.sort((a, b) => a.t - b.t);
	return true;
}

/**
 * Bounded retention with downsampling, relative to `now` (Unix seconds): one sample per hour (the
 * last of each hour) for `hourlyRetentionDays`, then one per UTC day (the last of each day) up to
 * `dailyRetentionDays`, nothing older. The newest sample is always kept. Idempotent.
 */
export function compactSeries(series: Series, now: number, retention: RetentionOptions): Series {
	const hourlyFrom = now - retention.hourlyRetentionDays * DAY;
	const oldestKept = now - retention.dailyRetentionDays * DAY;
	const src = series.samples;
	const kept: Sample[] = [];
	for (let i = 0; i < src.length; i++) {
		const s = src[i];
		const isLast = i === src.length - 1;
		if (!isLast && s.t < oldestKept) continue;
		if (!isLast) {
			const next = src[i + 1];
			const bucketSize = s.t < hourlyFrom ? DAY : HOUR;
			// Keep the last sample of its bucket; the next sample lands in a different bucket or tier.
			if (Math.floor(s.t / bucketSize) === Math.floor(next.t / bucketSize) && (next.t < hourlyFrom) === (s.t < hourlyFrom)) {
				continue;
			}
		}
		kept.push(s);
	}
	const missing = series.missing.filter((m) => m.t >= hourlyFrom).slice(-retention.maxMissingMarkers);
	return { ...series, samples: kept, missing };
}

/** Builds a brand-new state object from decoded series (the caller swaps it in). */
export function saveHistory<TSummary>(series: Iterable<Series>, lastRun: TSummary | null): TrendState<TSummary> {
	const tags: Record<string, StoredSeries> = {};
	for (const s of series) {
		if (s.samples.length === 0 && s.missing.length === 0) continue;
		tags[s.key] = encodeSeries(s);
	}
	const state: TrendState<TSummary> = { schemaVersion: TREND_STATE_VERSION, tags };
	if (lastRun !== null) state.lastRun = lastRun;
	return state;
}
