/**
 * One analyzer run: merge this run's snapshots into the history (built-in state or rows given as
 * input), compute every hashtag's metrics at its newest snapshot, rank, pick the alerts, and — for
 * the built-in mode — build the next state. Pure: the clock and the state come in, results and a
 * brand-new state go out; the caller swaps the state in only after this returns (all-or-nothing).
 */
import { addMissing, addSample, corruptWarning, decodeSeries, emptySeries, newState, pruneSeries, readState, storeSeries } from './history';
import type { StoredSeries, TrendState } from './history';
import { computeMetrics } from './metrics';
import { isKnownTimezone } from './seasonal';
import { hashtagKey, TrendInputError } from './snapshots';
import type { MissingMarker, RankMetric, Sample, Series, SnapshotInput, TrendOptions, TrendResult } from './types';

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

/** The fields of a result kept per hashtag in the run summary (read by a later report step). */
const SUMMARY_FIELDS = [
	'hashtag',
	'hashtagId',
	'group',
	'status',
	'rank',
	'views',
	'viewsDelta',
	'viewsDeltaPct',
	'videos',
	'videosDelta',
	'viewsPerHour',
	'growthPctPerHour',
	'weekOverWeekViewsPct',
	'acceleration',
	'flags',
	'explanation',
] as const;

/**
 * One compact row per hashtag of the latest run. `alerted` is set by the node when the row went to
 * the Alerts output, so a report step fed from that output knows which hashtags it was about.
 */
export type RunSummaryRow = Pick<TrendResult, (typeof SUMMARY_FIELDS)[number]> & { alerted?: boolean };

/** Rows of the ranking kept in the run summary besides every alert. */
export const SUMMARY_TOP_ROWS = 100;

export interface RunSummary {
	/** ISO time of the run. */
	at: string;
	/** Execution that produced it (set by the node), so a report step can tell "this execution". */
	executionId: string | null;
	rankBy: RankMetric;
	rows: RunSummaryRow[];
}

export interface AnalyzeParams {
	now: Date;
	/** Snapshots of this run; in `input` mode also every history row. */
	snapshots: ReadonlyArray<SnapshotInput & { source?: number }>;
	historySource: 'builtIn' | 'input';
	/** The stored state (built-in mode); anything, including corrupt data. */
	state?: unknown;
	options?: Partial<TrendOptions>;
	executionId?: string | null;
}

export interface AnalyzeOutcome {
	/** Ranked results, one per hashtag. */
	results: TrendResult[];
	/** For each result, the indexes (`source`) of the snapshots that produced it. */
	sources: number[][];
	/** The results that belong on the Alerts output, in rank order. */
	alerts: TrendResult[];
	/** Next state for the built-in mode (null in input mode). */
	state: TrendState<RunSummary> | null;
	summary: RunSummary;
	warnings: string[];
}

function summaryRow(r: TrendResult): RunSummaryRow {
	return Object.fromEntries(SUMMARY_FIELDS.map((k) => [k, r[k]])) as unknown as RunSummaryRow;
}

/** The anomaly score is the robust z-score, or the plain one when the robust one has no scale. */
function rankValue(m: TrendResult, metric: RankMetric): number | null {
	return metric === 'anomalyScore' ? (m.anomalyRobustZ ?? m.anomalyZScore) : m[metric];
}

/** Ranking order: by the metric (high first); unknown values and failed fetches last; then by views and name. */
function compareForRank(a: TrendResult, b: TrendResult, metric: RankMetric): number {
	const va = rankValue(a, metric);
	const vb = rankValue(b, metric);
	if (va === null || vb === null) {
		if (va !== vb) return va === null ? 1 : -1;
	} else if (va !== vb) return vb - va;
	if (a.status !== b.status) return a.status === 'ok' ? -1 : 1;
	return (b.views ?? -1) - (a.views ?? -1) || a.hashtag.localeCompare(b.hashtag);
}

interface TouchedHashtag {
	key: string;
	id: string | null;
	group: string | null;
	samples: Sample[];
	markers: MissingMarker[];
	current: SnapshotInput;
	sources: number[];
}

/** This run's snapshots (and, in input mode, the history rows) grouped by hashtag. */
function groupSnapshots(snapshots: AnalyzeParams['snapshots'], idToKey: Map<string, string>): Map<string, TouchedHashtag> {
	const touched = new Map<string, TouchedHashtag>();
	for (let index = 0; index < snapshots.length; index++) {
		const snap = snapshots[index];
		let key = hashtagKey(snap.hashtag.startsWith('id:') ? null : snap.hashtag, snap.hashtagId ?? null);
		if (key === null) continue;
		// An error item may carry only the id: attribute it to the stored hashtag with that id.
		if (key.startsWith('id:') && snap.hashtagId && idToKey.has(snap.hashtagId)) key = idToKey.get(snap.hashtagId) as string;
		if (snap.hashtagId) idToKey.set(snap.hashtagId, key);
		let entry = touched.get(key);
		if (!entry) {
			entry = { key, id: null, group: null, samples: [], markers: [], current: snap, sources: [] };
			touched.set(key, entry);
		} else {
			const c = entry.current;
			// The newest snapshot is current; at the same time a successful fetch beats a failed one.
			if (snap.t > c.t || (snap.t === c.t && snap.status === 'ok' && c.status !== 'ok')) entry.current = snap;
		}
		if (snap.hashtagId) entry.id = snap.hashtagId;
		if (snap.group) entry.group = snap.group;
		entry.sources.push(snap.source ?? index);
		if (snap.status === 'ok' && snap.views !== null && snap.views !== undefined) {
			entry.samples.push({ t: snap.t, views: snap.views, videos: snap.videos ?? null });
		} else {
			entry.markers.push({ t: snap.t, reason: snap.error ?? 'fetch failed' });
		}
	}
	return touched;
}

