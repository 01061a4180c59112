/**
 * Format-neutral view of a report: which rows are alerts, which get top videos, the summary line.
 * Shared by all renderers so Markdown, Slack, HTML and text agree on content.
 */
import { sanitizeText, TEXT_LIMITS } from './escape';
import { ALERT_FLAGS, describeFlag, formatDateTime, hashtagLabel, isNumber } from './format';
import type { ReportInput, ReportRow, ReportTopVideo } from './types';

/** Top videos listed per hashtag. */
export const MAX_TOP_VIDEOS = 5;
/** Emerging hashtags listed. */
export const MAX_EMERGING = 15;
/** Notes listed. */
export const MAX_NOTES = 10;

export function rowsOf(input: ReportInput): ReportRow[] {
	return Array.isArray(input?.rows) ? input.rows.filter((r) => r && typeof r === 'object') : [];
}

export function flagsOf(row: ReportRow): string[] {
	// A flag that is empty once invisible characters are removed would render as an empty label: drop it.
	return Array.isArray(row.flags) ? row.flags.filter((f) => typeof f === 'string' && sanitizeText(f) !== '') : [];
}

export function isAlertRow(row: ReportRow): boolean {
	const flags = flagsOf(row);
	return ALERT_FLAGS.some((f) => flags.includes(f));
}

/** Hashtags whose top videos are listed in Markdown/HTML (Slack has its own block budget). */
export const MAX_VIDEO_HASHTAGS = 20;

/**
 * Rows whose top videos are shown: every row that carries videos (the caller decides which rows get
 * them), breakouts first, then other alert rows, then the rest, each group in rank order.
 */
export function rowsWithVideos(rows: ReportRow[]): ReportRow[] {
	const withVideos = rows.filter((r) => topVideosOf(r).length > 0);
	const weight = (r: ReportRow) => (flagsOf(r).includes('breakout') ? 0 : isAlertRow(r) ? 1 : 2);
	return withVideos
		.map((row, index) => ({ row, index }))
		.sort((a, b) => weight(a.row) - weight(b.row) || a.index - b.index)
		.map((x) => x.row);
}

export function topVideosOf(row: ReportRow): ReportTopVideo[] {
	return (Array.isArray(row.topVideos) ? row.topVideos : [])
		.filter((v) => v && typeof v === 'object')
		.slice(0, MAX_TOP_VIDEOS);
}

/** Count of rows per alert flag, e.g. "2 breakouts, 1 drop" (empty when none). */
export function alertSummary(rows: ReportRow[]): string {
	const parts: string[] = [];
	for (const flag of ALERT_FLAGS) {
		const n = rows.filter((r) => flagsOf(r).includes(flag)).length;
		if (n > 0) parts.push(`${n} ${flag}${n === 1 ? '' : 's'}`);
	}
	const missing = rows.filter((r) => flagsOf(r).includes('missing') || !isNumber(r.views)).length;
	if (missing > 0) parts.push(`${missing} missing`);
	return parts.join(', ');
}

/** Flags of a row in words, joined with "; " (plain text; callers escape). */
export function flagsInWords(row: ReportRow): string {
	return flagsOf(row).map(describeFlag).join('; ');
}

export function titleOf(input: ReportInput): string {
	return sanitizeText(input?.title, TEXT_LIMITS.title) || 'TikTok hashtag trends';
}

export function rankLabelOf(input: ReportInput): string {
	return sanitizeText(input?.rankMetricLabel, 80) || 'rank';
}

export function generatedLabel(input: ReportInput): string {
	return formatDateTime(typeof input?.generatedAt === 'string' ? input.generatedAt : '', input?.timezone);
}

/** "Generated 2026-11-22 04:24 UTC · ranked by views per hour · 12 hashtags" (plain; callers escape). */
export function subtitle(input: ReportInput): string {
	const n = rowsOf(input).length;
	return `Generated ${generatedLabel(input)} · ranked by ${rankLabelOf(input)} · ${n} hashtag${n === 1 ? '' : 's'}`;
}

export function notesOf(input: ReportInput): string[] {
	return (Array.isArray(input?.notes) ? input.notes : [])
		.map((n) => sanitizeText(n, TEXT_LIMITS.note))
		.filter((n) => n !== '')
		.slice(0, MAX_NOTES);
}

export function emergingOf(input: ReportInput): NonNullable<ReportInput['emerging']> {
	return (Array.isArray(input?.emerging) ? input.emerging : [])
		.filter((e) => e && typeof e === 'object')
		.slice(0, MAX_EMERGING);
}

/** Label of a top video: its description, else "video by @author". */
export function videoLabel(video: ReportTopVideo): string {
	return sanitizeText(video.description, TEXT_LIMITS.description) || 'video';
}

export function authorLabel(video: ReportTopVideo): string {
	const author = sanitizeText(video.author, TEXT_LIMITS.author).replace(/^@+/, '');
	return author ? '@' + author : 'unknown author';
}

export { hashtagLabel };
