/**
 * Inline SVG line chart of a hashtag's views over time. Missing samples break the line (a gap),
 * they are never drawn at zero; an isolated known sample is drawn as a dot. Text is escaped with
 * escapeHtml, and the SVG contains no scripts, event handlers, links or external references.
 */
import { escapeHtml, sanitizeText, TEXT_LIMITS } from './escape';
import { formatShortDateTime, humanNumber, isNumber } from './format';
import type { ReportSeriesPoint } from './types';

export interface SvgChartOptions {
	width?: number;
	height?: number;
	/** Chart title (untrusted; escaped). */
	title?: string;
	/** Line colour, a CSS hex colour such as "#2563eb" (anything else falls back to the default). */
	color?: string;
	/** IANA zone for the x-axis labels (UTC by default). */
	timezone?: string;
}

const DEFAULT_COLOR = '#2563eb';
/** Above this many known samples the chart draws the line without per-sample dots. */
const MAX_DOTS = 120;
const FONT = 'font-family="Helvetica,Arial,sans-serif" font-size="11" fill="#4b5563"';

function num(n: number): string {
	return (Math.round(n * 10) / 10).toString();
}

export function renderSvgChart(series: ReadonlyArray<ReportSeriesPoint> | undefined, options: SvgChartOptions = {}): string {
	const width = clampSize(options.width, 600, 120, 2000);
	const height = clampSize(options.height, 200, 80, 1000);
	const color = typeof options.color === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(options.color) ? options.color : DEFAULT_COLOR;
	const title = sanitizeText(options.title ?? 'Views over time', TEXT_LIMITS.title);
	const points = (Array.isArray(series) ? series : []).map((p, i) => {
		const t = Date.parse(p?.t);
		return { t: Number.isFinite(t) ? t : NaN, i, views: isNumber(p?.views) ? p.views : null };
	});
	// Irregular timestamps are honoured; if any is unparsable the x axis falls back to sample index.
	const useTime = points.length > 0 && points.every((p) => Number.isFinite(p.t));
	const xs = points.map((p) => (useTime ? p.t : p.i));
	const known = points.filter((p) => p.views !== null) as Array<{ t: number; i: number; views: number }>;

	const yMin = known.length ? Math.min(...known.map((p) => p.views)) : 0;
	const yMax = known.length ? Math.max(...known.map((p) => p.views)) : 0;
	// Halved so extreme values cannot overflow the span; a flat series sits in the middle.
	const ySpan = yMax / 2 - yMin / 2;
	const ticks = ySpan === 0 ? [yMin] : [yMin, yMin + ySpan, yMax];
	const labels = tickLabels(ticks);
	// Room for the longest y label (about 6.5 px per character at font-size 11).
	const labelWidth = Math.max(...labels.map((l) => l.length)) * 6.5;
	const pad = { left: Math.round(Math.min(width / 3, Math.max(56, labelWidth + 12))), right: 16, top: title ? 24 : 10, bottom: 28 };
	const plotW = width - pad.left - pad.right;
	const plotH = height - pad.top - pad.bottom;

	const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">`;
	const parts: string[] = [open, `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`];
	if (title) parts.push(`<text x="${pad.left}" y="16" ${FONT} font-weight="bold">${escapeHtml(title)}</text>`);

	if (known.length === 0) {
		parts.push(`<text x="${num(width / 2)}" y="${num(height / 2)}" text-anchor="middle" ${FONT}>no data</text>`, '</svg>');
		return parts.join('');
	}

	const xMin = Math.min(...xs);
	const xMax = Math.max(...xs);
	const sx = (x: number) => pad.left + (xMax === xMin ? plotW / 2 : ((x - xMin) / (xMax - xMin)) * plotW);
	const sy = (y: number) => pad.top + plotH - (ySpan === 0 ? 0.5 : (y / 2 - yMin / 2) / ySpan) * plotH;

	// Axes and y labels (min, middle, max).
	parts.push(
		`<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${pad.top + plotH}" stroke="#9ca3af" stroke-width="1"/>`,
		`<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${pad.left + plotW}" y2="${pad.top + plotH}" stroke="#9ca3af" stroke-width="1"/>`,
	);
	for (const [k, y] of ticks.entries()) {
		const py = num(sy(y));
		parts.push(
			`<line x1="${pad.left}" y1="${py}" x2="${pad.left + plotW}" y2="${py}" stroke="#e5e7eb" stroke-width="1"/>`,
			`<text x="${pad.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" ${FONT}>${escapeHtml(labels[k])}</text>`,
		);
	}
	const xLabel = (x: number) => (useTime ? formatShortDateTime(x, options.timezone) : `#${x + 1}`);
	const baseY = num(pad.top + plotH + 16);
	parts.push(`<text x="${pad.left}" y="${baseY}" text-anchor="start" ${FONT}>${escapeHtml(xLabel(xMin))}</text>`);
	if (xMax !== xMin) {
		parts.push(`<text x="${pad.left + plotW}" y="${baseY}" text-anchor="end" ${FONT}>${escapeHtml(xLabel(xMax))}</text>`);
	}

	// Line segments between consecutive known samples; a missing sample ends the segment.
	const segments: Array<Array<[number, number]>> = [];
	let current: Array<[number, number]> = [];
	points.forEach((p, k) => {
		if (p.views === null) {
			if (current.length) segments.push(current);
			current = [];
		} else {
			current.push([sx(xs[k]), sy(p.views)]);
		}
	});
	if (current.length) segments.push(current);
	for (const seg of segments) {
		if (seg.length > 1) {
			const d = seg.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${num(x)} ${num(y)}`).join(' ');
			parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"/>`);
		}
	}
	// A dot per known sample on short series; on dense ones only isolated samples (visible only as a dot).
	const dots = known.length <= MAX_DOTS;
	for (const seg of segments) {
		if (!dots && seg.length > 1) continue;
		for (const [x, y] of seg) parts.push(`<circle cx="${num(x)}" cy="${num(y)}" r="2.5" fill="${color}"/>`);
	}
	const missing = points.length - known.length;
	if (missing > 0) {
		parts.push(
			`<text x="${pad.left + plotW}" y="16" text-anchor="end" ${FONT}>${missing} missing sample${missing === 1 ? '' : 's'}</text>`,
		);
	}
	parts.push('</svg>');
	return parts.join('');
}

/**
 * Y-axis labels: humanised ("1.2M") unless that makes two ticks read the same (a narrow range such
 * as 5,000,000…5,002,000), then exact numbers with thousands separators.
 */
function tickLabels(ticks: number[]): string[] {
	const short = ticks.map((t) => humanNumber(t));
	if (new Set(short).size === short.length) return short;
	return ticks.map((t) => {
		const rounded = Math.abs(t) >= 100 ? Math.round(t) : Math.round(t * 10) / 10;
		return rounded.toLocaleString('en-US');
	});
}

function clampSize(value: number | undefined, fallback: number, min: number, max: number): number {
	if (!isNumber(value)) return fallback;
	return Math.round(Math.min(max, Math.max(min, value)));
}
