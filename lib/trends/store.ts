/**
 * Fast path of the built-in store. A typical run only appends one sample per hashtag, so instead
 * of decoding every stored series into objects and re-encoding it, the new sample is appended to
 * the encoded streams after the packed block (second differences need only the last two values)
 * and metrics get just the samples they read: the recent tail and the neighbours of t − 7 d (the
 * block is stored newest first, so only its recent part is decoded). Retention and downsampling run
 * over the whole series at most once a day per hashtag, at a per-hashtag phase, or whenever the
 * append is not a plain append (out-of-order or same-hour samples, a changed rounding scale).
 */
import { BackwardReader, CodecError, SymbolWriter, unzigzag, zigzag } from './codec';
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

/** Where appending continues: the stored anchors (see StoredSeries.a) and scales. */
interface AppendPoint {
	n: number;
	t1: number;
	t0: number;
	v1: number;
	v0: number;
	lastKnown: number;
	vx: number;
	cx: number;
}

function appendPointOf(columns: SeriesColumns): AppendPoint {
	const n = columns.times.length;
	const vScale = 10 ** columns.viewsScale;
	return {
		n: columns.offset + n,
		t1: n > 0 ? columns.times[n - 1] : 0,
		t0: n > 1 ? columns.times[n - 2] : 0,
		v1: n > 0 ? columns.views[n - 1] / vScale : 0,
		v0: n > 1 ? columns.views[n - 2] / vScale : 0,
		lastKnown: columns.lastKnownVideos,
		vx: columns.viewsScale,
		cx: columns.videosScale,
	};
}

function appendStreams(raw: StoredSeries, at: AppendPoint, samples: Sample[]): StoredSeries | null {
	const vScale = 10 ** at.vx;
	const cScale = 10 ** at.cx;
	let { n, t1, t0, v1, v0, lastKnown } = at;
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
	const out: StoredSeries = { ...raw, t: (raw.t ?? '') + wt.toString(), v: (raw.v ?? '') + wv.toString(), c: (raw.c ?? '') + wc.toString() };
	// Anchors serve records without a packed block (their tail decodes from the end of the streams).
	if (n >= 2 && raw.p === undefined) out.a = [n, t1, t0, v1, v0, lastKnown];
	else delete out.a;
	return out;
}

function readAnchors(raw: StoredSeries): AppendPoint | null {
	const a = raw.a;
	if (!Array.isArray(a) || a.length !== 6 || !a.every((x) => typeof x === 'number' && Number.isFinite(x))) return null;
	const x = raw.x;
	const vx = Array.isArray(x) && Number.isInteger(x[0]) ? x[0] : 0;
	const cx = Array.isArray(x) && Number.isInteger(x[1]) ? x[1] : 0;
	if (!Number.isInteger(a[0]) || a[0] < 2) return null;
	return { n: a[0], t1: a[1], t0: a[2], v1: a[3], v0: a[4], lastKnown: a[5], vx, cx };
}

/**
 * Decodes the last `min` samples — and further back until one is older than `until` — from the
 * end of the streams, using the anchors. Throws CodecError when the streams are shorter than the
 * anchors say (the caller then falls back to a full, validating decode).
 */
function decodeTail(raw: StoredSeries, at: AppendPoint, min: number, until: number): Sample[] {
	const tr = new BackwardReader(raw.t ?? '');
	const vr = new BackwardReader(raw.v ?? '');
	const cr = new BackwardReader(raw.c ?? '');
	const vScale = 10 ** at.vx;
	const cScale = 10 ** at.cx;
	const times: number[] = [at.t1, at.t0];
	const views: number[] = [at.v1, at.v0];
	// times[j] = x_{n−1−j}; reading d_i (i = n−1 … 2) yields x_{i−2}.
	let i = at.n - 1;
	while (i >= 2 && (times.length < min || times[times.length - 1] >= until)) {
		const dt = tr.next();
		const dv = vr.next();
		if (dt === null || dv === null) throw new CodecError('stream shorter than its anchors');
		const j = times.length;
		times.push(unzigzag(dt) - times[j - 2] + 2 * times[j - 1]);
		views.push(unzigzag(dv) - views[j - 2] + 2 * views[j - 1]);
		i--;
	}
	const count = times.length;
	const samples: Sample[] = new Array<Sample>(count);
	let cur = at.lastKnown;
	for (let j = 0; j < count; j++) {
		const sym = cr.next();
		if (sym === null) throw new CodecError('stream shorter than its anchors');
		let videos: number | null = null;
		if (sym !== 0) {
			videos = cur * cScale;
			cur -= unzigzag(sym - 1);
		}
		const t = times[j];
		if ((j > 0 && t >= times[j - 1]) || !Number.isSafeInteger(t) || t < 0) throw new CodecError('times out of order');
		if (!(views[j] >= 0) || !Number.isSafeInteger(views[j] * vScale)) throw new CodecError('invalid views');
		if (videos !== null && !(videos >= 0)) throw new CodecError('invalid videos');
		samples[count - 1 - j] = { t, views: views[j] * vScale, videos };
	}
	return samples;
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
	now: number,
	options: TrendOptions,
): TagUpdate & { corrupt: boolean } {
	if (raw !== undefined && !compactionDue(raw, now)) {
		const fast = anchoredUpdate(input, raw, options);
		if (fast) return { ...fast, corrupt: false };
		const tail = blockTail(input, raw, options);
		if (tail) return { ...columnsUpdate(input, raw, tail, now, options), corrupt: false };
	}
	const columns = raw !== undefined ? tryDecode(raw) : undefined;
	const corrupt = raw !== undefined && columns === undefined;
	return { ...columnsUpdate(input, corrupt ? undefined : raw, columns, now, options), corrupt };
}

