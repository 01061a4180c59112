/**
 * One spelling everywhere: whatever a user types, the Scavio node's watchlist parser and the
 * analyzer's hashtag key agree — a text the analyzer reads as one hashtag is that same single tag
 * for the node, and a text the node reads as several tags is never one hashtag for the analyzer.
 */
import fc from 'fast-check';

import { parseHashtagList } from '../../lib/scavio';
import { analyze, hashtagKey, toSnapshotRow } from '../../lib/trends';
import type { SnapshotInput } from '../../lib/trends';

// Letters in several cases and widths, digits, "_", separators, "#" in both widths, spaces of several kinds.
const PIECES = ['a', 'B', 'é', 'Ｃ', '東', '1', '_', '#', '＃', ' ', '\u3000', '\t', ',', '，', ';', '、', '-', 'k'];

function nodeTags(text: string): string[] | null {
	try {
		return parseHashtagList(text);
	} catch {
		return null;
	}
}

describe('the Scavio node and the analyzer spell a hashtag the same way', () => {
	it('for any typed text', () => {
		let single = 0;
		let several = 0;
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 12 }), (pieces) => {
				const text = pieces.join('');
				const key = hashtagKey(text, null);
				const tags = nodeTags(text);
				if (key !== null) {
					single++;
					expect(tags).toEqual([key]);
					// the stored row spells it the same way
					expect(toSnapshotRow({ hashtag: text, hashtagId: null, group: null, t: 0, status: 'ok', error: null, views: 1, videos: 1 }).hashtag).toBe(key);
				}
				if (tags !== null && tags.length > 1) {
					several++;
					expect(key).toBeNull();
				}
			}),
			{ numRuns: 3000 },
		);
		// both branches really ran
		expect(single).toBeGreaterThan(100);
		expect(several).toBeGreaterThan(100);
	});

	it.each([
		['BookTok', 'booktok'],
		['#booktok', 'booktok'],
		[' ＃ＢＯＯＫＴＯＫ ', 'booktok'],
		['#BookTok\n', 'booktok'],
	])('%p is "%s" for both', (text, tag) => {
		expect(hashtagKey(text, null)).toBe(tag);
		expect(parseHashtagList(text)).toEqual([tag]);
	});

	it('"summer vibes" is two tags for the node and no single hashtag for the analyzer', () => {
		expect(parseHashtagList('summer vibes')).toEqual(['summer', 'vibes']);
		expect(hashtagKey('summer vibes', null)).toBeNull();
		expect(hashtagKey('summer vibes', '42')).toBe('id:42');
	});
});

describe('one sample per hashtag and time, however many rows a hashtag has', () => {
	it.each([3, 40])('%i history rows plus a second spelling of the newest one: no warning when it is the same sample, one when counts differ', (rows) => {
		const T = Date.UTC(2026, 0, 1) / 1000;
		const history: SnapshotInput[] = Array.from({ length: rows }, (_, i) => ({ hashtag: 'booktok', t: T + i * 3600, views: 1000 + i * 10, videos: 5, status: 'ok' }));
		const newest = history[rows - 1];
		const run = (extra: SnapshotInput) => analyze({ now: new Date(newest.t * 1000), historySource: 'input', snapshots: [...history, extra] });
		const same = run({ ...newest, hashtag: '#BookTok' });
		expect(same.results).toHaveLength(1);
		expect(same.warnings).toEqual([]);
		expect(same.results[0].historySamples).toBe(rows);
		const other = run({ ...newest, hashtag: 'BOOKTOK', views: newest.views! + 5 });
		expect(other.warnings).toEqual(['1 input item(s) repeat a hashtag at the same time with other counts; the first of each was used.']);
		expect(other.results[0].views).toBe(newest.views);
	});
});
