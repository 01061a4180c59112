import * as fc from 'fast-check';
import {
	CSV_COLUMNS,
	renderCsv,
	renderHtml,
	renderMarkdown,
	renderReport,
	renderSlack,
	renderSvgChart,
	type ReportInput,
	type ReportRow,
} from '../../lib/report';
import { GENERATED_AT, parseCsv, realisticInput, row, series } from './report-fixtures';

/** Markdown table rows (lines starting with "| " followed by a digit), split into trimmed cells. */
function markdownTableRows(markdown: string): string[][] {
	return markdown
		.split('\n')
		.filter((l) => /^\| \d/.test(l))
		.map((l) =>
			l
				.slice(1, -1)
				.split(/(?<!\\)\|/)
				.map((c) => c.trim()),
		);
}

describe('renderReport on a realistic input', () => {
	const input = realisticInput();
	const report = renderReport(input);

	it('returns every format, with slackBlocksJson matching slackBlocks', () => {
		for (const key of ['text', 'markdown', 'slackBlocksJson', 'html', 'htmlWithCharts', 'csv'] as const) {
			expect(typeof report[key]).toBe('string');
			expect(report[key].length).toBeGreaterThan(0);
		}
		expect(JSON.parse(report.slackBlocksJson)).toEqual(report.slackBlocks);
	});

	it('renders a ranked Markdown table with arrows, humanised numbers, sparklines and flags', () => {
		const md = report.markdown;
		expect(md.startsWith('# TikTok hashtag trends — daily\n')).toBe(true);
		expect(md).toContain('Generated 2026\\-11\\-22 07\\:00 Europe/Berlin · ranked by views per hour · 5 hashtags');
		expect(md).toContain('| # | Hashtag | Trend | Views | Δ views | Views/h | WoW | Videos | Velocity | Flags |');
		const rows = markdownTableRows(md);
		expect(rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5']);
		expect(rows.every((r) => r.length === 10)).toBe(true);
		expect(rows[0]).toEqual([
			'1',
			'\\#skincareroutine (brand)',
			'▲ +15.3 %/h',
			'1.2B',
			'+91.8M (+8.0 %)',
			'15.3M/h',
			'+42.5 %',
			'2.3M',
			'`▁▂██`',
			'breakout, spike',
		]);
		expect(rows[1][1]).toBe('\\#coffeetok (competitors)'); // leading '#' not doubled
		expect(rows[2][2]).toBe('▶ 0.0 %/h');
		expect(rows[2][8]).toBe('`███▁`');
		expect(md).toContain('**Alerts:** 1 breakout, 1 spike, 1 drop, 1 missing');
		expect(md).toContain('breakout\\: growing far faster than its usual range');
		expect(md).toContain('not enough history yet for anomaly detection');
	});

	it('lists top videos of breakout hashtags with link, author, views and age', () => {
		expect(report.markdown).toContain('## Top videos\n\n### \\#skincareroutine\n');
		expect(report.markdown).toContain(
			'1. [My 3\\-step routine ✨ \\#skincareroutine](https://www.tiktok.com/@glowlab/video/7311111111111111111) — @glowlab · 2.4M views · 5 h old · 480K/h',
		);
		expect(report.markdown).toContain('— @dermdoc · 880K views · 30 h old · 29.3K/h');
		expect(report.html).toContain('<a href="https://www.tiktok.com/@glowlab/video/7311111111111111111"');
		const slackVideos = JSON.stringify(report.slackBlocks);
		expect(slackVideos).toContain('<https://www.tiktok.com/@glowlab/video/7311111111111111111|My 3-step routine ✨ #skincareroutine>');
	});

	it('shows emerging hashtags, notes and a footer with the generation time', () => {
		expect(report.markdown).toContain('- \\#glassskin — 4 top videos · 8.3 % engagement');
		expect(report.markdown).toContain('- \\#morningshed — 2 top videos\n');
		expect(report.markdown).toContain('1 hashtag could not be fetched; it is shown as missing\\.');
		expect(report.markdown).toMatch(/---\n\n_Generated 2026\\-11\\-22 07\\:00 Europe\/Berlin by the Hashtag Trend Analyzer\\._\n$/);
		expect(report.html).toContain('Generated 2026-11-22 07:00 Europe/Berlin by the Hashtag Trend Analyzer.');
		expect(report.text).toContain('Generated 2026-11-22 07:00 Europe/Berlin');
	});

	it('keeps the plain text short and names the alerts', () => {
		expect(report.text.split('\n')).toEqual([
			'TikTok hashtag trends — daily — 5 hashtags ranked by views per hour',
			'Top: #skincareroutine ▲ +15.3 %/h, #coffeetok ▲ +0.2 %/h, #oldtrend ▶ 0.0 %/h, #unreachable —, #brandnew —',
			'Alerts: 1 breakout, 1 spike, 1 drop, 1 missing (breakout: #skincareroutine; spike: #skincareroutine; drop: #oldtrend)',
			'Generated 2026-11-22 07:00 Europe/Berlin',
		]);
	});

	it('makes the email HTML a table with inline styles only: no script, style element, SVG or images', () => {
		const html = report.html;
		expect(html).toMatch(/^<!DOCTYPE html>/);
		expect(html).toContain('<table role="presentation"');
		expect(html).not.toMatch(/<script|<style|<svg|<img|<link|class=/i);
		expect((html.match(/<tr>/g) ?? []).length).toBe(1 + input.rows.length);
		expect(html).toContain('▁▂██');
		// Seven columns so the table fits a 600 px email; flags are badges under the hashtag.
		expect((html.match(/<th /g) ?? []).length).toBe(7);
		expect(html).toMatch(/<span title="breakout: growing far faster than its usual range" style="[^"]*">breakout<\/span>/);
	});

	it('adds one inline SVG chart per hashtag to the standalone HTML', () => {
		expect((report.htmlWithCharts.match(/<svg /g) ?? []).length).toBe(input.rows.length);
		expect(report.htmlWithCharts).not.toMatch(/<script|<img|<foreignObject|href=["']javascript/i);
	});

	it('builds a valid Slack message', () => {
		const { blocks, text } = report.slackBlocks;
		expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'TikTok hashtag trends — daily', emoji: true } });
		expect(text).toBe('TikTok hashtag trends — daily: 1 breakout, 1 spike, 1 drop, 1 missing (#skincareroutine, #oldtrend)');
		const sectionTexts = blocks.filter((b) => b.type === 'section').map((b) => (b.text as { text: string }).text);
		expect(sectionTexts.join('\n')).toContain('*1. #skincareroutine* (brand)  ▲ +15.3 %/h  `▁▂██`');
		expect(sectionTexts.join('\n')).toContain('Views — (—, —) · — · WoW — · videos —');
		expect(sectionTexts.join('\n')).not.toContain('|---');
	});

	it('exports CSV with raw numbers, empty cells for missing values and one row per hashtag', () => {
		const records = parseCsv(report.csv);
		expect(records[0]).toEqual([...CSV_COLUMNS]);
		expect(records).toHaveLength(1 + input.rows.length);
		const first = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, records[1][i]]));
		expect(first).toMatchObject({
			rank: '1',
			hashtag: 'skincareroutine',
			group: 'brand',
			views: '1234567890',
			growthPctPerHour: '15.26',
			flags: 'breakout;spike',
			samples: '5',
			missingSamples: '0',
			generatedAt: GENERATED_AT,
		});
		const missing = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, records[4][i]]));
		expect(missing).toMatchObject({ hashtag: 'unreachable', views: '', viewsDelta: '', videos: '', viewsPerHour: '', missingSamples: '3' });
		expect(report.csv.endsWith('\r\n')).toBe(true);
		expect(report.csv.startsWith('rank,')).toBe(true);
		const withBom = renderCsv(input, { bom: true });
		expect(withBom).toBe('\uFEFF' + report.csv);
	});
});