/**
 * The common case for a record with a packed block: only the block's newest samples (those
 * metrics read) and the streams appended after it are decoded. Returns null unless every new
 * sample is a plain append (newer, in a later hour, on the stored rounding scales), so that
 * columnsUpdate takes its appending path and never needs the older samples.
 */
function blockTail(input: TagUpdateInput, raw: StoredSeries, options: TrendOptions): SeriesColumns | null {
	if (typeof raw.p !== 'string') return null;
	let columns: SeriesColumns;
	try {
		columns = decodeColumns(raw, metricsWindow(options) + 2, input.currentT - 7 * DAY);
	} catch {
		return null;
	}
	const n = columns.times.length;
	if (n === 0) return null;
	const vScale = 10 ** columns.viewsScale;
	const cScale = 10 ** columns.videosScale;
	let prevT = columns.times[n - 1];
	for (const s of [...input.samples].sort((a, b) => a.t - b.t)) {
		if (s.t <= prevT || Math.floor(s.t / HOUR) === Math.floor(prevT / HOUR)) return null;
		if (s.views % vScale !== 0 || (s.videos !== null && s.videos % cScale !== 0)) return null;
		prevT = s.t;
	}
	return columns;
}

/**
 * The common case without decoding whole streams: every new sample is newer than the stored ones
 * and in a later hour. Returns null whenever that does not hold (the caller takes the full path).
 */
function anchoredUpdate(input: TagUpdateInput, raw: StoredSeries, options: TrendOptions): TagUpdate | null {
	const at = readAnchors(raw);
	if (!at || raw.p !== undefined || typeof raw.t !== 'string' || typeof raw.v !== 'string' || typeof raw.c !== 'string') return null;
	const fresh = [...input.samples].sort((a, b) => a.t - b.t);
	let prevT = at.t1;
	for (const s of fresh) {
		if (s.t <= prevT || Math.floor(s.t / HOUR) === Math.floor(prevT / HOUR)) return null;
		prevT = s.t;
	}
	const oldMissing: MissingMarker[] = [];
	if (raw.m !== undefined) {
		if (!Array.isArray(raw.m)) return null;
		for (const entry of raw.m) {
			if (!Array.isArray(entry) || !Number.isSafeInteger(entry[0]) || typeof entry[1] !== 'string') return null;
			oldMissing.push({ t: entry[0], reason: entry[1] });
		}
	}
	const appended = fresh.length > 0 ? appendStreams(raw, at, fresh) : { ...raw };
	if (!appended) return null;
	let tail: Sample[];
	try {
		tail = decodeTail(raw, at, metricsWindow(options) + 2, input.currentT - 7 * DAY);
	} catch {
		return null;
	}
	const newMarkers: MissingMarker[] = [];
	for (const m of input.markers) {
		if (!oldMissing.some((o) => o.t === m.t) && !newMarkers.some((o) => o.t === m.t)) newMarkers.push(m);
	}
	const missing = [...oldMissing, ...newMarkers].sort((a, b) => a.t - b.t);
	if (input.id) appended.i = input.id;
	if (input.group) appended.g = input.group;
	if (newMarkers.length > 0) appended.m = missing.slice(-options.maxMissingMarkers).map((m) => [m.t, m.reason]);
	const series = seriesMeta(input.key, raw as unknown as Record<string, unknown>, [...tail, ...fresh], missing);
	series.omitted = at.n - tail.length;
	if (input.id) series.id = input.id;
	if (input.group) series.group = input.group;
	return { stored: appended, series, duplicates: 0 };
}

function columnsUpdate(
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
		const appended = fresh.length > 0 ? appendStreams(raw, appendPointOf(columns), fresh) : { ...raw };
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
		series.omitted = columns.offset + n + fresh.length - samples.length;
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
