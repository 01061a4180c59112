/** Types for the loopback Scavio TikTok API mock (server.js, CommonJS). See README.md. */
import type { Server } from 'node:http';

export type HashtagVariant = 'all' | 'stats' | 'statsV2' | 'challengeStats' | 'legacyTop' | 'legacyData' | 'app';

/**
 * TikTok's app format (snake_case, the default) or web format (camelCase) for every endpoint but
 * /hashtag (see hashtagVariant); 'webLegacy' is the web format with video records in the older
 * `itemInfos` / `authorInfos` / `challengeInfoList` shape.
 */
export type PayloadFormat = 'app' | 'web' | 'webLegacy';

export interface FailureRates {
	/** probability of a 502/503 answer (each 50 %) */
	status5xx?: number;
	/** probability the server never answers (the slot is freed when the client closes the socket) */
	timeout?: number;
	/** probability of a 200 with a truncated JSON body */
	malformedJson?: number;
}

export interface BreakoutSpec {
	/** first breakout starts this many mock hours after setHashtag (default 0) */
	offsetHours?: number;
	/** period between breakouts in mock hours (default: only once) */
	everyHours?: number;
	/** length of each breakout in mock hours (default 1) */
	durationHours?: number;
	/** growth-rate multiplier while breaking out */
	factor: number;
}

/** Omitted fields keep the tag's current values (counts 0 and no growth for a new tag). */
export interface HashtagSpec {
	id?: string;
	title?: string;
	desc?: string;
	views?: number;
	videos?: number;
	viewsPerHour?: number;
	videosPerHour?: number;
	breakout?: BreakoutSpec;
	/** hour-to-hour wobble of the growth rate, 0–0.95 (deterministic by seed; default 0 = exactly linear) */
	noise?: number;
	/** per-hashtag override of options.hashtagVariant */
	variant?: HashtagVariant;
	/** size of this hashtag's video feed (default 45–120, deterministic) */
	videoListSize?: number;
}

export interface HashtagState {
	name: string;
	id: string;
	title: string;
	views: number;
	videos: number;
	/** current views growth rate (includes an active breakout) */
	viewsPerHour: number;
	videosPerHour: number;
}

export interface MockOptions {
	port?: number;
	/** bearer token accepted (default 'sk_test_mock') */
	apiKey?: string;
	/** starting credit balance (default 1_000_000) */
	credits?: number;
	/** plan name reported by /usage and 429 bodies (default 'Project') */
	plan?: string;
	/** simultaneous in-flight requests per key (default 5; 0 = unlimited) */
	concurrency?: number;
	/** Retry-After header value on 429 (default '1') */
	retryAfter?: string | number;
	/** upstream latency in ms, fixed or uniform [min, max] (default 0) */
	latencyMs?: number | [number, number];
	/** seed for all generated data and runtime randomness (default 42) */
	seed?: number | string;
	failureRates?: FailureRates;
	/** where /hashtag puts the counts (default 'all') */
	hashtagVariant?: HashtagVariant;
	/** list key of /search/videos (default 'search_item_list') */
	searchVideosVariant?: 'search_item_list' | 'aweme_list' | 'general';
	/** list key of /search/users (default 'user_list'; 'general' = the app's mixed `data.data[]` with a user card) */
	searchUsersVariant?: 'user_list' | 'general';
	/** TikTok payload format of every endpoint except /hashtag (default 'app') */
	format?: PayloadFormat;
	/** send ids (aweme_id, cid, uid, id, reply_id) as bare JSON numbers, above 2^53 (default false) */
	numericIds?: boolean;
	/** start every 200 TikTok answer with a UTF-8 byte-order mark (default false) */
	bom?: boolean;
	/** list endpoints answer one page of this many small records and no more (0 = off) */
	hugePage?: number;
	/** response cursors as numbers (true), strings (false), or 'mixed' (default: numbers for
	 *  search/videos `cursor` and user/posts `max_cursor`, strings elsewhere) */
	numericCursors?: boolean | 'mixed';
	/** has_more as 1/0 ('int', default) or true/false ('bool'); followers/followings always use booleans */
	hasMoreStyle?: 'int' | 'bool';
	/** the server returns at most this many items per page (0 = documented maxima) */
	pageSizeCap?: number;
	/** unknown video id / hashtag id → 404 string-form error, billed (default true) */
	billing404?: boolean;
	/** paginated endpoints that always return the same cursor with has_more set (loop-protection tests):
	 *  true = all, or a list of endpoint names/paths such as ['hashtag/videos'] */
	repeatCursor?: boolean | string[];
	/** offset endpoints that answer every page after the first with cursor 0 and has_more set (so the
	 *  next request would get page 1 again): true = all, or a list of endpoint names */
	cursorZeroLater?: boolean | string[];
	/** fixed size of every generated list (0 = deterministic 45–120) */
	listSize?: number;
	/** reject non-string ids with 400 (default true) */
	strictTypes?: boolean;
	/** mock clock start (ms or ISO string; default Date.now() at creation) */
	now?: number | string;
	/** mock ms per real ms (0 = clock moves only with advanceHours; --demo uses 60) */
	timeScale?: number;
	/** clock for create_time/follow_time/comment times: the mock clock ('mock', default) or real time ('real', used by --demo) */
	videoClock?: 'mock' | 'real';
	/** hashtag names whose /hashtag lookup answers a billed 404 */
	missingHashtags?: string[];
	/** video ids whose /video lookup answers a billed 404 */
	missingVideoIds?: string[];
	/** usernames whose /profile answers 200 with `data.user: null` */
	missingUsernames?: string[];
	/** hashtags to create (same as setHashtag for each) — accepted by createMockScavio(), configure() and --config */
	hashtags?: Record<string, HashtagSpec>;
	/** max entries kept in `requests` (default 100000) */
	logLimit?: number;
}

