/**
 * Per-hashtag metrics over a short, irregular, cumulative series (see
 * /work/shared/reference/trend-methods.md): per-hour velocity normalised by the real elapsed time
 * (rates.ts), acceleration, week over week, the >10 %/h breakout rule, and an anomaly verdict of the
 * latest rate against a baseline that excludes it (seasonal.ts). computeMetrics runs these steps in
 * order; each step reads what the earlier ones wrote into the result.
 */
import { explain } from './explain';
import { decreaseTolerance, roundingStep, Steps, walkRates } from './rates';
import type { Step } from './rates';
import { hourFactors, intervalFactor, SEASON_DAYS } from './seasonal';
import { mean, robustZScore, standardDeviation } from './stats';
import type { AnomalyVerdict, Sample, Series, TrendOptions, TrendResult } from './types';

export { formatCount } from './explain';

const HOUR = 3600;
const DAY = 86400;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayPrefix = new Map<number, string>();
/** "HH:MM:SS.000Z" per second of the day, built on first use: a run formats ~30 times per hashtag. */
const clockTimes = new Array<string | undefined>(DAY);

/** ISO 8601 of whole Unix seconds; same output as Date#toISOString, much cheaper in bulk. */
export function isoSeconds(t: number): string {
	const day = Math.floor(t / DAY);
	let prefix = dayPrefix.get(day);
	if (prefix === undefined) {
		prefix = new Date(day * DAY * 1000).toISOString().slice(0, 11);
		if (dayPrefix.size > 4096) dayPrefix.clear();
		dayPrefix.set(day, prefix);
	}
	const s = t - day * DAY;
	let clock = clockTimes[s];
	if (clock === undefined) {
		clock = `${TWO_DIGITS[Math.floor(s / HOUR)]}:${TWO_DIGITS[Math.floor((s % HOUR) / 60)]}:${TWO_DIGITS[s % 60]}.000Z`;
		clockTimes[s] = clock;
	}
	return prefix + clock;
}

function iso(t: number | null): string | null {
	if (t === null) return null;
	return Number.isInteger(t) && t >= 0 && t < 253402300800 ? isoSeconds(t) : new Date(t * 1000).toISOString();
}

function round(x: number | null, digits = 4): number | null {
	if (x === null || !Number.isFinite(x)) return null;
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

/** Index of the sample nearest to `target` within ±tolerance, searching samples[0..end). */
function nearestIndex(samples: readonly Sample[], end: number, target: number, tolerance: number): number {
	let lo = 0;
	let hi = end;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (samples[mid].t < target) lo = mid + 1;
		else hi = mid;
	}
	let best = -1;
	let bestDistance = Infinity;
	for (const k of [lo - 1, lo]) {
		if (k < 0 || k >= end) continue;
		const d = Math.abs(samples[k].t - target);
		if (d <= tolerance && d < bestDistance) {
			best = k;
			bestDistance = d;
		}
	}
	return best;
}

function medianInterval(samples: readonly Sample[], end: number): number {
	const gaps: number[] = [];
	for (let k = Math.max(1, end - 10); k <= end; k++) gaps.push(samples[k].t - samples[k - 1].t);
	if (gaps.length === 0) return HOUR;
	gaps.sort((a, b) => a - b);
	return gaps[gaps.length >> 1];
}

function rollingWindow(options: TrendOptions): number {
	return Math.max(options.baselineWindow, options.sparklinePoints, 12) + 2 + 2 * options.rebaseAfter;
}

/** Samples before the current one that the rate walk may look at. */
function metricsWindow(options: TrendOptions): number {
	const rolling = rollingWindow(options);
	// The hour-of-day profile reads the hourly samples of the last SEASON_DAYS days.
	return options.seasonalBaseline ? Math.max(rolling, SEASON_DAYS * 24 + 2) : rolling;
}

export interface CurrentObservation {
	status: 'ok' | 'missing';
	/** Unix seconds of this run's fetch (or attempt). */
	t: number;
	error?: string | null;
}

/** One hashtag's result; `rank` is set by the caller once every hashtag is computed. */
export type Metrics = TrendResult;

/** Where this run sits in the series: the current sample (if the fetch worked) and the one before. */
interface Position {
	/** Samples with t ≤ current.t. */
	end: number;
	curIndex: number;
	cur: Sample | null;
	prev: Sample | null;
}

