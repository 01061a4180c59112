/**
 * Slack Block Kit message. mrkdwn is not Markdown: no tables, links are `<url|label>`, and the only
 * escapes are &amp; &lt; &gt; — every input-derived string goes through escapeSlackMrkdwn, so input
 * can never form `<!channel>`, `<@U…>` or a link. The message stays inside Slack's limits and says
 * "… and N more" where it had to cut.
 */
import { escapeSlackMrkdwn, isSafeHttpUrl, sanitizeText, stripInvisible, TEXT_LIMITS, truncate } from './escape';
import {
	formatAge,
	formatPct,
	formatRate,
	hashtagLabel,
	humanNumber,
	signedHumanNumber,
	trendCell,
	velocitySeries,
} from './format';
import {
	alertSummary,
	authorLabel,
	emergingOf,
	flagsInWords,
	isAlertRow,
	notesOf,
	rowsOf,
	rowsWithVideos,
	subtitle,
	titleOf,
	topVideosOf,
	videoLabel,
} from './model';
import { sparkline } from './sparkline';
import type { ReportInput, ReportRow, SlackMessage } from './types';

/** Slack's documented Block Kit / chat.postMessage limits. */
export const SLACK_LIMITS = {
	blocksPerMessage: 50,
	sectionText: 3000,
	headerText: 150,
	fieldsPerSection: 10,
	fieldText: 2000,
	contextElements: 10,
	messageText: 40000,
} as const;

export interface SlackRenderOptions {
	/** Hashtag rows listed before "… and N more" (default 30). */
	maxRows?: number;
}

type Block = Record<string, unknown>;

/**
 * Cut already-escaped mrkdwn to `max` characters without splitting an entity (&amp;), a
 * `<url|label>` link or a surrogate pair; appends '…' when cut.
 */
export function clipSlackText(text: string, max: number): string {
	if (text.length <= max) return text;
	let cut = text.slice(0, Math.max(0, max - 1));
	const amp = cut.lastIndexOf('&');
	if (amp !== -1 && cut.indexOf(';', amp) === -1) cut = cut.slice(0, amp);
	const open = cut.lastIndexOf('<');
	if (open !== -1 && cut.indexOf('>', open) === -1) cut = cut.slice(0, open);
	if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
	return cut + '…';
}

function esc(text: string): string {
	return escapeSlackMrkdwn(text);
}

/** `<url|label>` for http(s) URLs (label escaped), otherwise the escaped label alone. */
export function slackLink(label: string, url: unknown): string {
	const text = esc(label);
	if (!isSafeHttpUrl(url)) return text;
	return `<${url.replace(/&/g, '&amp;')}|${text}>`;
}

/**
 * Text for a plain_text object. Slack does not parse mentions or links there, and whether it decodes
 * &amp;-entities in plain_text is not documented, so instead of entities (which might show
 * literally) `&`, `<`, `>` become look-alikes (＆ ‹ ›): safe and readable either way.
 */
export function plainTextSafe(text: string, max: number): string {
	const safe = stripInvisible(text).replace(/&/g, '＆').replace(/</g, '‹').replace(/>/g, '›');
	return truncate(safe, max);
}

function mrkdwnSection(text: string): Block {
	return { type: 'section', text: { type: 'mrkdwn', text: clipSlackText(text, SLACK_LIMITS.sectionText) } };
}

function contextBlock(text: string): Block {
	return { type: 'context', elements: [{ type: 'mrkdwn', text: clipSlackText(text, SLACK_LIMITS.sectionText) }] };
}

function rowText(row: ReportRow): string {
	const rank = Number.isFinite(row.rank) ? `${row.rank}. ` : '';
	const group = sanitizeText(row.group, TEXT_LIMITS.group);
	const spark = sparkline(velocitySeries(row.series));
	const first = [
		`*${rank}${esc(hashtagLabel(row.hashtag))}*${group ? ` (${esc(group)})` : ''}`,
		trendCell(row.growthPctPerHour),
		spark ? '`' + spark + '`' : '',
	]
		.filter(Boolean)
		.join('  ');
	const stats =
		`Views ${humanNumber(row.views)} (${signedHumanNumber(row.viewsDelta)}, ${formatPct(row.viewsDeltaPct)})` +
		` · ${formatRate(row.viewsPerHour)} · WoW ${formatPct(row.weekOverWeekPct)} · videos ${humanNumber(row.videos)}`;
	const lines = [first, stats];
	const words = flagsInWords(row);
	if (words) lines.push(`_${esc(words)}_`);
	const explanation = sanitizeText(row.explanation, TEXT_LIMITS.explanation);
	if (explanation) lines.push(esc(explanation));
	return clipSlackText(lines.join('\n'), SLACK_LIMITS.sectionText);
}

/** Pack chunks into as few texts of at most `max` characters as possible; `count` = chunks in each text. */
function pack(chunks: string[], max: number, separator: string): Array<{ text: string; count: number }> {
	const out: Array<{ text: string; count: number }> = [];
	let current = { text: '', count: 0 };
	for (const chunk of chunks) {
		const piece = clipSlackText(chunk, max);
		if (current.count > 0 && current.text.length + separator.length + piece.length > max) {
			out.push(current);
			current = { text: piece, count: 1 };
		} else {
			current = { text: current.count > 0 ? current.text + separator + piece : piece, count: current.count + 1 };
		}
	}
	if (current.count > 0) out.push(current);
	return out;
}

