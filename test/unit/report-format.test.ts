import * as fc from 'fast-check';
import {
	escapeCsvCell,
	escapeHtml,
	escapeMarkdown,
	escapeSlackMrkdwn,
	formatAge,
	formatDateTime,
	formatPct,
	humanNumber,
	isSafeHttpUrl,
	sanitizeText,
	signedHumanNumber,
	sparkline,
	SPARK_BLOCKS,
	SPARK_GAP,
	trendArrow,
	trendCell,
	truncate,
	velocitySeries,
} from '../../lib/report';
import { series } from './report-fixtures';

describe('humanised numbers', () => {
	it.each([
		[0, '0'],
		[7, '7'],
		[2.5, '2.5'],
		[950, '950'],
		[999.6, '1K'],
		[1_000, '1K'],
		[12_345, '12.3K'],
		[123_456, '123K'],
		[999_950, '1M'],
		[1_234_567, '1.2M'],
		[1_234_567_890, '1.2B'],
		[-45_600, '-45.6K'],
		[3e12, '3T'],
		[5e15, '5000T'],
		[-0.04, '0'],
		[0.04, '0'],
	])('%p → %p', (value, expected) => {
		expect(humanNumber(value)).toBe(expected);
	});

	it('shows missing values as "—", never as 0', () => {
		for (const v of [null, undefined, NaN, Infinity, -Infinity]) {
			expect(humanNumber(v as number)).toBe('—');
			expect(signedHumanNumber(v as number)).toBe('—');
			expect(formatPct(v as number)).toBe('—');
			expect(trendArrow(v as number)).toBe('—');
			expect(trendCell(v as number)).toBe('—');
			expect(formatAge(v as number)).toBe('—');
		}
	});

	it('signs deltas and percentages', () => {
		expect(signedHumanNumber(12_300)).toBe('+12.3K');
		expect(signedHumanNumber(-400)).toBe('-400');
		expect(signedHumanNumber(0)).toBe('0');
		expect(formatPct(15.26, '%/h')).toBe('+15.3 %/h');
		expect(formatPct(-3.21)).toBe('-3.2 %');
		expect(formatPct(250)).toBe('+250 %');
		expect(formatPct(0.001)).toBe('0.0 %');
		expect(formatPct(5.2, '%', false)).toBe('5.2 %');
	});

	it('picks trend arrows with a flat band', () => {
		expect(trendArrow(2)).toBe('▲');
		expect(trendArrow(-2)).toBe('▼');
		expect(trendArrow(0)).toBe('▶');
		expect(trendArrow(0.01)).toBe('▶');
		expect(trendCell(15.26)).toBe('▲ +15.3 %/h');
	});

	it('formats ages', () => {
		expect(formatAge(0.25)).toBe('15 min');
		expect(formatAge(5)).toBe('5 h');
		expect(formatAge(30)).toBe('30 h');
		expect(formatAge(72)).toBe('3 d');
	});

	it('formats the generation time in the requested zone, UTC for an unknown zone', () => {
		expect(formatDateTime('2026-11-22T06:00:00Z')).toBe('2026-11-22 06:00 UTC');
		expect(formatDateTime('2026-11-22T06:00:00Z', 'Europe/Berlin')).toBe('2026-11-22 07:00 Europe/Berlin');
		expect(formatDateTime('2026-11-22T06:00:00Z', 'Not/AZone')).toBe('2026-11-22 06:00 UTC');
		expect(formatDateTime('yesterday')).toBe('yesterday');
		expect(formatDateTime('')).toBe('—');
	});
});

