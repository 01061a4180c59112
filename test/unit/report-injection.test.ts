/**
 * Untrusted TikTok text (hashtags, descriptions, author names, …) placed in every text field of a
 * report never produces an injection in any output format. Property-based over a fuzz corpus of
 * hostile strings plus arbitrary Unicode (including lone surrogates and control characters).
 */
import * as fc from 'fast-check';
import {
	CSV_COLUMNS,
	hashtagLabel,
	isSafeHttpUrl,
	renderReport,
	sanitizeText,
	TEXT_LIMITS,
	type RenderedReport,
	type ReportInput,
} from '../../lib/report';
import { GENERATED_AT, parseCsv, row, series } from './report-fixtures';

const HOSTILE = [
	'<!channel>',
	'<!here>',
	'<!everyone>',
	'<@U123>',
	'<#C123|general>',
	'<!subteam^S123>',
	'<https://evil.test|click me>',
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'"><svg onload=alert(1)>',
	"' onmouseover='alert(1)",
	'</td></tr></table><script>',
	'<!-- comment -->',
	']]><x>',
	'&amp;',
	'&lt;!channel&gt;',
	'&#60;script&#62;',
	'*_~`|>',
	'[x](javascript:alert(1))',
	'![x](https://evil.test/a.png)',
	'<javascript:alert(1)>',
	'javascript:alert(1)',
	'# heading',
	'\n- list\n1. item\n> quote',
	'| a | b |\n|---|---|',
	'```code```',
	'\\',
	'\\*',
	'=HYPERLINK("http://evil.test","x")',
	'+cmd|" /C calc"!A0',
	'-2+3',
	'@SUM(1)',
	'\t=1',
	'\r=1',
	' =1',
	'a'.repeat(5000),
	'<'.repeat(5000),
	'\u202Eevil\u202C',
	'\u2066x\u2069\u2067y\u2068',
	'שלום עולם مرحبا',
	'zero\u200Bwidth\u200C\u200D\uFEFF\u2060',
	'👨‍👩‍👧 🎉 #fyp',
	'\u0000\u0007\u001b[31mred',
	'\uD800lone',
	'constructor',
	'__proto__',
	'breakout',
	'{{ $json.x }}',
	'${alert(1)}',
	'https://evil.test/?q=<x>&y=1',
];

const hostile = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
	{ weight: 2, arbitrary: fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 4 }).map((a) => a.join('')) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
	{ weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'<>&"\'`*_~|[]()#\\!-+=@:\n\r\t ;/'.split('')), maxLength: 30 }) },
);

const url = fc.oneof(
	hostile,
	fc.constantFrom(
		'https://www.tiktok.com/@a/video/1?x=1&y=2',
		'https://ok.test/a_(b)*c*',
		'HTTP://OK.TEST/x~y',
		'https://ok.test/#frag!',
	),
);

interface Fields {
	title: string;
	rankMetricLabel: string;
	generatedAt: string;
	timezone: string;
	hashtag: string;
	group: string;
	explanation: string;
	flag: string;
	description: string;
	author: string;
	url: string;
	emerging: string;
	note: string;
}

const fields: fc.Arbitrary<Fields> = fc.record({
	title: hostile,
	rankMetricLabel: hostile,
	generatedAt: fc.oneof(hostile, fc.constant(GENERATED_AT)),
	timezone: fc.oneof(hostile, fc.constant('Europe/Berlin')),
	hashtag: hostile,
	group: hostile,
	explanation: hostile,
	flag: hostile,
	description: hostile,
	author: hostile,
	url,
	emerging: hostile,
	note: hostile,
});

function build(f: Fields): ReportInput {
	return {
		title: f.title,
		generatedAt: f.generatedAt,
		timezone: f.timezone,
		rankMetricLabel: f.rankMetricLabel,
		rows: [
			row({
				rank: 1,
				hashtag: f.hashtag,
				group: f.group,
				flags: ['breakout', f.flag],
				explanation: f.explanation,
				topVideos: [
					{ url: f.url, description: f.description, author: f.author, views: 12_000, ageHours: 3, viewsPerHour: 4_000 },
					{ url: 'https://www.tiktok.com/@b/video/2', description: f.explanation, author: f.group, views: null, ageHours: null, viewsPerHour: null },
				],
			}),
			row({ rank: 2, hashtag: f.emerging, group: f.note, flags: [f.flag], explanation: f.description, series: series([1, null, 3]) }),
		],
		emerging: [{ hashtag: f.emerging, count: 3, engagementRate: 0.04 }],
		notes: [f.note, f.author],
	};
}

