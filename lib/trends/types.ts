/**
 * Shapes of the trend core (`lib/trends`). Pure data: no n8n types, no I/O. Times are Unix seconds;
 * `null` always means "unknown" (a failed fetch, no trustworthy count, no metric) — never 0.
 */

/** One valid observation of a hashtag's lifetime totals; `videos` null = no trustworthy count. */
export interface Sample {
	t: number;
	views: number;
	videos: number | null;
}

/** A run in which the fetch for the hashtag failed: stored as a gap with its reason, never as 0. */
export interface MissingMarker {
	t: number;
	reason: string;
}

/** Decoded history of one hashtag: columns sorted by time, one sample per timestamp. */
export interface Series {
	/** Normalised hashtag name (lower case, no "#"), or `id:<id>` when only the id is known. */
	key: string;
	id: string | null;
	group: string | null;
	t: number[];
	views: number[];
	videos: Array<number | null>;
	missing: MissingMarker[];
}

/** One snapshot of this run, or one history row, after input normalisation. */
export interface SnapshotInput {
	hashtag: string;
	hashtagId?: string | null;
	group?: string | null;
	views?: number | null;
	videos?: number | null;
	t: number;
	status: 'ok' | 'missing';
	error?: string | null;
}

/** Flat snapshot row (`fetchedAt` ISO 8601), the interchange shape with Data Tables / Postgres. */
export interface SnapshotRow {
	hashtag: string;
	hashtagId: string | null;
	group: string | null;
	views: number | null;
	videos: number | null;
	fetchedAt: string;
	status: 'ok' | 'missing';
	error: string | null;
}

import type { RANK_METRIC_LABELS } from './options';

export type { TrendOptions } from './options';

export type TrendFlag = 'breakout' | 'spike' | 'drop' | 'new' | 'missing' | 'suspicious' | 'insufficient_history';

export type AnomalyVerdict = 'spike' | 'drop' | 'normal' | 'insufficient_history' | 'flat_baseline' | 'not_applicable';

export type AnomalyMethod = 'both' | 'either' | 'zScore' | 'robust';

/**
 * What the latest rate was compared with: `sameHourOfDay` — the previous rates with the daily cycle
 * taken out (seasonal.ts); `rolling` — the previous rates as they are.
 */
export type AnomalyBaseline = 'sameHourOfDay' | 'rolling';

export type RankMetric = keyof typeof RANK_METRIC_LABELS;

/** One hashtag's result of a run (docs/analyzer.md, "Output 0 `Hashtags`"). */
export interface TrendResult {
	hashtag: string;
	hashtagId: string | null;
	group: string | null;
	status: 'ok' | 'missing';
	error: string | null;
	fetchedAt: string | null;
	views: number | null;
	videos: number | null;
	previousViews: number | null;
	previousVideos: number | null;
	previousFetchedAt: string | null;
	hoursSincePrevious: number | null;
	viewsDelta: number | null;
	viewsDeltaPct: number | null;
	videosDelta: number | null;
	videosDeltaPct: number | null;
	viewsPerHour: number | null;
	videosPerHour: number | null;
	growthPctPerHour: number | null;
	videosGrowthPctPerHour: number | null;
	/** The previous sample is under the minimum interval: rates from `rateFromFetchedAt`, or null. */
	shortInterval: boolean;
	rateFromFetchedAt: string | null;
	breakoutReason: string | null;
	/** Change of views/hour per hour (views/h²). */
	acceleration: number | null;
	weekAgoFetchedAt: string | null;
	weekOverWeekViews: number | null;
	weekOverWeekViewsPct: number | null;
	weekOverWeekVideos: number | null;
	weekOverWeekVideosPct: number | null;
	anomaly: AnomalyVerdict;
	anomalyZScore: number | null;
	anomalyRobustZ: number | null;
	anomalyBaseline: AnomalyBaseline | null;
	/** Expected views/h (baseline mean and median), for this hour when the baseline is seasonal. */
	baselineMean: number | null;
	baselineMedian: number | null;
	baselineSize: number;
	flags: TrendFlag[];
	isBreakout: boolean;
	isSpike: boolean;
	isDrop: boolean;
	isNew: boolean;
	isMissing: boolean;
	isSuspicious: boolean;
	insufficientHistory: boolean;
	/** Belongs on the Alerts output (breakout, spike or drop). */
	isAlert: boolean;
	rank: number;
	rankBy: RankMetric;
	explanation: string;
	/** Recent views/hour per interval, oldest first (gaps skipped, not zero). */
	sparkline: number[];
	/** Recent cumulative views, oldest first; `views: null` marks a failed fetch. */
	series: Array<{ t: string; views: number | null }>;
	/** Valid samples stored for the hashtag, including this run's. */
	historySamples: number;
}
