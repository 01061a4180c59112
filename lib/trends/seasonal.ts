/**
 * Time-of-day profile of a hashtag's view rate, for anomaly detection that knows the daily cycle.
 *
 * TikTok activity peaks in a region's evening at two to three times the night's rate, so a rate
 * judged against the last day's rates alone reads every evening as a "spike" and every night as a
 * "drop". The approach follows Twitter's AnomalyDetection (S-H-ESD; Hochenbaum, Vallis & Kejariwal
 * 2017, arXiv:1704.07706, github.com/twitter/AnomalyDetection): take the seasonal component out
 * (they use STL; here one median per hour of day, which needs no regular spacing), take a robust
 * level out (their "piecewise median" over two-week windows), and test the remainder with
 * median/MAD rather than mean/σ so that the anomalies do not hide in the baseline. The factor of an
 * hour is the median of the rates whose interval midpoint fell in that hour over the last
 * `SEASON_DAYS` days, divided by the median of those hourly medians; a rate divided by the factor of
 * its hour is comparable with any other hour's. The caller compares the latest deseasonalised rate
 * with the previous ones (the level of the last day), in the spirit of Twitter's BreakoutDetection
 * (E-Divisive with Medians; James, Kejariwal & Matteson 2014), which compares medians rather than
 * means so that one burst does not move the level. Kleinberg's burst detection ("Bursty and
 * Hierarchical Structure in Streams", KDD 2002) calls a burst a jump of the arrival rate into a
 * higher state than the expected one: the same observed-vs-expected question, with the expected
 * rate here depending on the time of day.
 *
 * Rates are bucketed by the midpoint of their interval, so a fetch that lands a few minutes before
 * or after the hour (n8n's schedule jitter, retries) still counts for the hour it mostly measured.
 * A rate over several hours (after an outage) is compared with the mean factor of the hours it spans.
 */

import { median } from './stats';

const HOUR = 3600;

/** Days of same-hour rates the profile is built from (the store keeps 7 days and 2 hours, history.ts). */
export const SEASON_DAYS = 7;

/** Same-hour rates an hour needs before its factor is trusted; fewer → the rolling baseline. */
export const MIN_SAME_HOUR_RATES = 3;

/**
 * Longest interval whose rate goes into the profile (attributed to the hour of its midpoint): a rate
 * over two hours or more averages the hours it spans and would flatten a narrow evening peak.
 */
const PROFILE_MAX_INTERVAL = 1.5 * HOUR;

/** Rates over the intervals [baseT[k], t[k]] (Unix seconds): the columns of a rate walk (rates.ts). */
export interface RateColumns {
	baseT: ArrayLike<number>;
	t: ArrayLike<number>;
	rate: ArrayLike<number>;
}

/** Seconds east of UTC of `timezone` at Unix time `t`, cached per UTC hour. */
const offsetCache = new Map<string, Map<number, number>>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
	let f = formatters.get(timezone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(timezone, f);
	}
	return f;
}

/** Whether `timezone` is '' / 'UTC' or an IANA name this runtime knows. */
export function isKnownTimezone(timezone: string): boolean {
	if (timezone === '' || timezone === 'UTC') return true;
	try {
		formatterFor(timezone);
		return true;
	} catch {
		return false;
	}
}

function utcOffset(t: number, timezone: string): number {
	if (timezone === '' || timezone === 'UTC') return 0;
	const hourIndex = Math.floor(t / HOUR);
	let cache = offsetCache.get(timezone);
	if (!cache) {
		cache = new Map();
		offsetCache.set(timezone, cache);
	}
	const hit = cache.get(hourIndex);
	if (hit !== undefined) return hit;
	const parts: Record<string, number> = {};
	for (const p of formatterFor(timezone).formatToParts(new Date(hourIndex * HOUR * 1000))) {
		if (p.type !== 'literal') parts[p.type] = Number(p.value);
	}
	const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) / 1000;
	const offset = local - hourIndex * HOUR;
	if (cache.size > 20000) cache.clear();
	cache.set(hourIndex, offset);
	return offset;
}

/** Hour of day (0–23) of Unix time `t` in `timezone` ('' = UTC). */
export function hourOfDay(t: number, timezone: string): number {
	const local = t + utcOffset(t, timezone);
	return ((Math.floor(local / HOUR) % 24) + 24) % 24;
}

/** Factors per hour of day (null: too few same-hour rates, or a zero median). */
export type HourFactors = Array<number | null>;

/**
 * The daily profile from the rates at indices[from..to) (the caller passes only known rates before
 * the current one and within SEASON_DAYS). Null when no hour has enough rates or the overall level is 0.
 */
export function hourFactors(rates: RateColumns, indices: readonly number[], from: number, to: number, timezone: string): HourFactors | null {
	const byHour = groupByHour(rates, indices, from, to, timezone);
	const medians: Array<number | null> = [];
	for (let h = 0; h < 24; h++) {
		const from = hourStart[h];
		const to = hourStart[h + 1];
		medians.push(to - from >= MIN_SAME_HOUR_RATES ? median(byHour, from, to) : null);
	}
	const known = medians.filter((m): m is number => m !== null);
	if (known.length === 0) return null;
	const level = median(known);
	if (!(level > 0)) return null;
	return medians.map((m) => (m !== null && m > 0 ? m / level : null));
}

/** Buffers of groupByHour, reused by every call (it runs for every hashtag of every run). */
const hourStart = new Int32Array(25);
const nextSlot = new Int32Array(24);
let rateHour = new Int8Array(256);
let grouped = new Float64Array(256);

/**
 * The profile's rates grouped by the hour of day of their interval midpoint (a counting sort):
 * the rates of hour h are the returned buffer's [hourStart[h], hourStart[h + 1]).
 */
function groupByHour(rates: RateColumns, indices: readonly number[], from: number, to: number, timezone: string): Float64Array {
	if (grouped.length < to) {
		rateHour = new Int8Array(2 * to);
		grouped = new Float64Array(2 * to);
	}
	hourStart.fill(0);
	for (let j = from; j < to; j++) {
		const k = indices[j];
		// -1: an interval too long for the profile.
		rateHour[j] = rates.t[k] - rates.baseT[k] > PROFILE_MAX_INTERVAL ? -1 : hourOfDay((rates.baseT[k] + rates.t[k]) / 2, timezone);
		if (rateHour[j] >= 0) hourStart[rateHour[j] + 1]++;
	}
	for (let h = 0; h < 24; h++) hourStart[h + 1] += hourStart[h];
	for (let h = 0; h < 24; h++) nextSlot[h] = hourStart[h];
	for (let j = from; j < to; j++) {
		if (rateHour[j] >= 0) grouped[nextSlot[rateHour[j]]++] = rates.rate[indices[j]];
	}
	return grouped;
}

/** Mean factor of the hours an interval spans (one per hour-long slice); null if any is unknown. */
export function intervalFactor(factors: HourFactors, from: number, to: number, timezone: string): number | null {
	const slices = Math.max(1, Math.round((to - from) / HOUR));
	const width = (to - from) / slices;
	let sum = 0;
	for (let j = 0; j < slices; j++) {
		const f = factors[hourOfDay(from + (j + 0.5) * width, timezone)];
		if (f === null) return null;
		sum += f;
	}
	return sum / slices;
}
