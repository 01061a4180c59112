/**
 * Pure reports: the `ReportInput` built from trend rows and video records (top videos, emerging
 * hashtags: `input.ts`, `videos.ts`), rendered as plain text, Markdown, Slack Block Kit, email HTML,
 * HTML with inline SVG charts, and CSV. No I/O, no n8n import. Untrusted text is escaped per format.
 */
import { renderCsv, type CsvRenderOptions } from './csv';
import { renderHtml, renderHtmlWithCharts } from './html';
import { renderMarkdown } from './markdown';
import { renderSlack, type SlackRenderOptions } from './slack';
import { renderText } from './text';
import type { RenderedReport, ReportInput } from './types';

export type {
	RenderedReport,
	ReportEmergingHashtag,
	ReportFlag,
	ReportInput,
	ReportRow,
	ReportSeriesPoint,
	ReportTopVideo,
	SlackMessage,
	VideoRecord,
} from './types';
export { buildReportInput, isVideoJson, trendRowFromJson, type BuildReportParams, type TrendRowLike } from './input';
export { emergingHashtags, groupVideosByHashtag, topVideos } from './videos';
export {
	escapeCsvCell,
	escapeHtml,
	escapeMarkdown,
	escapeSlackMrkdwn,
	isSafeHttpUrl,
	sanitizeText,
	stripInvisible,
	TEXT_LIMITS,
	truncate,
} from './escape';
export {
	describeFlag,
	FLAG_DESCRIPTIONS,
	formatAge,
	formatDateTime,
	formatPct,
	formatRate,
	hashtagLabel,
	humanNumber,
	MISSING,
	signedHumanNumber,
	trendArrow,
	trendCell,
	velocitySeries,
} from './format';
export { sparkline, SPARK_BLOCKS, SPARK_GAP, type SparklineOptions } from './sparkline';
export { renderSvgChart, type SvgChartOptions } from './svg';
export { markdownLink, renderMarkdown } from './markdown';
export { clipSlackText, plainTextSafe, renderSlack, slackLink, SLACK_LIMITS, type SlackRenderOptions } from './slack';
export { htmlLink, renderHtml, renderHtmlWithCharts, type HtmlRenderOptions } from './html';
export { CSV_COLUMNS, renderCsv, type CsvRenderOptions } from './csv';
export { renderText } from './text';

export interface RenderReportOptions {
	slack?: SlackRenderOptions;
	/** Most SVG charts in `htmlWithCharts` (default 50). */
	maxCharts?: number;
	csv?: CsvRenderOptions;
}

/** Render every format at once. */
export function renderReport(input: ReportInput, options: RenderReportOptions = {}): RenderedReport {
	const slackBlocks = renderSlack(input, options.slack);
	return {
		text: renderText(input),
		markdown: renderMarkdown(input),
		slackBlocks,
		slackBlocksJson: JSON.stringify(slackBlocks),
		html: renderHtml(input),
		htmlWithCharts: renderHtmlWithCharts(input, { maxCharts: options.maxCharts }),
		csv: renderCsv(input, options.csv),
	};
}