function locate(samples: readonly Sample[], current: CurrentObservation): Position {
	let end = samples.length;
	while (end > 0 && samples[end - 1].t > current.t) end--;
	const ok = current.status === 'ok' && end > 0 && samples[end - 1].t === current.t;
	const curIndex = ok ? end - 1 : -1;
	const prevIndex = ok ? end - 2 : end - 1;
	return { end, curIndex, cur: ok ? samples[curIndex] : null, prev: prevIndex >= 0 ? samples[prevIndex] : null };
}

function emptyResult(series: Series, current: CurrentObservation, at: Position, options: TrendOptions): Metrics {
	const { cur, prev } = at;
	return {
		hashtag: series.name,
		hashtagId: series.id,
		group: series.group,
		status: cur ? 'ok' : 'missing',
		error: cur ? null : (current.error ?? 'fetch failed'),
		fetchedAt: iso(current.t),
		views: cur ? cur.views : null,
		videos: cur ? cur.videos : null,
		previousViews: prev ? prev.views : null,
		previousVideos: prev ? prev.videos : null,
		previousFetchedAt: prev ? iso(prev.t) : null,
		hoursSincePrevious: prev ? round((current.t - prev.t) / HOUR) : null,
		viewsDelta: null,
		viewsDeltaPct: null,
		videosDelta: null,
		videosDeltaPct: null,
		viewsPerHour: null,
		videosPerHour: null,
		growthPctPerHour: null,
		videosGrowthPctPerHour: null,
		shortInterval: false,
		rateFromFetchedAt: null,
		breakoutReason: null,
		acceleration: null,
		weekAgoFetchedAt: null,
		weekOverWeekViews: null,
		weekOverWeekViewsPct: null,
		weekOverWeekVideos: null,
		weekOverWeekVideosPct: null,
		anomaly: 'not_applicable',
		anomalyBaseline: null,
		anomalyZScore: null,
		anomalyRobustZ: null,
		baselineMean: null,
		baselineMedian: null,
		baselineSize: 0,
		flags: [],
		isBreakout: false,
		isSpike: false,
		isDrop: false,
		isNew: false,
		isMissing: !cur,
		isSuspicious: false,
		insufficientHistory: false,
		isAlert: false,
		explanation: '',
		sparkline: [],
		series: [],
		historySamples: at.end,
		rank: 0,
		rankBy: options.rankBy,
	};
}

/** Sparkline (recent per-hour rates, gaps skipped) and chart series (recent samples, failed fetches as null). */
function applyChart(result: Metrics, series: Series, viewSteps: Steps, at: Position, current: CurrentObservation, options: TrendOptions): void {
	const rates: number[] = [];
	for (let k = viewSteps.length - 1; k >= 0 && rates.length < options.sparklinePoints; k--) {
		const rate = viewSteps.rate[k];
		if (!Number.isNaN(rate)) rates.push(round(rate, 2) as number);
	}
	result.sparkline = rates.reverse();
	const recent = series.samples.slice(Math.max(0, at.end - options.sparklinePoints), at.end);
	const since = recent.length > 0 ? recent[0].t : -Infinity;
	const gaps = series.missing.filter((m) => m.t >= since && m.t <= current.t).map((m) => ({ t: m.t, views: null }));
	if (!at.cur && !series.missing.some((m) => m.t === current.t)) gaps.push({ t: current.t, views: null });
	// Usually no gaps: the recent samples are the chart as they are.
	const points: Array<{ t: number; views: number | null }> = gaps.length > 0 ? [...recent, ...gaps].sort((a, b) => a.t - b.t) : recent;
	const shown = points.length > options.sparklinePoints ? points.slice(-options.sparklinePoints) : points;
	result.series = shown.map((p) => ({ t: iso(p.t) as string, views: p.views }));
}

function pct(delta: number, base: number): number | null {
	return base > 0 ? round((delta / base) * 100) : null;
}

/** Changes since the previous sample, as stored (before any rounding or suspicion rule). */
function applyDeltas(result: Metrics, cur: Sample, prev: Sample | null): void {
	if (!prev) {
		result.isNew = true;
		result.flags.push('new');
		return;
	}
	result.viewsDelta = cur.views - prev.views;
	result.viewsDeltaPct = pct(cur.views - prev.views, prev.views);
	if (cur.videos !== null && prev.videos !== null) {
		result.videosDelta = cur.videos - prev.videos;
		result.videosDeltaPct = pct(cur.videos - prev.videos, prev.videos);
	}
}

