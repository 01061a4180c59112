/**
 * Per-hashtag metrics over a short, irregular, cumulative series (see
 * /work/shared/reference/trend-methods.md): per-hour velocity normalised by the real elapsed time,
 * acceleration, week over week, anomaly of the latest rate against a rolling baseline that excludes
 * it, and the flags built from them.
 *
 * Data traps handled here: a failed fetch is never a value (it is not in `samples` at all); a
 * decrease within rounding tolerance counts as "no growth"; a larger decrease is `suspicious` — no
 * velocity is computed from it and the next good value is differenced against the last trusted one
 * over the full gap; a lower level that persists for `rebaseAfter` snapshots starts a new segment.
 */
import { mean, robustZScore, standardDeviation } from './stats';
import type { AnomalyVerdict, Sample, Series, TrendFlag, TrendOptions, TrendResult } from './types';

const HOUR = 3600;
const DAY = 86400;

type StepKind = 'first' | 'ok' | 'flat' | 'suspicious' | 'rebased' | 'unknown';

interface Step {
	kind: StepKind;
	/** Per-hour rate, for 'ok' and 'flat' steps. */
	rate: number | null;
	/** Start of the interval the rate covers (Unix seconds) and the trusted value there. */
	baseT: number;
	baseValue: number;
}

/** Smallest change the rounding of `x` can explain: 10^(trailing zeros), when there are at least 3. */
function roundingStep(x: number): number {
	if (x <= 0) return 0;
	let step = 1;
	while (step < 1e12 && x % (step * 10) === 0) step *= 10;
	return step >= 1000 ? step : 0;
}

export function decreaseTolerance(previous: number, current: number, tolerancePct: number): number {
	const step = Math.max(roundingStep(previous), roundingStep(current));
	return Math.max((previous * tolerancePct) / 100, Math.min(step, previous * 0.01));
}

/**
 * Walks samples[from..to] and classifies each step of one metric. Exported for tests.
 */
