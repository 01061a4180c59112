/**
 * History store for the built-in mode: the state object that lives in workflow static data.
 *
 * Stored shape (schema version 3): `{ schemaVersion: 3, tags: { [key]: StoredSeries }, lastRun? }`
 * where each series keeps a packed block (adaptive Rice codes in Z85 text, newest sample first; see
 * encodeBlock) of the samples as of its last whole-series pass, the samples appended since as
 * second-difference integer streams (see codec.ts) continuing the block, and failed fetches as
 * missing markers `[t, reason]`. Version 2 (streams only, with anchors) decodes as a version-3 record
 * without a block and is migrated on load; version 1 (plain `{ hashtags: { name: { samples:
 * [{t, views, videos}] } } }`, also handy for seeding by hand) too. Anything that does not decode is
 * dropped with a warning — per hashtag when possible, whole state otherwise — so a corrupt or
 * truncated state never throws. The daily tier is stored within a documented bound (roundDailyTier).
 *
 * Loading returns fresh objects and saving builds a brand-new state object: the caller swaps it in
 * only once the whole run has been computed (all-or-nothing writes).
 */
import {
	BitReader,
	BitWriter,
	CodecError,
	decodeInts,
	decodeSecondDifferences,
	decodeUnsigned,
	powerOfTenDividing,
	RiceModel,
} from './codec';
import type { MissingMarker, Sample, Series } from './types';

export const TREND_STATE_VERSION = 3;
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
	/**
	 * Packed block (see encodeBlock): the samples as of the last whole-series pass, as an adaptive
	 * Rice-coded bit stream in Z85 text. The streams t/v/c continue it with samples appended since.
	 */
	p?: string;
	/** Times appended after the block, second differences (continuing the block's sequence). */
	t?: string;
	/** Views ÷ 10^x[0] appended after the block, second differences. */
	v?: string;
	/** Videos ÷ 10^x[1] appended after the block: 0 = unknown, else zig-zag(delta to the last known value) + 1. */
	c?: string;
	/** Powers of ten factored out of views and videos. */
	x?: [number, number];
	/** Missing markers. */
	m?: Array<[number, string]>;
	/** When retention/downsampling last ran over the whole series (Unix seconds, staggered per hashtag). */
	k?: number;
	/**
	 * Only for records without a packed block (schema version 2, or a series that started after
	 * its last whole-series pass). Anchors for appending and for decoding the recent tail from the end without reading the whole
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

/** Number of decimal digits of a non-negative integer. */
const POW10: Float64Array = (() => {
	const t = new Float64Array(23);
	for (let i = 0; i < 23; i++) t[i] = 10 ** i;
	return t;
})();

function decimalDigits(a: number): number {
	let digits = 1;
	while (digits < 22 && a >= POW10[digits]) digits++;
	return digits;
}

/**
 * The exponent an increment is coded at: q is a multiple of 10^e and q ÷ 10^e keeps at most
 * DAILY_SIGNIFICANT_DIGITS digits when q is a rounded daily-tier increment; 0 for exact counts.
 */
function incrementExponent(q: number): number {
	const a = Math.abs(q);
	const e = decimalDigits(a) - DAILY_SIGNIFICANT_DIGITS;
	return e > 0 ? Math.min(e, powerOfTenDividing(a, e)) : 0;
}

/**
 * Exponents of the increments of `xs` (index i: xs[i] − xs[i−1]): a leading run of rounded
 * increments (the daily tier, see roundDailyTier) keeps at most DAILY_SIGNIFICANT_DIGITS digits at
 * 10^e; from the first exact increment on, e = 0. Returns the exponents and the run's end.
 */
function countExponents(xs: ArrayLike<number>): { exps: Float64Array; end: number } {
	const n = xs.length;
	const exps = new Float64Array(n);
	let end = 1;
	let prevE = 0;
	for (; end < n; end++) {
		const q = xs[end] - xs[end - 1];
		const e = q === 0 ? prevE : incrementExponent(q);
		if (q !== 0 && decimalDigits(Math.abs(q)) - e > DAILY_SIGNIFICANT_DIGITS) break;
		exps[end] = e;
		prevE = e;
	}
	return { exps, end: Math.min(end, n) };
}

