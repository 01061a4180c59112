import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ScavioInputError, ScavioParseError, describeInput } from '../../../lib/scavio';
import type { ScavioRequestOptions, ScavioSession } from '../transport/request';
import { DEFAULT_REQUEST_OPTIONS } from '../transport/request';
import type { PageRequest, PaginatedResult } from '../transport/paginate';
import { DEFAULT_LIMIT } from '../transport/paginate';
import { RETURN_ALL_DEFAULT_MAX_CREDITS } from '../transport/request';

/** State shared by all items of one run of the node. */
export interface RunContext {
	session: ScavioSession;
	/** hashtag name → its id (and TikTok title), resolved once per run of the node */
	hashtagIds: Map<string, Promise<{ id: string; name: string }>>;
	/** username → its sec_uid, resolved through /profile once per run of the node */
	secUids: Map<string, Promise<string>>;
}

export interface OperationOutput {
	records: IDataObject[];
	creditsUsed: number;
	creditsRemaining: number | null;
	/** failures after some records were already fetched (and paid for): those records are kept */
	failures?: PartialFailure[];
}

/**
 * A failure after records were fetched (a later page, or one tag of a watchlist). Under Continue On
 * Fail it becomes an error item after the first `at` records; otherwise the item fails with an
 * error that says what was fetched before it and how to resume.
 */
export interface PartialFailure {
	/** how many of the output's records come before its error item */
	at: number;
	error: unknown;
	/** fields of its error item (the hashtag it is for, records fetched, where to resume) */
	json: IDataObject;
	/** what was fetched before the failure and how to resume, for the error when the item fails */
	before: string;
}

export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput>;
	/** The json of an error item under continueOnFail (default `{ error, httpCode }`). */
	errorItem?(this: IExecuteFunctions, itemIndex: number, error: NodeApiError | NodeOperationError): IDataObject;
}

export type NodeError = NodeApiError | NodeOperationError;

export function show(resource: string, operation: string): IDisplayOptions {
	return { show: { resource: [resource], operation: [operation] } };
}

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/** Options shared by every operation (docs/DESIGN.md). */
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Include Credit Info',
			name: 'includeCreditInfo',
			type: 'boolean',
			default: false,
			description: 'Whether to add credits_used and credits_remaining (as reported by Scavio) to every output item',
		},
		{
			displayName: 'Max Concurrency',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				"Most Scavio requests in flight at once. 0 = automatic: starts at 3 and adapts to the plan's limit when Scavio answers 429. Set it to your plan's limit (Free 1, Project 5, Bootstrap 10, …) to be exact.",
		},
		{
			displayName: 'Max Credits',
			name: 'maxCredits',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: `Most credits this node may spend in one execution, over all its runs (a loop runs it once per pass; 1 credit per TikTok request). Requests that would go over are not started; pages already fetched are kept and marked truncatedByCreditBudget. 0 = automatic: no limit, except that Return All stops at ${RETURN_ALL_DEFAULT_MAX_CREDITS} credits.`,
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description:
				'How often to retry a request after 429, 5xx, a timeout, a network error or a malformed response (exponential backoff, honouring Retry-After)',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1000 },
			default: 30000,
			description: 'How long to wait for each Scavio response, in milliseconds',
		},
	],
};

export interface NodeOptions extends ScavioRequestOptions {
	includeCreditInfo: boolean;
}

export function readOptions(ctx: IExecuteFunctions, itemIndex: number): NodeOptions {
	const raw = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const num = (key: keyof ScavioRequestOptions): number => {
		const value = raw[key];
		return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : DEFAULT_REQUEST_OPTIONS[key];
	};
	return {
		maxConcurrency: num('maxConcurrency'),
		maxRetries: num('maxRetries'),
		timeout: num('timeout'),
		maxCredits: num('maxCredits'),
		includeCreditInfo: raw.includeCreditInfo === true,
	};
}

export function readPageRequest(ctx: IExecuteFunctions, itemIndex: number): PageRequest {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? 0 : (ctx.getNodeParameter('limit', itemIndex, DEFAULT_LIMIT) as number);
	return { returnAll, limit };
}

export function readSimplify(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return ctx.getNodeParameter('simplify', itemIndex, true) as boolean;
}

/** A required text parameter, trimmed; empty → a per-item error naming the field and an example. */
export function requiredText(ctx: IExecuteFunctions, name: string, label: string, example: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!text) {
		throw new NodeOperationError(ctx.getNode(), `The ${label} is empty (got ${describeInput(value)})`, {
			itemIndex,
			description: `Enter the ${label}, e.g. ${example}, or map it from the input data.`,
		});
	}
	return text;
}

