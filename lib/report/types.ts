/**
 * Input and output shapes of the pure report renderer (`lib/report`).
 *
 * Every string in a `ReportInput` may come from TikTok (hashtags, descriptions, author names) and is
 * treated as untrusted: each renderer escapes it for its own format. `null` always means "unknown /
 * missing sample" and is rendered as "—" or "missing", never as 0.
 */

/** Flags the trend layer may attach to a row. Unknown flags are rendered verbatim (escaped). */
export type ReportFlag =
	| 'breakout'
	| 'spike'
	| 'drop'
	| 'new'
	| 'missing'
	| 'suspicious'
	| 'insufficient_history';

/** One point of a hashtag's history, oldest first. `views: null` is a missing sample (a gap). */
export interface ReportSeriesPoint {
	/** ISO 8601 timestamp of the sample. */
	t: string;
	/** Cumulative view count at `t`, or null when the fetch failed / the sample is missing. */
	views: number | null;
}

/** A top video shown under a breakout (or any) hashtag. */
export interface ReportTopVideo {
	/** Video page URL. Only http(s) URLs become links; anything else is shown as plain text. */
	url: string;
	description: string;
	/** Author handle (or nickname). */
	author: string;
	views: number | null;
	/** Age of the video in hours at report time. */
	ageHours: number | null;
	viewsPerHour: number | null;
}

/** One ranked hashtag. */
export interface ReportRow {
	/** 1-based rank in the report. */
	rank: number;
	/** Hashtag name without the leading '#'. A leading '#' is tolerated and not doubled. */
	hashtag: string;
	/** Optional watchlist group ("brand", "competitors", …). */
	group?: string;
	/** Latest cumulative views. */
	views: number | null;
	/** Views gained since the previous sample. */
	viewsDelta: number | null;
	/** Views gained since the previous sample, in percent of the previous value. */
	viewsDeltaPct: number | null;
	/** Latest video count. */
	videos: number | null;
	/** Videos gained since the previous sample. */
	videosDelta?: number | null;
	/** Velocity: views gained per hour over the last interval. */
	viewsPerHour: number | null;
	/** Growth rate in percent per hour over the last interval. Drives the trend arrow. */
	growthPctPerHour: number | null;
	/** Views now vs. about a week ago, in percent. */
	weekOverWeekPct: number | null;
	/** Change of velocity, views per hour². */
	accelerationPerHour2?: number | null;
	/** See `ReportFlag`; free strings are allowed so new flags do not break old renderers. */
	flags: Array<ReportFlag | string>;
	/** One-sentence explanation from the trend layer ("velocity 3.1σ above its 7-day mean"). */
	explanation: string;
	/** History for charts and sparklines, oldest first. */
	series: ReportSeriesPoint[];
	/** Top videos, usually only for breakout hashtags. */
	topVideos?: ReportTopVideo[];
}

/** A hashtag seen in top videos' captions that is not on the watchlist yet. */
export interface ReportEmergingHashtag {
	hashtag: string;
	/** Number of top videos that carry it. */
	count: number;
	/** Mean engagement rate of those videos, as a fraction (0.05 = 5 %). */
	engagementRate?: number | null;
}

export interface ReportInput {
	/** Report title, e.g. "TikTok hashtag trends". */
	title: string;
	/** ISO 8601 generation time; shown in the footer. */
	generatedAt: string;
	/** IANA zone used to display `generatedAt` (e.g. "Europe/Berlin"); UTC when absent or invalid. */
	timezone?: string;
	/** Human label of the ranking metric, e.g. "views per hour". */
	rankMetricLabel: string;
	/** Rows already ranked (rendered in the given order). */
	rows: ReportRow[];
	emerging?: ReportEmergingHashtag[];
	/** Free notes shown before the footer (e.g. "2 hashtags could not be fetched"). */
	notes?: string[];
}

/** Slack Block Kit message payload (`blocks` plus the notification fallback `text`). */
export interface SlackMessage {
	text: string;
	blocks: Array<Record<string, unknown>>;
}

export interface RenderedReport {
	/** Short plain-text summary (notification fallback, logs). */
	text: string;
	markdown: string;
	slackBlocks: SlackMessage;
	/** `JSON.stringify(slackBlocks)`. */
	slackBlocksJson: string;
	/** Email-safe HTML: inline styles, tables, sparklines; no scripts, no SVG. */
	html: string;
	/** Standalone HTML document with an inline SVG line chart per hashtag. */
	htmlWithCharts: string;
	/** RFC 4180 CSV (CRLF line ends), formula-injection safe. */
	csv: string;
}

/** Simplified video record (Scavio node, Simplify on). Every field may be absent or null. */
export interface VideoRecord {
	id?: string | null;
	url?: string | null;
	description?: string | null;
	createdAt?: string | number | null;
	views?: number | null;
	likes?: number | null;
	comments?: number | null;
	shares?: number | null;
	author?: string | null;
	authorNickname?: string | null;
	hashtags?: string[] | null;
	hashtagId?: string | null;
	hashtagName?: string | null;
}
