/**
 * Format-neutral presentation helpers: humanised numbers, trend arrows, dates, flag wording.
 * Every function returns plain (unescaped) text that contains no characters from untrusted input,
 * except `hashtagLabel`, whose result each renderer escapes. Missing values (null, NaN, ±Infinity)
 * are always rendered as MISSING ("—"), never as 0.
 */
import { sanitizeText, TEXT_LIMITS } from './escape';
import type { ReportSeriesPoint } from './types';

/** How a missing value is shown in tables. */
export const MISSING = '—';

/** |growth %/h| below this counts as flat (▶). */
export const FLAT_GROWTH_PCT_PER_HOUR = 0.05;

export const ARROW_UP = '▲';
export const ARROW_DOWN = '▼';
export const ARROW_FLAT = '▶';

export function isNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** Unit suffixes, smallest first. */
const UNITS: Array<[number, string]> = [
	[1e3, 'K'],
	[1e6, 'M'],
	[1e9, 'B'],
	[1e12, 'T'],
];

/** Value as displayed: one decimal below 100, none from 100 up (".0" trimmed). */
function shown(value: number): string {
	return value < 100 ? trimZero(value.toFixed(1)) : value.toFixed(0);
}

function trimZero(text: string): string {
	return text.replace(/\.0$/, '');
}

/** 1234567 → "1.2M", 12345 → "12.3K", 950 → "950", 2.5 → "2.5", 999950 → "1M"; missing → "—". */
export function humanNumber(value: number | null | undefined): string {
	if (!isNumber(value)) return MISSING;
	const abs = Math.abs(value);
	const sign = value < 0 ? '-' : '';
	let text = Number.isInteger(abs) && abs < 1000 ? String(abs) : shown(abs);
	// Move up a unit while the rounded value would read 1000 or more ("1000K" → "1M").
	for (const [size, suffix] of UNITS) {
		if (Number(text.replace(/[A-Z]$/, '')) < 1000) break;
		text = shown(abs / size) + suffix;
	}
	return text === '0' ? '0' : sign + text;
}

/** Like humanNumber with an explicit sign: "+12.3K", "-400", "0". */
export function signedHumanNumber(value: number | null | undefined): string {
	if (!isNumber(value)) return MISSING;
	const text = humanNumber(value);
	return value > 0 ? '+' + text : text;
}

/** 15.26 → "+15.3 %" (unit appended after a space: " %", " %/h"); missing → "—". */
export function formatPct(value: number | null | undefined, unit = '%', signed = true): string {
	if (!isNumber(value)) return MISSING;
	const abs = Math.abs(value);
	let body: string;
	if (abs >= 1000) body = humanNumber(abs);
	else if (abs >= 100) body = abs.toFixed(0);
	else body = abs.toFixed(1);
	const sign = value < 0 && body !== '0.0' && body !== '0' ? '-' : signed && value > 0 && body !== '0.0' ? '+' : '';
	return `${sign}${body} ${unit}`;
}

/** Trend arrow from growth in %/h: ▲ up, ▼ down, ▶ flat, "—" unknown. */
export function trendArrow(growthPctPerHour: number | null | undefined): string {
	if (!isNumber(growthPctPerHour)) return MISSING;
	if (growthPctPerHour >= FLAT_GROWTH_PCT_PER_HOUR) return ARROW_UP;
	if (growthPctPerHour <= -FLAT_GROWTH_PCT_PER_HOUR) return ARROW_DOWN;
	return ARROW_FLAT;
}

/** "▲ +15.3 %/h", "▼ -2.0 %/h", "▶ 0.0 %/h"; just "—" when growth is unknown. */
export function trendCell(growthPctPerHour: number | null | undefined): string {
	if (!isNumber(growthPctPerHour)) return MISSING;
	return `${trendArrow(growthPctPerHour)} ${formatPct(growthPctPerHour, '%/h')}`;
}

