/** The analyzer's options: defaults, ranking metrics, and the check of user-given values. */
import { isKnownTimezone } from './seasonal';
import { TrendInputError } from './snapshots';
import type { RankMetric, TrendOptions } from './types';

export const DEFAULT_TREND_OPTIONS: Readonly<TrendOptions> = Object.freeze({
	breakoutThresholdPctPerHour: 10,
	minAbsoluteGain: 0,
	anomalyK: 3,
	robustThreshold: 3.5,
	anomalyMethod: 'both',
	anomalyMinRatio: 2,
	minHistory: 6,
	baselineWindow: 24,
	weekOverWeekToleranceHours: 0,
	currentRunWindowHours: 1,
	decreaseTolerancePct: 1,
	rebaseAfter: 3,
	minIntervalMinutes: 10,
	seasonalBaseline: true,
	timezone: '',
	maxMissingMarkers: 20,
	sparklinePoints: 24,
	rankBy: 'viewsPerHour',
});

export const RANK_METRIC_LABELS: Readonly<Record<RankMetric, string>> = {
	viewsPerHour: 'views per hour',
	growthPctPerHour: 'growth % per hour',
	viewsDelta: 'views gained since the previous run',
	videosPerHour: 'videos per hour',
	weekOverWeekViewsPct: 'week-over-week views %',
	weekOverWeekViews: 'views gained week over week',
	anomalyScore: 'anomaly score',
	acceleration: 'acceleration (views/h²)',
	views: 'total views',
};

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
	const nonNegative: Array<keyof TrendOptions> = [
		'breakoutThresholdPctPerHour',
		'minAbsoluteGain',
		'weekOverWeekToleranceHours',
		'currentRunWindowHours',
		'decreaseTolerancePct',
		'minIntervalMinutes',
	];
	for (const k of nonNegative) {
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