function videosText(row: ReportRow): string {
	const lines = [`*Top videos for ${esc(hashtagLabel(row.hashtag))}*`];
	topVideosOf(row).forEach((v, i) => {
		lines.push(
			`${i + 1}. ${slackLink(videoLabel(v), v.url)} — ${esc(authorLabel(v))} · ${humanNumber(v.views)} views · ` +
				`${formatAge(v.ageHours)} old · ${formatRate(v.viewsPerHour)}`,
		);
	});
	return lines.join('\n');
}

export function renderSlack(input: ReportInput, options: SlackRenderOptions = {}): SlackMessage {
	const maxRows = Math.max(0, options.maxRows ?? 30);
	const rows = rowsOf(input);
	const title = titleOf(input);
	const summary = alertSummary(rows);

	const head: Block[] = [
		{
			type: 'header',
			text: { type: 'plain_text', text: plainTextSafe(title, SLACK_LIMITS.headerText), emoji: true },
		},
		contextBlock(esc(subtitle(input))),
	];
	if (summary) head.push(mrkdwnSection(`*Alerts:* ${esc(summary)}`));
	const footer = contextBlock(esc('Hashtag Trend Analyzer · velocity sparkline: views per hour between samples, · = missing sample'));

	const videoRows = rowsWithVideos(rows);
	const emerging = emergingOf(input);
	const notes = notesOf(input);
	// Blocks left for the body; videos, emerging and notes keep a few places so a long table cannot push them out.
	const budget = SLACK_LIMITS.blocksPerMessage - head.length - 1;
	const reserved = Math.min(videoRows.length, 5) + (emerging.length ? 1 : 0) + (notes.length ? 1 : 0);
	const rowBudget = Math.max(1, budget - reserved - 2); // divider + "… and N more"

	const body: Block[] = [];
	if (rows.length === 0) {
		body.push(mrkdwnSection('No hashtags to report.'));
	} else {
		body.push({ type: 'divider' });
		const sections = pack(rows.slice(0, maxRows).map(rowText), SLACK_LIMITS.sectionText, '\n\n');
		const kept = sections.slice(0, rowBudget);
		for (const section of kept) body.push(mrkdwnSection(section.text));
		const shown = kept.reduce((n, section) => n + section.count, 0);
		if (shown < rows.length) {
			body.push(contextBlock(`… and ${rows.length - shown} more hashtag${rows.length - shown === 1 ? '' : 's'} (see the HTML or CSV report)`));
		}
	}

	const room = Math.max(0, budget - body.length - (emerging.length ? 1 : 0) - (notes.length ? 1 : 0));
	const videoBlocks: Block[] = videoRows.slice(0, room).map((row) => mrkdwnSection(videosText(row)));
	if (videoBlocks.length < videoRows.length && videoBlocks.length > 0) {
		const missing = videoRows.length - videoBlocks.length;
		const last = videoBlocks[videoBlocks.length - 1] as { text: { text: string } };
		const suffix = `\n… and ${missing} more hashtag${missing === 1 ? '' : 's'} with top videos`;
		last.text.text = clipSlackText(last.text.text, SLACK_LIMITS.sectionText - suffix.length) + suffix;
	}
	body.push(...videoBlocks);

	if (emerging.length) {
		const lines = emerging.map((e) => {
			const rate =
				typeof e.engagementRate === 'number' && Number.isFinite(e.engagementRate)
					? ` · ${formatPct(e.engagementRate * 100, '%', false)} engagement`
					: '';
			return `• ${esc(hashtagLabel(e.hashtag))} — ${humanNumber(e.count)} top video${e.count === 1 ? '' : 's'}${rate}`;
		});
		body.push(mrkdwnSection(packWithMore('*Emerging hashtags*', lines)));
	}
	if (notes.length) {
		body.push(mrkdwnSection(packWithMore('*Notes*', notes.map((n) => `• ${esc(n)}`))));
	}

	const blocks = [...head, ...body, footer].slice(0, SLACK_LIMITS.blocksPerMessage);
	// The notification (push, lock screen) names the alerting hashtags, up to three.
	const alerting = rows.filter(isAlertRow).map((r) => hashtagLabel(r.hashtag));
	const named = alerting.length > 0 ? ` (${alerting.slice(0, 3).join(', ')}${alerting.length > 3 ? `, +${alerting.length - 3} more` : ''})` : '';
	const text = clipSlackText(esc(summary ? `${title}: ${summary}${named}` : title), SLACK_LIMITS.sectionText);
	return { text, blocks };
}

/** Heading plus as many lines as fit in one section, then "… and N more". */
function packWithMore(heading: string, lines: string[]): string {
	const max = SLACK_LIMITS.sectionText;
	let text = heading;
	for (let i = 0; i < lines.length; i++) {
		const more = `\n… and ${lines.length - i} more`;
		const line = clipSlackText(lines[i], 500);
		if (text.length + 1 + line.length + (i < lines.length - 1 ? more.length : 0) > max) return text + more;
		text += '\n' + line;
	}
	return text;
}

/** Re-export for callers that only need the escaper next to the renderer. */
export { escapeSlackMrkdwn };
