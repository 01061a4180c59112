/**
 * Fast path of the built-in store. A typical run only appends one sample per hashtag, so instead
 * of decoding every stored series into objects and re-encoding it, the new sample is appended to
 * the encoded streams (second differences need only the last two values) and metrics get just the
 * samples they read: the recent tail and the neighbours of t − 7 d. Retention and downsampling run
 * over the whole series at most once a day per hashtag, at a per-hashtag phase, or whenever the
 * append is not a plain append (out-of-order or same-hour samples, a changed rounding scale).
 */
import { SymbolWriter, zigzag } from './codec';
import { compactSeries, decodeColumns, encodeSeries, emptySeries, sampleAt, seriesMeta } from './history';
import type { SeriesColumns, StoredSeries } from './history';
import { metricsWindow } from './metrics';
import type { MissingMarker, Sample, Series, TrendOptions } from './types';

const HOUR = 3600;
const DAY = 86400;

function hashPhase(key: string): number {
	let h = 2166136261;
	for (let i = 0; i < key.length; i++) {
		h ^= key.charCodeAt(i);
		h = Math.imul(h, 16777619) >>> 0;
	}
	return h % DAY;
}

/** Whether the whole-series retention pass is due for a stored record. */
export function compactionDue(raw: StoredSeries, now: number): boolean {
	return typeof raw.k !== 'number' || now - raw.k >= DAY || raw.k > now;
}

/** Encodes a compacted series and stamps when the next whole-series pass is due. */
export function encodeCompacted(series: Series, now: number, options: TrendOptions): StoredSeries | null {
	const compacted = compactSeries(series, now, options);
	if (compacted.samples.length === 0 && compacted.missing.length === 0) return null;
	const stored = encodeSeries(compacted);
	stored.k = now - hashPhase(series.key);
	return stored;
}

function appendStreams(raw: StoredSeries, col: SeriesColumns, samples: Sample[]): StoredSeries | null {
	const vScale = 10 ** col.viewsScale;
	const cScale = 10 ** col.videosScale;
	let n = col.times.length;
	let t1 = n > 0 ? col.times[n - 1] : 0;
	let t0 = n > 1 ? col.times[n - 2] : 0;
	let v1 = n > 0 ? col.views[n - 1] / vScale : 0;
	let v0 = n > 1 ? col.views[n - 2] / vScale : 0;
	let lastKnown = col.lastKnownVideos;
	const wt = new SymbolWriter();
	const wv = new SymbolWriter();
	const wc = new SymbolWriter();
	for (const s of samples) {
		if (s.views % vScale !== 0 || (s.videos !== null && s.videos % cScale !== 0)) return null;
		const sv = s.views / vScale;
		wt.writeSigned(n === 0 ? s.t : n === 1 ? s.t - t1 : s.t - 2 * t1 + t0);
		wv.writeSigned(n === 0 ? sv : n === 1 ? sv - v1 : sv - 2 * v1 + v0);
		if (s.videos === null) wc.writeUnsigned(0);
		else {
			const sc = s.videos / cScale;
			wc.writeUnsigned(zigzag(sc - lastKnown) + 1);
			lastKnown = sc;
		}
		t0 = t1;
		t1 = s.t;
		v0 = v1;
		v1 = sv;
		n++;
	}
	return { ...raw, t: raw.t + wt.toString(), v: raw.v + wv.toString(), c: raw.c + wc.toString() };
}

export interface TagUpdateInput {
	key: string;
	name: string;
	id: string | null;
	group: string | null;
	/** This run's valid samples (any order). */
	samples: Sample[];
	markers: MissingMarker[];
	/** Time of the snapshot metrics are computed for. */
	currentT: number;
}

export interface TagUpdate {
	/** Next stored record (null: nothing left to store). */
	stored: StoredSeries | null;
	/** The series metrics read (possibly only its recent part; see `omitted`). */
	series: Series;
	duplicates: number;
}

function lastIndexBefore(times: Float64Array, target: number): number {
	let lo = 0;
	let hi = times.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (times[mid] < target) lo = mid + 1;
		else hi = mid;
	}
	return lo - 1;
}

/**
 * Applies one run to one stored hashtag. `raw`/`columns` are the stored record and its decoded
 * columns (both undefined for a new or reset hashtag).
 */