describe('missing values are never rendered as 0', () => {
	const allMissing = (rank: number): ReportRow =>
		row({
			rank,
			hashtag: `gone${rank}`,
			views: null,
			viewsDelta: null,
			viewsDeltaPct: null,
			videos: null,
			videosDelta: null,
			viewsPerHour: null,
			growthPctPerHour: null,
			weekOverWeekPct: null,
			accelerationPerHour2: null,
			flags: ['missing'],
			explanation: '',
			series: series([null, null, null]),
		});

	it('shows "—" in every numeric cell of Markdown, Slack, HTML and an empty CSV cell', () => {
		const input: ReportInput = { title: 'T', generatedAt: GENERATED_AT, rankMetricLabel: 'views per hour', rows: [allMissing(1)] };
		const [cells] = markdownTableRows(renderMarkdown(input));
		expect(cells.slice(2, 8)).toEqual(['—', '—', '— (—)', '—', '—', '—']);
		expect(cells[8]).toBe('`··`');
		const slack = JSON.stringify(renderSlack(input).blocks);
		expect(slack).toContain('Views — (—, —) · — · WoW — · videos —');
		const html = renderHtml(input);
		const dataRow = html.split('\n').find((l) => l.startsWith('<tr><td'))!;
		expect(dataRow.replace(/<[^>]+>/g, ' ').replace(/style="[^"]*"/g, '')).not.toMatch(/\b0\b/);
		const [, record] = parseCsv(renderCsv(input));
		const byColumn = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, record[i]]));
		for (const c of ['views', 'viewsDelta', 'viewsDeltaPct', 'videos', 'videosDelta', 'viewsPerHour', 'growthPctPerHour', 'weekOverWeekPct', 'accelerationPerHour2']) {
			expect(byColumn[c]).toBe('');
		}
	});

	it('holds for random mixes of null and numeric metrics (property)', () => {
		const metric = fc.option(fc.double({ min: 1, max: 1e9, noNaN: true }), { nil: null });
		fc.assert(
			fc.property(fc.array(fc.tuple(metric, metric, metric, metric), { minLength: 1, maxLength: 8 }), (metrics) => {
				const rows = metrics.map(([views, vph, growth, videos], i) =>
					row({ rank: i + 1, hashtag: `t${i}`, views, viewsPerHour: vph, growthPctPerHour: growth, videos, viewsDelta: null, viewsDeltaPct: null, weekOverWeekPct: null }),
				);
				const input: ReportInput = { title: 'T', generatedAt: GENERATED_AT, rankMetricLabel: 'r', rows };
				const table = markdownTableRows(renderMarkdown(input));
				const records = parseCsv(renderCsv(input)).slice(1);
				metrics.forEach(([views, vph, growth, videos], i) => {
					const cells = table[i];
					expect(cells[3] === '—').toBe(views === null);
					expect(cells[5] === '—').toBe(vph === null);
					expect(cells[2] === '—').toBe(growth === null);
					expect(cells[7] === '—').toBe(videos === null);
					expect(cells[4]).toBe('— (—)');
					expect(records[i][CSV_COLUMNS.indexOf('views')] === '').toBe(views === null);
					expect(records[i][CSV_COLUMNS.indexOf('viewsDelta')]).toBe('');
				});
			}),
			{ numRuns: 100 },
		);
	});
});