/** Per-hour rates of this run's step, the suspicious flag, and the minimum-interval note. */
function applyRates(result: Metrics, vStep: Step, cStep: Step): void {
	if (['suspicious', 'rebased'].includes(vStep.kind) || ['suspicious', 'rebased'].includes(cStep.kind)) {
		result.isSuspicious = true;
		result.flags.push('suspicious');
	}
	result.shortInterval = vStep.short;
	if (vStep.rate !== null) {
		result.viewsPerHour = round(vStep.rate, 2);
		result.growthPctPerHour = vStep.baseValue > 0 ? round((vStep.rate / vStep.baseValue) * 100) : null;
		result.rateFromFetchedAt = iso(vStep.baseT);
	}
	if (cStep.rate !== null) {
		result.videosPerHour = round(cStep.rate, 4);
		result.videosGrowthPctPerHour = cStep.baseValue > 0 ? round((cStep.rate / cStep.baseValue) * 100) : null;
	}
}

/** Change between the last two rates over the distance of their interval midpoints. */
function applyAcceleration(result: Metrics, viewSteps: Steps, last: Step): void {
	if (last.rate === null) return;
	const { kind, rate, t, baseT } = viewSteps;
	for (let k = viewSteps.length - 2; k >= 0; k--) {
		if (kind[k] === 'rebased' || kind[k] === 'first') return;
		if (Number.isNaN(rate[k])) continue;
		const midDistanceHours = ((last.t + last.baseT) / 2 - (t[k] + baseT[k]) / 2) / HOUR;
		if (midDistanceHours > 0) result.acceleration = round((last.rate - rate[k]) / midDistanceHours, 4);
		return;
	}
}

/**
 * Week over week: the stored sample nearest to t − 7 d, only within a tolerance — automatically ±12 h
 * for hourly data and ±6 h for daily or weekly data, so a weekly report (Mondays 09:00) pairs this
 * Monday with last Monday, and a manual run on a Wednesday finds nothing instead of standing in for
 * Monday (or being paired with a Monday five days off).
 */
function applyWeekOverWeek(result: Metrics, samples: readonly Sample[], curIndex: number, cur: Sample, options: TrendOptions): void {
	const tolerance =
		options.weekOverWeekToleranceHours > 0
			? options.weekOverWeekToleranceHours * HOUR
			: (medianInterval(samples, curIndex) < 20 * HOUR ? 12 : 6) * HOUR;
	const weekIndex = curIndex > 0 ? nearestIndex(samples, curIndex, cur.t - 7 * DAY, tolerance) : -1;
	if (weekIndex < 0) return;
	const w = samples[weekIndex];
	result.weekAgoFetchedAt = iso(w.t);
	result.weekOverWeekViews = cur.views - w.views;
	result.weekOverWeekViewsPct = pct(cur.views - w.views, w.views);
	if (cur.videos !== null && w.videos !== null) {
		result.weekOverWeekVideos = cur.videos - w.videos;
		result.weekOverWeekVideosPct = pct(cur.videos - w.videos, w.videos);
	}
}

/** A failed fetch whose reason says the hashtag did not exist (yet), as the Scavio node words a 404. */
const NOT_FOUND = /\b404\b|not found|found nothing|does not exist|doesn't exist/i;

function setBreakout(result: Metrics, reason: string): void {
	result.isBreakout = true;
	result.breakoutReason = reason;
	result.flags.push('breakout');
}

/**
 * The user's rule, unchanged: views grow faster than the threshold in %/h, with at least the
 * minimum absolute gain. A gain no larger than the rounding step the counts show (capped at 1 % of
 * the base) can be rounding alone — e.g. 1,200,000 → 1,300,000 — and never makes a breakout. A
 * hashtag that rises from 0 (or appears after runs that found nothing) has no growth % at all: it
 * is a "new" breakout instead of a silent null. A suspicious result never breaks out.
 */
