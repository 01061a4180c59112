import { analyze, decodeSeries } from '../../lib/trends';
import type { AnalyzeOutcome, Sample, Series, SnapshotInput, StoredSeries, TrendOptions, TrendState } from '../../lib/trends';

export const HOUR = 3600;
export const DAY = 86400;
export const T0 = Date.UTC(2026, 0, 1) / 1000;

export function ok(hashtag: string, t: number, views: number, videos: number | null = 100): SnapshotInput {
	return { hashtag, t, views, videos, status: 'ok' };
}

export function missing(hashtag: string, t: number, error = 'HTTP 429'): SnapshotInput {
	return { hashtag, t, status: 'missing', error };
}

/** Runs analyze like the node does: the state goes through JSON between runs (static data). */
export class Runner {
	state: unknown = undefined;
	constructor(private readonly options: Partial<TrendOptions> = {}) {}
	run(snapshots: SnapshotInput[], nowSeconds?: number): AnalyzeOutcome {
		const now = nowSeconds ?? Math.max(...snapshots.map((s) => s.t));
		const out = analyze({ now: new Date(now * 1000), snapshots, historySource: 'builtIn', state: this.state, options: this.options });
		this.state = JSON.parse(JSON.stringify(out.state));
		return out;
	}
}

/** A series' columns as sample objects (for readable assertions). */
export function samplesOf(s: Series | undefined): Sample[] {
	return s ? s.t.map((t, k) => ({ t, views: s.views[k], videos: s.videos[k] })) : [];
}

/** The series with only the samples `keep` accepts. */
export function filterSamples(s: Series, keep: (sample: Sample) => boolean): Series {
	const k = samplesOf(s).map(keep);
	return { ...s, t: s.t.filter((_, i) => k[i]), views: s.views.filter((_, i) => k[i]), videos: s.videos.filter((_, i) => k[i]) };
}

/** The stored records of a state (its `tags` hold each record's JSON text). */
export function recordsOf(state: unknown): Record<string, StoredSeries> {
	const tags = (state as TrendState).tags;
	return Object.fromEntries(Object.entries(tags).map(([k, text]) => [k, JSON.parse(text) as StoredSeries]));
}

/** Stored records as a state's `tags` (each record as JSON text). */
export function textTags(records: Record<string, unknown>): Record<string, string> {
	return Object.fromEntries(Object.entries(records).map(([k, r]) => [k, JSON.stringify(r)]));
}

/**
 * What production reads back from a stored state: one analyze() run with no snapshot (a run of an
 * empty watchlist) opens every stored record the way each run does — an unreadable record is reset
 * with a warning, the others are pruned as of `nowSeconds` and stored again. Returns those records,
 * decoded, and the run's warnings.
 */
export function readBack(state: unknown, nowSeconds: number): { series: Map<string, Series>; warnings: string[] } {
	const out = analyze({ now: new Date(nowSeconds * 1000), snapshots: [], historySource: 'builtIn', state });
	const series = new Map<string, Series>();
	for (const [key, record] of Object.entries(recordsOf(out.state))) series.set(key, decodeSeries(key, record));
	return { series, warnings: out.warnings };
}
