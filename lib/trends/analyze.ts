/**
 * One analyzer run: merge this run's snapshots into the history (built-in state or rows given as
 * input), compute every hashtag's metrics at its newest snapshot, rank, pick the alerts, and — for
 * the built-in mode — build the next state. Pure: the clock and the state come in, results and a
 * brand-new state go out; the caller swaps the state in only after this returns (all-or-nothing).
 */
import { addMissing, addSample, corruptWarning, decodeSeries, emptySeries, listed, newState, pruneSeries, readState, storeSeries } from './history';
import type { TrendState } from './history';
import { computeMetrics } from './metrics';
import { resolveOptions } from './options';
import { hashtagKey } from './snapshots';
import type { RankMetric, Series, SnapshotInput, TrendOptions, TrendResult } from './types';

/** The fields of a result kept per hashtag in the run summary (read by a later report step). */
const SUMMARY_FIELDS = [
	...['hashtag', 'hashtagId', 'group', 'status', 'rank', 'views', 'viewsDelta', 'viewsDeltaPct', 'videos', 'videosDelta'],
	...['viewsPerHour', 'growthPctPerHour', 'weekOverWeekViewsPct', 'acceleration', 'flags', 'explanation'],
] as const;

/**
 * One compact row per hashtag of the latest run. `alerted` is set by the node when the row went to
 * the Alerts output, so a report step fed from that output knows which hashtags it was about.
 */
export type RunSummaryRow = Pick<TrendResult, (typeof SUMMARY_FIELDS)[number]> & { alerted?: boolean };

/** Rows of the ranking kept in the run summary besides every alert. */
export const SUMMARY_TOP_ROWS = 100;

/** The latest run (`at`: ISO time; `executionId`: so a report step can tell "this execution"). */
export interface RunSummary {
	at: string;
	executionId: string | null;
	rankBy: RankMetric;
	rows: RunSummaryRow[];
}

/** `snapshots`: this run's (in `input` mode also every history row); `state`: whatever is stored. */
export interface AnalyzeParams {
	now: Date;
	snapshots: ReadonlyArray<SnapshotInput & { source?: number }>;
	historySource: 'builtIn' | 'input';
	state?: unknown;
	options?: Partial<TrendOptions>;
	executionId?: string | null;
}

/**
 * Ranked `results` with, for each, the indexes (`source`) of the snapshots that produced it; the
 * `alerts` among them; the next `state` (null in input mode).
 */