/** Same structure with every untrusted string replaced by a harmless one (URL and zone kept). */
function benign(f: Fields): Fields {
	const x = (s: string) => (sanitizeText(s) === '' ? '' : 'x');
	const known = ['breakout', 'spike', 'drop', 'new', 'missing', 'suspicious', 'insufficient_history'];
	return {
		...f,
		title: x(f.title),
		rankMetricLabel: x(f.rankMetricLabel),
		generatedAt: f.generatedAt === GENERATED_AT ? GENERATED_AT : x(f.generatedAt),
		hashtag: x(f.hashtag),
		group: x(f.group),
		explanation: x(f.explanation),
		flag: known.includes(f.flag) ? f.flag : x(f.flag),
		description: x(f.description),
		author: x(f.author),
		emerging: x(f.emerging),
		note: x(f.note),
	};
}

const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060\uFEFF\u0000-\u0008\u000E-\u001F]/;

function allStrings(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
	else if (value && typeof value === 'object') Object.values(value).forEach((v) => allStrings(v, out));
	return out;
}

/** Slack: only our own `<http(s)://…|label>` links; no other <, >, or bare &. */
function checkSlack(report: RenderedReport, allowedUrls: Set<string>) {
	const message = JSON.parse(report.slackBlocksJson);
	expect(message).toEqual(report.slackBlocks);
	for (const text of allStrings(message)) {
		const withoutLinks = text.replace(/<(https?:\/\/[^\s<>|]+)\|([^<>]*)>/gi, (_m, href: string) => {
			expect(allowedUrls.has(href.replace(/&amp;/g, '&'))).toBe(true);
			return '';
		});
		expect(withoutLinks).not.toMatch(/[<>]/);
		expect(text).not.toMatch(/<[!@#]/);
		expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
	}
}

const HTML_TAGS = new Set(
	'html head meta title body div h1 h2 p strong span br table tr th td ul ol li a hr svg rect text line path circle'.split(' '),
);
const HTML_ATTRIBUTES = new Set(
	('lang dir charset name content style role cellpadding cellspacing border href target rel title xmlns width height viewBox ' +
		'aria-label x y x1 y1 x2 y2 cx cy r d fill stroke stroke-width stroke-linejoin text-anchor dominant-baseline ' +
		'font-family font-size font-weight').split(' '),
);

/** Every `<` starts one of our tags with allow-listed, double-quoted attributes; returns the tag sequence. */
function checkHtml(html: string, allowedUrls: Set<string>): string[] {
	expect(html).not.toMatch(/<script|<img|<iframe|<object|<foreignObject|<style|<link/i);
	// No event-handler attribute in any tag once quoted attribute values (escaped text) are set aside.
	for (const tag of html.match(/<[^>]*>/g) ?? []) {
		if (/\son[a-z]+\s*=/i.test(tag.replace(/"[^"]*"/g, '""'))) throw new Error(`event handler in ${tag}`);
	}
	const tags: string[] = [];
	const doctype = '<!DOCTYPE html>';
	expect(html.startsWith(doctype)).toBe(true);
	const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<>]*")*)\s*(\/?)>/y;
	for (let i = html.indexOf('<', doctype.length); i !== -1; i = html.indexOf('<', i + 1)) {
		re.lastIndex = i;
		const m = re.exec(html);
		if (!m) throw new Error(`stray "<" at ${i}: ${JSON.stringify(html.slice(i, i + 60))}`);
		const [, closing, name, attributes] = m;
		if (!HTML_TAGS.has(name)) throw new Error(`unexpected tag ${name}`);
		for (const [, attr, value] of attributes.matchAll(/([a-zA-Z][a-zA-Z0-9:-]*)="([^"]*)"/g)) {
			if (!HTML_ATTRIBUTES.has(attr)) throw new Error(`unexpected attribute ${attr}`);
			if (attr === 'href') {
				const href = value.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
				if (!allowedUrls.has(href)) throw new Error(`unexpected href ${href}`);
			}
		}
		tags.push(closing + name);
	}
	// Text never carries a raw '>' or a bare '&' from input either.
	const text = html.replace(/<[^>]*>/g, '');
	expect(text).not.toMatch(/>/);
	expect(text).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
	return tags;
}

const MD_CONTROL = new Set('\\`*_{}[]()#+-.!|<>~&:='.split(''));

/** Markdown structure: the unescaped control characters and line breaks, in order. */
function markdownSkeleton(md: string): string {
	let out = '';
	for (let i = 0; i < md.length; i++) {
		const c = md[i];
		if (c === '\\') {
			i++; // escaped character: literal text
			continue;
		}
		if (c === '\n' || MD_CONTROL.has(c)) out += c;
	}
	return out;
}

/** Markdown with link destinations (our own, http(s) only) removed. */
function withoutLinkTargets(md: string, allowedUrls: Set<string>): string {
	return md.replace(/\]\((https?:\/\/[^\s()<>]*)\)/gi, (_m, href: string) => {
		expect(allowedUrls.has(decodeURIComponent(href))).toBe(true);
		return '](URL)';
	});
}

function guardCsv(text: string): string {
	return /^[=+\-@\t\r]/.test(text) || /^ +[=+\-@]/.test(text) ? "'" + text : text;
}

function checkCsv(report: RenderedReport, f: Fields) {
	const records = parseCsv(report.csv);
	expect(records).toHaveLength(3);
	for (const record of records) expect(record).toHaveLength(CSV_COLUMNS.length);
	const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
	const first = records[1];
	expect(first[col('hashtag')]).toBe(guardCsv(hashtagLabel(f.hashtag).slice(1)));
	expect(first[col('group')]).toBe(guardCsv(sanitizeText(f.group, TEXT_LIMITS.group)));
	expect(first[col('explanation')]).toBe(guardCsv(sanitizeText(f.explanation, TEXT_LIMITS.csvCell)));
	expect(first[col('views')]).toBe('1000000');
	for (const record of records.slice(1)) {
		for (const name of ['hashtag', 'group', 'flags', 'explanation', 'generatedAt'] as const) {
			expect(record[col(name)]).not.toMatch(/^[=+\-@\t\r]/);
		}
	}
}

describe('hostile text in every field never produces an injection', () => {
	it('in Slack, HTML, SVG, Markdown, CSV and text', () => {
		fc.assert(
			fc.property(fields, (f) => {
				const report = renderReport(build(f));
				const safe = renderReport(build(benign(f)));
				const allowedUrls = new Set(
					['https://www.tiktok.com/@b/video/2', f.url].filter((u) => isSafeHttpUrl(u)),
				);

				for (const output of [report.text, report.markdown, report.slackBlocksJson, report.html, report.htmlWithCharts, report.csv]) {
					expect(output).not.toMatch(INVISIBLE);
					expect(output).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
				}

				checkSlack(report, allowedUrls);

				for (const key of ['html', 'htmlWithCharts'] as const) {
					expect(checkHtml(report[key], allowedUrls)).toEqual(checkHtml(safe[key], allowedUrls));
				}

				// Markdown: hostile text changes no structure (same unescaped control characters and lines).
				expect(markdownSkeleton(withoutLinkTargets(report.markdown, allowedUrls))).toBe(
					markdownSkeleton(withoutLinkTargets(safe.markdown, allowedUrls)),
				);
				expect(markdownSkeleton(withoutLinkTargets(report.markdown, allowedUrls))).not.toMatch(/[<>&]/);
				for (const line of report.markdown.split('\n').filter((l) => l.startsWith('| '))) {
					expect(markdownSkeleton(line).replace(/[^|]/g, '')).toHaveLength(11);
				}

				checkCsv(report, f);

				// Long input is truncated everywhere (the CSV keeps up to TEXT_LIMITS.csvCell).
				expect(report.markdown.length).toBeLessThan(20_000);
				expect(report.html.length).toBeLessThan(40_000);
				expect(report.text.length).toBeLessThanOrEqual(1000);
				expect(report.markdown).not.toMatch(/(.)\1{600}/u);
			}),
			{ numRuns: Number(process.env.REPORT_FUZZ_RUNS) || 200 },
		);
	});

	it('for each corpus string placed in every field at once', () => {
		for (const s of HOSTILE) {
			const f: Fields = {
				title: s, rankMetricLabel: s, generatedAt: s, timezone: s, hashtag: s, group: s, explanation: s,
				flag: s, description: s, author: s, url: s, emerging: s, note: s,
			};
			const report = renderReport(build(f));
			const urls = new Set(['https://www.tiktok.com/@b/video/2']);
			checkSlack(report, urls);
			checkHtml(report.html, urls);
			checkHtml(report.htmlWithCharts, urls);
			checkCsv(report, f);
			expect(report.slackBlocksJson).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
			expect(report.html).not.toMatch(/<script|<img|<svg onload/i);
			expect(report.markdown).not.toMatch(/(?<!\\)\[x(?<!\\)\]\(javascript/);
			expect(report.csv).not.toMatch(/(^|,)"?[=+\-@]/m);
		}
	});
});
