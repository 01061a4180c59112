import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { EndpointSpec, JsonBody, JsonRecord } from '../../../lib/scavio';
import { isRecord, parseJsonBody } from '../../../lib/scavio';
import { ConcurrencyLimiter } from './limiter';

/**
 * The only code that builds HTTP requests to Scavio. A ScavioSession lives for one run of the node:
 * it holds the concurrency limiter, the credit budget and the fatal-error switch that stops
 * everything on 401/402. The credits spent are also kept in the node's execution context, so Max
 * Credits holds for the whole execution even when a loop runs the node several times.
 */

export const CREDENTIAL_TYPE = 'scavioTiktokApi';
export const DEFAULT_BASE_URL = 'https://api.scavio.dev';

export interface ScavioRequestOptions {
	/** 0 = automatic */
	maxConcurrency: number;
	maxRetries: number;
	/** per attempt, ms */
	timeout: number;
	/** 0 = automatic: no limit, except that Return All stops at RETURN_ALL_DEFAULT_MAX_CREDITS */
	maxCredits: number;
}

/** With Max Credits at 0, Return All paging stops once the node has spent this much in the execution. */
export const RETURN_ALL_DEFAULT_MAX_CREDITS = 100;

/** Key of the credits counter in the node's execution context (`getContext('node')`). */
const CREDITS_CONTEXT_KEY = 'scavioCreditsUsed';

/** Thrown when a request would go over the credit budget; pagination stops on it and keeps what it has. */
export class CreditBudgetError extends NodeOperationError {}

export const DEFAULT_REQUEST_OPTIONS: ScavioRequestOptions = {
	maxConcurrency: 0,
	maxRetries: 3,
	timeout: 30000,
	maxCredits: 0,
};

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8000;
/** A Retry-After longer than this is cut short: waiting an hour inside a workflow helps nobody. */
export const MAX_RETRY_AFTER_MS = 60000;

/** 429 and every 5xx except the two that cannot change on a retry (501 Not Implemented, 505 HTTP Version). */
export function isRetryableStatus(status: number): boolean {
	return status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

export interface ScavioResult {
	/** the parsed JSON body (envelope) */
	body: JsonRecord;
	/** `body.data` (usage has no wrapper: then the body itself) */
	data: unknown;
	/** credits billed for this call, including attempts that were billed and then retried */
	creditsUsed: number;
	creditsRemaining: number | null;
}

/** Credits billed for a call that then failed (e.g. a 200 carrying TikTok's status_code, retried cut-off bodies). */
const billedBeforeFailure = new WeakMap<object, number>();

/** Credits Scavio billed for the failed call that threw `error` (0 when none, or not a call's error). */
export function creditsBilledBy(error: unknown): number {
	return typeof error === 'object' && error !== null ? (billedBeforeFailure.get(error) ?? 0) : 0;
}

function withBill<E extends object>(error: E, bill: Bill): E {
	if (bill.credits > 0) billedBeforeFailure.set(error, bill.credits);
	return error;
}

export interface CallOptions {
	/** part of Return All paging: with Max Credits at 0 the default cap applies */
	returnAll?: boolean;
}

/**
 * The error a 200 answer carries instead of data: Scavio's `{error: …}` (no `data`) or TikTok's
 * `status_code`/`statusCode` ≠ 0 with `status_msg`/`statusMsg`, at the top level or inside `data`.
 * Null for a normal answer.
 */
export function errorIn200(body: JsonRecord): { message: string; rateLimited: boolean } | null {
	if (body.error !== undefined && body.error !== null && body.error !== false && !isRecord(body.data)) {
		const message = errorBodyMessage(body) ?? 'an error without a message';
		const code = isRecord(body.error) ? body.error.code : undefined;
		return { message, rateLimited: code === 'rate_limit_exceeded' || /rate.?limit|too many requests/i.test(message) };
	}
	for (const holder of [body, isRecord(body.data) ? body.data : {}]) {
		const code = holder.status_code ?? holder.statusCode;
		if (code === undefined || code === null || code === 0 || code === '0') continue;
		const text = holder.status_msg ?? holder.statusMsg ?? holder.message;
		const message = `TikTok status_code ${String(code).slice(0, 20)}${typeof text === 'string' && text ? ` ("${text.slice(0, 200)}")` : ''}`;
		return { message, rateLimited: /rate.?limit|too many|frequent/i.test(message) };
	}
	return null;
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base·2^attempt)]. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
	return Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
}

