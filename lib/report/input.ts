/** The report renderer's input (`lib/report`) from trend rows and simplified video records. Pure. */
import { RANK_METRIC_LABELS } from '../trends/options';
import { hashtagKey } from '../trends/snapshots';
import type { RankMetric, TrendResult } from '../trends/types';
import type { ReportInput, ReportRow, ReportSeriesPoint, VideoRecord } from './types';
import { emergingHashtags, groupVideosByHashtag, num, topVideos } from './videos';

/** The fields of a trend row the report reads; analyze results and run-summary rows both fit. */
export interface TrendRowLike
	extends Pick<TrendResult, 'hashtag' | 'views' | 'viewsDelta' | 'viewsDeltaPct' | 'videos' | 'viewsPerHour' | 'growthPctPerHour'>,
		Pick<TrendResult, 'weekOverWeekViewsPct' | 'explanation'>,
		Partial<Pick<TrendResult, 'hashtagId' | 'group' | 'rank' | 'videosDelta' | 'acceleration' | 'series'>> {
	flags: string[];
}

export interface BuildReportParams {
	title: string;
	now: Date;
	rankBy?: RankMetric | null;
	rows: TrendRowLike[];
	videos: VideoRecord[];
	topVideosPerHashtag: number;
	includeEmerging: boolean;
	emergingLimit?: number;
	/** Hashtags tracked beyond `rows` (e.g. the whole watchlist); never suggested as emerging. */
	watchlist?: readonly string[];
	/** Chart series for a row without one (e.g. from the stored history). */
	seriesFor?: (key: string) => ReportSeriesPoint[];
	notes?: string[];
	timezone?: string;
}

/** Reads a trend row from an item's json; null when the json is not a trend row. */
export function trendRowFromJson(json: Record<string, unknown>): TrendRowLike | null {
	if (typeof json.hashtag !== 'string' || !Array.isArray(json.flags) || !('viewsPerHour' in json)) return null;
	const series = Array.isArray(json.series)
		? (json.series as unknown[]).filter(
				(p): p is ReportSeriesPoint =>
					typeof p === 'object' && p !== null && typeof (p as ReportSeriesPoint).t === 'string',
			)
		: undefined;
	return {
		hashtag: json.hashtag,
		hashtagId: typeof json.hashtagId === 'string' ? json.hashtagId : null,
		group: typeof json.group === 'string' ? json.group : null,
		rank: num(json.rank) ?? undefined,
		views: num(json.views),
		viewsDelta: num(json.viewsDelta),
		viewsDeltaPct: num(json.viewsDeltaPct),
		videos: num(json.videos),
		videosDelta: num(json.videosDelta),
		viewsPerHour: num(json.viewsPerHour),
		growthPctPerHour: num(json.growthPctPerHour),
		weekOverWeekViewsPct: num(json.weekOverWeekViewsPct),
		acceleration: num(json.acceleration),
		flags: (json.flags as unknown[]).filter((f): f is string => typeof f === 'string'),
		explanation: typeof json.explanation === 'string' ? json.explanation : '',
		series,
	};
}

/** True for a simplified video record (Scavio node, Simplify on). */
export function isVideoJson(json: Record<string, unknown>): boolean {
	return (
		(typeof json.id === 'string' || typeof json.id === 'number') &&
		(typeof json.url === 'string' || 'createdAt' in json) &&
		!Array.isArray(json.flags)
	);
}

export function buildReportInput(p: BuildReportParams): ReportInput {
	const nowSeconds = p.now.getTime() / 1000;
	const groups = groupVideosByHashtag(p.videos);
	const used = new Set<string>();
	const rows: ReportRow[] = [];
	const ordered = [...p.rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
	for (const r of ordered) {
		const key = hashtagKey(r.hashtag, r.hashtagId ?? null) ?? r.hashtag;
		// Videos fetched by id only are grouped under `id:<id>`.
		const videoKey = !groups.has(key) && r.hashtagId ? `id:${r.hashtagId}` : key;
		const vids = groups.get(videoKey);
		if (vids) used.add(videoKey);
		rows.push({
			rank: rows.length + 1,
			hashtag: r.hashtag,
			group: r.group ?? undefined,
			views: r.views,
			viewsDelta: r.viewsDelta,
			viewsDeltaPct: r.viewsDeltaPct,
			videos: r.videos,
			videosDelta: r.videosDelta ?? null,
			viewsPerHour: r.viewsPerHour,
			growthPctPerHour: r.growthPctPerHour,
			weekOverWeekPct: r.weekOverWeekViewsPct,
			accelerationPerHour2: r.acceleration ?? null,
			flags: r.flags,
			explanation: r.explanation,
			series: r.series ?? p.seriesFor?.(key) ?? [],
			topVideos: vids ? topVideos(vids, nowSeconds, p.topVideosPerHashtag) : undefined,
		});
	}
	// Hashtags that only have videos (a report step without trend data).
	for (const [key, vids] of groups) {
		if (used.has(key)) continue;
		const name = vids.find((v) => typeof v.hashtagName === 'string' && v.hashtagName !== '')?.hashtagName ?? key;
		rows.push({
			rank: rows.length + 1,
			hashtag: name,
			views: null,
			viewsDelta: null,
			viewsDeltaPct: null,
			videos: null,
			viewsPerHour: null,
			growthPctPerHour: null,
			weekOverWeekPct: null,
			flags: [],
			explanation: `#${name}: top videos only; no trend metrics were passed to this report.`,
			series: p.seriesFor?.(key) ?? [],
			topVideos: topVideos(vids, nowSeconds, p.topVideosPerHashtag),
		});
	}
	const input: ReportInput = {
		title: p.title,
		generatedAt: p.now.toISOString(),
		rankMetricLabel: p.rankBy ? RANK_METRIC_LABELS[p.rankBy] : 'rank',
		rows,
	};
	if (p.includeEmerging && p.videos.length > 0) {
		const tracked = [...rows.map((r) => r.hashtag), ...(p.watchlist ?? [])];
		input.emerging = emergingHashtags(p.videos, tracked, p.emergingLimit ?? 10);
	}
	if (p.notes && p.notes.length > 0) input.notes = p.notes;
	if (p.timezone) input.timezone = p.timezone;
	return input;
}
