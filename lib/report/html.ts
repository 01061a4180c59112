/**
 * HTML report. `renderHtml` is email-safe: one document with inline styles only, layout tables, a
 * monospace sparkline instead of images, no scripts, no <style>, no SVG. `renderHtmlWithCharts`
 * is the standalone attachment: the same content plus an inline SVG line chart per hashtag.
 * Every input-derived string goes through escapeHtml; links are emitted only for http(s) URLs.
 */
import { escapeHtml, isSafeHttpUrl, sanitizeText, TEXT_LIMITS } from './escape';
import {
	ARROW_DOWN,
	ARROW_UP,
	describeFlag,
	flagLabel,
	formatAge,
	formatPct,
	formatRate,
	hashtagLabel,
	humanNumber,
	MISSING,
	signedHumanNumber,
	trendArrow,
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
import { renderSvgChart } from './svg';
import type { ReportInput, ReportRow } from './types';

export interface HtmlRenderOptions {
	/** Add an inline SVG chart per hashtag (standalone file, not for email bodies). */
	charts?: boolean;
	/** Most charts drawn (default 50); the rest are listed as not charted. */
	maxCharts?: number;
}

const FONT = 'font-family:Helvetica,Arial,sans-serif;';
const TH = `style="${FONT}font-size:12px;text-align:left;padding:6px 8px;border-bottom:2px solid #d1d5db;color:#374151;background:#f9fafb;"`;
const TD = `${FONT}font-size:13px;padding:6px 8px;border-bottom:1px solid #e5e7eb;color:#111827;vertical-align:top;`;
const NUM = 'text-align:right;white-space:nowrap;';
const MUTED = `${FONT}font-size:12px;color:#6b7280;`;

function h(text: string): string {
	return escapeHtml(text);
}

/**
 * Untrusted text in its own bidi-isolated span (`dir="auto"`), so right-to-left names cannot reorder
 * the numbers and separators around them.
 */
function iso(text: string): string {
	return `<span dir="auto">${h(text)}</span>`;
}

/** `<a href>` for http(s) URLs, otherwise the escaped label alone. */
export function htmlLink(label: string, url: unknown): string {
	if (!isSafeHttpUrl(url)) return iso(label);
	return `<a href="${h(url)}" dir="auto" style="color:#2563eb;" target="_blank" rel="noopener noreferrer">${h(label)}</a>`;
}

function arrowColor(arrow: string): string {
	if (arrow === ARROW_UP) return '#059669';
	if (arrow === ARROW_DOWN) return '#dc2626';
	return '#6b7280';
}

/** Badge colours per flag (text, background); other flags are grey. */
const FLAG_COLORS: Record<string, [string, string]> = {
	breakout: ['#b91c1c', '#fee2e2'],
	spike: ['#c2410c', '#ffedd5'],
	drop: ['#1d4ed8', '#dbeafe'],
	missing: ['#6b7280', '#f3f4f6'],
	suspicious: ['#92400e', '#fef3c7'],
};

function flagBadge(flag: string): string {
	const [fg, bg] = Object.prototype.hasOwnProperty.call(FLAG_COLORS, flag) ? FLAG_COLORS[flag] : ['#374151', '#f3f4f6'];
	return (
		`<span title="${h(describeFlag(flag))}" style="${FONT}font-size:11px;color:${fg};background:${bg};` +
		`border-radius:3px;padding:1px 5px;margin-right:4px;white-space:nowrap;">${h(flagLabel(flag))}</span>`
	);
}

/**
 * One table row. Seven columns so the table fits a 600 px email: group, video count, explanation and
 * flag badges sit under the hashtag; the views delta sits under the views.
 */
function rowHtml(row: ReportRow): string {
	const arrow = trendArrow(row.growthPctPerHour);
	const group = sanitizeText(row.group, TEXT_LIMITS.group);
	const explanation = sanitizeText(row.explanation, TEXT_LIMITS.explanation);
	const background = isAlertRow(row) ? 'background:#fffbeb;' : '';
	const td = (content: string, extra = '') => `<td style="${TD}${background}${extra}">${content}</td>`;
	const details = [group ? iso(group) : '', `${h(humanNumber(row.videos))} videos`].filter(Boolean).join(' · ');
	const flags = flagsOf(row);
	const hashtagCell =
		`<strong>${iso(hashtagLabel(row.hashtag))}</strong>` +
		`<br><span style="${MUTED}">${details}</span>` +
		(explanation ? `<br><span dir="auto" style="${MUTED}">${h(explanation)}</span>` : '') +
		(flags.length ? `<br>${flags.map(flagBadge).join('')}` : '');
	const delta = `${signedHumanNumber(row.viewsDelta)} (${formatPct(row.viewsDeltaPct)})`;
	return (
		'<tr>' +
		td(Number.isFinite(row.rank) ? String(row.rank) : '', NUM) +
		td(hashtagCell, 'word-break:break-word;') +
		td(
			arrow === MISSING ? MISSING : `<span style="color:${arrowColor(arrow)};">${arrow}</span> ${h(formatPct(row.growthPctPerHour, '%/h'))}`,
			'white-space:nowrap;',
		) +
		td(`${h(humanNumber(row.views))}<br><span style="${MUTED}">${h(delta)}</span>`, NUM) +
		td(h(formatRate(row.viewsPerHour)), NUM) +
		td(h(formatPct(row.weekOverWeekPct)), NUM) +
		td(h(sparkline(velocitySeries(row.series)) || MISSING), 'font-family:Menlo,Consolas,monospace;white-space:nowrap;') +
		'</tr>'
	);
}

function section(title: string, inner: string): string {
	return `<h2 style="${FONT}font-size:16px;color:#111827;margin:24px 0 8px;">${h(title)}</h2>${inner}`;
}

function body(input: ReportInput, options: HtmlRenderOptions): string {
	const rows = rowsOf(input);
	const out: string[] = [];
	out.push(`<h1 style="${FONT}font-size:20px;color:#111827;margin:0 0 4px;">${h(titleOf(input))}</h1>`);
	out.push(`<p style="${MUTED}margin:0 0 12px;">${h(subtitle(input))}</p>`);
	const summary = alertSummary(rows);
	if (summary) out.push(`<p style="${FONT}font-size:14px;margin:0 0 12px;"><strong>Alerts:</strong> ${h(summary)}</p>`);

	if (rows.length === 0) {
		out.push(`<p style="${FONT}font-size:14px;">No hashtags to report.</p>`);
	} else {
		const headers = ['#', 'Hashtag', 'Trend', 'Views (Δ)', 'Views/h', 'WoW', 'Velocity'];
		out.push(
			'<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;">',
			`<tr>${headers.map((x) => `<th ${TH}>${h(x)}</th>`).join('')}</tr>`,
			...rows.map(rowHtml),
			'</table>',
			`<p style="${MUTED}margin:6px 0 0;">Velocity: views gained per hour between samples, oldest → newest; · = missing sample. — = unknown.</p>`,
		);
	}

	const flagged = rows.filter((r) => flagsOf(r).length > 0);
	if (flagged.length > 0) {
		out.push(
			section(
				'Flags explained',
				`<ul style="${FONT}font-size:13px;padding-left:20px;">` +
					flagged.map((r) => `<li><strong>${iso(hashtagLabel(r.hashtag))}</strong>: ${iso(flagsInWords(r))}</li>`).join('') +
					'</ul>',
			),
		);
	}

	const videoRows = rowsWithVideos(rows);
	for (const row of videoRows.slice(0, MAX_VIDEO_HASHTAGS)) {
		const items = topVideosOf(row)
			.map(
				(v) =>
					`<li style="margin-bottom:4px;">${htmlLink(videoLabel(v), v.url)} — ${iso(authorLabel(v))}` +
					` <span style="${MUTED}">${h(`${humanNumber(v.views)} views · ${formatAge(v.ageHours)} old · ${formatRate(v.viewsPerHour)}`)}</span></li>`,
			)
			.join('');
		out.push(section(`Top videos for ${hashtagLabel(row.hashtag)}`, `<ol style="${FONT}font-size:13px;padding-left:20px;">${items}</ol>`));
	}

	if (videoRows.length > MAX_VIDEO_HASHTAGS) {
		out.push(`<p style="${MUTED}">… and ${videoRows.length - MAX_VIDEO_HASHTAGS} more hashtags with top videos.</p>`);
	}

	const emerging = emergingOf(input);
	if (emerging.length > 0) {
		const items = emerging
			.map((e) => {
				const rate =
					typeof e.engagementRate === 'number' && Number.isFinite(e.engagementRate)
						? ` · ${formatPct(e.engagementRate * 100, '%', false)} engagement`
						: '';
				return `<li>${iso(hashtagLabel(e.hashtag))} — ${h(`${humanNumber(e.count)} top video${e.count === 1 ? '' : 's'}${rate}`)}</li>`;
			})
			.join('');
		out.push(section('Emerging hashtags', `<ul style="${FONT}font-size:13px;padding-left:20px;">${items}</ul>`));
	}

	if (options.charts && rows.length > 0) {
		const maxCharts = Math.max(0, options.maxCharts ?? 50);
		const charts = rows.slice(0, maxCharts).map(
			(r) =>
				`<div style="margin:12px 0;">${renderSvgChart(r.series, { title: `${hashtagLabel(r.hashtag)} — views over time`, timezone: input.timezone })}</div>`,
		);
		if (rows.length > maxCharts) charts.push(`<p style="${MUTED}">… and ${rows.length - maxCharts} more hashtags not charted.</p>`);
		out.push(section('Charts', charts.join('')));
	}

	const notes = notesOf(input);
	if (notes.length > 0) {
		out.push(section('Notes', `<ul style="${FONT}font-size:13px;padding-left:20px;">${notes.map((n) => `<li dir="auto">${h(n)}</li>`).join('')}</ul>`));
	}
	out.push(
		`<hr style="border:0;border-top:1px solid #e5e7eb;margin:24px 0 8px;"><p style="${MUTED}">${h(`Generated ${generatedLabel(input)} by the Hashtag Trend Analyzer.`)}</p>`,
	);
	return out.join('\n');
}

function documentOf(input: ReportInput, options: HtmlRenderOptions): string {
	return [
		'<!DOCTYPE html>',
		'<html lang="en">',
		'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
		`<title>${h(titleOf(input))}</title></head>`,
		'<body style="margin:0;padding:16px;background:#ffffff;">',
		'<div style="max-width:960px;margin:0 auto;">',
		body(input, options),
		'</div>',
		'</body>',
		'</html>',
		'',
	].join('\n');
}

/** Email-safe HTML document (no SVG, no scripts, inline styles only). */
export function renderHtml(input: ReportInput): string {
	return documentOf(input, { charts: false });
}

/** Standalone HTML document with an inline SVG chart per hashtag. */
export function renderHtmlWithCharts(input: ReportInput, options: Omit<HtmlRenderOptions, 'charts'> = {}): string {
	return documentOf(input, { ...options, charts: true });
}