/** `Retry-After` as delta-seconds or an HTTP-date → ms to wait (null when absent or unreadable). */
export function parseRetryAfter(value: unknown, nowMs: number): number | null {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text === 'number' && Number.isFinite(text) && text >= 0) return Math.round(text * 1000);
	if (typeof text !== 'string' || text.trim() === '') return null;
	const trimmed = text.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return null;
	return Math.max(0, date - nowMs);
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return undefined;
}

/** Reads a field from the top level of an error body or from its `error` object. */
function errorField(body: JsonRecord, key: string): unknown {
	if (body[key] !== undefined) return body[key];
	return isRecord(body.error) ? body.error[key] : undefined;
}

/** Both documented error body shapes: `{error: {code, message}}` and `{error: "text"}`, plus `{message}`. */
export function errorBodyMessage(body: unknown): string | null {
	if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 300) : null;
	if (!isRecord(body)) return null;
	const error = body.error;
	let message: unknown = typeof error === 'string' ? error : isRecord(error) ? error.message : undefined;
	if (typeof message !== 'string' || !message) message = body.message ?? body.reason;
	if (typeof message !== 'string' || !message) return null;
	const details = errorField(body, 'details');
	const detailText = typeof details === 'string' ? details : details !== undefined ? JSON.stringify(details) : '';
	return `${message}${detailText ? ` (${detailText})` : ''}`.slice(0, 300);
}

type Attempt =
	| { kind: 'ok'; body: JsonRecord }
	| { kind: 'retry'; reason: string; httpCode: string | null; waitMs: number | null; status: number | null; detail?: string }
	| { kind: 'fail'; error: NodeApiError | NodeOperationError };

/** Credits billed for one call, over all its attempts. */
interface Bill {
	credits: number;
}

interface Credentials {
	apiKey: string;
	baseUrl: string;
}

export class ScavioSession {
	readonly options: ScavioRequestOptions;

	readonly limiter: ConcurrencyLimiter;

	private credentials: Promise<Credentials> | undefined;

	private fatal: NodeApiError | NodeOperationError | undefined;

	private readonly abortController = new AbortController();

	private used = 0;

	private reserved = 0;

	private remaining: number | null = null;

	/** The node's context for this execution (survives the node's runs in a loop), when n8n offers one. */
	private readonly executionContext: IDataObject | undefined;

	/** Credits this node spent in earlier runs of the same execution. */
	private readonly usedEarlier: number;

	constructor(
		private readonly ctx: IExecuteFunctions,
		options: Partial<ScavioRequestOptions> = {},
	) {
		this.options = { ...DEFAULT_REQUEST_OPTIONS };
		for (const key of Object.keys(DEFAULT_REQUEST_OPTIONS) as Array<keyof ScavioRequestOptions>) {
			const value = options[key];
			if (typeof value === 'number' && Number.isFinite(value) && value >= 0) this.options[key] = Math.floor(value);
		}
		this.limiter = new ConcurrencyLimiter(this.options.maxConcurrency);
		try {
			this.executionContext = ctx.getContext('node') as IDataObject;
		} catch {
			// No execution data (e.g. a node run outside a workflow): the budget is per run then.
			this.executionContext = undefined;
		}
		this.usedEarlier = toNumber(this.executionContext?.[CREDITS_CONTEXT_KEY]) ?? 0;
		const cancel = ctx.getExecutionCancelSignal?.();
		cancel?.addEventListener('abort', () => this.abortController.abort());
	}