export interface AnalyzeOutcome {
	results: TrendResult[];
	sources: number[][];
	alerts: TrendResult[];
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

/** One hashtag's snapshots of this run (in input mode: also its history rows); `current` is the newest. */
interface Touched {
	key: string;
	current: SnapshotInput;
	snaps: SnapshotInput[];
	sources: number[];
	/** time → index in `snaps` (one sample per hashtag and time), built once a hashtag has many rows */
	byTime?: Map<number, number>;
}

/** Where `snaps` holds a snapshot taken at `t`, if it does. */
function indexAt(entry: Touched, t: number): number | undefined {
	if (entry.snaps.length < 16) {
		for (let i = 0; i < entry.snaps.length; i++) if (entry.snaps[i].t === t) return i;
		return undefined;
	}
	entry.byTime ??= new Map(entry.snaps.map((s, i) => [s.t, i]));
	return entry.byTime.get(t);
}

/**
 * This run's snapshots by hashtag key. Two spellings of one tag in a watchlist (`BookTok`,
 * `#booktok`) share one fetch: they are one sample of one hashtag (both input items pair with its
 * result), not a run processed twice. Same-time snapshots with different counts keep the first
 * (a successful fetch beats a failed one) and are counted in `conflicts`.
 */
function groupSnapshots(snapshots: AnalyzeParams['snapshots'], idToKey: Map<string, string>): { touched: Map<string, Touched>; conflicts: number } {
	const touched = new Map<string, Touched>();
	let conflicts = 0;
	snapshots.forEach((snap, index) => {
		let key = hashtagKey(snap.hashtag.startsWith('id:') ? null : snap.hashtag, snap.hashtagId ?? null);
		if (key === null) return;
		// An error item may carry only the id: attribute it to the stored hashtag with that id.
		if (key.startsWith('id:') && snap.hashtagId) key = idToKey.get(snap.hashtagId) ?? key;
		if (snap.hashtagId) idToKey.set(snap.hashtagId, key);
		const entry: Touched = touched.get(key) ?? { key, current: snap, snaps: [], sources: [] };
		touched.set(key, entry);
		// At the same time, a successful fetch beats a failed one.
		const c = entry.current;
		if (snap.t > c.t || (snap.t === c.t && snap.status === 'ok' && c.status !== 'ok')) entry.current = snap;
		entry.sources.push(snap.source ?? index);
		const at = indexAt(entry, snap.t);
		if (at === undefined) {
			entry.byTime?.set(snap.t, entry.snaps.length);
			entry.snaps.push(snap);
			return;
		}
		const kept = entry.snaps[at];
		if (snap.status === 'ok' && kept.status !== 'ok') entry.snaps[at] = snap;
		else if (snap.status === 'ok' && (snap.views !== kept.views || (snap.videos ?? null) !== (kept.videos ?? null))) conflicts++;
	});
	return { touched, conflicts };
}

/** Adds snapshots to a series; returns how many were stored already (same time). */
function addSnapshots(series: Series, snaps: SnapshotInput[]): number {
	let duplicates = 0;
	for (const snap of snaps) {
		series.id = snap.hashtagId || series.id;
		series.group = snap.group || series.group;
		if (snap.status !== 'ok' || snap.views === null || snap.views === undefined) addMissing(series, { t: snap.t, reason: snap.error ?? 'fetch failed' });
		else if (!addSample(series, { t: snap.t, views: snap.views, videos: snap.videos ?? null })) duplicates++;
	}
	return duplicates;
}

/**
 * Input mode: the history rows as one series, with the retention the built-in history would have
 * applied by the previous run (as of the previous sample), then this run's sample.
 */
function seriesFromRows(entry: Touched, maxMissing: number): Series {
	const all = emptySeries(entry.key);
	addSnapshots(all, entry.snaps);
	const before = all.t.filter((t) => t < entry.current.t).length;
	if (before === 0) return all;
	const head = { ...all, t: all.t.slice(0, before), views: all.views.slice(0, before), videos: all.videos.slice(0, before) };
	// The previous run is the latest row before this one, a failed fetch's row included: the built-in
	// history was pruned as of that run.
	let previousRun = all.t[before - 1];
	for (const m of all.missing) if (m.t < entry.current.t && m.t > previousRun) previousRun = m.t;
	const series = pruneSeries(head, previousRun, maxMissing);
	if (all.t[before] === entry.current.t) addSample(series, { t: all.t[before], views: all.views[before], videos: all.videos[before] });
	return series;
}

/**
 * Input rows hold every hashtag ever stored; only those with a row from this run (within the
 * Current Run Window of the newest row) are analysed. Returns the others' keys.
 */
function staleHashtags(touched: Map<string, Touched>, options: TrendOptions, warnings: string[]): Set<string> {
	const runT = Math.max(...[...touched.values()].map((e) => e.current.t));
	const from = options.currentRunWindowHours > 0 ? runT - options.currentRunWindowHours * 3600 : -Infinity;
	const stale = [...touched.values()].filter((e) => e.current.t < from).map((e) => e.key);
	if (stale.length > 0) {
		const at = new Date(runT * 1000).toISOString();
		warnings.push(
			`${stale.length} hashtag(s) in the history rows have no row from this run (newest row more than ${options.currentRunWindowHours} h before ${at}) and were left out: ${listed(stale)}. Raise Current Run Window (Hours), or set it to 0, to analyse them anyway.`,
		);
	}
	return new Set(stale);
}

/** The series every stored hashtag is decoded into in turn (analyze is synchronous; results copy what they show). */
const SCRATCH = emptySeries('');

export function analyze(params: AnalyzeParams): AnalyzeOutcome {
	const options = resolveOptions(params.options);
	const now = Math.round(params.now.getTime() / 1000);
	const builtIn = params.historySource === 'builtIn';
	// Built-in: the state is read once; each hashtag is decoded, updated and stored into the next state.
	const stored = readState<RunSummary>(builtIn ? params.state : undefined);
	const warnings = [...stored.warnings];
	const idToKey = new Map<string, string>();
	for (const [key, raw] of Object.entries(stored.tags)) {
		const id = (raw as { i?: unknown } | null)?.i;
		if (typeof id === 'string') idToKey.set(id, key);
	}
	const { touched, conflicts } = groupSnapshots(params.snapshots, idToKey);
	if (conflicts > 0) warnings.push(`${conflicts} input item(s) repeat a hashtag at the same time with other counts; the first of each was used.`);
	const stale = builtIn ? new Set<string>() : staleHashtags(touched, options, warnings);
	const nextTags: Record<string, string> = {};
	const bad: string[] = [];
	const open = (key: string): Series => {
		try {
			return Object.prototype.hasOwnProperty.call(stored.tags, key) ? decodeSeries(key, stored.tags[key], SCRATCH) : emptySeries(key);
		} catch {
			bad.push(key);
			return emptySeries(key);
		}
	};
	const keep = (series: Series) => {
		const record = storeSeries(series, now, options.maxMissingMarkers);
		if (record) nextTags[series.key] = record;
	};
	let duplicates = 0;
	const computed: Array<{ m: TrendResult; sources: number[] }> = [];
	for (const entry of touched.values()) {
		if (stale.has(entry.key)) continue;
		const series = builtIn ? open(entry.key) : seriesFromRows(entry, options.maxMissingMarkers);
		if (builtIn) duplicates += addSnapshots(series, entry.snaps);
		const { status, t, error } = entry.current;
		computed.push({ m: computeMetrics(series, { status, t, error }, options), sources: entry.sources });
		if (builtIn) keep(series);
	}
	// Hashtags not in this run keep their history (pruned like the others).
	for (const key of Object.keys(stored.tags)) if (!touched.has(key)) keep(open(key));
	if (bad.length > 0) warnings.push(corruptWarning(bad));
	if (duplicates > 0) {
		warnings.push(`${duplicates} snapshot(s) were already stored with the same time and were not added again (same run processed twice?).`);
	}
	computed.sort((a, b) => compareForRank(a.m, b.m, options.rankBy));
	computed.forEach(({ m }, i) => (m.rank = i + 1));
	const results = computed.map((c) => c.m);
	const summary: RunSummary = {
		at: params.now.toISOString(),
		executionId: params.executionId ?? null,
		rankBy: options.rankBy,
		// Bounded: what a report step can show — every alert plus the top of the ranking.
		rows: results.filter((r) => r.isAlert || r.rank <= SUMMARY_TOP_ROWS).map(summaryRow),
	};
	const state = builtIn ? newState(nextTags, stored.seq + 1, summary) : null;
	return { results, sources: computed.map((c) => c.sources), alerts: results.filter((r) => r.isAlert), state, summary, warnings };
}
