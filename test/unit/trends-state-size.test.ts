/**
 * Size of the built-in state of a hashtag after a year of hourly runs. The goal is 3 KB;
 * the plain-JSON history keeps 7 days and 2 hours of hourly samples (the seasonal baseline reads
 * 7 days of them) plus 26 weekly points, which measures about 2.8 KB — this test holds the goal.
 * The benchmark measures it on 10,000 hashtags; this test holds the line on the first 400 of the same
 * deterministic hashtags (log-uniform sizes and growth, daily cycle, noise, 0.5 % failed fetches),
 * ingested hour by hour and pruned with the node's own retention, then one real analyze() run.
 */
import { analyze, addMissing, addSample, emptySeries, pruneSeries, resolveOptions, saveHistory } from '../../lib/trends';

interface Generated {
	name: string;
	id: string;
	next(h: number): { views: number; videos: number } | null;
}
// The benchmark's generator, shared so the two measure the same data.
const bench = require('../../bench/sections/analyzer.js') as { makeHashtag: (i: number) => Generated; DAYS: number };

const HOUR = 3600;
const TAGS = 400;

describe('built-in state size', () => {
	it(`a year of hourly history stays within 3 KB per hashtag (${TAGS} benchmark hashtags)`, () => {
		const options = resolveOptions({});
		const end = Math.floor(Date.UTC(2026, 10, 1) / 1000);
		const hours = bench.DAYS * 24;
		const start = end - hours * HOUR;
		const tags = Array.from({ length: TAGS }, (_, i) => bench.makeHashtag(i));
		const series = tags.map((tag) => {
			const s = emptySeries(tag.name);
			s.id = tag.id;
			for (let h = 0; h < hours; h++) {
				const t = start + h * HOUR;
				const c = tag.next(h);
				if (c === null) addMissing(s, { t, reason: 'HTTP 503: upstream temporarily unavailable' });
				else addSample(s, { t, views: c.views, videos: c.videos });
			}
			return pruneSeries(s, start + (hours - 1) * HOUR, options.maxMissingMarkers);
		});
		const t = start + hours * HOUR;
		const snapshots = tags.map((tag) => {
			const c = tag.next(hours);
			return c === null
				? { hashtag: tag.name, hashtagId: tag.id, t, status: 'missing' as const, error: 'HTTP 503' }
				: { hashtag: tag.name, hashtagId: tag.id, t, status: 'ok' as const, views: c.views, videos: c.videos };
		});
		const outcome = analyze({ now: new Date(t * 1000), snapshots, historySource: 'builtIn', state: saveHistory(series, 0, null), executionId: 'size' });
		expect(outcome.results).toHaveLength(TAGS);
		const history = { ...(outcome.state as unknown as Record<string, unknown>), lastRun: undefined };
		const perTag = Buffer.byteLength(JSON.stringify(history), 'utf8') / TAGS;
		expect(perTag).toBeGreaterThan(500); // a year of samples is really in there
		expect(perTag).toBeLessThanOrEqual(3 * 1024);
	});
});