function writeExponents(w: BitWriter, xs: ArrayLike<number>): Float64Array {
	if (xs.length === 0) return new Float64Array(0);
	const { exps, end } = countExponents(xs);
	w.writeGamma(end - 1);
	const changes = new Float64Array(end);
	for (let i = 1; i < end; i++) changes[i] = exps[i] - exps[i - 1];
	writeSparse(w, changes, 1);
	return exps;
}

/** The exponents of the leading run only (later increments have e = 0). */
function readExponents(r: BitReader, n: number): Float64Array {
	if (n === 0) return new Float64Array(0);
	const end = r.readGamma() + 1;
	if (end > n) throw new CodecError('packed block is corrupt');
	const exps = new Float64Array(end);
	readSparse(r, exps, 1, end);
	for (let i = 1; i < end; i++) {
		exps[i] += exps[i - 1];
		if (!(exps[i] >= 0 && exps[i] <= 15)) throw new CodecError('packed block is corrupt');
	}
	return exps;
}

/** Zero runs between the non-zero values (most second differences of regular run times are 0). */
function writeSparse(w: BitWriter, values: ArrayLike<number>, from: number): void {
	let run = 0;
	for (let i = from; i < values.length; i++) {
		if (values[i] === 0) run++;
		else {
			w.writeGamma(run);
			w.writeSignedGamma(values[i]);
			run = 0;
		}
	}
	if (run > 0) w.writeGamma(run);
}

function readSparse(r: BitReader, out: Float64Array, from: number, end = out.length): void {
	let i = from;
	while (i < end) {
		const run = r.readGamma();
		if (run > end - i) throw new CodecError('packed block is corrupt');
		// `out` is zero-filled: skip the run.
		i += run;
		if (i < end) out[i++] = r.readSignedGamma();
	}
}

const TIME_UNITS = [1, 60, 3600, 86400];

/**
 * Packs sample columns (views and videos already divided by their power-of-ten scales; NaN =
 * unknown videos), newest sample first so that the recent tail decodes without the rest: a header
 * with the times (second differences in a common unit, as zero runs), the exponents of rounded
 * increments and the positions of unknown video counts, then per sample (newest first) the views
 * and video increments as adaptive Rice codes of their second differences (at 10^e).
 */
export function encodeBlock(times: ArrayLike<number>, views: ArrayLike<number>, videos: ArrayLike<number>): string {
	const n = times.length;
	const w = new BitWriter();
	w.writeGamma(n);
	if (n === 0) return w.toZ85();
	let unit = TIME_UNITS.length - 1;
	for (let i = 1; i < n && unit > 0; i++) while (unit > 0 && (times[i] - times[0]) % TIME_UNITS[unit] !== 0) unit--;
	const u = TIME_UNITS[unit];
	w.writeBits(unit, 2);
	w.writeGamma(times[n - 1]);
	// Second differences are the same read backwards; dd[j] belongs to the j-th newest sample.
	const dd = new Float64Array(n);
	for (let j = 1; j < n; j++) {
		const i = n - 1 - j;
		dd[j] = j === 1 ? (times[i + 1] - times[i]) / u : (times[i] - 2 * times[i + 1] + times[i + 2]) / u;
	}
	if (n >= 2) w.writeGamma(dd[1]);
	writeSparse(w, dd, 2);
	const known: number[] = [];
	const unknownAt: number[] = [];
	for (let i = 0; i < n; i++) {
		if (Number.isNaN(videos[i])) unknownAt.push(i);
		else known.push(videos[i]);
	}
	w.writeGamma(unknownAt.length);
	let prev = -1;
	for (const i of unknownAt) {
		w.writeGamma(i - prev - 1);
		prev = i;
	}
	const viewExps = writeExponents(w, views);
	const videoExps = writeExponents(w, known);
	w.writeGamma(views[n - 1]);
	const nk = known.length;
	if (nk > 0) w.writeGamma(known[nk - 1]);
	const mv = new RiceModel();
	const mc = new RiceModel();
	let prevQv = 0;
	let prevQc = 0;
	let k = nk - 1;
	// The newest known video count is the base (written above); older ones are coded going back.
	let seenBase = !Number.isNaN(videos[n - 1]);
	for (let j = 1; j < n; j++) {
		const i = n - 1 - j;
		// Increment of the j-th newest sample going back in time (forward increment i + 1, negated).
		const qv = views[i] - views[i + 1];
		const sv = POW10[viewExps[i + 1]];
		w.writeRice(qv / sv - Math.round(prevQv / sv), mv);
		prevQv = qv;
		if (!Number.isNaN(videos[i]) && !seenBase) seenBase = true;
		else if (!Number.isNaN(videos[i])) {
			k--;
			const qc = known[k] - known[k + 1];
			const sc = POW10[videoExps[k + 1]];
			w.writeRice(qc / sc - Math.round(prevQc / sc), mc);
			prevQc = qc;
		}
	}
	return w.toZ85();
}