export function updateTag(
	input: TagUpdateInput,
	raw: StoredSeries | undefined,
	columns: SeriesColumns | undefined,
	now: number,
	options: TrendOptions,
): TagUpdate {
	const n = columns ? columns.times.length : 0;
	// Duplicate protection: a timestamp already stored, or twice in this run, is stored once.
	let duplicates = 0;
	const seen = new Set<number>();
	const fresh: Sample[] = [];
	for (const s of [...input.samples].sort((a, b) => a.t - b.t)) {
		const k = columns ? lastIndexBefore(columns.times, s.t + 1) : -1;
		if (seen.has(s.t) || (k >= 0 && columns && columns.times[k] === s.t)) {
			duplicates++;
			continue;
		}
		seen.add(s.t);
		fresh.push(s);
	}
	const oldMissing = columns ? columns.missing : [];
	const newMarkers = input.markers.filter((m) => !oldMissing.some((o) => o.t === m.t));
	const lastT = n > 0 && columns ? columns.times[n - 1] : -Infinity;
	let appendable = raw !== undefined && columns !== undefined && !compactionDue(raw, now);
	let prevT = lastT;
	for (const s of fresh) {
		// A plain append: strictly newer, and not in the same hour bucket as the sample before it.
		if (s.t <= prevT || Math.floor(s.t / HOUR) === Math.floor(prevT / HOUR)) appendable = false;
		prevT = s.t;
	}
	let stored: StoredSeries | null | undefined;
	if (appendable && raw && columns) {
		const appended = fresh.length > 0 ? appendStreams(raw, columns, fresh) : { ...raw };
		if (appended) {
			if (input.id) appended.i = input.id;
			if (input.group) appended.g = input.group;
			if (appended.f === undefined && fresh.length > 0) appended.f = fresh[0].t;
			if (newMarkers.length > 0) {
				const all = [...oldMissing, ...newMarkers].sort((a, b) => a.t - b.t).slice(-options.maxMissingMarkers);
				appended.m = all.map((m) => [m.t, m.reason]);
			}
			stored = appended;
		}
	}
	const missing = [...oldMissing, ...newMarkers].sort((a, b) => a.t - b.t);
	if (stored !== undefined && columns && raw) {
		// Metrics read the tail and the neighbours of t − 7 d only.
		const tailStart = Math.max(0, n - metricsWindow(options) - 2);
		const samples: Sample[] = [];
		const target = input.currentT - 7 * DAY;
		const before = lastIndexBefore(columns.times, target);
		for (const k of [before, before + 1]) if (k >= 0 && k < tailStart) samples.push(sampleAt(columns, k));
		for (let k = tailStart; k < n; k++) samples.push(sampleAt(columns, k));
		samples.push(...fresh);
		const series = seriesMeta(input.key, raw as unknown as Record<string, unknown>, samples, missing);
		series.omitted = n + fresh.length - samples.length;
		if (input.id) series.id = input.id;
		if (input.group) series.group = input.group;
		return { stored, series, duplicates };
	}
	// Slow path: materialise everything, add, then retention over the whole series.
	let series: Series;
	if (columns && raw) {
		const all: Sample[] = new Array<Sample>(n);
		for (let k = 0; k < n; k++) all[k] = sampleAt(columns, k);
		series = seriesMeta(input.key, raw as unknown as Record<string, unknown>, all, missing);
	} else {
		series = emptySeries(input.key, input.name);
		series.missing = missing;
	}
	if (input.id) series.id = input.id;
	if (input.group) series.group = input.group;
	for (const s of fresh) {
		let lo = 0;
		let hi = series.samples.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (series.samples[mid].t < s.t) lo = mid + 1;
			else hi = mid;
		}
		series.samples.splice(lo, 0, s);
		if (series.firstSeen === null || s.t < series.firstSeen) series.firstSeen = s.t;
	}
	return { stored: encodeCompacted(series, now, options), series, duplicates };
}

/** Decodes a stored record, or undefined (reported by the caller) when it is unusable. */
export function tryDecode(raw: unknown): SeriesColumns | undefined {
	try {
		return decodeColumns(raw);
	} catch {
		return undefined;
	}
}
