/**
 * Time-of-day profile of a hashtag's view rate, so that the evening peak is not a "spike" and the
 * night not a "drop" (method and references: docs/analyzer.md, "Time of day"). The factor of an
 * hour is the median of the rates whose interval midpoint fell in that hour over the last
 * SEASON_DAYS days, divided by the median of those hourly medians; a rate divided by the factor of
 * its hour is comparable with any other hour's. Midpoints, because a fetch a few minutes off the
 * hour still measured mostly that hour.
 */
import type { Steps } from './rates';
import { median } from './stats';

const HOUR = 3600;

/** Days of same-hour rates the profile is built from (history.ts keeps 7 days and 2 hours). */
export const SEASON_DAYS = 7;

/** Same-hour rates an hour needs before its factor is trusted; fewer → the rolling baseline. */
const MIN_SAME_HOUR_RATES = 3;

/** A rate over 2 hours or more averages the hours it spans and would flatten a narrow peak. */
const PROFILE_MAX_INTERVAL = 1.5 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Seconds east of UTC per timezone and UTC hour (a run asks about the same few hours for every hashtag). */
const offsets = new Map<string, Map<number, number>>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
	let f = formatters.get(timezone);
	if (!f) {
		const numeric = 'numeric' as const;
		f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: numeric, month: numeric, day: numeric, hour: numeric, minute: numeric });
		formatters.set(timezone, f);
	}
	return f;
}

/** Whether `timezone` is '' / 'UTC' or an IANA name this runtime knows. */
export function isKnownTimezone(timezone: string): boolean {
	try {
		if (timezone !== '') formatterFor(timezone);
		return true;
	} catch {
		return false;
	}
}

function utcOffset(hourIndex: number, timezone: string): number {
	let cache = offsets.get(timezone);
	if (!cache) offsets.set(timezone, (cache = new Map()));
	let offset = cache.get(hourIndex);
	if (offset === undefined) {
		const p: Record<string, number> = {};
		for (const { type, value } of formatterFor(timezone).formatToParts(hourIndex * HOUR * 1000)) p[type] = Number(value);
		offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) / 1000 - hourIndex * HOUR;
		if (cache.size > 20_000) cache.clear();
		cache.set(hourIndex, offset);
	}
	return offset;
}

/** Hour of day (0–23) of Unix time `t` in `timezone` ('' = UTC). */
export function hourOfDay(t: number, timezone: string): number {
	const local = timezone === '' || timezone === 'UTC' ? t : t + utcOffset(Math.floor(t / HOUR), timezone);
	return ((Math.floor(local / HOUR) % 24) + 24) % 24;
}

/** Factors per hour of day (null: too few same-hour rates, or a zero median). */
export type HourFactors = Array<number | null>;

/** Rates per hour of day (hour h: byHour[h * room …]), reused by every call: it runs for every hashtag of every run. */
let room = 32;
let byHour = new Float64Array(24 * room);
const counts = new Int32Array(24);

/**
 * The daily profile from the rate walk's steps at indices[from..to) (the caller passes only known rates before
 * the current one, within SEASON_DAYS). Null when no hour has enough rates or the level is 0.
 */
export function hourFactors(rates: Steps, indices: readonly number[], from: number, to: number, timezone: string): HourFactors | null {
	if (to - from > room) {
		room = to - from;
		byHour = new Float64Array(24 * room);
	}
	counts.fill(0);
	for (let j = from; j < to; j++) {
		const k = indices[j];
		if (rates.t[k] - rates.baseT[k] > PROFILE_MAX_INTERVAL) continue;
		const h = hourOfDay((rates.baseT[k] + rates.t[k]) / 2, timezone);
		byHour[h * room + counts[h]++] = rates.rate[k];
	}
	const medians = Array.from(counts, (n, h) => (n >= MIN_SAME_HOUR_RATES ? median(byHour, h * room, h * room + n) : null));
	const known = medians.filter((m): m is number => m !== null);
	const level = known.length > 0 ? median(known) : 0;
	return level > 0 ? medians.map((m) => (m !== null && m > 0 ? m / level : null)) : null;
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