describe('renderSvgChart', () => {
	const pathsOf = (svg: string) => [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]);

	it('breaks the line at missing samples instead of drawing them at zero', () => {
		const svg = renderSvgChart(series([1_000_000, 1_100_000, null, 1_200_000, 1_300_000, null, 1_400_000]), { title: '#x' });
		const paths = pathsOf(svg);
		expect(paths).toHaveLength(2);
		for (const d of paths) expect(d.match(/[ML]/g)).toHaveLength(2);
		// Seven known-or-missing samples, five known: five dots (the isolated last one included).
		expect((svg.match(/<circle /g) ?? []).length).toBe(5);
		expect(svg).toContain('2 missing samples');
		// The y axis spans the data (1M…1.4M), it is not stretched down to zero.
		expect(svg).toContain('>1M</text>');
		expect(svg).toContain('>1.4M</text>');
		expect(svg).not.toContain('>0</text>');
	});

	it('labels the axes and escapes the title', () => {
		const svg = renderSvgChart(series([1, 2, 3]), { title: '<script>alert(1)</script>' });
		expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(svg).not.toContain('<script');
		expect(svg).toMatch(/>11-22 \d\d:00<\/text>/);
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		expect(svg.endsWith('</svg>')).toBe(true);
	});

	it('says "no data" when every sample is missing, and survives extreme values', () => {
		expect(renderSvgChart(series([null, null]))).toContain('>no data</text>');
		expect(renderSvgChart([])).toContain('>no data</text>');
		const extreme = renderSvgChart(series([-1.7e308, 1.7e308, 5]));
		expect(extreme).not.toMatch(/NaN|Infinity/);
		const flat = renderSvgChart(series([7, 7, 7]));
		expect(flat).not.toMatch(/NaN|Infinity/);
	});

	it('switches to exact y labels when humanised ones would collide', () => {
		const svg = renderSvgChart(series([5_002_000, 5_001_000, 5_000_000]));
		expect(svg).toContain('>5,002,000</text>');
		expect(svg).toContain('>5,001,000</text>');
		expect(svg).toContain('>5,000,000</text>');
	});

	it('ignores a colour that is not a hex colour', () => {
		expect(renderSvgChart(series([1, 2]), { color: 'red" onload="x' })).not.toContain('onload');
	});
});