export interface RequestLogEntry {
	id: number;
	/** arrival, ms since the Unix epoch (performance.timeOrigin + performance.now()) */
	t0: number;
	/** response sent (or client gone, for timeouts), same clock; null while pending */
	t1: number | null;
	method: string;
	path: string;
	/** parsed JSON body (raw text prefix if not JSON) */
	body: unknown;
	/** the key itself is never stored */
	auth: 'ok' | 'bad' | 'missing';
	/** HTTP status; 0 = never answered (timeout / client aborted); null while pending */
	status: number | null;
	/** requests of the same key already in flight when this one arrived (not counting itself) */
	inFlightAtStart: number;
	/** Retry-After sent with a scripted failure */
	retryAfter?: string;
	/** set when a timeout failure was injected */
	timedOut?: boolean;
}

export interface FailNextRule {
	/** endpoint name ('hashtag', 'hashtag/videos', 'usage') or full path; omitted = any TikTok endpoint (never usage) */
	path?: string;
	/** HTTP status, or 'timeout' (never answer) / 'malformedJson' (200 with broken JSON, billed) / 'html200'
	 *  (a CDN page with 200, not billed) / 'errorBody200' (200 with `{error}` and no data) / 'rateLimit200'
	 *  (200 with a rate-limit error) / 'tiktokError200' (envelope with TikTok `status_code` ≠ 0, billed).
	 *  With `body`, any status (200 too) answers that body. */
	status: number | 'timeout' | 'malformedJson' | 'html200' | 'errorBody200' | 'rateLimit200' | 'tiktokError200';
	/** how many matching requests fail (default 1) */
	count?: number;
	/** adds a Retry-After header (429 uses options.retryAfter by default) */
	retryAfter?: string | number;
	/** custom response body (a 404 with a custom body is still billed) */
	body?: unknown;
	/** only requests for this hashtag (by hashtag_name, or hashtag_id of a known tag) */
	hashtagName?: string;
	/** only requests for a page after the first (a cursor other than 0, a page token or min_time) */
	laterPage?: boolean;
}

export interface MockState {
	url: string;
	port: number;
	credits: number;
	billedCalls: number;
	maxInFlight: number;
	inFlight: number;
	clock: string;
	clockMs: number;
	requestCount: number;
	pendingFailures: FailNextRule[];
	hashtags: HashtagState[];
	options: MockOptions;
}

export interface Mock {
	readonly url: string;
	readonly port: number;
	readonly apiKey: string;
	readonly requests: RequestLogEntry[];
	/** highest simultaneous in-flight count seen for the key since the last resetLog() */
	readonly maxInFlight: number;
	readonly credits: number;
	readonly options: Required<Omit<MockOptions, 'hashtags' | 'now'>> & Pick<MockOptions, 'now'>;
	readonly server: Server;
	close(): Promise<void>;
	/** clears `requests` and `maxInFlight` */
	resetLog(): void;
	configure(patch: MockOptions): MockOptions;
	setHashtag(name: string, spec: HashtagSpec): HashtagState;
	getHashtag(name: string): HashtagState | undefined;
	listHashtags(): HashtagState[];
	/** moves the mock clock; hashtag counts grow by their per-hour rates; returns the clock in ms */
	advanceHours(hours: number): number;
	clockMs(): number;
	failNext(rule: FailNextRule): void;
	setCredits(n: number): void;
	state(): MockState;
	/** called after each logged request is answered */
	onRequest(listener: (entry: RequestLogEntry) => void): void;
}

export function createMockScavio(options?: MockOptions): Promise<Mock>;
export function demoOptions(): MockOptions;
export const DEFAULT_OPTIONS: Readonly<MockOptions>;
export const FORMATS: readonly PayloadFormat[];
export function roundForDisplay(n: number): number;
export const HASHTAG_VARIANTS: readonly HashtagVariant[];
export const ENDPOINT_NAMES: readonly string[];
export declare class MockScavio implements Mock {
	constructor(options?: MockOptions);
	readonly url: string;
	readonly port: number;
	readonly apiKey: string;
	readonly requests: RequestLogEntry[];
	readonly maxInFlight: number;
	readonly credits: number;
	readonly options: Mock['options'];
	readonly server: Server;
	listen(): Promise<this>;
	close(): Promise<void>;
	resetLog(): void;
	configure(patch: MockOptions): MockOptions;
	setHashtag(name: string, spec: HashtagSpec): HashtagState;
	getHashtag(name: string): HashtagState | undefined;
	listHashtags(): HashtagState[];
	advanceHours(hours: number): number;
	clockMs(): number;
	failNext(rule: FailNextRule): void;
	setCredits(n: number): void;
	state(): MockState;
	onRequest(listener: (entry: RequestLogEntry) => void): void;
}
