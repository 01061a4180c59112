/**
 * Reading a Scavio response body as JSON without losing TikTok's big ids.
 *
 * TikTok ids (`aweme_id`, `cid`, `uid`, comment ids, challenge `id`) are 19-digit numbers, above
 * 2^53: sent as bare JSON numbers, `JSON.parse` would round 7346582929391840518 to
 * 7346582929391840000 — another video's id and URL. Every integer literal of 16 or more digits
 * outside a string is therefore turned into a string before parsing. No count comes close to
 * 10^15, and the count readers accept digit strings, so nothing that was exact becomes wrong.
 */

/** The start of a string literal, or an integer literal of ≥ 16 digits (not part of a longer number). */
const STRING_START_OR_BIG_INTEGER = /"|(?<![\w.+-])-?\d{16,}(?![\w.+-])/g;
const HAS_LONG_DIGIT_RUN = /\d{16}/;

/** Index of the quote that closes the string literal opened at `start`, or -1 when it is never closed. */
function stringEnd(text: string, start: number): number {
	let end = start + 1;
	for (;;) {
		end = text.indexOf('"', end);
		if (end === -1) return -1;
		let backslashes = 0;
		for (let k = end - 1; text.charCodeAt(k) === 92; k--) backslashes++;
		if (backslashes % 2 === 0) return end;
		end++;
	}
}

/**
 * Quotes the ≥ 16-digit integer literals of a JSON text that are not inside strings. A small
 * scanner: string literals are skipped whole (so digits inside them are left alone), everything
 * else is searched for long integer literals. Invalid JSON is returned for JSON.parse to reject.
 */
export function quoteBigIntegers(text: string): string {
	if (!HAS_LONG_DIGIT_RUN.test(text)) return text;
	const scan = new RegExp(STRING_START_OR_BIG_INTEGER.source, 'g');
	const parts: string[] = [];
	let copied = 0;
	let match: RegExpExecArray | null;
	while ((match = scan.exec(text)) !== null) {
		if (match[0] === '"') {
			const end = stringEnd(text, match.index);
			if (end === -1) break;
			scan.lastIndex = end + 1;
			continue;
		}
		parts.push(text.slice(copied, match.index), '"', match[0], '"');
		copied = match.index + match[0].length;
	}
	if (parts.length === 0) return text;
	parts.push(text.slice(copied));
	return parts.join('');
}

export type JsonBody =
	| { kind: 'json'; value: unknown; hadBom: boolean }
	| { kind: 'empty' }
	| { kind: 'html'; snippet: string }
	| { kind: 'malformed'; snippet: string };

/**
 * Classifies and parses a response body. A leading byte-order mark is not an error: it is removed
 * and the rest parsed (`hadBom` says it was there). n8n's HTTP helper already drops a UTF-8 BOM when
 * it decodes the body as text (seen through the harness against the mock's `bom` option); this
 * covers a body that still carries one (e.g. another n8n version or a Buffer body). An HTML page (a proxy or CDN error page served
 * with 200) and a body that is not valid JSON (e.g. cut off on the way) are reported as such.
 */
export function parseJsonBody(text: string): JsonBody {
	const hadBom = text.charCodeAt(0) === 0xfeff;
	const body = hadBom ? text.slice(1) : text;
	const trimmed = body.trim();
	if (trimmed === '') return { kind: 'empty' };
	if (trimmed.startsWith('<')) return { kind: 'html', snippet: snippetOf(trimmed) };
	try {
		return { kind: 'json', value: JSON.parse(quoteBigIntegers(body)), hadBom };
	} catch {
		return { kind: 'malformed', snippet: snippetOf(trimmed) };
	}
}

function snippetOf(text: string): string {
	const flat = text.replace(/\s+/g, ' ');
	return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}