function applyBreakout(result: Metrics, series: Series, vStep: Step, cur: Sample, options: TrendOptions): void {
	if (result.isSuspicious) return;
	if (result.isNew) {
		const before = series.missing.filter((m) => m.t < cur.t);
		const last = before[before.length - 1];
		if (last && NOT_FOUND.test(last.reason) && cur.views > 0 && cur.views >= options.minAbsoluteGain) {
			setBreakout(result, `new: appeared with ${formatCountShort(cur.views)} views after the run of ${iso(last.t)} found nothing`);
		}
		return;
	}
	if (vStep.rate === null) return;
	const gain = vStep.rate * ((cur.t - vStep.baseT) / HOUR);
	if (gain < options.minAbsoluteGain || gain <= 0) return;
	if (vStep.baseValue === 0) {
		setBreakout(result, `new: rose from 0 to ${formatCountShort(cur.views)} views`);
		return;
	}
	const roundingNoise = decreaseTolerance(vStep.baseValue, cur.views, 0);
	if (result.growthPctPerHour !== null && result.growthPctPerHour > options.breakoutThresholdPctPerHour && gain > roundingNoise) {
		setBreakout(result, `growth above ${options.breakoutThresholdPctPerHour} %/h`);
	}
}

function formatCountShort(x: number): string {
	return x >= 1000 ? x.toLocaleString('en-US') : String(x);
}

/** Indexes of the previous rates (the current one excluded), oldest first, back to the last rebase. */
function previousRates(viewSteps: Steps): number[] {
	const last = viewSteps.length - 1;
	let first = last;
	while (first > 0 && viewSteps.kind[first - 1] !== 'rebased') first--;
	// A 'flat' step (a dip within rounding) measured nothing: 0 is not a rate the hashtag had.
	const isRate = (k: number) => !Number.isNaN(viewSteps.rate[k]) && viewSteps.kind[k] !== 'flat';
	let n = 0;
	for (let k = first; k < last; k++) if (isRate(k)) n++;
	// Sized up front: a growing array would be copied several times, for every hashtag of every run.
	const indexes = new Array<number>(n);
	n = 0;
	for (let k = first; k < last; k++) if (isRate(k)) indexes[n++] = k;
	return indexes;
}

interface Baseline {
	kind: 'sameHourOfDay' | 'rolling';
	/** The current rate and the baseline rates, on the same (deseasonalised or raw) scale. */
	current: number;
	values: number[];
	/** Views/h per baseline unit at the current hour (1 for the rolling baseline). */
	factor: number;
}

/**
 * The seasonal baseline (see seasonal.ts), or null while the hour-of-day profile is not known. The
 * profile is built from rates older than the baseline's own: a factor estimated from the very rates
 * it then divides would absorb part of their noise, make the baseline look tighter than a new rate
 * can be, and turn ordinary noise into "spikes".
 */
function seasonalBaseline(steps: Steps, previous: number[], current: Step, rate: number, options: TrendOptions): Baseline | null {
	const since = current.t - SEASON_DAYS * DAY;
	const split = Math.max(0, previous.length - options.baselineWindow);
	// The steps run oldest first: the profile's rates (from `since` on) are the end of the older part.
	let from = split;
	while (from > 0 && steps.t[previous[from - 1]] >= since) from--;
	const factors = hourFactors(steps, previous, from, split, options.timezone);
	if (!factors) return null;
	const factor = intervalFactor(factors, current.baseT, current.t, options.timezone);
	if (factor === null) return null;
	const values: number[] = [];
	for (const k of previous.slice(split)) {
		const f = intervalFactor(factors, steps.baseT[k], steps.t[k], options.timezone);
		if (f !== null) values.push(steps.rate[k] / f);
	}
	return { kind: 'sameHourOfDay', current: rate / factor, values, factor };
}

/** Spike/drop of the latest rate against the seasonal baseline, or the rolling one while history is short. */
function applyAnomaly(result: Metrics, viewSteps: Steps, last: Step, cur: Sample, options: TrendOptions): void {
	// Stays 'not_applicable': a lifetime count went down (suspicious, or a dip within rounding: no
	// growth visible, which says nothing about the rate), or the previous sample is too close.
	if (result.isSuspicious || last.kind === 'short' || last.kind === 'flat') return;
	if (last.rate === null) {
		result.anomaly = 'insufficient_history';
		return;
	}
	const previous = previousRates(viewSteps);
	const baseline: Baseline = (options.seasonalBaseline ? seasonalBaseline(viewSteps, previous, last, last.rate, options) : null) ?? {
		kind: 'rolling',
		current: last.rate,
		values: previous.slice(-options.baselineWindow).map((k) => viewSteps.rate[k]),
		factor: 1,
	};
	result.baselineSize = baseline.values.length;
	if (baseline.values.length < options.minHistory) {
		result.anomaly = 'insufficient_history';
		return;
	}
	result.anomalyBaseline = baseline.kind;
	// Counts are integers (often rounded): a rate over Δh is only known to ±step/Δh.
	const resolution = Math.max(1, roundingStep(cur.views), roundingStep(last.baseValue)) / ((cur.t - last.baseT) / HOUR);
	result.anomaly = detect(baseline, options, result, resolution / baseline.factor);
}

