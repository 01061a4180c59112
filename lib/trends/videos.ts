/**
 * Which videos drive a hashtag's growth, and which hashtags keep appearing beside the tracked ones.
 * Inputs are simplified video records from the Scavio node; every field may be missing.
 */
import { tryNormalizeHashtagName } from '../scavio/hashtag-name';
import type { EmergingHashtag, TopVideo, VideoRecord } from './types';

const HOUR = 3600;

/** A finite number, else null. */
export function num(x: unknown): number | null {
	return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function str(x: unknown): string {
	return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '';
}

/** Unix seconds from an ISO string, Unix seconds or milliseconds. */
export function parseTime(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
		return Math.round(value > 1e11 ? value / 1000 : value);
	}
	if (typeof value === 'string' && value.trim() !== '') {
		if (/^\d+(\.\d+)?$/.test(value.trim())) return parseTime(Number(value));
		const ms = Date.parse(value);
		if (!Number.isNaN(ms)) return Math.round(ms / 1000);
	}
	return null;
}

/** Ranks videos by views gained per hour since posting (age floored at one hour) and keeps the top `limit`. */
export function topVideos(videos: readonly VideoRecord[], now: number, limit = 3): TopVideo[] {
	const seen = new Set<string>();
	const scored: TopVideo[] = [];
	for (const v of videos) {
		const id = str(v.id);
		const key = id || str(v.url);
		if (key === '' || seen.has(key)) continue;
		seen.add(key);
		const created = parseTime(v.createdAt);
		const views = num(v.views);
		const ageHours = created !== null ? Math.max(0, (now - created) / HOUR) : null;
		const viewsPerHour = views !== null && ageHours !== null ? views / Math.max(1, ageHours) : null;
		const likes = num(v.likes);
		const comments = num(v.comments);
		const shares = num(v.shares);
		const engagementRate =
			views !== null && views > 0 ? ((likes ?? 0) + (comments ?? 0) + (shares ?? 0)) / views : null;
		scored.push({
			id,
			url: str(v.url),
			description: str(v.description),
			author: str(v.author) || str(v.authorNickname),
			views,
			likes,
			comments,
			shares,
			createdAt: created !== null ? new Date(created * 1000).toISOString() : null,
			ageHours: ageHours !== null ? Math.round(ageHours * 10) / 10 : null,
			viewsPerHour: viewsPerHour !== null ? Math.round(viewsPerHour * 10) / 10 : null,
			engagementRate: engagementRate !== null ? Math.round(engagementRate * 1e4) / 1e4 : null,
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
 * Hashtags that co-occur in the tracked hashtags' videos but are not on the watchlist, ranked by
 * how many distinct videos carry them, then by the engagement of those videos.
 */
export function emergingHashtags(
	videos: readonly VideoRecord[],
	watchlist: Iterable<string>,
	options: { limit?: number; minOccurrences?: number } = {},
): EmergingHashtag[] {
	const tracked = new Set<string>();
	for (const w of watchlist) {
		const n = tryNormalizeHashtagName(w);
		if (n) tracked.add(n);
	}
	for (const v of videos) {
		const n = tryNormalizeHashtagName(v.hashtagName);
		if (n) tracked.add(n);
	}
	interface Acc {
		videos: Set<string>;
		views: number;
		engagement: number;
		engagedViews: number;
		with: Set<string>;
	}
	const acc = new Map<string, Acc>();
	for (const v of videos) {
		const videoKey = str(v.id) || str(v.url) || str(v.description);
		const source = tryNormalizeHashtagName(v.hashtagName);
		const tags = new Set<string>();
		for (const raw of v.hashtags ?? []) {
			const n = tryNormalizeHashtagName(raw);
			if (n && !tracked.has(n)) tags.add(n);
		}
		const views = num(v.views);
		for (const tag of tags) {
			let a = acc.get(tag);
			if (!a) {
				a = { videos: new Set(), views: 0, engagement: 0, engagedViews: 0, with: new Set() };
				acc.set(tag, a);
			}
			if (a.videos.has(videoKey)) {
				if (source) a.with.add(source);
				continue;
			}
			a.videos.add(videoKey);
			if (source) a.with.add(source);
			if (views !== null && views > 0) {
				a.views += views;
				a.engagedViews += views;
				a.engagement += (num(v.likes) ?? 0) + (num(v.comments) ?? 0) + (num(v.shares) ?? 0);
			}
		}
	}
	const minOccurrences = options.minOccurrences ?? 2;
	const out: EmergingHashtag[] = [];
	for (const [hashtag, a] of acc) {
		const count = a.videos.size;
		if (count < minOccurrences) continue;
		const engagementRate = a.engagedViews > 0 ? Math.round((a.engagement / a.engagedViews) * 1e4) / 1e4 : null;
		// Frequency first; engagement (log-scaled reach × rate) breaks ties within a frequency.
		const score = count + Math.min(0.99, (engagementRate ?? 0) * Math.log10(1 + a.views) / 10);
		out.push({
			hashtag,
			count,
			totalViews: a.views,
			engagementRate,
			coOccursWith: [...a.with].sort(),
			score: Math.round(score * 1e4) / 1e4,
		});
	}
	out.sort((a, b) => b.score - a.score || b.totalViews - a.totalViews || a.hashtag.localeCompare(b.hashtag));
	return out.slice(0, options.limit ?? 10);
}