/** Adds a hashtag's snapshots to its series; returns how many were stored already (same time). */
function addSnapshots(series: Series, entry: TouchedHashtag): number {
	let duplicates = 0;
	if (entry.id) series.id = entry.id;
	if (entry.group) series.group = entry.group;
	for (const sample of entry.samples) if (!addSample(series, sample)) duplicates++;
	for (const marker of entry.markers) addMissing(series, marker);
	return duplicates;
}

/**
 * Input mode: the history rows as one series, with the retention the built-in history would have
 * applied by the previous run (as of the previous sample), then this run's sample.
 */
function seriesFromRows(entry: TouchedHashtag, maxMissing: number): Series {
	const all = emptySeries(entry.key);
	addSnapshots(all, entry);
	const before = all.t.filter((t) => t < entry.current.t).length;
	if (before === 0) return all;
	const head = { ...all, t: all.t.slice(0, before), views: all.views.slice(0, before), videos: all.videos.slice(0, before) };
	const series = pruneSeries(head, all.t[before - 1], maxMissing);
	if (all.t[before] === entry.current.t) addSample(series, { t: all.t[before], views: all.views[before], videos: all.videos[before] });
	return series;
}

export function analyze(params: AnalyzeParams): AnalyzeOutcome {
	const options = resolveOptions(params.options);
	const nowSeconds = Math.round(params.now.getTime() / 1000);
	const builtIn = params.historySource === 'builtIn';
	// Built-in: the stored state is read once; each hashtag is decoded, updated, pruned and encoded
	// into the next state in one go (see history.ts), which is saved once at the end.
	const stored = readState<RunSummary>(builtIn ? params.state : undefined);
	const warnings = [...stored.warnings];
	const idToKey = new Map<string, string>();
	for (const [key, raw] of Object.entries(stored.tags)) {
		const id = (raw as { i?: unknown } | null)?.i;
		if (typeof id === 'string') idToKey.set(id, key);
	}
	const touched = groupSnapshots(params.snapshots, idToKey);
	const nextTags: Record<string, StoredSeries> = {};
	const bad: string[] = [];
	const open = (key: string): Series => {
		if (stored.tags[key] === undefined) return emptySeries(key);
		try {
			return decodeSeries(key, stored.tags[key]);
		} catch {
			bad.push(key);
			return emptySeries(key);
		}
	};
	const keep = (series: Series) => {
		const stored = storeSeries(series, nowSeconds, options.maxMissingMarkers);
		if (stored) nextTags[series.key] = stored;
	};

	let duplicates = 0;
	const computed: Array<{ m: TrendResult; sources: number[] }> = [];
	// Input rows hold every hashtag ever stored; only those with a row from this run are current.
	const runT = builtIn ? -Infinity : Math.max(...[...touched.values()].map((e) => e.current.t));
	const staleBefore = builtIn || options.currentRunWindowHours <= 0 ? -Infinity : runT - options.currentRunWindowHours * 3600;
	const stale: string[] = [];
	for (const entry of touched.values()) {
		if (entry.current.t < staleBefore) {
			stale.push(entry.key);
			continue;
		}
		let series: Series;
		if (builtIn) {
			series = open(entry.key);
			duplicates += addSnapshots(series, entry);
		} else {
			series = seriesFromRows(entry, options.maxMissingMarkers);
		}
		const current = entry.current;
		const m = computeMetrics(series, { status: current.status, t: current.t, error: current.error }, options);
		computed.push({ m, sources: entry.sources });
		if (builtIn) keep(series);
	}
	// Hashtags not in this run keep their history (pruned like the others).
	for (const key of Object.keys(stored.tags)) if (!touched.has(key)) keep(open(key));
	if (bad.length > 0) warnings.push(corruptWarning(bad));
	if (stale.length > 0) {
		const shown = `${stale.slice(0, 5).map((k) => `#${k}`).join(', ')}${stale.length > 5 ? ', …' : ''}`;
		warnings.push(
			`${stale.length} hashtag(s) in the history rows have no row from this run (newest row more than ${options.currentRunWindowHours} h before ${new Date(runT * 1000).toISOString()}) and were left out: ${shown}. Raise Current Run Window (Hours), or set it to 0, to analyse them anyway.`,
		);
	}
	if (duplicates > 0) {
		warnings.push(`${duplicates} snapshot(s) were already stored with the same time and were not added again (same run processed twice?).`);
	}

	computed.sort((a, b) => compareForRank(a.m, b.m, options.rankBy));
	const results: TrendResult[] = [];
	const sources: number[][] = [];
	computed.forEach(({ m, sources: from }, i) => {
		m.rank = i + 1;
		results.push(m);
		sources.push(from);
	});
	const summary: RunSummary = {
		at: params.now.toISOString(),
		executionId: params.executionId ?? null,
		rankBy: options.rankBy,
		// Bounded: what a report step can show — every alert plus the top of the ranking.
		rows: results.filter((r) => r.isAlert || r.rank <= SUMMARY_TOP_ROWS).map(summaryRow),
	};
	const state: TrendState<RunSummary> | null = builtIn ? newState(nextTags, stored.seq + 1, summary) : null;
	return { results, sources, alerts: results.filter((r) => r.isAlert), state, summary, warnings };
}
