import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildReportInput, isVideoJson, renderReport, trendRowFromJson } from '../../../lib/report';
import type { TrendRowLike, VideoRecord } from '../../../lib/report';
import { storedHashtags } from '../../../lib/trends';
import type { RankMetric, RunSummary } from '../../../lib/trends';
import { DEFAULT_STATE_KEY, errorMessage, pairedItems } from './common';

const ALERT_FLAGS = new Set(['breakout', 'spike', 'drop']);
const SUMMARY_MAX_AGE_MS = 6 * 3600 * 1000;

interface ReportOptionsParameter {
	binaryPropertyCsv?: string;
	binaryPropertyHtml?: string;
	emergingLimit?: number;
	stateKey?: string;
	timezone?: string;
}

/** report: trend items and/or Scavio video items → one report item (output 0, and output 1 when alert-worthy). */
export async function executeReport(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const title = String(this.getNodeParameter('title', 0, 'TikTok hashtag trends'));
	const topVideosPerHashtag = this.getNodeParameter('topVideosPerHashtag', 0, 3) as number;
	const includeEmerging = this.getNodeParameter('includeEmerging', 0, true) as boolean;
	const options = this.getNodeParameter('reportOptions', 0, {}) as ReportOptionsParameter;
	const stateKey = options.stateKey || DEFAULT_STATE_KEY;
	const now = new Date();

	const rows: TrendRowLike[] = [];
	const videos: VideoRecord[] = [];
	const notes: string[] = [];
	const watchlist: string[] = [];
	// Hashtags (lower-case names and ids) that video items or failed video fetches are about.
	const videoNames = new Set<string>();
	const videoIds = new Set<string>();
	const about = (name: unknown, id: unknown) => {
		if ((typeof name === 'string' || typeof name === 'number') && String(name) !== '') videoNames.add(String(name).toLowerCase());
		if ((typeof id === 'string' || typeof id === 'number') && String(id) !== '') videoIds.add(String(id));
	};
	const failedFetches: Array<{ name: unknown; id: unknown; error: string }> = [];
	let rankBy: RankMetric | null = null;
	for (const item of items) {
		const json = item.json;
		const row = trendRowFromJson(json);
		if (row) {
			rows.push(row);
			if (typeof json.rankBy === 'string') rankBy = json.rankBy as RankMetric;
		} else if (isVideoJson(json)) {
			videos.push(json as unknown as VideoRecord);
			about(json.hashtagName, json.hashtagId);
		} else if (json.error !== undefined) {
			about(json.hashtag ?? json.hashtagName, json.hashtagId);
			failedFetches.push({ name: json.hashtag ?? json.hashtagName, id: json.hashtagId, error: errorMessage(json.error) });
		}
	}

	const staticData = this.getWorkflowStaticData('global');
	const state = staticData[stateKey] as { lastRun?: RunSummary | null } | undefined;
	if (rows.length === 0) {
		// Hourly template: Analyze → Alerts → Get Hashtag Videos → Report. The trend items are not in
		// this input, so use the summary the Analyze step of this execution kept in static data.
		const summary = state?.lastRun;
		const sameExecution = summary?.executionId !== null && summary?.executionId === this.getExecutionId();
		const recent = summary ? now.getTime() - Date.parse(summary.at) <= SUMMARY_MAX_AGE_MS : false;
		if (summary && Array.isArray(summary.rows) && (sameExecution || recent)) {
			const aboutSome = videos.length > 0 || videoNames.size > 0 || videoIds.size > 0;
			for (const r of summary.rows) {
				watchlist.push(r.hashtag);
				// With videos (or failed video fetches) in the input, report the hashtags they are about
				// and every hashtag sent to the Alerts output (its fetch may have failed or found no
				// video); otherwise all of them.
				const wanted = videoNames.has(r.hashtag.toLowerCase()) || (r.hashtagId !== null && videoIds.has(r.hashtagId));
				if (!aboutSome || wanted || r.alerted === true) rows.push(r);
			}
			rankBy = summary.rankBy;
			if (!sameExecution) notes.push(`Trend metrics from the analysis at ${summary.at}.`);
		}
	}
	for (const failed of failedFetches) {
		// A fetch by ID names its hashtag through the trend row with that ID.
		const named = failed.name ?? rows.find((r) => r.hashtagId !== null && r.hashtagId !== undefined && r.hashtagId === String(failed.id))?.hashtag ?? failed.id;
		const tag = named === null || named === undefined || named === '' ? null : String(named);
		notes.push(`${tag !== null ? `#${tag}: ` : ''}videos could not be fetched (${failed.error}).`);
	}
	// Every hashtag in the built-in history is tracked, also beyond the summary's top 100 rows: none of
	// them is suggested as "emerging".
	const stored = storedHashtags(state, 24);
	watchlist.push(...stored.keys.filter((key) => !key.startsWith('id:')));
	if (rows.length === 0 && videos.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to report: the input has no trend items and no video items', {
			description:
				'Connect the output of a Hashtag Trend Analyzer "Analyze" step, or Scavio TikTok "Get Hashtag Videos" items (Simplify on).',
		});
	}

	const input = buildReportInput({
		title,
		now,
		rankBy,
		rows,
		videos,
		topVideosPerHashtag,
		includeEmerging,
		emergingLimit: options.emergingLimit,
		watchlist,
		seriesFor: stored.chart,
		notes,
		timezone: options.timezone || this.getTimezone(),
	});
	const rendered = renderReport(input);
	const alertRows = input.rows.filter((r) => r.flags.some((f) => ALERT_FLAGS.has(f)));
	const json: IDataObject = {
		title,
		generatedAt: input.generatedAt,
		text: rendered.text,
		markdown: rendered.markdown,
		slackBlocks: rendered.slackBlocksJson,
		slackText: rendered.slackBlocks.text,
		html: rendered.html,
		csv: rendered.csv,
		hashtagCount: input.rows.length,
		alertCount: alertRows.length,
		alertHashtags: alertRows.map((r) => r.hashtag),
		videoCount: videos.length,
		emergingHashtags: (input.emerging ?? []).map((e) => e.hashtag),
		rankBy: input.rankMetricLabel,
	};
	const binary = {
		[options.binaryPropertyHtml || 'reportHtml']: await this.helpers.prepareBinaryData(
			Buffer.from(rendered.htmlWithCharts, 'utf8'),
			'hashtag-trends.html',
			'text/html',
		),
		[options.binaryPropertyCsv || 'reportCsv']: await this.helpers.prepareBinaryData(
			Buffer.from(rendered.csv, 'utf8'),
			'hashtag-trends.csv',
			'text/csv',
		),
	};
	const pairedItem = pairedItems(items.map((_, i) => i));
	const item: INodeExecutionData = { json, binary, pairedItem };
	return [[item], alertRows.length > 0 ? [{ json, binary, pairedItem }] : []];
}