	/** Credits Scavio reported as used by this run of the node so far. */
	get creditsUsed(): number {
		return this.used;
	}

	/** Credits this node spent in the whole execution so far (earlier runs in a loop included). */
	get executionCreditsUsed(): number {
		return this.usedEarlier + this.used;
	}

	/** Counts billed credits for the session, the execution and (when given) the call they belong to. */
	private addUsed(credits: number, bill?: Bill): void {
		if (!(credits > 0)) return;
		this.used += credits;
		if (bill) bill.credits += credits;
		if (this.executionContext) this.executionContext[CREDITS_CONTEXT_KEY] = this.usedEarlier + this.used;
	}

	/** The balance after the latest billed call, as Scavio reported it. */
	get creditsRemaining(): number | null {
		return this.remaining;
	}

	/** Set after a 401/402 (or abort): every pending and later call fails with it. */
	get fatalError(): NodeApiError | NodeOperationError | undefined {
		return this.fatal;
	}

	/** Stops the session: queued calls are rejected, calls in flight are aborted. */
	abort(error: NodeApiError | NodeOperationError): void {
		if (this.fatal) return;
		this.fatal = error;
		this.limiter.close(error);
		this.abortController.abort();
	}

	/** One Scavio call with retries, concurrency limit and credit budget. */
	async call(endpoint: EndpointSpec, body: IDataObject | undefined, itemIndex: number, callOptions: CallOptions = {}): Promise<ScavioResult> {
		const credentials = await this.getCredentials();
		const maxAttempts = this.options.maxRetries + 1;
		let last: Extract<Attempt, { kind: 'retry' }> | undefined;
		const bill: Bill = { credits: 0 };

		for (let attempt = 0; attempt < maxAttempts; attempt++) {
			if (this.fatal) throw this.fatal;
			let outcome: Attempt;
			let ticket: number;
			try {
				ticket = await this.limiter.acquire();
			} catch {
				throw this.fatal ?? new NodeOperationError(this.ctx.getNode(), 'The Scavio request queue was closed', { itemIndex });
			}
			// Checked once a slot is free, so the requests already in flight are known.
			try {
				this.reserveCredits(endpoint, itemIndex, callOptions);
			} catch (budgetError) {
				this.limiter.release();
				throw budgetError as NodeOperationError;
			}
			try {
				outcome = await this.attempt(credentials, endpoint, body, itemIndex, ticket, bill);
			} finally {
				this.limiter.release();
				this.reserved -= endpoint.credits;
			}
			if (outcome.kind === 'ok') return this.result(outcome.body, endpoint, bill);
			if (outcome.kind === 'fail') throw withBill(outcome.error, bill);
			last = outcome;
			if (attempt + 1 < maxAttempts) {
				const wait = outcome.waitMs !== null ? Math.min(outcome.waitMs, MAX_RETRY_AFTER_MS) : backoffDelay(attempt);
				await this.pause(wait);
			}
		}
		if (this.fatal) throw this.fatal;
		throw withBill(this.retriesExhausted(last!, maxAttempts, itemIndex), bill);
	}

	/** Waits before a retry, but returns at once when the session is stopped (402, 401, cancel). */
	private async pause(ms: number): Promise<void> {
		const signal = this.abortController.signal;
		if (ms <= 0 || signal.aborted) return;
		let onAbort: (() => void) | undefined;
		const aborted = new Promise<void>((resolve) => {
			onAbort = resolve;
			signal.addEventListener('abort', onAbort, { once: true });
		});
		try {
			await Promise.race([sleep(ms), aborted]);
		} finally {
			signal.removeEventListener('abort', onAbort!);
		}
	}

	private async getCredentials(): Promise<Credentials> {
		this.credentials ??= this.ctx.getCredentials(CREDENTIAL_TYPE).then((c) => ({
			apiKey: typeof c.apiKey === 'string' ? c.apiKey : '',
			baseUrl: (typeof c.baseUrl === 'string' && c.baseUrl.trim() ? c.baseUrl.trim() : DEFAULT_BASE_URL).replace(/\/+$/, ''),
		}));
		return await this.credentials;
	}