export interface BlockColumns {
	/** Samples in the block (all of them, whatever was decoded). */
	count: number;
	/** The newest `times.length` samples, oldest first. */
	times: Float64Array;
	views: Float64Array;
	/** NaN = unknown. */
	videos: Float64Array;
	/** Newest known video count in the block (0 when none). */
	lastKnown: number;
}

/**
 * Unpacks a block written by encodeBlock: all samples, or (with `until`) only the newest ones —
 * at least `min` and back to the first one older than `until`. Throws CodecError on anything
 * inconsistent (a full decode also checks that the block ends exactly where its data does).
 */
export function decodeBlock(text: string, min = Infinity, until = -Infinity): BlockColumns {
	const r = new BitReader(text);
	const n = r.readGamma();
	// Every sample costs at least 2 bits (views and video codes); a Z85 character carries 6.4 bits.
	if (n > text.length * 4 + 4) throw new CodecError('packed block is corrupt');
	if (n === 0) {
		r.finish();
		return { count: 0, times: new Float64Array(0), views: new Float64Array(0), videos: new Float64Array(0), lastKnown: 0 };
	}
	const u = TIME_UNITS[r.readBits(2)];
	// Times, newest first.
	const rt = new Float64Array(n);
	rt[0] = r.readGamma();
	if (n >= 2) {
		// Zero runs of second differences (see writeSparse): the step stays, then changes.
		let delta = r.readGamma() * u;
		rt[1] = rt[0] - delta;
		let j = 2;
		while (j < n) {
			const run = r.readGamma();
			if (run > n - j) throw new CodecError('packed block is corrupt');
			for (let end = j + run; j < end; j++) rt[j] = rt[j - 1] - delta;
			if (j < n) {
				delta -= r.readSignedGamma() * u;
				rt[j] = rt[j - 1] - delta;
				j++;
			}
		}
	}
	const unknown = r.readGamma();
	if (unknown > n) throw new CodecError('packed block is corrupt');
	const isUnknown = new Uint8Array(n);
	let at = -1;
	for (let k = 0; k < unknown; k++) {
		at += r.readGamma() + 1;
		if (at >= n) throw new CodecError('packed block is corrupt');
		isUnknown[at] = 1;
	}
	const nk = n - unknown;
	const viewExps = readExponents(r, n);
	const videoExps = readExponents(r, nk);
	// How many of the newest samples to decode.
	let m = n;
	if (min < n) {
		m = Math.max(2, min);
		while (m < n && rt[m - 1] >= until) m++;
	}
	const times = new Float64Array(m);
	const views = new Float64Array(m);
	const videos = new Float64Array(m);
	for (let j = 0; j < m; j++) times[m - 1 - j] = rt[j];
	let v = r.readGamma();
	let c = nk > 0 ? r.readGamma() : NaN;
	const lastKnown = nk > 0 ? c : 0;
	views[m - 1] = v;
	videos[m - 1] = isUnknown[n - 1] ? NaN : c;
	const mv = new RiceModel();
	const mc = new RiceModel();
	let prevQv = 0;
	let prevQc = 0;
	let k = nk - 1;
	let seenBase = isUnknown[n - 1] === 0;
	for (let j = 1; j < m; j++) {
		const i = n - 1 - j;
		const sv = i + 1 < viewExps.length ? POW10[viewExps[i + 1]] : 1;
		const qv = sv === 1 ? r.readRice(mv) + prevQv : (r.readRice(mv) + Math.round(prevQv / sv)) * sv;
		v += qv;
		prevQv = qv;
		views[m - 1 - j] = v;
		if (isUnknown[i]) videos[m - 1 - j] = NaN;
		else if (!seenBase) {
			seenBase = true;
			videos[m - 1 - j] = c;
		} else {
			k--;
			const sc = k + 1 < videoExps.length ? POW10[videoExps[k + 1]] : 1;
			const qc = sc === 1 ? r.readRice(mc) + prevQc : (r.readRice(mc) + Math.round(prevQc / sc)) * sc;
			c += qc;
			prevQc = qc;
			videos[m - 1 - j] = c;
		}
	}
	if (m === n) r.finish();
	return { count: n, times, views, videos, lastKnown };
}