describe('sparkline', () => {
	it('scales between min and max with the eight blocks', () => {
		expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
		expect(sparkline([10, 0])).toBe('█▁');
	});

	it('uses the gap character for missing values, never the lowest block', () => {
		expect(sparkline([1, null, 3, NaN, 5])).toBe(`▁${SPARK_GAP}▅${SPARK_GAP}█`);
		expect(sparkline([null, null])).toBe(SPARK_GAP + SPARK_GAP);
		expect(sparkline([4, null], { gap: ' ' })).toBe('▄ ');
	});

	it('draws equal values as a flat middle line and keeps the last N values', () => {
		expect(sparkline([3, 3, 3])).toBe('▄▄▄');
		expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], { maxLength: 2 })).toBe('▁█');
		expect(sparkline([])).toBe('');
	});

	it('always returns one known block or gap per value', () => {
		fc.assert(
			fc.property(fc.array(fc.option(fc.double(), { nil: null }), { maxLength: 40 }), (values) => {
				const out = Array.from(sparkline(values, { maxLength: 100 }));
				expect(out).toHaveLength(values.length);
				out.forEach((c, i) => {
					const v = values[i];
					if (v === null || !Number.isFinite(v)) expect(c).toBe(SPARK_GAP);
					else expect(SPARK_BLOCKS).toContain(c);
				});
			}),
		);
	});
});

describe('velocitySeries', () => {
	it('gives views per hour per interval and null around missing samples', () => {
		expect(velocitySeries(series([100, 700, null, 1900, 2500], 6))).toEqual([100, null, null, 100]);
		expect(velocitySeries(series([5]))).toEqual([]);
		expect(velocitySeries([{ t: 'bad', views: 1 }, { t: 'worse', views: 2 }])).toEqual([null]);
	});
});

describe('escaping helpers', () => {
	it('escapes HTML special characters', () => {
		expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
			'&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;',
		);
	});

	it('escapes Slack control characters so mentions and links cannot form', () => {
		expect(escapeSlackMrkdwn('<!channel> <@U123> <https://evil|x> &amp;')).toBe(
			'&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|x&gt; &amp;amp;',
		);
	});

	it('backslash-escapes Markdown control characters and flattens line breaks', () => {
		expect(escapeMarkdown('[x](javascript:alert(1))')).toBe('\\[x\\]\\(javascript\\:alert\\(1\\)\\)');
		expect(escapeMarkdown('*_~`|>#\\')).toBe('\\*\\_\\~\\`\\|\\>\\#\\\\');
		expect(escapeMarkdown('a\n# heading')).toBe('a \\# heading');
	});

	it('neutralises spreadsheet formulas and quotes CSV cells', () => {
		expect(escapeCsvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
		expect(escapeCsvCell('+1')).toBe("'+1");
		expect(escapeCsvCell('-1')).toBe("'-1");
		expect(escapeCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(escapeCsvCell('\tx')).toBe("'\tx");
		expect(escapeCsvCell('\r=1')).toBe(`"'\r=1"`);
		expect(escapeCsvCell('  =1')).toBe("'  =1");
		expect(escapeCsvCell(' x')).toBe('" x"');
		expect(escapeCsvCell(-1)).toBe('-1');
		expect(escapeCsvCell(null)).toBe('');
		expect(escapeCsvCell(NaN)).toBe('');
		expect(escapeCsvCell('a,b')).toBe('"a,b"');
		expect(escapeCsvCell('plain')).toBe('plain');
	});

	it('removes bidi overrides and zero-width characters', () => {
		expect(sanitizeText('ab\u202Ecd\u2066e\u200Bf\uFEFFg\u200Dh')).toBe('abcdefgh');
		expect(escapeHtml('\u202Ex')).toBe('x');
		expect(escapeSlackMrkdwn('\u2067x')).toBe('x');
	});

	it('truncates by code points without splitting surrogate pairs', () => {
		expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
		expect(sanitizeText('a'.repeat(5000), 10)).toBe('aaaaaaaaa…');
		expect(sanitizeText('  line\none\r\n\ttwo  ')).toBe('line one two');
	});

	it('accepts only http(s) URLs for links', () => {
		expect(isSafeHttpUrl('https://www.tiktok.com/@a/video/1?x=1&y=2')).toBe(true);
		expect(isSafeHttpUrl('http://example.com')).toBe(true);
		for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'https://a|b', 'https://a>b', 'https://a b', '//evil', 'ftp://x', 'https://a\u202E']) {
			expect(isSafeHttpUrl(bad)).toBe(false);
		}
	});
});

describe('property tests', () => {
	it('run from one fixed seed (test/setup-fast-check.ts), so every run checks the same cases', () => {
		expect(fc.readConfigureGlobal().seed).toBe(Number(process.env.FC_SEED ?? 20261122));
	});
});
