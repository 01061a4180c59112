/**
 * Shapes of the trend core (`lib/trends`). Pure data: no n8n types, no I/O.
 *
 * Times inside the core are Unix seconds (integers). `null` always means "unknown": a failed fetch,
 * `videos: null` from the parser, or a metric that cannot be computed — never 0.
 */

/** One valid observation of a hashtag's lifetime totals. */
export interface Sample {
	/** Unix seconds of the fetch. */
	t: number;
	views: number;
	/** `null` when the source did not give a trustworthy video count. */
	videos: number | null;
}

/** A run in which the fetch for the hashtag failed: stored as a gap with its reason, never as 0. */
export interface MissingMarker {
	t: number;
	reason: string;
}

/** Decoded history of one hashtag. `samples` are sorted by `t`, one per timestamp. */
export interface Series {
	/** Normalised hashtag name (lower case, no "#"), or `id:<id>` when only the id is known. */
	key: string;
	name: string;
	id: string | null;
	group: string | null;
	/** Unix seconds of the first valid sighting. */
	firstSeen: number | null;
	samples: Sample[];
	missing: MissingMarker[];
}

/** One snapshot of this run, or one history row, after input normalisation. */
export interface SnapshotInput {
	hashtag: string;
	hashtagId?: string | null;
	group?: string | null;
	views?: number | null;
	videos?: number | null;
	/** Unix seconds. */
	t: number;
	status: 'ok' | 'missing';
	error?: string | null;
}

/** Flat snapshot row, the interchange shape with Data Tables / Postgres (docs/DESIGN.md). */
export interface SnapshotRow {
	hashtag: string;
	hashtagId: string | null;
	group: string | null;
	views: number | null;
	videos: number | null;
	/** ISO 8601. */
	fetchedAt: string;
	status: 'ok' | 'missing';
	error: string | null;
}

export type TrendFlag =
	| 'breakout'
	| 'spike'
	| 'drop'
	| 'new'
	| 'missing'
	| 'suspicious'
	| 'insufficient_history';

export type AnomalyVerdict = 'spike' | 'drop' | 'normal' | 'insufficient_history' | 'flat_baseline' | 'not_applicable';

export type AnomalyMethod = 'both' | 'either' | 'zScore' | 'robust';

/**
 * What the latest rate was compared with: `sameHourOfDay` — the previous rates with the daily cycle
 * taken out (each divided by the usual level of its hour of day over the last 7 days);
 * `rolling` — the previous rates as they are (while fewer than 3 rates exist for the hour, or with
 * the seasonal baseline switched off); null when no comparison was made.
 */
export type AnomalyBaseline = 'sameHourOfDay' | 'rolling';

export type RankMetric =
	| 'viewsPerHour'
	| 'growthPctPerHour'
	| 'viewsDelta'
	| 'videosPerHour'
	| 'weekOverWeekViewsPct'
	| 'weekOverWeekViews'
	| 'anomalyScore'
	| 'acceleration'
	| 'views';