export function walkRates(
	samples: readonly Sample[],
	from: number,
	to: number,
	pick: (s: Sample) => number | null,
	tolerancePct: number,
	rebaseAfter: number,
): Step[] {
	const steps: Step[] = [];
	let baseT = -1;
	let baseValue = 0;
	let pending: Sample[] = [];
	for (let i = from; i <= to; i++) {
		const s = samples[i];
		const value = pick(s);
		if (value === null) {
			steps.push({ kind: 'unknown', rate: null, baseT, baseValue });
			continue;
		}
		if (baseT < 0) {
			baseT = s.t;
			baseValue = value;
			steps.push({ kind: 'first', rate: null, baseT, baseValue });
			continue;
		}
		const hours = (s.t - baseT) / HOUR;
		const tolerance = decreaseTolerance(baseValue, value, tolerancePct);
		if (value >= baseValue) {
			steps.push({ kind: 'ok', rate: (value - baseValue) / hours, baseT, baseValue });
			baseT = s.t;
			baseValue = value;
			pending = [];
		} else if (baseValue - value <= tolerance) {
			// Rounding noise: no growth in this interval; keep the trusted level, move the clock.
			steps.push({ kind: 'flat', rate: 0, baseT, baseValue });
			baseT = s.t;
			pending = [];
		} else {
			pending.push(s);
			if (pending.length >= rebaseAfter) {
				steps.push({ kind: 'rebased', rate: null, baseT, baseValue });
				baseT = s.t;
				baseValue = value;
				pending = [];
			} else {
				steps.push({ kind: 'suspicious', rate: null, baseT, baseValue });
			}
		}
	}
	return steps;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayPrefix = new Map<number, string>();

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
	const h = Math.floor(s / HOUR);
	const m = Math.floor((s % HOUR) / 60);
	return `${prefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s % 60]}.000Z`;
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

export function formatCount(x: number | null): string {
	if (x === null) return 'unknown';
	const abs = Math.abs(x);
	const units: Array<[number, string]> = [
		[1e12, 'T'],
		[1e9, 'B'],
		[1e6, 'M'],
		[1e3, 'K'],
	];
	for (const [size, unit] of units) {
		if (abs >= size) return `${(x / size).toFixed(abs / size >= 100 ? 0 : 1)}${unit}`;
	}
	return String(Math.round(x * 10) / 10);
}

function formatPct(x: number): string {
	const digits = Math.abs(x) >= 10 ? 1 : 2;
	return `${x >= 0 ? '+' : ''}${x.toFixed(digits)} %`;
}

/** Samples before the current one that the rate walk may look at. */
export function metricsWindow(options: TrendOptions): number {
	return Math.max(options.baselineWindow, options.sparklinePoints, 12) + 2 + 2 * options.rebaseAfter;
}

export interface CurrentObservation {
	status: 'ok' | 'missing';
	/** Unix seconds of this run's fetch (or attempt). */
	t: number;
	error?: string | null;
}

export type Metrics = Omit<TrendResult, 'rank' | 'rankBy'> & { anomalyScore: number | null };

/**
 * Metrics of one hashtag for this run. `series` already contains this run's valid sample (when
 * `current.status` is 'ok'); samples after `current.t` are ignored.
 */
export function computeMetrics(series: Series, current: CurrentObservation, options: TrendOptions): Metrics {
	const samples = series.samples;
	// Last index with t ≤ current.t.
	let end = samples.length;
	while (end > 0 && samples[end - 1].t > current.t) end--;
	const ok = current.status === 'ok' && end > 0 && samples[end - 1].t === current.t;
	const curIndex = ok ? end - 1 : -1;
	const prevIndex = ok ? end - 2 : end - 1;
	const cur = ok ? samples[curIndex] : null;
	const prev = prevIndex >= 0 ? samples[prevIndex] : null;

	const flags: TrendFlag[] = [];
	const result: Metrics = {
		hashtag: series.name,
		hashtagId: series.id,
		group: series.group,
		status: ok ? 'ok' : 'missing',
		error: ok ? null : (current.error ?? 'fetch failed'),
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
		acceleration: null,
		weekAgoFetchedAt: null,
		weekOverWeekViews: null,
		weekOverWeekViewsPct: null,
		weekOverWeekVideos: null,
		weekOverWeekVideosPct: null,
		anomaly: 'not_applicable',
		anomalyZScore: null,
		anomalyRobustZ: null,
		anomalyScore: null,
		baselineMean: null,
		baselineMedian: null,
		baselineSize: 0,
		flags,
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
		historySamples: end + (series.omitted ?? 0),
	};

	const window = metricsWindow(options);
	const walkEnd = ok ? curIndex : end - 1;
	const from = Math.max(0, walkEnd - window);
	const viewSteps = walkEnd >= 0 ? walkRates(samples, from, walkEnd, (s) => s.views, options.decreaseTolerancePct, options.rebaseAfter) : [];
	const videoSteps = walkEnd >= 0 ? walkRates(samples, from, walkEnd, (s) => s.videos, options.decreaseTolerancePct, options.rebaseAfter) : [];

	// Sparkline: recent per-hour rates, gaps skipped.
	const rates: number[] = [];
	for (const st of viewSteps) if (st.rate !== null) rates.push(st.rate);
	result.sparkline = rates.slice(-options.sparklinePoints).map((r) => round(r, 2) as number);

	// Chart series: recent samples and failed fetches (null), oldest first.
	const points: Array<{ t: number; views: number | null }> = [];
	for (let k = Math.max(0, end - options.sparklinePoints); k < end; k++) points.push({ t: samples[k].t, views: samples[k].views });
	const since = points.length > 0 ? points[0].t : -Infinity;
	for (const m of series.missing) if (m.t >= since && m.t <= current.t) points.push({ t: m.t, views: null });
	if (!ok && !series.missing.some((m) => m.t === current.t)) points.push({ t: current.t, views: null });
	points.sort((a, b) => a.t - b.t);
	result.series = points.slice(-options.sparklinePoints).map((p) => ({ t: iso(p.t) as string, views: p.views }));

	if (!ok || !cur) {
		flags.push('missing');
		result.explanation = explain(result, options);
		return result;
	}

	if (!prev) {
		result.isNew = true;
		flags.push('new');
	} else {
		result.viewsDelta = cur.views - prev.views;
		result.viewsDeltaPct = prev.views > 0 ? round(((cur.views - prev.views) / prev.views) * 100) : null;
		if (cur.videos !== null && prev.videos !== null) {
			result.videosDelta = cur.videos - prev.videos;
			result.videosDeltaPct = prev.videos > 0 ? round(((cur.videos - prev.videos) / prev.videos) * 100) : null;
		}
	}

	const vStep = viewSteps[viewSteps.length - 1];
	const cStep = videoSteps[videoSteps.length - 1];
	if (vStep.kind === 'suspicious' || vStep.kind === 'rebased' || cStep.kind === 'suspicious' || cStep.kind === 'rebased') {
		result.isSuspicious = true;
		flags.push('suspicious');
	}
	if (vStep.rate !== null) {
		result.viewsPerHour = round(vStep.rate, 2);
		result.growthPctPerHour = vStep.baseValue > 0 ? round((vStep.rate / vStep.baseValue) * 100) : null;
	}
	if (cStep.rate !== null) {
		result.videosPerHour = round(cStep.rate, 4);
		result.videosGrowthPctPerHour = cStep.baseValue > 0 ? round((cStep.rate / cStep.baseValue) * 100) : null;
	}

	// Acceleration: change between the last two rates over the distance of their interval midpoints.
	if (vStep.rate !== null) {
		for (let k = viewSteps.length - 2; k >= 0; k--) {
			const st = viewSteps[k];
			if (st.kind === 'rebased' || st.kind === 'first') break;
			if (st.rate === null) continue;
			const tk = samples[from + k].t;
			const midDistanceHours = ((cur.t + vStep.baseT) / 2 - (tk + st.baseT) / 2) / HOUR;
			if (midDistanceHours > 0) result.acceleration = round((vStep.rate - st.rate) / midDistanceHours, 4);
			break;
		}
	}

	// Week over week from the stored sample nearest to t − 7 d.
	const tolerance =
		options.weekOverWeekToleranceHours > 0
			? options.weekOverWeekToleranceHours * HOUR
			: medianInterval(samples, curIndex) < 20 * HOUR
				? 12 * HOUR
				: 2 * DAY;
	const weekIndex = curIndex > 0 ? nearestIndex(samples, curIndex, cur.t - 7 * DAY, tolerance) : -1;
	if (weekIndex >= 0) {
		const w = samples[weekIndex];
		result.weekAgoFetchedAt = iso(w.t);
		result.weekOverWeekViews = cur.views - w.views;
		result.weekOverWeekViewsPct = w.views > 0 ? round(((cur.views - w.views) / w.views) * 100) : null;
		if (cur.videos !== null && w.videos !== null) {
			result.weekOverWeekVideos = cur.videos - w.videos;
			result.weekOverWeekVideosPct = w.videos > 0 ? round(((cur.videos - w.videos) / w.videos) * 100) : null;
		}
	}

	// Breakout: percent per hour above the threshold, plus the optional minimum absolute gain. A gain
	// no larger than the rounding step the counts show (capped at 1 % of the base) can be rounding
	// alone — e.g. 1,200,000 → 1,300,000 over a few minutes — and never makes a breakout by itself.
	if (vStep.rate !== null && result.growthPctPerHour !== null && !result.isNew) {
		const gain = vStep.rate * ((cur.t - vStep.baseT) / HOUR);
		const roundingNoise = cur.views !== null ? decreaseTolerance(vStep.baseValue, cur.views, 0) : 0;
		if (result.growthPctPerHour > options.breakoutThresholdPctPerHour && gain >= options.minAbsoluteGain && gain > roundingNoise) {
			result.isBreakout = true;
			flags.push('breakout');
		}
	}

	// Anomaly of the latest rate against the previous rates (current point excluded).
	if (vStep.rate === null) {
		result.anomaly = result.isSuspicious ? 'not_applicable' : 'insufficient_history';
	} else {
		const baseline: number[] = [];
		for (let k = viewSteps.length - 2; k >= 0 && baseline.length < options.baselineWindow; k--) {
			const st = viewSteps[k];
			if (st.kind === 'rebased') break;
			if (st.rate !== null) baseline.push(st.rate);
		}
		baseline.reverse();
		result.baselineSize = baseline.length;
		if (baseline.length < options.minHistory) {
			result.anomaly = 'insufficient_history';
		} else {
			// Counts are integers (often rounded): a rate over Δh is only known to ±step/Δh.
			const resolution = Math.max(1, roundingStep(cur.views), roundingStep(vStep.baseValue)) / ((cur.t - vStep.baseT) / HOUR);
			result.anomaly = detect(vStep.rate, baseline, options, result, resolution);
		}
	}
	if (result.anomaly === 'insufficient_history') {
		result.insufficientHistory = true;
		flags.push('insufficient_history');
	} else if (result.anomaly === 'spike') {
		result.isSpike = true;
		flags.push('spike');
	} else if (result.anomaly === 'drop') {
		result.isDrop = true;
		flags.push('drop');
	}
	result.isAlert = result.isBreakout || result.isSpike || result.isDrop;
	result.explanation = explain(result, options);
	return result;
}

function detect(rate: number, baseline: number[], options: TrendOptions, result: Metrics, resolution: number): AnomalyVerdict {
	const m = mean(baseline);
	const sd = standardDeviation(baseline, m);
	const z = sd > 0 ? (rate - m) / sd : null;
	const robust = robustZScore(rate, baseline);
	result.baselineMean = round(m, 2);
	result.baselineMedian = round(robust.median, 2);
	result.anomalyZScore = round(z, 3);
	result.anomalyRobustZ = round(robust.z, 3);
	result.anomalyScore = result.anomalyRobustZ ?? result.anomalyZScore;
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
	if (votes[combine]((v) => v === 'high') && !votes.includes('low')) return 'spike';
	if (votes[combine]((v) => v === 'low') && !votes.includes('high')) return 'drop';
	return 'normal';
}

function explain(r: Metrics, options: TrendOptions): string {
	const tag = `#${r.hashtag}`;
	if (r.status === 'missing') {
		const known =
			r.previousViews !== null
				? ` Last known: ${formatCount(r.previousViews)} views at ${r.previousFetchedAt}.`
				: ' No earlier data.';
		return `${tag}: this run's fetch failed (${r.error}); stored as a missing sample, not as a drop.${known}`;
	}
	if (r.isNew) {
		return `${tag}: first sighting with ${formatCount(r.views)} views${r.videos !== null ? ` and ${formatCount(r.videos)} videos` : ''}; growth is measured from the next run.`;
	}
	const parts: string[] = [];
	if (r.isSuspicious) {
		parts.push(
			`counts went down (${formatCount(r.viewsDelta)} views since the previous sample), which a lifetime total cannot do — treated as a data artefact, no velocity computed`,
		);
	} else if (r.viewsPerHour !== null) {
		const pct = r.growthPctPerHour !== null ? ` (${formatPct(r.growthPctPerHour)}/h)` : '';
		parts.push(`${formatCount(r.viewsPerHour)} views/h${pct} over ${r.hoursSincePrevious} h`);
	}
	if (r.isBreakout) parts.push(`breakout: growth above ${options.breakoutThresholdPctPerHour} %/h`);
	if (r.isSpike || r.isDrop) {
		const score =
			r.anomalyZScore !== null ? `${r.anomalyZScore.toFixed(1)}σ` : `robust z ${r.anomalyRobustZ?.toFixed(1)}`;
		parts.push(
			`${r.isSpike ? 'spike' : 'drop'}: this period's rate is ${score} ${r.isSpike ? 'above' : 'below'} the mean of the previous ${r.baselineSize} periods (${formatCount(r.baselineMean)} views/h)`,
		);
	} else if (r.anomaly === 'insufficient_history') {
		parts.push(`insufficient history for anomaly detection (${r.baselineSize} of ${options.minHistory} earlier rates)`);
	} else if (r.anomaly === 'flat_baseline') {
		parts.push('no anomaly verdict: the earlier rates are all identical');
	}
	if (r.acceleration !== null && r.acceleration !== 0) {
		parts.push(`${r.acceleration > 0 ? 'accelerating' : 'slowing'} by ${formatCount(Math.abs(r.acceleration))} views/h²`);
	}
	if (r.weekOverWeekViewsPct !== null) parts.push(`week over week ${formatPct(r.weekOverWeekViewsPct)}`);
	return `${tag}: ${parts.join('; ')}.`;
}