/** A TikTok numeric id, also accepted inside a pasted TikTok URL. */
export function requiredTikTokId(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	example: string,
	itemIndex: number,
	urlPattern?: RegExp,
): string {
	const text = requiredText(ctx, name, label, example, itemIndex);
	const fromUrl = urlPattern?.exec(text)?.[1];
	const id = fromUrl ?? text;
	if (!/^\d{1,30}$/.test(id)) {
		throw new NodeOperationError(ctx.getNode(), `The ${label} ${describeInput(text)} is not a TikTok id`, {
			itemIndex,
			description: `A ${label} is a number, e.g. ${example}.`,
		});
	}
	return id;
}

/** Any failure → NodeApiError/NodeOperationError carrying the item index. */
export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		// An error shared by several items (e.g. one hashtag-name lookup they all wait for) names the
		// item that made the request; every other item gets a copy that names itself.
		const owner = (error.context as { itemIndex?: unknown } | undefined)?.itemIndex;
		if (owner === undefined || owner === itemIndex) return error;
		const copy = { message: error.message, description: error.description ?? undefined, itemIndex };
		if (error instanceof NodeApiError) {
			const response: JsonObject = { message: error.message, description: error.description ?? null };
			if (error.httpCode) response.httpCode = error.httpCode;
			return new NodeApiError(ctx.getNode(), response, { ...copy, httpCode: error.httpCode ?? undefined });
		}
		return new NodeOperationError(ctx.getNode(), error.message, copy);
	}
	if (error instanceof ScavioInputError) {
		return new NodeOperationError(ctx.getNode(), error.message, { itemIndex });
	}
	if (error instanceof ScavioParseError) {
		return new NodeOperationError(ctx.getNode(), error.message, { itemIndex });
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

export function httpCodeOf(error: NodeError): string | null {
	return error instanceof NodeApiError ? (error.httpCode ?? null) : null;
}

export function output(records: IDataObject[], result: { creditsUsed: number; creditsRemaining: number | null }): OperationOutput {
	return { records, creditsUsed: result.creditsUsed, creditsRemaining: result.creditsRemaining };
}

/**
 * The output of a paged list. When the credit budget stopped paging, the pages already paid for
 * are kept, each record is marked `truncatedByCreditBudget: true` and a warning is logged.
 */
export function pagedOutput(
	ctx: IExecuteFunctions,
	records: IDataObject[],
	page: PaginatedResult,
	extraCredits = 0,
): OperationOutput {
	const credits = { creditsUsed: page.creditsUsed + extraCredits, creditsRemaining: page.creditsRemaining };
	if (page.pageError !== undefined) return { ...output(records, credits), failures: [pageFailure(records.length, page, credits.creditsUsed)] };
	if (!page.budgetError) return output(records, credits);
	ctx.logger.warn(`Scavio TikTok: ${page.budgetError.message}; returning the ${records.length} records of the ${page.pages} pages already fetched`);
	for (const record of records) record.truncatedByCreditBudget = true;
	return output(records, credits);
}

/** The failure of a page after the first: the records of the pages before it are kept. */
export function pageFailure(recordCount: number, page: PaginatedResult, creditsUsed: number): PartialFailure {
	const cursor = page.resumeFrom?.cursor ?? page.resumeFrom?.page_token ?? page.resumeFrom?.min_time;
	const resumeCursor = cursor === undefined ? null : String(cursor);
	return {
		at: recordCount,
		error: page.pageError,
		json: { partial: true, recordsFetched: recordCount, pagesFetched: page.pages, resumeCursor },
		before:
			`${recordCount} records from ${page.pages} page${page.pages === 1 ? '' : 's'} (${creditsUsed} credit${creditsUsed === 1 ? '' : 's'}) ` +
			`had been fetched before page ${page.pages + 1} failed${resumeCursor === null ? '' : ` (its cursor: "${resumeCursor}")`}`,
	};
}

/**
 * The error of an item that failed after records were fetched: the message says what was fetched
 * and how to keep it or resume. Built from the error's message and description only.
 */
export function partialFailureError(ctx: IExecuteFunctions, failure: PartialFailure, itemIndex: number): NodeError {
	const error = toNodeError(ctx, failure.error, itemIndex);
	const message = `${error.message} — ${failure.before}`;
	const description =
		`${error.description ? `${error.description} ` : ''}The records fetched before the failure are not output because the node stops on errors. ` +
		'To keep them, set the node\'s Settings → On Error to "Continue": they are output followed by an error item that says where to resume. ' +
		'Or run the node again once the cause is fixed.';
	if (error instanceof NodeApiError) {
		const response: JsonObject = { message, description };
		if (error.httpCode) response.httpCode = error.httpCode;
		return new NodeApiError(ctx.getNode(), response, { message, description, httpCode: error.httpCode ?? undefined, itemIndex });
	}
	return new NodeOperationError(ctx.getNode(), message, { description, itemIndex });
}