export interface TrendOptions {
	/** Breakout when views grow faster than this, in percent per hour. */
	breakoutThresholdPctPerHour: number;
	/** Breakout also needs at least this many views gained in the interval (0 = no minimum). */
	minAbsoluteGain: number;
	/** k of the mean ± k·σ rule. */
	anomalyK: number;
	/** |M| threshold of the median/MAD modified z-score. */
	robustThreshold: number;
	/** How the two detectors combine. */
	anomalyMethod: AnomalyMethod;
	/**
	 * A spike must also be at least this many times the expected rate, a drop at most 1/this of it
	 * (1 = no minimum). Kleinberg's burst automaton likewise moves to a burst state only when the
	 * rate reaches s times the base rate (s = 2 in his experiments).
	 */
	anomalyMinRatio: number;
	/** Previous rates needed before any anomaly verdict. */
	minHistory: number;
	/** Previous rates in the rolling baseline (the current one is never part of it). */
	baselineWindow: number;
	/** Week-over-week tolerance around t−7 d in hours; 0 = automatic (12 h for sub-daily data, 6 h otherwise). */
	weekOverWeekToleranceHours: number;
	/**
	 * History from input rows only: a hashtag is analysed when its newest row is at most this many
	 * hours older than the newest row of all (this run); older ones — e.g. removed from the
	 * watchlist — are left out with a warning. 0 analyses every hashtag in the rows.
	 */
	currentRunWindowHours: number;
	/** Relative tolerance for decreases caused by rounding, in percent of the value. */
	decreaseTolerancePct: number;
	/** Snapshots a lower level must persist before the series is rebased on it. */
	rebaseAfter: number;
	/**
	 * Two samples closer than this (minutes) never give a per-hour rate: the rate is measured from
	 * the last sample at least this far back, or is unknown.
	 */
	minIntervalMinutes: number;
	/** Judge spikes and drops against the usual rate at that hour of day (once 3+ days of history exist). */
	seasonalBaseline: boolean;
	/** IANA timezone for "hour of day" (the workflow's); '' = UTC. */
	timezone: string;
	/** Missing markers kept per hashtag. */
	maxMissingMarkers: number;
	/** Points in the sparkline / chart series. */
	sparklinePoints: number;
	rankBy: RankMetric;
}

export interface TrendResult {
	hashtag: string;
	hashtagId: string | null;
	group: string | null;
	/** `ok` when this run fetched the hashtag, `missing` when the fetch failed. */
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
	/**
	 * The previous sample is closer than the minimum interval: the rates are measured from the last
	 * sample at least that far back (`rateFromFetchedAt`), or are null when there is none.
	 */
	shortInterval: boolean;
	/** Start of the interval the views/hour and growth %/h figures cover. */
	rateFromFetchedAt: string | null;
	/** Why `isBreakout` is true, in words (e.g. "new: rose from 0 to 12K views"); null otherwise. */
	breakoutReason: string | null;
	/** Change of views/hour per hour (views/h²); needs three valid samples. */
	acceleration: number | null;
	weekAgoFetchedAt: string | null;
	weekOverWeekViews: number | null;
	weekOverWeekViewsPct: number | null;
	weekOverWeekVideos: number | null;
	weekOverWeekVideosPct: number | null;
	anomaly: AnomalyVerdict;
	/** (rate − mean)/σ of the rolling baseline, null when σ = 0 or no verdict. */
	anomalyZScore: number | null;
	/** 0.6745·(rate − median)/MAD, null when no scale or no verdict. */
	anomalyRobustZ: number | null;
	/** Which baseline the spike/drop verdict used (see AnomalyBaseline). */
	anomalyBaseline: AnomalyBaseline | null;
	/** Expected views/h from the baseline (mean / median), for this hour when the baseline is seasonal. */
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
	/** True when this result belongs on the Alerts output (breakout, spike or drop). */
	isAlert: boolean;
	rank: number;
	rankBy: RankMetric;
	explanation: string;
	/** Recent views/hour per interval, oldest first (gaps are skipped, not zero). */
	sparkline: number[];
	/** Recent cumulative views, oldest first; `views: null` marks a failed fetch. */
	series: Array<{ t: string; views: number | null }>;
	/** Valid samples stored for the hashtag, including this run's. */
	historySamples: number;
}

/** Simplified video record (Scavio node, Simplify on). Every field may be absent or null. */
export interface VideoRecord {
	id?: string | null;
	url?: string | null;
	description?: string | null;
	createdAt?: string | number | null;
	views?: number | null;
	likes?: number | null;
	comments?: number | null;
	shares?: number | null;
	author?: string | null;
	authorNickname?: string | null;
	hashtags?: string[] | null;
	hashtagId?: string | null;
	hashtagName?: string | null;
}
