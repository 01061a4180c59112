/** Markdown (CommonMark + GFM tables) report. Every input-derived string goes through escapeMarkdown. */
import { escapeMarkdown, isSafeHttpUrl, sanitizeText, TEXT_LIMITS } from './escape';
import {
	flagLabel,
	formatAge,
	formatPct,
	formatRate,
	hashtagLabel,
	humanNumber,
	signedHumanNumber,
	MISSING,
	trendCell,
	velocitySeries,
} from './format';
import {
	alertSummary,
	authorLabel,
	emergingOf,
	flagsInWords,
	flagsOf,
	generatedLabel,
	isAlertRow,
	MAX_VIDEO_HASHTAGS,
	notesOf,
	rowsOf,
	rowsWithVideos,
	subtitle,
	titleOf,
	topVideosOf,
	videoLabel,
} from './model';
import { sparkline } from './sparkline';
import type { ReportInput, ReportRow } from './types';

/** Percent-encode the characters that would end a Markdown link destination early. */
function markdownUrl(url: string): string {
	return url.replace(/[()<>\s\\]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** `[label](url)` for http(s) URLs, otherwise the escaped label alone. */
export function markdownLink(label: string, url: unknown): string {
	const text = escapeMarkdown(label);
	return isSafeHttpUrl(url) ? `[${text}](${markdownUrl(url)})` : text;
}

function md(text: string): string {
	return escapeMarkdown(text);
}

function sparkCell(row: ReportRow): string {
	const spark = sparkline(velocitySeries(row.series));
	return spark ? '`' + spark + '`' : MISSING;
}

function rowCells(row: ReportRow): string[] {
	const group = sanitizeText(row.group, TEXT_LIMITS.group);
	return [
		String(Number.isFinite(row.rank) ? row.rank : ''),
		md(hashtagLabel(row.hashtag)) + (group ? ` (${md(group)})` : ''),
		// Cells below hold only text this module generates (digits, units, arrows): no escaping needed.
		trendCell(row.growthPctPerHour),
		humanNumber(row.views),
		`${signedHumanNumber(row.viewsDelta)} (${formatPct(row.viewsDeltaPct)})`,
		formatRate(row.viewsPerHour),
		formatPct(row.weekOverWeekPct),
		humanNumber(row.videos),
		sparkCell(row),
		flagsOf(row).map((f) => md(flagLabel(f))).join(', '),
	];
}

const HEADER = ['#', 'Hashtag', 'Trend', 'Views', 'Δ views', 'Views/h', 'WoW', 'Videos', 'Velocity', 'Flags'];
const ALIGN = ['---:', ':---', ':---', '---:', '---:', '---:', '---:', '---:', ':---', ':---'];

export function renderMarkdown(input: ReportInput): string {
	const rows = rowsOf(input);
	const out: string[] = [];
	out.push(`# ${md(titleOf(input))}`, '', `_${md(subtitle(input))}_`, '');
	const summary = alertSummary(rows);
	if (summary) out.push(`**Alerts:** ${summary}`, '');

	if (rows.length === 0) {
		out.push('No hashtags to report.', '');
	} else {
		out.push(`| ${HEADER.join(' | ')} |`, `|${ALIGN.join('|')}|`);
		for (const row of rows) out.push(`| ${rowCells(row).join(' | ')} |`);
		out.push('', '_Velocity: views gained per hour between samples, oldest → newest; · = missing sample._', '');
	}

	const explained = rows.filter((r) => isAlertRow(r) || flagsOf(r).length > 0 || sanitizeText(r.explanation) !== '');
	if (explained.length > 0) {
		out.push('## Details', '');
		for (const row of explained) {
			const parts = [`**${md(hashtagLabel(row.hashtag))}**`];
			const explanation = sanitizeText(row.explanation, TEXT_LIMITS.explanation);
			if (explanation) parts.push(md(explanation));
			const words = flagsInWords(row);
			if (words) parts.push(`Flags: ${md(words)}`);
			out.push(`- ${parts.join(' — ')}`);
		}
		out.push('');
	}

	const videoRows = rowsWithVideos(rows);
	if (videoRows.length > 0) {
		out.push('## Top videos', '');
		for (const row of videoRows.slice(0, MAX_VIDEO_HASHTAGS)) {
			out.push(`### ${md(hashtagLabel(row.hashtag))}`, '');
			topVideosOf(row).forEach((v, i) => {
				const stats = [
					`${humanNumber(v.views)} views`,
					`${formatAge(v.ageHours)} old`,
					formatRate(v.viewsPerHour),
				].join(' · ');
				out.push(`${i + 1}. ${markdownLink(videoLabel(v), v.url)} — ${md(authorLabel(v))} · ${stats}`);
			});
			out.push('');
		}
		if (videoRows.length > MAX_VIDEO_HASHTAGS) {
			out.push(`_… and ${videoRows.length - MAX_VIDEO_HASHTAGS} more hashtags with top videos._`, '');
		}
	}

	const emerging = emergingOf(input);
	if (emerging.length > 0) {
		out.push('## Emerging hashtags', '');
		for (const e of emerging) {
			const stats = [`${humanNumber(e.count)} top video${e.count === 1 ? '' : 's'}`];
			if (typeof e.engagementRate === 'number' && Number.isFinite(e.engagementRate)) {
				stats.push(`${formatPct(e.engagementRate * 100, '%', false)} engagement`);
			}
			out.push(`- ${md(hashtagLabel(e.hashtag))} — ${stats.join(' · ')}`);
		}
		out.push('');
	}

	const notes = notesOf(input);
	if (notes.length > 0) {
		out.push('## Notes', '');
		for (const note of notes) out.push(`- ${md(note)}`);
		out.push('');
	}

	out.push('---', '', `_${md(`Generated ${generatedLabel(input)} by the Hashtag Trend Analyzer.`)}_`, '');
	return out.join('\n');
}