/** Encodes one series: every sample goes into the packed block. Throws CodecError when a value cannot be stored. */
export function encodeSeries(series: Series): StoredSeries {
	const samples = series.samples;
	const n = samples.length;
	const times = new Float64Array(n);
	const views = new Float64Array(n);
	const videos = new Float64Array(n);
	let vx = 12;
	let cx = 12;
	for (let i = 0; i < n; i++) {
		const s = samples[i];
		if (vx > 0) vx = powerOfTenDividing(s.views, vx);
		if (cx > 0 && s.videos !== null) cx = powerOfTenDividing(s.videos, cx);
	}
	const vScale = 10 ** vx;
	const cScale = 10 ** cx;
	for (let i = 0; i < n; i++) {
		const s = samples[i];
		times[i] = s.t;
		views[i] = s.views / vScale;
		videos[i] = s.videos === null ? NaN : s.videos / cScale;
	}
	const out: StoredSeries = { n: series.name };
	if (n > 0) out.p = encodeBlock(times, views, videos);
	if (vx !== 0 || cx !== 0) out.x = [vx, cx];
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
	/** Older samples not decoded (a tail decode): the columns hold samples offset … offset + length − 1. */
	offset: number;
}

/**
 * Decodes a stream of second differences that continues a sequence of `n0` values ending in
 * `x0`, `x1` (global index 0 is absolute, 1 a first difference, later ones second differences).
 */
function continueSecondDifferences(text: string, n0: number, x0: number, x1: number): Float64Array {
	if (n0 === 0) return decodeSecondDifferences(text);
	const ds = decodeInts(text);
	const out = new Float64Array(ds.length);
	let last = x1;
	let delta = n0 >= 2 ? x1 - x0 : 0;
	for (let k = 0; k < ds.length; k++) {
		delta = n0 + k === 1 ? ds[k] : delta + ds[k];
		last += delta;
		out[k] = last;
	}
	return out;
}

function optionalStream(value: unknown): string {
	if (value === undefined) return '';
	if (typeof value !== 'string') throw new CodecError('sample streams missing');
	return value;
}

/**
 * Decodes and validates the sample streams of one stored series: all samples, or (with `min`)
 * only the newest ones of the packed block — at least `min` and back to the first one older than
 * `until` — plus every sample appended after it. Throws CodecError.
 */
export function decodeColumns(raw: unknown, min = Infinity, until = -Infinity): SeriesColumns {
	if (!isRecord(raw)) throw new CodecError('not an object');
	const { p, x, m } = raw;
	if (p !== undefined && typeof p !== 'string') throw new CodecError('bad packed block');
	// No packed block and no appended streams: a hashtag with no sample yet (only failed fetches so
	// far), as encodeSeries writes it. Some streams without the others: truncated.
	const streams = [raw.t, raw.v, raw.c];
	if (p === undefined && streams.some((s) => s !== undefined) && !streams.every((s) => typeof s === 'string')) {
		throw new CodecError('sample streams missing');
	}
	const t = optionalStream(raw.t);
	const v = optionalStream(raw.v);
	const c = optionalStream(raw.c);
	let vx = 0;
	let cx = 0;
	if (x !== undefined) {
		if (!Array.isArray(x) || x.length !== 2 || !x.every((k) => Number.isInteger(k) && k >= 0 && k <= 12)) {
			throw new CodecError('bad scale');
		}
		vx = x[0] as number;
		cx = x[1] as number;
	}
	const block =
		p !== undefined
			? decodeBlock(p, min, until)
			: { count: 0, times: new Float64Array(0), views: new Float64Array(0), videos: new Float64Array(0), lastKnown: 0 };
	const n0 = block.count;
	const bm = block.times.length;
	const hotTimes = continueSecondDifferences(t, n0, bm >= 2 ? block.times[bm - 2] : 0, bm >= 1 ? block.times[bm - 1] : 0);
	const hotViews = continueSecondDifferences(v, n0, bm >= 2 ? block.views[bm - 2] : 0, bm >= 1 ? block.views[bm - 1] : 0);
	const cScale = 10 ** cx;
	const decodedVideos = decodeVideoStream(c, cScale, block.lastKnown);
	if (hotTimes.length !== hotViews.length || hotTimes.length !== decodedVideos.values.length) {
		throw new CodecError('sample streams have different lengths (truncated)');
	}
	const total = bm + hotTimes.length;
	const times = new Float64Array(total);
	const views = new Float64Array(total);
	const videos = new Float64Array(total);
	times.set(block.times);
	times.set(hotTimes, bm);
	views.set(block.views);
	views.set(hotViews, bm);
	for (let k = 0; k < bm; k++) videos[k] = block.videos[k] * cScale;
	videos.set(decodedVideos.values, bm);
	let prevT = -1;
	let ok = true;
	for (let k = 0; k < total; k++) {
		const tk = times[k];
		ok = ok && tk > prevT && tk <= Number.MAX_SAFE_INTEGER && views[k] >= 0 && !(videos[k] < 0);
		prevT = tk;
	}
	if (!ok) throw new CodecError('times out of order or negative counts');
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
	return { times, views, videos, viewsScale: vx, videosScale: cx, lastKnownVideos: last, missing, offset: n0 - bm };
}

