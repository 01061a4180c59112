/**
 * Short plain-text summary: a notification fallback or log line. It is sanitised (no invisible or
 * bidi characters, bounded length) but NOT escaped for any markup; use `slackBlocks.text` for Slack
 * and the HTML/Markdown outputs for rich channels.
 */
import { truncate } from './escape';
import { ALERT_FLAGS, hashtagLabel, trendCell } from './format';
import { alertSummary, flagsOf, generatedLabel, rankLabelOf, rowsOf, titleOf } from './model';
import type { ReportInput } from './types';

/** Hashtags named in the text summary. */
export const TEXT_TOP_ROWS = 5;
export const TEXT_MAX_LENGTH = 1000;

export function renderText(input: ReportInput): string {
	const rows = rowsOf(input);
	const lines = [`${titleOf(input)} — ${rows.length} hashtag${rows.length === 1 ? '' : 's'} ranked by ${rankLabelOf(input)}`];
	if (rows.length > 0) {
		const top = rows
			.slice(0, TEXT_TOP_ROWS)
			.map((r) => `${hashtagLabel(r.hashtag)} ${trendCell(r.growthPctPerHour)}`);
		lines.push(`Top: ${top.join(', ')}${rows.length > TEXT_TOP_ROWS ? ` … and ${rows.length - TEXT_TOP_ROWS} more` : ''}`);
	}
	const summary = alertSummary(rows);
	if (summary) {
		const named = ALERT_FLAGS.map((flag) => {
			const tags = rows.filter((r) => flagsOf(r).includes(flag)).map((r) => hashtagLabel(r.hashtag));
			return tags.length ? `${flag}: ${tags.slice(0, 5).join(', ')}${tags.length > 5 ? ` … and ${tags.length - 5} more` : ''}` : '';
		}).filter(Boolean);
		lines.push(`Alerts: ${summary}${named.length ? ` (${named.join('; ')})` : ''}`);
	}
	lines.push(`Generated ${generatedLabel(input)}`);
	return truncate(lines.join('\n'), TEXT_MAX_LENGTH);
}
