/** Which videos drive a hashtag's growth, and which hashtags keep appearing beside the tracked ones. */
import { tryNormalizeHashtagName } from '../scavio/hashtag-name';
import { parseTime } from '../trends/snapshots';
import type { ReportEmergingHashtag, ReportTopVideo, VideoRecord } from './types';

const HOUR = 3600;

/** A finite number, else null. */
export function num(x: unknown): number | null {
	return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function str(x: unknown): string {
	return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '';
}

function round(x: number, factor: number): number {
	return Math.round(x * factor) / factor;
}

/** Ranks videos by views gained per hour since posting (age floored at one hour) and keeps the top `limit`. */
export function topVideos(videos: readonly VideoRecord[], now: number, limit = 3): ReportTopVideo[] {
	const seen = new Set<string>();
	const scored: ReportTopVideo[] = [];
	for (const v of videos) {
		const key = str(v.id) || str(v.url);
		if (key === '' || seen.has(key)) continue;
		seen.add(key);
		const created = parseTime(v.createdAt);
		const views = num(v.views);
		const ageHours = created !== null ? Math.max(0, (now - created) / HOUR) : null;
		scored.push({
			url: str(v.url),
			description: str(v.description),
			author: str(v.author) || str(v.authorNickname),
			views,
			ageHours: ageHours !== null ? round(ageHours, 10) : null,
			viewsPerHour: views !== null && ageHours !== null ? round(views / Math.max(1, ageHours), 10) : null,
		});
	}
	// Unknown velocity sorts after known; ties by views.
	scored.sort((a, b) => (b.viewsPerHour ?? -1) - (a.viewsPerHour ?? -1) || (b.views ?? -1) - (a.views ?? -1));
	return scored.slice(0, Math.max(0, limit));
}

/** Groups video records by the hashtag they were fetched for (`hashtagName`, else `hashtagId`). */
export function groupVideosByHashtag(videos: readonly VideoRecord[]): Map<string, VideoRecord[]> {
	const groups = new Map<string, VideoRecord[]>();
	for (const v of videos) {
		const key = tryNormalizeHashtagName(v.hashtagName) ?? (v.hashtagId ? `id:${str(v.hashtagId)}` : '');
		if (key === '') continue;
		const list = groups.get(key);
		if (list) list.push(v);
		else groups.set(key, [v]);
	}
	return groups;
}

/**
 * Hashtags carried by at least two of the tracked hashtags' videos but not tracked themselves,
 * ranked by how many distinct videos carry them, then by the engagement of those videos.
 */
export function emergingHashtags(videos: readonly VideoRecord[], watchlist: Iterable<string>, limit: number): ReportEmergingHashtag[] {
	const tracked = new Set<string>();
	for (const name of [...watchlist, ...videos.map((v) => v.hashtagName)]) {
		const n = tryNormalizeHashtagName(name);
		if (n) tracked.add(n);
	}
	const acc = new Map<string, { videos: Set<string>; views: number; engagement: number }>();
	for (const v of videos) {
		const videoKey = str(v.id) || str(v.url) || str(v.description);
		const views = num(v.views);
		for (const raw of v.hashtags ?? []) {
			const tag = tryNormalizeHashtagName(raw);
			if (!tag || tracked.has(tag)) continue;
			const a = acc.get(tag) ?? { videos: new Set<string>(), views: 0, engagement: 0 };
			acc.set(tag, a);
			if (a.videos.has(videoKey)) continue;
			a.videos.add(videoKey);
			if (views !== null && views > 0) {
				a.views += views;
				a.engagement += (num(v.likes) ?? 0) + (num(v.comments) ?? 0) + (num(v.shares) ?? 0);
			}
		}
	}
	const ranked = [...acc]
		.filter(([, a]) => a.videos.size >= 2)
		.map(([hashtag, a]) => {
			const count = a.videos.size;
			const engagementRate = a.views > 0 ? round(a.engagement / a.views, 1e4) : null;
			// Frequency first; engagement (log-scaled reach × rate) breaks ties within a frequency.
			const score = round(count + Math.min(0.99, ((engagementRate ?? 0) * Math.log10(1 + a.views)) / 10), 1e4);
			return { hashtag, count, engagementRate, score, views: a.views };
		});
	ranked.sort((a, b) => b.score - a.score || b.views - a.views || a.hashtag.localeCompare(b.hashtag));
	return ranked.slice(0, limit).map(({ hashtag, count, engagementRate }) => ({ hashtag, count, engagementRate }));
}