	/** The budget that applies to a call: Max Credits, or with Max Credits at 0 the Return All default. */
	private budgetFor(callOptions: CallOptions): { max: number; fromDefault: boolean } | null {
		if (this.options.maxCredits > 0) return { max: this.options.maxCredits, fromDefault: false };
		return callOptions.returnAll ? { max: RETURN_ALL_DEFAULT_MAX_CREDITS, fromDefault: true } : null;
	}

	private reserveCredits(endpoint: EndpointSpec, itemIndex: number, callOptions: CallOptions): void {
		const budget = this.budgetFor(callOptions);
		const spent = this.executionCreditsUsed;
		if (budget && endpoint.credits > 0 && spent + this.reserved + endpoint.credits > budget.max) {
			const limit = budget.fromDefault
				? `the ${budget.max} credits Return All may spend per execution while 'Max Credits' is 0`
				: `the ${budget.max} credits allowed by 'Max Credits' for this execution`;
			throw new CreditBudgetError(
				this.ctx.getNode(),
				`Credit budget reached: this node has used ${spent} of ${limit}${this.reserved ? ` (${this.reserved} more in flight)` : ''}, so no further Scavio request was started`,
				{
					itemIndex,
					description:
						"Raise 'Max Credits' in the node's options or process fewer items or pages per execution. Each Scavio TikTok request costs 1 credit.",
				},
			);
		}
		this.reserved += endpoint.credits;
	}

	private result(body: JsonRecord, endpoint: EndpointSpec, bill: Bill): ScavioResult {
		this.addUsed(toNumber(body.credits_used) ?? endpoint.credits, bill);
		const remaining = toNumber(body.credits_remaining);
		if (remaining !== undefined) this.remaining = remaining;
		this.limiter.onSuccess();
		return {
			body,
			data: endpoint.credits === 0 && !('data' in body) ? body : body.data,
			// what this call cost, with the billed attempts before it (e.g. a 200 whose body was cut off)
			creditsUsed: bill.credits,
			creditsRemaining: remaining ?? null,
		};
	}

	private async attempt(
		credentials: Credentials,
		endpoint: EndpointSpec,
		body: IDataObject | undefined,
		itemIndex: number,
		ticket: number,
		bill: Bill,
	): Promise<Attempt> {
		const request: IHttpRequestOptions = {
			method: endpoint.method,
			baseURL: credentials.baseUrl,
			url: endpoint.path,
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			// Read the body as text: a truncated JSON body then becomes a retryable "malformed response".
			encoding: 'text',
			json: false,
			timeout: this.options.timeout,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			abortSignal: this.abortController.signal,
		};
		if (endpoint.method === 'POST') request.body = JSON.stringify(body ?? {});

		let response: { body?: unknown; headers?: Record<string, unknown>; statusCode?: number };
		try {
			response = (await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, request)) as typeof response;
		} catch (error) {
			if (this.fatal) return { kind: 'fail', error: this.fatal };
			if (this.abortController.signal.aborted) {
				return {
					kind: 'fail',
					error: new NodeOperationError(this.ctx.getNode(), 'The execution was cancelled while waiting for Scavio', { itemIndex }),
				};
			}
			const detail = this.redact(describeNetworkError(error), credentials);
			const timedOut = /timeout|timed out|ETIMEDOUT|ECONNABORTED/i.test(detail);
			// The low-level detail goes to the description: n8n rewrites messages that contain codes like ECONNREFUSED.
			return {
				kind: 'retry',
				reason: timedOut ? `did not answer within ${this.options.timeout} ms` : 'could not be reached',
				httpCode: null,
				waitMs: null,
				status: null,
				detail: `${credentials.baseUrl}: ${detail}`,
			};
		}