/** Decodes the video stream (0 = unknown, else zig-zag delta + 1) into counts (NaN = unknown). */
function decodeVideoStream(text: string, scale: number, start: number): { values: Float64Array; lastKnown: number } {
	const symbols = decodeUnsigned(text);
	const values = new Float64Array(symbols.length);
	let last = start;
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
	const migrating = version === 2;
	if (version !== TREND_STATE_VERSION && !migrating) {
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
	if (migrating) {
		// Version 2 records are version 3 records without a packed block; they re-encode on save.
		warnings.push(`Migrated stored trend history from schema version 2 to ${TREND_STATE_VERSION} (${series.size} hashtags).`);
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

/** Significant digits kept of each daily-tier increment (see roundDailyTier). */
export const DAILY_SIGNIFICANT_DIGITS = 4;

/**
 * `d` cut to DAILY_SIGNIFICANT_DIGITS significant digits, toward zero: the result r has the same
 * sign, |r| ≤ |d| and |d| − |r| < 10^(digits of |d| − 4) ≤ |d| · 10⁻³.
 */
export function truncateSignificant(d: number, digits = DAILY_SIGNIFICANT_DIGITS): number {
	const a = Math.abs(d);
	const excess = decimalDigits(a) - digits;
	if (excess <= 0) return d;
	const step = POW10[excess];
	const r = Math.floor(a / step) * step;
	return d < 0 ? -r : r;
}

/**
 * Bounded rounding of the daily tier (samples older than `hourlyFrom`, except the newest sample):
 * each stored count is the previous stored count plus the true increment cut to 4 significant
 * digits (toward zero). The error never accumulates (each step starts from the stored value), a
 * stored count lies between the previous stored count and the true one, off by less than 0.1 % of
 * the change since the previous stored sample, growing counts stay non-decreasing, a non-zero
 * count never becomes 0 and an unknown video count stays unknown. Applying it again to its own
 * output changes nothing.
 */
export function roundDailyTier(samples: Sample[], hourlyFrom: number): Sample[] {
	const out = samples.slice();
	let views = out.length > 0 ? out[0].views : 0;
	let videos: number | null = out.length > 0 ? out[0].videos : null;
	for (let i = 1; i < out.length; i++) {
		const s = out[i];
		if (s.t < hourlyFrom && i < out.length - 1) {
			const v = views + truncateSignificant(s.views - views);
			const c = s.videos === null ? null : videos === null ? s.videos : videos + truncateSignificant(s.videos - videos);
			if (v !== s.views || c !== s.videos) out[i] = { t: s.t, views: v, videos: c };
		}
		views = out[i].views;
		if (out[i].videos !== null) videos = out[i].videos;
	}
	return out;
}

/**
 * Bounded retention with downsampling, relative to `now` (Unix seconds): one sample per hour (the
 * last of each hour) for `hourlyRetentionDays`, then one per UTC day (the last of each day) up to
 * `dailyRetentionDays`, nothing older. The newest sample is always kept (exactly). Counts in the
 * daily tier are rounded within a bound (see roundDailyTier). Idempotent.
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
	return { ...series, samples: roundDailyTier(kept, hourlyFrom), missing };
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
