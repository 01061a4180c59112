/**
 * Per-hashtag metrics: per-hour velocity over the real elapsed time (rates.ts), acceleration, week
 * over week, the breakout rule, and a spike/drop verdict of the latest rate against a baseline that
 * excludes it (seasonal.ts). computeMetrics runs these steps in order on one result.
 */
import { explain } from './explain';
import { chartPoints } from './history';
import { decreaseTolerance, roundingStep, Steps, walkRates } from './rates';
import type { Step } from './rates';
import { hourFactors, intervalFactor, SEASON_DAYS } from './seasonal';
import { mean, robustZScore, standardDeviation } from './stats';
import type { AnomalyVerdict, Series, SnapshotInput, TrendFlag, TrendOptions, TrendResult } from './types';

const HOUR = 3600;
const DAY = 86400;

const isoCache = new Map<number, string>();

/** ISO 8601 of Unix seconds (cached: a run formats the same few fetch times thousands of times). */
function iso(t: number): string {
	let s = isoCache.get(t);
	if (s === undefined) {
		if (isoCache.size > 50_000) isoCache.clear();
		s = new Date(t * 1000).toISOString();
		isoCache.set(t, s);
	}
	return s;
}

function round(x: number | null, digits = 4): number | null {
	if (x === null || !Number.isFinite(x)) return null;
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

function pct(delta: number, base: number): number | null {
	return base > 0 ? round((delta / base) * 100) : null;
}

/** This run's fetch (or failed attempt) of the hashtag. */
export type CurrentObservation = Pick<SnapshotInput, 'status' | 't' | 'error'>;

/** Where this run sits in the series: samples up to it (`end`), its index and the one before (-1: none). */
type Position = Record<'end' | 'cur' | 'prev', number>;

function locate(s: Series, current: CurrentObservation): Position {
	let end = s.t.length;
	while (end > 0 && s.t[end - 1] > current.t) end--;
	const ok = current.status === 'ok' && end > 0 && s.t[end - 1] === current.t;
	return { end, cur: ok ? end - 1 : -1, prev: ok ? end - 2 : end - 1 };
}

function emptyResult(s: Series, current: CurrentObservation, at: Position, options: TrendOptions): TrendResult {
	const ok = at.cur >= 0;
	const prev = at.prev;
	return {
		hashtag: s.key,
		hashtagId: s.id,
		group: s.group,
		status: ok ? 'ok' : 'missing',
		error: ok ? null : (current.error ?? 'fetch failed'),
		fetchedAt: iso(current.t),
		views: ok ? s.views[at.cur] : null,
		videos: ok ? s.videos[at.cur] : null,
		previousViews: prev >= 0 ? s.views[prev] : null,
		previousVideos: prev >= 0 ? s.videos[prev] : null,
		previousFetchedAt: prev >= 0 ? iso(s.t[prev]) : null,
		hoursSincePrevious: prev >= 0 ? round((current.t - s.t[prev]) / HOUR) : null,
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
		isMissing: !ok,
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

/** Sparkline (recent per-hour rates, gaps skipped) and chart series (recent samples and failed fetches). */
function applyChart(result: TrendResult, s: Series, steps: Steps, at: Position, current: CurrentObservation, points: number): void {
	for (let k = steps.length - 1; k >= 0 && result.sparkline.length < points; k--) {
		if (!Number.isNaN(steps.rate[k])) result.sparkline.push(round(steps.rate[k], 2) as number);
	}
	result.sparkline.reverse();
	const chart = chartPoints(s, points, at.end, current.t);
	if (at.cur < 0 && !s.missing.some((m) => m.t === current.t)) chart.push({ t: current.t, views: null });
	result.series = chart.slice(-points).map((p) => ({ t: iso(p.t), views: p.views }));
}

/** Changes since the previous sample, as stored (before any rounding or suspicion rule). */
function applyDeltas(result: TrendResult, s: Series, cur: number, prev: number): void {
	if (prev < 0) {
		result.isNew = true;
		result.flags.push('new');
		return;
	}
	[result.viewsDelta, result.viewsDeltaPct, result.videosDelta, result.videosDeltaPct] = change(s, cur, prev);
}

/** Views and videos gained from sample `from` to `to`, each absolute and in % (videos null when unknown). */
function change(s: Series, to: number, from: number): [number, number | null, number | null, number | null] {
	const [c, p] = [s.videos[to], s.videos[from]];
	const known = c !== null && p !== null;
	return [s.views[to] - s.views[from], pct(s.views[to] - s.views[from], s.views[from]), known ? c - p : null, known ? pct(c - p, p) : null];
}

/** Per-hour rates of this run's step, the suspicious flag, and the minimum-interval note. */
function applyRates(result: TrendResult, vStep: Step, cStep: Step): void {
	if ([vStep.kind, cStep.kind].some((k) => k === 'suspicious' || k === 'rebased')) {
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
function applyAcceleration(result: TrendResult, steps: Steps, last: Step): void {
	if (last.rate === null) return;
	for (let k = steps.length - 2; k >= 0; k--) {
		if (steps.kind[k] === 'rebased' || steps.kind[k] === 'first') return;
		if (Number.isNaN(steps.rate[k])) continue;
		const hours = (last.t + last.baseT - steps.t[k] - steps.baseT[k]) / 2 / HOUR;
		if (hours > 0) result.acceleration = round((last.rate - steps.rate[k]) / hours, 4);
		return;
	}
}

/**
 * Week over week: the sample nearest to t − 7 d within a tolerance — ±12 h for hourly data, ±6 h
 * for daily or weekly data (unless set), so a weekly report pairs this Monday with last Monday and a
 * manual run on a Wednesday finds nothing instead of standing in for Monday.
 */
function applyWeekOverWeek(result: TrendResult, s: Series, cur: number, options: TrendOptions): void {
	const gaps: number[] = [];
	for (let k = Math.max(1, cur - 10); k <= cur; k++) gaps.push(s.t[k] - s.t[k - 1]);
	gaps.sort((a, b) => a - b);
	const hourly = gaps.length === 0 || gaps[gaps.length >> 1] < 20 * HOUR;
	const tolerance = (options.weekOverWeekToleranceHours || (hourly ? 12 : 6)) * HOUR;
	const target = s.t[cur] - 7 * DAY;
	let w = -1;
	for (let k = 0; k < cur; k++) {
		const d = Math.abs(s.t[k] - target);
		if (d <= tolerance && (w < 0 || d < Math.abs(s.t[w] - target))) w = k;
	}
	if (w < 0) return;
	result.weekAgoFetchedAt = iso(s.t[w]);
	[result.weekOverWeekViews, result.weekOverWeekViewsPct, result.weekOverWeekVideos, result.weekOverWeekVideosPct] = change(s, cur, w);
}

/** A failed fetch whose reason says the hashtag did not exist (yet), as the Scavio node words a 404. */
const NOT_FOUND = /\b404\b|not found|found nothing|does not exist|doesn't exist/i;

function setBreakout(result: TrendResult, reason: string): void {
	result.isBreakout = true;
	result.breakoutReason = reason;
	result.flags.push('breakout');
}

/**
 * The user's rule: views grow faster than the threshold in %/h, with at least the minimum gain. A
 * gain within the rounding the counts show (e.g. 1,200,000 → 1,300,000) never breaks out. A rise
 * from 0, or a first sighting after runs that found nothing, is a "new" breakout. A suspicious
 * result never breaks out.
 */
function applyBreakout(result: TrendResult, s: Series, vStep: Step, views: number, options: TrendOptions): void {
	if (result.isSuspicious) return;
	if (result.isNew) {
		const last = s.missing.filter((m) => m.t < vStep.t).pop();
		if (last && NOT_FOUND.test(last.reason) && views > 0 && views >= options.minAbsoluteGain) {
			setBreakout(result, `new: appeared with ${views.toLocaleString('en-US')} views after the run of ${iso(last.t)} found nothing`);
		}
		return;
	}
	if (vStep.rate === null) return;
	const gain = vStep.rate * ((vStep.t - vStep.baseT) / HOUR);
	if (gain < options.minAbsoluteGain || gain <= 0) return;
	if (vStep.baseValue === 0) setBreakout(result, `new: rose from 0 to ${views.toLocaleString('en-US')} views`);
	else if (result.growthPctPerHour !== null && result.growthPctPerHour > options.breakoutThresholdPctPerHour && gain > decreaseTolerance(vStep.baseValue, views, 0)) {
		setBreakout(result, `growth above ${options.breakoutThresholdPctPerHour} %/h`);
	}
}

/** Indexes of the previous rates (the current one excluded), oldest first, back to the last rebase. */
function previousRates(steps: Steps): number[] {
	const last = steps.length - 1;
	let first = last;
	while (first > 0 && steps.kind[first - 1] !== 'rebased') first--;
	const indexes: number[] = [];
	// A 'flat' step (a dip within rounding) measured nothing: 0 is not a rate the hashtag had.
	for (let k = first; k < last; k++) if (!Number.isNaN(steps.rate[k]) && steps.kind[k] !== 'flat') indexes.push(k);
	return indexes;
}

/** The current rate and the baseline rates on one (deseasonalised or raw) scale; `factor`: views/h per unit now. */
interface Baseline {
	kind: 'sameHourOfDay' | 'rolling';
	current: number;
	values: number[];
	factor: number;
}

/**
 * The seasonal baseline (seasonal.ts), or null while the hour-of-day profile is not known. The
 * profile is built from rates older than the baseline's own: a factor estimated from the very rates
 * it divides would absorb their noise and turn ordinary noise into "spikes".
 */
function seasonalBaseline(steps: Steps, previous: number[], last: Step, rate: number, options: TrendOptions): Baseline | null {
	const split = Math.max(0, previous.length - options.baselineWindow);
	let from = split;
	while (from > 0 && steps.t[previous[from - 1]] >= last.t - SEASON_DAYS * DAY) from--;
	const factors = hourFactors(steps, previous, from, split, options.timezone);
	const factor = factors && intervalFactor(factors, last.baseT, last.t, options.timezone);
	if (!factors || !factor) return null;
	const values: number[] = [];
	for (const k of previous.slice(split)) {
		const f = intervalFactor(factors, steps.baseT[k], steps.t[k], options.timezone);
		if (f !== null) values.push(steps.rate[k] / f);
	}
	return { kind: 'sameHourOfDay', current: rate / factor, values, factor };
}

/** Spike/drop of the latest rate against the seasonal baseline, or the rolling one while history is short. */
function applyAnomaly(result: TrendResult, steps: Steps, last: Step, views: number, options: TrendOptions): void {
	// Stays 'not_applicable' when a lifetime count went down (suspicious, or a dip within rounding:
	// no visible growth says nothing about the rate) or the previous sample is too close.
	if (result.isSuspicious || last.kind === 'short' || last.kind === 'flat') return;
	const previous = last.rate === null ? [] : previousRates(steps);
	const baseline: Baseline | null =
		last.rate === null
			? null
			: ((options.seasonalBaseline ? seasonalBaseline(steps, previous, last, last.rate, options) : null) ?? {
					kind: 'rolling',
					current: last.rate,
					values: previous.slice(-options.baselineWindow).map((k) => steps.rate[k]),
					factor: 1,
				});
	result.baselineSize = baseline?.values.length ?? 0;
	if (!baseline || baseline.values.length < options.minHistory) {
		result.anomaly = 'insufficient_history';
		return;
	}
	result.anomalyBaseline = baseline.kind;
	// Counts are integers (often rounded): a rate over Δh is only known to ±step/Δh.
	const resolution = Math.max(1, roundingStep(views), roundingStep(last.baseValue)) / ((last.t - last.baseT) / HOUR);
	result.anomaly = detect(baseline, options, result, resolution / baseline.factor);
}

function detect(baseline: Baseline, options: TrendOptions, result: TrendResult, resolution: number): AnomalyVerdict {
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
		if (score !== null) votes.push(score > threshold ? 'high' : score < -threshold ? 'low' : 'normal');
	};
	if (options.anomalyMethod !== 'robust') vote(z, options.anomalyK);
	if (options.anomalyMethod !== 'zScore') vote(robust.z, options.robustThreshold);
	if (votes.length === 0) return 'flat_baseline';
	// A difference smaller than the count resolution is no evidence either way.
	if (Math.abs(rate - m) <= resolution || Math.abs(rate - robust.median) <= resolution) return 'normal';
	const combine = options.anomalyMethod === 'either' ? 'some' : 'every';
	// The change must also be material against the expected rate (the baseline median).
	const expected = robust.median;
	if (votes[combine]((v) => v === 'high') && !votes.includes('low') && rate >= expected * options.anomalyMinRatio) return 'spike';
	if (votes[combine]((v) => v === 'low') && !votes.includes('high') && rate * options.anomalyMinRatio <= expected) return 'drop';
	return 'normal';
}

function applyVerdictFlags(result: TrendResult): void {
	result.insufficientHistory = result.anomaly === 'insufficient_history';
	result.isSpike = result.anomaly === 'spike';
	result.isDrop = result.anomaly === 'drop';
	if (result.insufficientHistory || result.isSpike || result.isDrop) result.flags.push(result.anomaly as TrendFlag);
	// A suspicious result never alerts (it can be neither a breakout nor an anomaly).
	result.isAlert = result.isBreakout || result.isSpike || result.isDrop;
}

/** The rate walks' buffers, reused by every computeMetrics call (synchronous: nothing keeps them). */
const VIEW_STEPS = new Steps();
const VIDEO_STEPS = new Steps();

/**
 * Metrics of one hashtag for this run. `series` already holds this run's valid sample (when
 * `current.status` is 'ok'); samples after `current.t` are ignored. `rank` is set by the caller.
 */
export function computeMetrics(s: Series, current: CurrentObservation, options: TrendOptions): TrendResult {
	const at = locate(s, current);
	const result = emptyResult(s, current, at, options);
	const end = at.end - 1;
	// Views: the seasonal profile reads 7 days; videos: only the latest step matters.
	const rolling = Math.max(options.baselineWindow, options.sparklinePoints, 12) + 2 + 2 * options.rebaseAfter;
	const window = options.seasonalBaseline ? Math.max(rolling, SEASON_DAYS * 24 + 2) : rolling;
	const walk = (steps: Steps, values: ReadonlyArray<number | null>, back: number) =>
		walkRates(steps, s.t, values, Math.max(0, end - back), end, options.decreaseTolerancePct, options.rebaseAfter, options.minIntervalMinutes * 60);
	const viewSteps = walk(VIEW_STEPS, s.views, window);
	applyChart(result, s, viewSteps, at, current, options.sparklinePoints);
	if (at.cur < 0) {
		result.flags.push('missing');
	} else {
		const views = s.views[at.cur];
		const vStep = viewSteps.at(viewSteps.length - 1);
		applyDeltas(result, s, at.cur, at.prev);
		applyRates(result, vStep, walk(VIDEO_STEPS, s.videos, rolling).at(VIDEO_STEPS.length - 1));
		applyAcceleration(result, viewSteps, vStep);
		applyWeekOverWeek(result, s, at.cur, options);
		applyBreakout(result, s, vStep, views, options);
		applyAnomaly(result, viewSteps, vStep, views, options);
		applyVerdictFlags(result);
	}
	result.explanation = explain(result, options);
	return result;
}
