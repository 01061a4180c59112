import type { IDataObject } from 'n8n-workflow';

import type { EndpointSpec, JsonRecord, ListKind } from '../../../lib/scavio';
import { isRecord, readPage } from '../../../lib/scavio';
import type { ScavioResult, ScavioSession } from './request';
import { CreditBudgetError, creditsBilledBy } from './request';

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
	/** why paging stopped: 'limit' | 'hasMore' | 'emptyPage' | 'repeatedCursor' | 'noCursor' | 'creditBudget' | 'pageError' */
	stoppedBy: string;
	/** set when the credit budget stopped paging early: the records are the pages already paid for */
	budgetError?: CreditBudgetError;
	/**
	 * Set when a page after the first failed (after every retry): the records are the pages already
	 * paid for, `resumeFrom` the next-page fields the failed request sent.
	 */
	pageError?: unknown;
	resumeFrom?: IDataObject;
}

/** `has_more` comes as 1/0, true/false or (sometimes) strings: test truthiness, never `=== 0`. */
export function hasMore(value: unknown): boolean {
	if (typeof value === 'string') return !['', '0', 'false'].includes(value.trim().toLowerCase());
	return Boolean(value);
}

/** `has_more` (app, 1/0) or `hasMore` (web, true/false), whichever the page carries. */
export function pageHasMore(data: JsonRecord): boolean {
	return hasMore(data.has_more ?? data.hasMore);
}

function cursorText(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value !== '') return value;
	return null;
}

function timeValue(value: unknown): number | null {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/**
 * Next-page fields for a page, in whichever format it came (scavio-tiktok-api.md §5): app
 * `max_cursor` / `cursor` / `next_page_token` + `min_time`, web `cursor` / `maxCursor` / `minCursor`.
 * The endpoint's own style is read first. Cursors go back as strings (a numeric cursor gets a 400);
 * `min_time` is the one numeric field.
 */
export function nextPageFields(endpoint: EndpointSpec, data: JsonRecord): IDataObject | null {
	switch (endpoint.pagination) {
		case 'maxCursor': {
			const cursor = cursorText(data.max_cursor) ?? cursorText(data.cursor) ?? cursorText(data.maxCursor);
			return cursor === null ? null : { cursor };
		}
		case 'cursor': {
			const cursor = cursorText(data.cursor) ?? cursorText(data.max_cursor) ?? cursorText(data.maxCursor);
			return cursor === null ? null : { cursor };
		}
		case 'pageToken': {
			const token = cursorText(data.next_page_token);
			if (token !== null) {
				// The two go together: a token without min_time gets the first page again (a paid repeat)
				// or an error, so a page that lacks min_time is the last one fetched.
				const minTime = timeValue(data.min_time);
				return minTime === null ? null : { page_token: token, min_time: minTime };
			}
			// The web format pages followers by time alone (`minCursor`, sent back as min_time).
			const webTime = timeValue(data.minCursor);
			return webTime === null ? null : { min_time: webTime };
		}
		default:
			return null;
	}
}

/** The first page's failure is the item's: passed on as it is (the operation turns it into a node error). */
async function itemError(error: unknown): Promise<never> {
	return await Promise.reject(error);
}

/** What identifies a page request: the cursor, the token, or (web followers) the time. */
function cursorKey(fields: IDataObject): string {
	return String(fields.cursor ?? fields.page_token ?? fields.min_time);
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
	// Every cursor sent, the first one included: a page that points back at one would be paid for twice.
	const sent = new Set<string>();
	let next: IDataObject = endpoint.pagination === 'pageToken' ? {} : { cursor: '0' };
	const out: PaginatedResult = { records, pages: 0, creditsUsed: 0, creditsRemaining: null, stoppedBy: 'limit' };

	while (records.length < limit) {
		const count = Math.min(limit - records.length, endpoint.maxCount);
		sent.add(cursorKey(next));
		let list: JsonRecord[];
		let data: JsonRecord;
		try {
			const result: ScavioResult = await session.call(endpoint, { ...body, ...next, count }, itemIndex, { returnAll: page.returnAll });
			out.creditsUsed += result.creditsUsed;
			out.creditsRemaining = result.creditsRemaining ?? out.creditsRemaining;
			data = isRecord(result.data) ? result.data : {};
			list = readPage(kind, data);
		} catch (error) {
			// With no page fetched, the failure is the item's; after that, the pages already paid for are kept.
			if (out.pages === 0) return await itemError(error);
			if (error instanceof CreditBudgetError) {
				out.stoppedBy = 'creditBudget';
				out.budgetError = error;
			} else {
				out.creditsUsed += creditsBilledBy(error);
				out.stoppedBy = 'pageError';
				out.pageError = error;
				out.resumeFrom = next;
			}
			break;
		}
		out.pages++;
		// One by one, not push(...list): a page may hold more records than the call stack has room for.
		const take = Math.min(list.length, limit - records.length);
		for (let i = 0; i < take; i++) records.push(list[i]);

		if (list.length === 0) {
			out.stoppedBy = 'emptyPage';
			break;
		}
		if (!pageHasMore(data)) {
			out.stoppedBy = 'hasMore';
			break;
		}
		const fields = nextPageFields(endpoint, data);
		if (fields === null) {
			out.stoppedBy = 'noCursor';
			break;
		}
		if (sent.has(cursorKey(fields))) {
			out.stoppedBy = 'repeatedCursor';
			break;
		}
		next = fields;
	}
	return out;
}
