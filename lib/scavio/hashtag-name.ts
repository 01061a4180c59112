import { ScavioInputError } from './errors';

/** TikTok caps hashtags well below this; longer input is certainly not a hashtag. */
export const MAX_HASHTAG_NAME_LENGTH = 100;

// Letters and digits of any script (with their combining marks, needed by e.g. Hindi or Thai), "_",
// and the zero-width (non-)joiner U+200C/U+200D that Persian and Indic spellings need (TikTok keeps them).
const VALID_NAME = /^[\p{L}\p{M}\p{N}_\u200c\u200d]+$/u;
const INVALID_CHAR = /[^\p{L}\p{M}\p{N}_\u200c\u200d]/u;
/** Between the tags of a watchlist written in one field: whitespace, commas, semicolons, "#". */
const LIST_SEPARATORS = /[\s,;#、]+/u;

/** Shortens untrusted input for use inside an error message. */
export function describeInput(input: unknown): string {
	if (input === undefined) return 'nothing';
	if (input === null) return 'null';
	const text = typeof input === 'string' ? input : JSON.stringify(input) ?? String(input);
	const shown = text.length > 40 ? `${text.slice(0, 40)}… (${text.length} characters)` : text;
	return `"${shown}"`;
}

/**
 * The one hashtag normaliser: the Scavio node (each entry of a Hashtag Name field), the analyzer's
 * hashtag keys and stored rows, the reports and the parsers (hashtags inside videos, TikTok's
 * titles) all spell a tag through it. What a user typed ("#SummerVibes", " #summervibes ",
 * full-width "＃ＳｕｍｍｅｒＶｉｂｅｓ") becomes the name TikTok uses ("summervibes"): compatibility forms
 * folded (NFKC: full-width "＃" and letters), surrounding whitespace and leading "#" removed, lower
 * case; a ZWNJ inside a Persian tag is kept.
 *
 * A hashtag ends at whitespace, as on TikTok: "summer vibes" is two hashtags, `summer` and
 * `vibes`. parseHashtagList splits a watchlist field that way; given to this function as one name
 * it is an error naming both. Throws a ScavioInputError explaining the fix for that, for empty
 * input, input longer than 100 characters, or characters a hashtag cannot contain.
 */
export function normalizeHashtagName(input: unknown): string {
	if (input === undefined || input === null) {
		throw new ScavioInputError(
			`The hashtag name is missing (the field or expression gave ${input === null ? 'null' : 'nothing'}). Enter a hashtag name such as "summervibes" or "#SummerVibes", or check that the input item has the field the expression reads.`,
		);
	}
	if (typeof input !== 'string' && typeof input !== 'number') {
		throw new ScavioInputError(
			`The hashtag name ${describeInput(input)} is not text. Enter a hashtag name such as "summervibes" or "#SummerVibes".`,
		);
	}
	const name = String(input).normalize('NFKC').trim().replace(/^[#\s]+/u, '').toLowerCase();
	if (/\s/u.test(name)) {
		const tags = name.split(LIST_SEPARATORS).filter((part) => part !== '');
		throw new ScavioInputError(
			`The hashtag name ${describeInput(input)} is ${tags.length} hashtags (${tags.map((t) => `"${t.slice(0, 40)}"`).join(', ')}): a hashtag ends at a space, as on TikTok. Enter one hashtag without spaces (e.g. "${tags.join('').slice(0, 40)}"), or give each hashtag its own item or row.`,
		);
	}
	if (name.length === 0) {
		throw new ScavioInputError(
			`The hashtag name ${describeInput(input)} is empty. Enter a hashtag name such as "summervibes" (with or without "#"), or remove the empty entry from the list.`,
		);
	}
	if ([...name].length > MAX_HASHTAG_NAME_LENGTH) {
		throw new ScavioInputError(
			`The hashtag name ${describeInput(input)} is longer than ${MAX_HASHTAG_NAME_LENGTH} characters. Enter a single hashtag, not a sentence or a list.`,
		);
	}
	if (!VALID_NAME.test(name)) {
		const bad = INVALID_CHAR.exec(name)?.[0] ?? '';
		throw new ScavioInputError(
			`The hashtag name ${describeInput(input)} contains "${bad}", which a TikTok hashtag cannot contain. Use only letters, digits and "_" (one hashtag per item; split lists like "a,b" into separate items).`,
		);
	}
	return name;
}

/** Why normalizeHashtagName rejects the input (its error message), or '' when it does not. */
export function hashtagNameProblem(input: unknown): string {
	try {
		normalizeHashtagName(input);
		return '';
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
}

/** Like normalizeHashtagName, but returns null instead of throwing (for hashtags found inside videos). */
export function tryNormalizeHashtagName(input: unknown): string | null {
	try {
		return normalizeHashtagName(input);
	} catch {
		return null;
	}
}

/**
 * A watchlist written in one field — "booktok cleantok", "booktok, cleantok", "#booktok #cleantok" —
 * → its tags, each normalised, duplicates dropped, in the order given. One tag gives a list of one.
 * Throws a ScavioInputError naming the entry for an entry that cannot be a hashtag, or when there is none.
 */
export function parseHashtagList(input: unknown): string[] {
	if (typeof input !== 'string') return [normalizeHashtagName(input)];
	const parts = input.normalize('NFKC').split(LIST_SEPARATORS).filter((part) => part !== '');
	if (parts.length === 0) {
		throw new ScavioInputError(
			`The hashtag name ${describeInput(input)} is empty. Enter a hashtag name such as "summervibes", or several separated by spaces or commas ("booktok, cleantok").`,
		);
	}
	const tags: string[] = [];
	if (parts.length === 1) return [normalizeHashtagName(parts[0])];
	for (const part of parts) {
		const tag = tryNormalizeHashtagName(part);
		if (tag === null) {
			const why = hashtagNameProblem(part);
			throw new ScavioInputError(`The hashtag list ${describeInput(input)} has an entry that is not a hashtag: ${why}`);
		}
		if (!tags.includes(tag)) tags.push(tag);
	}
	return tags;
}