/** Video age: 0.5 → "30 min", 5 → "5 h", 50 → "2.1 d"; missing → "—". */
export function formatAge(hours: number | null | undefined): string {
	if (!isNumber(hours) || hours < 0) return MISSING;
	if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
	if (hours < 48) return `${trimZero(hours.toFixed(hours < 10 ? 1 : 0))} h`;
	return `${trimZero((hours / 24).toFixed(1))} d`;
}

/** Views per hour: "3.4K/h"; missing → "—". */
export function formatRate(value: number | null | undefined): string {
	return isNumber(value) ? `${humanNumber(value)}/h` : MISSING;
}

function validTimeZone(timeZone: string | undefined): string {
	if (!timeZone) return 'UTC';
	try {
		new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
		return timeZone;
	} catch {
		return 'UTC';
	}
}

/**
 * "2026-11-22 04:24 UTC" in the given IANA zone (UTC when absent/invalid). An unparsable date is
 * returned sanitised (callers escape it) so a bad timestamp is visible rather than hidden.
 */
export function formatDateTime(iso: string, timeZone?: string): string {
	const date = new Date(iso);
	if (!iso || Number.isNaN(date.getTime())) return sanitizeText(iso, 40) || MISSING;
	const zone = validTimeZone(timeZone);
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone: zone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(date);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${zone}`;
}

/** Short axis label "11-22 04:00" (UTC or zone). */
export function formatShortDateTime(time: number, timeZone?: string): string {
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone: validTimeZone(timeZone),
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(new Date(time));
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Flag → sentence fragment shown to the reader. */
export const FLAG_DESCRIPTIONS: Record<string, string> = {
	breakout: 'breakout: growing far faster than its usual range',
	spike: 'spike: a sudden jump in views per hour',
	drop: 'drop: views per hour fell sharply',
	new: 'new: first time on the watchlist',
	missing: 'missing: the latest sample could not be fetched',
	suspicious: 'suspicious: counts went down or jumped implausibly (data may be wrong)',
	insufficient_history: 'not enough history yet for anomaly detection',
};

/** Flags that make a row alert-worthy, in display order. */
export const ALERT_FLAGS = ['breakout', 'spike', 'drop'] as const;

/** Flag in words (unknown flags are sanitised and shown as-is; callers escape). */
export function describeFlag(flag: string): string {
	// Own properties only: a flag named "constructor" or "__proto__" must not reach Object.prototype.
	return Object.prototype.hasOwnProperty.call(FLAG_DESCRIPTIONS, flag)
		? FLAG_DESCRIPTIONS[flag]
		: sanitizeText(flag, TEXT_LIMITS.flag);
}

/** Short flag name for table cells ("insufficient_history" → "insufficient history"). */
export function flagLabel(flag: string): string {
	return sanitizeText(flag, TEXT_LIMITS.flag).replace(/_/g, ' ');
}

/** Hashtag as shown: "#name" (a leading '#' in the input is not doubled), sanitised and bounded. */
export function hashtagLabel(hashtag: string): string {
	const name = sanitizeText(hashtag, TEXT_LIMITS.hashtag).replace(/^#+/, '');
	return '#' + (name || '?');
}

/**
 * Velocity (views gained per hour) between consecutive samples, one value per interval; null when
 * either sample is missing or the timestamps are unusable. This is what sparklines show: cumulative
 * views are almost always a rising ramp, the velocity shows the actual trend.
 */
export function velocitySeries(series: ReportSeriesPoint[] | undefined): Array<number | null> {
	if (!Array.isArray(series) || series.length < 2) return [];
	const out: Array<number | null> = [];
	for (let i = 1; i < series.length; i++) {
		const a = series[i - 1];
		const b = series[i];
		const hours = (Date.parse(b?.t) - Date.parse(a?.t)) / 3_600_000;
		if (!isNumber(a?.views) || !isNumber(b?.views) || !isNumber(hours) || hours <= 0) out.push(null);
		else out.push((b.views - a.views) / hours);
	}
	return out;
}
