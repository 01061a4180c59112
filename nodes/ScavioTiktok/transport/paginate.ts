import type { IDataObject } from 'n8n-workflow';

import type { EndpointSpec, JsonRecord, ListKind } from '../../../lib/scavio';
import { extractList, isRecord } from '../../../lib/scavio';
import type { ScavioSession } from './request';

export const DEFAULT_LIMIT = 50;

export interface PageRequest {
	/** true = every page; false = stop after `limit` records */
	returnAll: boolean;
	limit: number;
}

export interface PaginatedResult {
	records: JsonRecord[];
	pages: number;
	creditsUsed: number;
	creditsRemaining: number | null;
	/** why paging stopped: 'limit' | 'hasMore' | 'emptyPage' | 'repeatedCursor' | 'noCursor' */
	stoppedBy: string;
}

/** `has_more` comes as 1/0, true/false or (sometimes) strings: test truthiness, never `=== 0`. */
export function hasMore(value: unknown): boolean {
	if (typeof value === 'string') return !['', '0', 'false'].includes(value.trim().toLowerCase());
	return Boolean(value);
}

function cursorText(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value !== '') return value;
	return null;
}

/**
 * Next-page fields for a page in the endpoint's style (scavio-tiktok-api.md §5). Cursors go back
 * as strings (a numeric cursor gets a 400); `min_time` is the one numeric field.
 */
export function nextPageFields(endpoint: EndpointSpec, data: JsonRecord): IDataObject | null {
	switch (endpoint.pagination) {
		// Each style reads its own field first and the other one when a page carries only that.
		case 'maxCursor': {
			const cursor = cursorText(data.max_cursor) ?? cursorText(data.cursor);
			return cursor === null ? null : { cursor };
		}
		case 'cursor': {
			const cursor = cursorText(data.cursor) ?? cursorText(data.max_cursor);
			return cursor === null ? null : { cursor };
		}
		case 'pageToken': {
			const token = cursorText(data.next_page_token);
			if (token === null) return null;
			// The two go together: a token without min_time gets the first page again (a paid repeat)
			// or an error, so a page that lacks min_time is the last one fetched.
			const minTime = typeof data.min_time === 'string' && data.min_time.trim() !== '' ? Number(data.min_time) : data.min_time;
			if (typeof minTime !== 'number' || !Number.isFinite(minTime)) return null;
			return { page_token: token, min_time: minTime };
		}
		default:
			return null;
	}
}

/**
 * Fetches pages of a list endpoint until `limit` records (or all, with returnAll), stopping on a
 * falsy `has_more`, an empty page, a missing cursor, or a cursor/token seen before (an upstream
 * that repeats itself would otherwise loop and burn credits). Each page asks for
 * min(remaining, endpoint max) records.
 */
export async function paginate(
	session: ScavioSession,
	endpoint: EndpointSpec,
	kind: ListKind,
	body: IDataObject,
	page: PageRequest,
	itemIndex: number,
): Promise<PaginatedResult> {
	const limit = page.returnAll ? Infinity : Math.max(1, Math.floor(page.limit || DEFAULT_LIMIT));
	const records: JsonRecord[] = [];
	const seen = new Set<string>();
	let next: IDataObject = endpoint.pagination === 'pageToken' ? {} : { cursor: '0' };
	let pages = 0;
	let creditsUsed = 0;
	let creditsRemaining: number | null = null;
	let stoppedBy = 'limit';

	while (records.length < limit) {
		const count = Math.min(limit - records.length, endpoint.maxCount);
		const result = await session.call(endpoint, { ...body, ...next, count }, itemIndex);
		pages++;
		creditsUsed += result.creditsUsed;
		creditsRemaining = result.creditsRemaining ?? creditsRemaining;
		const data = isRecord(result.data) ? result.data : {};
		const list = extractList(kind, data);
		records.push(...list.slice(0, limit - records.length));

		if (list.length === 0) {
			stoppedBy = 'emptyPage';
			break;
		}
		if (!hasMore(data.has_more)) {
			stoppedBy = 'hasMore';
			break;
		}
		const fields = nextPageFields(endpoint, data);
		if (fields === null) {
			stoppedBy = 'noCursor';
			break;
		}
		const key = String(fields.cursor ?? fields.page_token);
		if (seen.has(key) || String(next.cursor ?? next.page_token) === key) {
			stoppedBy = 'repeatedCursor';
			break;
		}
		seen.add(key);
		next = fields;
	}
	return { records, pages, creditsUsed, creditsRemaining, stoppedBy };
}