function detect(baseline: Baseline, options: TrendOptions, result: Metrics, resolution: number): AnomalyVerdict {
	const { current: rate, values, factor } = baseline;
	const m = mean(values);
	const sd = standardDeviation(values, m);
	const z = sd > 0 ? (rate - m) / sd : null;
	const robust = robustZScore(rate, values);
	result.baselineMean = round(m * factor, 2);
	result.baselineMedian = round(robust.median * factor, 2);
	result.anomalyZScore = round(z, 3);
	result.anomalyRobustZ = round(robust.z, 3);
	const votes: Array<'high' | 'low' | 'normal'> = [];
	const vote = (score: number | null, threshold: number) => {
		if (score === null) return;
		votes.push(score > threshold ? 'high' : score < -threshold ? 'low' : 'normal');
	};
	if (options.anomalyMethod !== 'robust') vote(z, options.anomalyK);
	if (options.anomalyMethod !== 'zScore') vote(robust.z, options.robustThreshold);
	if (votes.length === 0) return 'flat_baseline';
	// A difference smaller than the count resolution is no evidence either way.
	if (Math.abs(rate - m) <= resolution || Math.abs(rate - robust.median) <= resolution) return 'normal';
	const combine = options.anomalyMethod === 'either' ? 'some' : 'every';
	// Expected rate: the baseline median (same scale as `rate`); the change must also be material.
	const expected = robust.median;
	if (votes[combine]((v) => v === 'high') && !votes.includes('low') && rate >= expected * options.anomalyMinRatio) return 'spike';
	if (votes[combine]((v) => v === 'low') && !votes.includes('high') && rate * options.anomalyMinRatio <= expected) return 'drop';
	return 'normal';
}

function applyVerdictFlags(result: Metrics): void {
	if (result.anomaly === 'insufficient_history') {
		result.insufficientHistory = true;
		result.flags.push('insufficient_history');
	} else if (result.anomaly === 'spike') {
		result.isSpike = true;
		result.flags.push('spike');
	} else if (result.anomaly === 'drop') {
		result.isDrop = true;
		result.flags.push('drop');
	}
	// A suspicious result never alerts (it can be neither a breakout nor an anomaly, see above).
	result.isAlert = result.isBreakout || result.isSpike || result.isDrop;
}

/** The rate walks' buffers, reused by every computeMetrics call (synchronous: nothing keeps them). */
const VIEW_STEPS = new Steps();
const VIDEO_STEPS = new Steps();

/**
 * Metrics of one hashtag for this run. `series` already contains this run's valid sample (when
 * `current.status` is 'ok'); samples after `current.t` are ignored.
 */
export function computeMetrics(series: Series, current: CurrentObservation, options: TrendOptions): Metrics {
	const samples = series.samples;
	const at = locate(samples, current);
	const result = emptyResult(series, current, at, options);
	const walkEnd = at.cur ? at.curIndex : at.end - 1;
	// Views: the whole window (the seasonal profile reads 7 days); videos: only the latest step matters.
	const walk = (steps: Steps, window: number, pick: (s: Sample) => number | null) =>
		walkRates(steps, samples, Math.max(0, walkEnd - window), walkEnd, pick, options.decreaseTolerancePct, options.rebaseAfter, options.minIntervalMinutes * 60);
	const viewSteps = walk(VIEW_STEPS, metricsWindow(options), (s) => s.views);
	applyChart(result, series, viewSteps, at, current, options);
	if (!at.cur) {
		result.flags.push('missing');
		result.explanation = explain(result, options);
		return result;
	}
	const cur = at.cur;
	const videoSteps = walk(VIDEO_STEPS, rollingWindow(options), (s) => s.videos);
	const vStep = viewSteps.at(viewSteps.length - 1);
	applyDeltas(result, cur, at.prev);
	applyRates(result, vStep, videoSteps.at(videoSteps.length - 1));
	applyAcceleration(result, viewSteps, vStep);
	applyWeekOverWeek(result, samples, at.curIndex, cur, options);
	applyBreakout(result, series, vStep, cur, options);
	applyAnomaly(result, viewSteps, vStep, cur, options);
	applyVerdictFlags(result);
	result.explanation = explain(result, options);
	return result;
}
