import { analyze } from '../../lib/trends';
import type { AnalyzeOutcome, SnapshotInput, TrendOptions } from '../../lib/trends';

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