describe('malformed input', () => {
	it('renders instead of throwing when fields are missing or of the wrong type', () => {
		fc.assert(
			fc.property(
				fc.array(fc.dictionary(fc.constantFrom('rank', 'hashtag', 'views', 'flags', 'series', 'topVideos', 'explanation', 'group'), fc.anything()), { maxLength: 4 }),
				fc.anything(),
				(rows, emerging) => {
					const input = { title: undefined, generatedAt: null, rankMetricLabel: undefined, rows, emerging, notes: emerging } as unknown as ReportInput;
					const report = renderReport(input);
					expect(report.markdown).toContain('# TikTok hashtag trends');
					expect(parseCsv(report.csv)).toHaveLength(1 + rows.length);
				},
			),
			// The example is a counterexample fast-check once found: String() throws on {"toString": 0}.
			{ numRuns: 200, examples: [[[{ explanation: { toString: 0 }, hashtag: { toString: 0 }, flags: [{ toString: 0 }] }], { toString: 0 }]] },
		);
		expect(() => renderReport({} as ReportInput)).not.toThrow();
		expect(() => renderReport(null as unknown as ReportInput)).not.toThrow();
	});
});

describe('top videos', () => {
	const video = (id: number) => ({ url: `https://www.tiktok.com/@u/video/${id}`, description: `clip ${id}`, author: 'u', views: 100, ageHours: 2, viewsPerHour: 50 });

	it('are listed for every hashtag that carries them, breakouts first, then alerts, then the rest', () => {
		const input: ReportInput = {
			title: 'T',
			generatedAt: GENERATED_AT,
			rankMetricLabel: 'r',
			rows: [
				row({ rank: 1, hashtag: 'plain', topVideos: [video(1)] }),
				row({ rank: 2, hashtag: 'dropping', flags: ['drop'], topVideos: [video(2)] }),
				row({ rank: 3, hashtag: 'hot', flags: ['breakout'], topVideos: [video(3)] }),
				row({ rank: 4, hashtag: 'novideos', flags: ['breakout'] }),
			],
		};
		const md = renderMarkdown(input);
		const order = [...md.matchAll(/^### \\#(\w+)$/gm)].map((m) => m[1]);
		expect(order).toEqual(['hot', 'dropping', 'plain']);
		const html = renderHtml(input);
		expect([...html.matchAll(/Top videos for #(\w+)/g)].map((m) => m[1])).toEqual(['hot', 'dropping', 'plain']);
		const slack = JSON.stringify(renderSlack(input).blocks);
		expect([...slack.matchAll(/Top videos for #(\w+)/g)].map((m) => m[1])).toEqual(['hot', 'dropping', 'plain']);
	});

	it('stop after 20 hashtags in Markdown and HTML with an "… and N more" line', () => {
		const rows = Array.from({ length: 23 }, (_, i) => row({ rank: i + 1, hashtag: `t${i}`, topVideos: [video(i)] }));
		const input: ReportInput = { title: 'T', generatedAt: GENERATED_AT, rankMetricLabel: 'r', rows };
		const md = renderMarkdown(input);
		expect(md.match(/^### /gm)).toHaveLength(20);
		expect(md).toContain('_… and 3 more hashtags with top videos._');
		expect(renderHtml(input)).toContain('… and 3 more hashtags with top videos.');
	});

	it('link only http(s) URLs: a javascript: URL stays plain text everywhere', () => {
		const input: ReportInput = {
			title: 'T',
			generatedAt: GENERATED_AT,
			rankMetricLabel: 'r',
			rows: [row({ rank: 1, hashtag: 'x', flags: ['breakout'], topVideos: [{ ...video(1), url: 'javascript:alert(1)' }] })],
		};
		const report = renderReport(input);
		expect(report.markdown).toContain('1. clip 1 — @u');
		expect(report.markdown).not.toContain('](javascript');
		expect(report.html).not.toMatch(/href="javascript/i);
		expect(report.slackBlocksJson).not.toContain('<javascript');
	});
});
