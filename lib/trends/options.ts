/** The analyzer's options: defaults, ranking metrics, and the check of user-given values. */
import { isKnownTimezone } from './seasonal';
import { TrendInputError } from './snapshots';
import type { AnomalyMethod, RankMetric } from './types';

/** Analyzer options and their defaults; the node's parameters and docs/analyzer.md describe each for users. */
const DEFAULTS = {
	/** Breakout: views grow faster than this (%/h), with at least `minAbsoluteGain` views gained. */
	breakoutThresholdPctPerHour: 10,
	minAbsoluteGain: 0,
	/** k of mean ± k·σ; |M| threshold of the median/MAD score; how the two combine. */
	anomalyK: 3,
	robustThreshold: 3.5,
	anomalyMethod: 'both' as AnomalyMethod,
	/** A spike must be at least this many times the expected rate, a drop at most 1/this (1 = off). */
	anomalyMinRatio: 2,
	/** Previous rates needed before any anomaly verdict, and the most the baseline uses. */
	minHistory: 6,
	baselineWindow: 24,
	/** Week-over-week tolerance around t − 7 d in hours; 0 = automatic (12 h hourly, else 6 h). */
	weekOverWeekToleranceHours: 0,
	/** Input rows: hashtags whose newest row is older than this (h) before the run's are left out; 0 = none. */
	currentRunWindowHours: 1,
	/** Decreases within this % (or the rounding the counts show) are "no growth". */
	decreaseTolerancePct: 1,
	/** Snapshots a lower level must persist before the series is rebased on it. */
	rebaseAfter: 3,
	/** Samples closer than this never give a per-hour rate on their own. */
	minIntervalMinutes: 10,
	/** Judge spikes and drops against the usual rate at that hour of day, in `timezone` ('' = UTC). */
	seasonalBaseline: true,
	timezone: '',
	maxMissingMarkers: 20,
	sparklinePoints: 24,
	rankBy: 'viewsPerHour' as RankMetric,
};

export type TrendOptions = typeof DEFAULTS;

export const DEFAULT_TREND_OPTIONS: Readonly<TrendOptions> = Object.freeze(DEFAULTS);

/** The metrics a ranking can use, with the words a report shows for each. */
export const RANK_METRIC_LABELS = {
	viewsPerHour: 'views per hour',
	growthPctPerHour: 'growth % per hour',
	viewsDelta: 'views gained since the previous run',
	videosPerHour: 'videos per hour',
	weekOverWeekViewsPct: 'week-over-week views %',
	weekOverWeekViews: 'views gained week over week',
	anomalyScore: 'anomaly score',
	acceleration: 'acceleration (views/h²)',
	views: 'total views',
} as const;

export const RANK_METRICS = Object.keys(RANK_METRIC_LABELS) as readonly RankMetric[];

/** Checks and completes options; throws TrendInputError naming the bad option and the fix. */
export function resolveOptions(partial: Partial<TrendOptions> = {}): TrendOptions {
	const o: TrendOptions = { ...DEFAULT_TREND_OPTIONS };
	for (const [k, v] of Object.entries(partial)) {
		if (v !== undefined && v !== null) (o as unknown as Record<string, unknown>)[k] = v;
	}
	const need = (ok: boolean, message: string) => {
		if (!ok) throw new TrendInputError(message);
	};
	const nonNegative = ['breakoutThresholdPctPerHour', 'minAbsoluteGain', 'weekOverWeekToleranceHours'] as const;
	for (const k of [...nonNegative, 'currentRunWindowHours', 'decreaseTolerancePct', 'minIntervalMinutes'] as const) {
		need(typeof o[k] === 'number' && Number.isFinite(o[k] as number) && (o[k] as number) >= 0, `Option "${k}" must be a number ≥ 0 (got ${String(o[k])}).`);
	}
	need(o.anomalyK > 0 && o.robustThreshold > 0, 'Anomaly thresholds must be greater than 0 (defaults: k = 3, robust |M| > 3.5).');
	need(Number.isInteger(o.minHistory) && o.minHistory >= 2, `Minimum history must be a whole number ≥ 2 (got ${o.minHistory}); the default is 6.`);
	need(Number.isInteger(o.baselineWindow) && o.baselineWindow >= o.minHistory, `Baseline window (${o.baselineWindow}) must be a whole number ≥ the minimum history (${o.minHistory}).`);
	need(Number.isInteger(o.rebaseAfter) && o.rebaseAfter >= 1, 'Rebase-after must be a whole number ≥ 1.');
	need(Number.isInteger(o.maxMissingMarkers) && o.maxMissingMarkers >= 0, 'Max missing markers must be a whole number ≥ 0.');
	need(Number.isInteger(o.sparklinePoints) && o.sparklinePoints >= 2 && o.sparklinePoints <= 500, 'Sparkline points must be a whole number from 2 to 500.');
	need(RANK_METRICS.includes(o.rankBy), `Rank By "${String(o.rankBy)}" is not supported; use one of ${RANK_METRICS.join(', ')}.`);
	need(typeof o.anomalyMinRatio === 'number' && o.anomalyMinRatio >= 1, `Minimum spike size must be a number ≥ 1 (got ${String(o.anomalyMinRatio)}); 1 switches it off, the default is 2.`);
	need(typeof o.seasonalBaseline === 'boolean', `Option "seasonalBaseline" must be true or false (got ${String(o.seasonalBaseline)}).`);
	need(typeof o.timezone === 'string' && isKnownTimezone(o.timezone), `Timezone "${String(o.timezone)}" is not a known IANA timezone; use a name such as Europe/Berlin, or leave it empty for UTC.`);
	need(['both', 'either', 'zScore', 'robust'].includes(o.anomalyMethod), `Anomaly method "${String(o.anomalyMethod)}" is not supported; use both, either, zScore or robust.`);
	return o;
}
