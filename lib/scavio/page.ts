/**
 * The records of one list page, or a ScavioParseError: a page whose records cannot be read must
 * never look like an empty feed ("0 videos" while TikTok sent 30).
 */
import { ScavioParseError } from './errors';
import type { ListKind } from './parse';
import { extractList, isRecord, parseCommentOrNull, parseUser, parseVideoOrNull } from './parse';
import type { JsonRecord } from './types';

/** Can the parser make a record of this kind out of it (an id, or for users a username or Sec UID)? */
function readable(kind: ListKind, record: JsonRecord): boolean {
	if (kind === 'videos') return parseVideoOrNull(record) !== null;
	if (kind === 'comments') return parseCommentOrNull(record) !== null;
	const user = parseUser(record);
	return user.id !== null || user.username !== null || user.secUid !== null;
}

const NOUN: Record<ListKind, string> = { videos: 'videos', searchUsers: 'users', followers: 'followers', followings: 'followings', comments: 'comments' };

function keysOf(record: JsonRecord): string {
	const keys = Object.keys(record);
	return keys.length === 0 ? 'none' : `${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''}`;
}

/** The payload of a response (its `data`, when it has one). */
function payload(envelopeOrData: unknown): JsonRecord {
	if (!isRecord(envelopeOrData)) return {};
	return isRecord(envelopeOrData.data) ? envelopeOrData.data : envelopeOrData;
}

/** The first field of the payload that holds records in a list, when no known list was found. */
function unknownList(data: JsonRecord): { key: string; size: number } | null {
	for (const [key, value] of Object.entries(data)) {
		if (Array.isArray(value) && value.some(isRecord)) return { key, size: value.length };
	}
	return null;
}

/**
 * extractList, then: a page with no known list but records under another field, or whose records
 * none can be read, throws a ScavioParseError naming the keys it saw. Some unreadable records among
 * readable ones (e.g. an ad card) are left for the parsers to drop.
 */
export function readPage(kind: ListKind, envelopeOrData: unknown): JsonRecord[] {
	const list = extractList(kind, envelopeOrData);
	if (list.length === 0) {
		const data = payload(envelopeOrData);
		const other = unknownList(data);
		// The app's general search may hold only cards of another kind: that is a page without such records.
		if (other !== null && other.key !== 'data') {
			throw new ScavioParseError(
				`Scavio returned a page whose ${NOUN[kind]} could not be found: "${other.key}" holds ${other.size} entries in a shape this node does not know (page keys: ${keysOf(data)}). The item fails rather than return 0 records; please report this shape.`,
			);
		}
		return list;
	}
	if (!list.some((record) => readable(kind, record))) {
		throw new ScavioParseError(
			`Scavio returned ${list.length} ${NOUN[kind]} that could not be read (no id in any known place; record keys: ${keysOf(list[0])}). The item fails rather than return 0 records; please report this shape.`,
		);
	}
	return list;
}