		const status = response.statusCode ?? 0;
		const headers = response.headers ?? {};
		const text = typeof response.body === 'string' ? response.body : Buffer.isBuffer(response.body) ? response.body.toString('utf8') : undefined;
		// Read as text and parsed here: big ids survive (json.ts) and a byte-order mark is stripped,
		// not an error; an HTML page or a cut-off body is told apart from JSON.
		const read = text === undefined ? { kind: 'json' as const, value: response.body } : parseJsonBody(text);
		const parsed: unknown = read.kind === 'json' ? read.value : read.kind === 'empty' ? undefined : text;
		const json: JsonRecord = isRecord(parsed) ? parsed : {};

		if (status >= 200 && status < 300) return this.successOutcome(read, parsed, status, endpoint, credentials, itemIndex, bill);

		// Some errors (e.g. a 404 for an unknown id) are billed; count what Scavio says it charged.
		this.addUsed(toNumber(json.credits_used) ?? 0, bill);
		const remaining = toNumber(json.credits_remaining);
		if (remaining !== undefined) this.remaining = remaining;

		const serverMessage = this.redact(errorBodyMessage(parsed) ?? '', credentials);
		const said = serverMessage ? ` Scavio said: "${serverMessage}".` : '';

		if (status === 401) {
			const error = this.apiError(
				itemIndex,
				'401',
				'Scavio rejected the API key (401 Unauthorized): check the API key in the Scavio TikTok credential',
				`Open the Scavio TikTok credential and paste a valid key from the Scavio dashboard; the key may be mistyped, revoked or for another account.${said}`,
			);
			this.abort(error);
			return { kind: 'fail', error };
		}
		if (status === 402) {
			const billingUrl = errorField(json, 'billing_url');
			const balance = toNumber(errorField(json, 'credit_balance'));
			const where = typeof billingUrl === 'string' && billingUrl ? ` at ${this.redact(billingUrl, credentials)}` : ' in the Scavio dashboard';
			const error = this.apiError(
				itemIndex,
				'402',
				`Scavio has no credits left for this API key (402 Payment Required${balance !== undefined ? `, balance ${balance}` : ''}); the execution was stopped`,
				`Buy credits or turn on auto-recharge${where}, then run the workflow again. Requests that were still queued were not sent.${said}`,
			);
			this.abort(error);
			return { kind: 'fail', error };
		}
		if (isRetryableStatus(status)) {
			let waitMs = parseRetryAfter(headers['retry-after'] ?? headers['Retry-After'], Date.now());
			if (status === 429) {
				waitMs ??= parseRetryAfter(toNumber(errorField(json, 'retry_after')), Date.now());
				this.limiter.onRateLimited(ticket, toNumber(errorField(json, 'concurrency')));
			}
			return { kind: 'retry', reason: `answered HTTP ${status}${serverMessage ? ` ("${serverMessage}")` : ''}`, httpCode: String(status), waitMs, status };
		}
		return { kind: 'fail', error: this.statusError(status, itemIndex, said) };
	}

	/**
	 * A 2xx answer: data, or something that only looks like an answer. An HTML page, an empty or a
	 * cut-off body is retried like a 5xx and counted as billed (the client cannot tell whether the
	 * upstream fetch completed; counting keeps the retries within Max Credits). An error body
	 * (`{error}` or TikTok's `status_code`) fails the item at once, unless it says rate limit.
	 */
	private successOutcome(
		read: JsonBody | { kind: 'json'; value: unknown },
		parsed: unknown,
		status: number,
		endpoint: EndpointSpec,
		credentials: Credentials,
		itemIndex: number,
		bill: Bill,
	): Attempt {
		if (read.kind !== 'json' || !isRecord(parsed)) {
			this.addUsed(endpoint.credits, bill);
			const reason =
				read.kind === 'html'
					? `returned an HTML page instead of JSON ("${this.redact(read.snippet, credentials)}")`
					: read.kind === 'empty'
						? 'returned an empty response'
						: 'returned a malformed (non-JSON or cut-off) response';
			return { kind: 'retry', reason, httpCode: String(status), waitMs: null, status };
		}
		const bodyError = errorIn200(parsed);
		if (!bodyError) return { kind: 'ok', body: parsed };
		this.addUsed(toNumber(parsed.credits_used) ?? 0, bill);
		const message = this.redact(bodyError.message, credentials);
		if (bodyError.rateLimited) {
			return { kind: 'retry', reason: `answered 200 with a rate-limit error ("${message}")`, httpCode: String(status), waitMs: null, status };
		}
		return {
			kind: 'fail',
			error: this.apiError(
				itemIndex,
				String(status),
				`Scavio answered 200 but with an error instead of data: "${message}"`,
				'TikTok or Scavio could not serve this request. Check the id, name or keyword of this item; if it is right, try again later.',
			),
		};
	}

	private statusError(status: number, itemIndex: number, said: string): NodeApiError {
		const code = String(status);
		switch (status) {
			case 400:
				return this.apiError(itemIndex, code, 'Scavio rejected the request as invalid (400 Bad Request)', `Check the node's parameters for this item (ids, keyword, cursor).${said}`);
			case 403:
				return this.apiError(itemIndex, code, 'The Scavio API key may not use this endpoint (403 Forbidden)', `Check the key's permissions and plan in the Scavio dashboard.${said}`);
			case 404:
				return this.apiError(itemIndex, code, 'Scavio found nothing for this request (404 Not Found)', `Check that the id or name exists on TikTok and is spelled as it appears there.${said}`);
			default:
				return this.apiError(itemIndex, code, `Scavio answered with HTTP ${status}`, `The request was not retried.${said}`);
		}
	}

	private retriesExhausted(last: Extract<Attempt, { kind: 'retry' }>, attempts: number, itemIndex: number): NodeApiError {
		const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
		if (last.status === 429) {
			return this.apiError(
				itemIndex,
				'429',
				`Scavio kept answering 429 Too Many Requests after ${tries}`,
				"Your plan limits simultaneous requests. Set 'Max Concurrency' in the node's options to your plan's limit (or leave it at 0 for automatic), raise 'Max Retries', or upgrade the plan.",
			);
		}
		return this.apiError(
			itemIndex,
			last.httpCode,
			`Scavio ${last.reason} after ${tries}`,
			`Scavio or its upstream is temporarily unavailable. Try again later, or raise 'Max Retries' or 'Timeout' in the node's options; check the Base URL in the credential if this persists.${last.detail ? ` Detail: ${last.detail}` : ''}`,
		);
	}

	private apiError(itemIndex: number, httpCode: string | null, message: string, description: string): NodeApiError {
		// Built from sanitized text only: no request config, headers or raw cause can leak the key.
		const response: JsonObject = { message, description };
		if (httpCode) response.httpCode = httpCode;
		return new NodeApiError(this.ctx.getNode(), response, { message, description, httpCode: httpCode ?? undefined, itemIndex });
	}

	private redact(text: string, credentials: Credentials): string {
		let out = text.replace(/Bearer\s+[^\s"',;]+/gi, 'Bearer [redacted]');
		if (credentials.apiKey.length >= 4) out = out.split(credentials.apiKey).join('[redacted]');
		return out;
	}
}

/** Codes and messages of a network error and its causes (n8n wraps the axios error), nothing else. */
function describeNetworkError(error: unknown): string {
	const parts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 4 && (isRecord(current) || current instanceof Error); depth++) {
		const e = current as { message?: unknown; code?: unknown; cause?: unknown; errorResponse?: unknown; messages?: unknown };
		// NodeApiError keeps the original axios message (e.g. "timeout of 1000ms exceeded") in `messages`.
		const earlier = Array.isArray(e.messages) ? e.messages : [];
		for (const part of [e.code, ...earlier, e.message]) {
			if (typeof part === 'string' && part !== '' && !parts.includes(part)) parts.push(part);
		}
		current = e.cause ?? e.errorResponse;
	}
	return parts.length ? parts.join(': ').slice(0, 300) : 'network error';
}
