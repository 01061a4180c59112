import { ScavioParseError } from './errors';
import { tryNormalizeHashtagName } from './hashtag-name';
import type { Comment, Hashtag, HashtagCountSource, JsonRecord, User, Video } from './types';

export function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rec(value: unknown): JsonRecord {
	return isRecord(value) ? value : {};
}

function first(...values: unknown[]): unknown {
	return values.find((v) => v !== undefined && v !== null && v !== '');
}

function str(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'bigint') return value.toString();
	return null;
}

function bool(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (value === 0 || value === 1) return value === 1;
	return null;
}

/**
 * Reads a count: a non-negative safe integer, or a digit string holding one (statsV2 uses strings).
 * `invalid` marks a present but unusable value (negative, overflowed, non-numeric).
 */
type Count = { kind: 'ok'; value: number } | { kind: 'missing' } | { kind: 'invalid' };

function readCount(value: unknown): Count {
	if (value === undefined || value === null || value === '') return { kind: 'missing' };
	let n: number;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && /^\s*-?\d+(\.0+)?\s*$/.test(value)) n = Number(value);
	else return { kind: 'invalid' };
	if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n) || n > Number.MAX_SAFE_INTEGER) {
		return { kind: 'invalid' };
	}
	return { kind: 'ok', value: n };
}

function count(value: unknown): number | null {
	const c = readCount(value);
	return c.kind === 'ok' ? c.value : null;
}

function firstUrl(...candidates: unknown[]): string | null {
	for (const c of candidates) {
		if (typeof c === 'string' && c) return c;
		const list = rec(c).url_list;
		if (Array.isArray(list) && typeof list[0] === 'string' && list[0]) return list[0];
	}
	return null;
}

/** Unix seconds (or milliseconds, when too large to be seconds) → ISO 8601. */
export function unixToIso(value: unknown): string | null {
	const c = readCount(value);
	if (c.kind !== 'ok' || c.value === 0) return null;
	const ms = c.value > 1e12 ? c.value : c.value * 1000;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Splits a response body into envelope and payload; accepts either. */
function unwrap(envelopeOrData: unknown): { envelope: JsonRecord; data: JsonRecord } {
	const envelope = rec(envelopeOrData);
	if ('data' in envelope && !('challengeInfo' in envelope) && !('aweme_id' in envelope)) {
		return { envelope, data: rec(envelope.data) };
	}
	return { envelope, data: envelope };
}

interface CountCandidate {
	source: HashtagCountSource;
	views: unknown;
	videos: unknown;
	present: boolean;
}

/** Hashtag id and name the caller asked for, used when the payload lacks them. */
export interface HashtagRequest {
	name?: string | null;
	id?: string | null;
}

/**
 * Reads a `/hashtag` response (envelope or `data`) tolerant of every documented shape
 * (scavio-tiktok-api.md §7): challengeInfo.stats → challengeInfo.statsV2 (strings) →
 * challengeInfo.challenge.stats → top-level `view_count` → `data.stats` → `data.videoCount`.
 * A source whose view count is negative or overflowed is skipped for the next one, and so is one
 * whose view count is 0 while a later one has a positive count. `videoCount: 0`
 * beside non-zero views means unknown (`videos: null`). No usable view count → ScavioParseError
 * (a missing sample, never 0).
 */
export function parseHashtag(envelopeOrData: unknown, fetchedAt: string, requested: HashtagRequest = {}): Hashtag {
	const { envelope, data } = unwrap(envelopeOrData);
	const info = rec(data.challengeInfo);
	const challenge = rec(info.challenge);
	const dataStats = rec(data.stats);

	const candidates: CountCandidate[] = [
		{ source: 'challengeInfo.stats', views: rec(info.stats).viewCount, videos: rec(info.stats).videoCount, present: isRecord(info.stats) },
		{ source: 'challengeInfo.statsV2', views: rec(info.statsV2).viewCount, videos: rec(info.statsV2).videoCount, present: isRecord(info.statsV2) },
		{ source: 'challengeInfo.challenge.stats', views: rec(challenge.stats).viewCount, videos: rec(challenge.stats).videoCount, present: isRecord(challenge.stats) },
		{
			source: 'view_count',
			views: first(envelope.view_count, data.view_count),
			videos: first(envelope.video_count, data.video_count),
			present: first(envelope.view_count, data.view_count) !== undefined,
		},
		{
			source: 'data.stats',
			views: first(dataStats.view_count, dataStats.viewCount),
			videos: first(dataStats.video_count, dataStats.videoCount),
			present: isRecord(data.stats),
		},
		{ source: 'data.videoCount', views: data.viewCount, videos: data.videoCount, present: 'videoCount' in data || 'viewCount' in data },
	];

	const usable = candidates
		.map((c) => ({ ...c, v: readCount(c.views), n: readCount(c.videos) }))
		.filter((c) => c.present && c.v.kind === 'ok');
	// A 0 view count beside a positive one elsewhere is a placeholder (TikTok zeroes some stats
	// objects), never the count; 0 is used only when every source says 0.
	const positive = usable.filter((c) => (c.v as { value: number }).value > 0);
	const pool = positive.length > 0 ? positive : usable;
	// Prefer a source whose video count is not corrupt; a corrupt one only loses the video count.
	const chosen = pool.find((c) => c.n.kind !== 'invalid') ?? pool[0];

	const id = str(first(challenge.id, info.id, data.id, data.challenge_id, data.hashtag_id, requested.id));
	const rawName = str(first(challenge.title, info.title, data.title, data.name, data.hashtag_name, data.cha_name, requested.name));
	const name = rawName === null ? '' : (tryNormalizeHashtagName(rawName) ?? rawName);
	const asked = describeRequest(requested, name, id);

	if (!chosen) {
		const anyPayload = Object.keys(info).length > 0 || candidates.some((c) => c.present);
		if (!anyPayload) {
			throw new ScavioParseError(
				`Scavio returned no hashtag information for ${asked}. Check that the hashtag exists on TikTok and is spelled as it appears there.`,
			);
		}
		throw new ScavioParseError(
			`Scavio's answer for ${asked} has no usable view count (looked in ${candidates.map((c) => c.source).join(', ')}). The sample is treated as missing rather than 0; try again later.`,
		);
	}

	const views = (chosen.v as { value: number }).value;
	let videos: number | null = chosen.n.kind === 'ok' ? chosen.n.value : null;
	if (videos === 0 && views > 0) videos = null;

	return { id, name, views, videos, fetchedAt, countSource: chosen.source };
}

function describeRequest(requested: HashtagRequest, name: string, id: string | null): string {
	if (requested.name) return `hashtag "${requested.name}"`;
	if (requested.id) return `hashtag id "${requested.id}"`;
	if (name) return `hashtag "${name}"`;
	return id ? `hashtag id "${id}"` : 'the hashtag';
}

/** Hashtags of a video from `cha_list[].cha_name` and `text_extra[].hashtag_name` (and web equivalents). */
function videoHashtags(raw: JsonRecord): string[] {
	const names: unknown[] = [];
	for (const c of Array.isArray(raw.cha_list) ? raw.cha_list : []) names.push(rec(c).cha_name);
	for (const t of Array.isArray(raw.text_extra) ? raw.text_extra : []) names.push(rec(t).hashtag_name);
	for (const c of Array.isArray(raw.challenges) ? raw.challenges : []) names.push(rec(c).title);
	for (const t of Array.isArray(raw.textExtra) ? raw.textExtra : []) names.push(rec(t).hashtagName);
	const out: string[] = [];
	for (const n of names) {
		const tag = tryNormalizeHashtagName(n);
		if (tag !== null && !out.includes(tag)) out.push(tag);
	}
	return out;
}

export function tiktokVideoUrl(author: string | null, id: string): string {
	return `https://www.tiktok.com/@${encodeURIComponent(author ?? '')}/video/${encodeURIComponent(id)}`;
}

/**
 * A TikTok aweme (app names: `aweme_id`, `statistics.play_count`, …) or web item (`id`,
 * `stats.playCount`, …) → Video. Throws ScavioParseError when no id is present.
 */
export function parseVideo(raw: unknown): Video {
	const video = parseVideoOrNull(raw);
	if (video === null) throw new ScavioParseError('Scavio returned a video without an id.');
	return video;
}

/** parseVideo, but null for a record without an id. */
export function parseVideoOrNull(raw: unknown): Video | null {
	const v = rec(raw);
	const isApp = 'aweme_id' in v || 'statistics' in v;
	const id = str(first(v.aweme_id, v.id));
	if (id === null) return null;
	const stats = rec(v.statistics);
	const web = rec(first(v.stats, v.statsV2));
	const authorRaw = v.author;
	const author = rec(authorRaw);
	const authorName = str(first(author.unique_id, author.uniqueId, typeof authorRaw === 'string' ? authorRaw : undefined));
	const video = rec(v.video);
	const durationRaw = count(first(video.duration, v.duration));
	// App payloads give milliseconds (15000), web payloads seconds.
	const durationSec = durationRaw === null ? null : isApp ? Math.round(durationRaw) / 1000 : durationRaw;
	return {
		id,
		url: tiktokVideoUrl(authorName, id),
		description: str(first(v.desc, v.description)) ?? '',
		createdAt: unixToIso(first(v.create_time, v.createTime)),
		views: count(first(stats.play_count, web.playCount)),
		likes: count(first(stats.digg_count, web.diggCount)),
		comments: count(first(stats.comment_count, web.commentCount)),
		shares: count(first(stats.share_count, web.shareCount)),
		saves: count(first(stats.collect_count, web.collectCount)),
		author: authorName,
		authorNickname: str(author.nickname),
		hashtags: videoHashtags(v),
		durationSec,
		coverUrl: firstUrl(video.cover, video.origin_cover, video.originCover, video.dynamic_cover),
	};
}

/** A TikTok user (`data.user`, search `user_info`, followers entries, or web `{user, stats}`) → User. */
export function parseUser(raw: unknown): User {
	const outer = rec(raw);
	const u = isRecord(outer.user) ? outer.user : outer;
	const webStats = rec(outer.stats);
	const username = str(first(u.unique_id, u.uniqueId));
	return {
		id: str(first(u.uid, u.id)),
		username,
		nickname: str(u.nickname),
		secUid: str(first(u.sec_uid, u.secUid)),
		url: username ? `https://www.tiktok.com/@${encodeURIComponent(username)}` : null,
		bio: str(first(u.signature)),
		followers: count(first(u.follower_count, webStats.followerCount)),
		following: count(first(u.following_count, webStats.followingCount)),
		videos: count(first(u.aweme_count, webStats.videoCount)),
		likes: count(first(u.total_favorited, webStats.heartCount, webStats.heart)),
		verified: bool(u.verified) ?? (typeof u.verification_type === 'number' ? u.verification_type > 0 : null),
		avatarUrl: firstUrl(u.avatar_larger, u.avatarLarger, u.avatar_medium, u.avatar_thumb),
	};
}

/** A comment or reply (`data.comments[]`) → Comment. Throws ScavioParseError when no id is present. */
export function parseComment(raw: unknown): Comment {
	const comment = parseCommentOrNull(raw);
	if (comment === null) throw new ScavioParseError('Scavio returned a comment without an id.');
	return comment;
}

/** parseComment, but null for a record without an id. */
export function parseCommentOrNull(raw: unknown): Comment | null {
	const c = rec(raw);
	const id = str(first(c.cid, c.id));
	if (id === null) return null;
	const user = rec(c.user);
	const parent = str(first(c.reply_id));
	return {
		id,
		videoId: str(first(c.aweme_id)),
		parentId: parent && parent !== '0' ? parent : null,
		text: str(c.text) ?? '',
		createdAt: unixToIso(first(c.create_time, c.createTime)),
		likes: count(first(c.digg_count, c.diggCount)),
		replies: count(first(c.reply_comment_total, c.replyCommentTotal)),
		author: str(first(user.unique_id, user.uniqueId)),
		authorNickname: str(user.nickname),
		likedByAuthor: bool(c.is_author_digged),
	};
}

/** What a list endpoint returns in `data`. */
export type ListKind = 'videos' | 'searchUsers' | 'followers' | 'followings' | 'comments';

function objects(list: unknown): JsonRecord[] {
	return Array.isArray(list) ? list.filter(isRecord) : [];
}

/**
 * The raw records of one page. Videos: `search_item_list[].aweme_info` or `aweme_list` (also web
 * `itemList` / `videos`); search users: `user_list[].user_info`; followers/followings; comments.
 */
export function extractList(kind: ListKind, envelopeOrData: unknown): JsonRecord[] {
	const { data } = unwrap(envelopeOrData);
	switch (kind) {
		case 'videos': {
			if (Array.isArray(data.search_item_list)) {
				return objects(data.search_item_list.map((e) => (isRecord(e) && isRecord(e.aweme_info) ? e.aweme_info : e)));
			}
			return objects(first(data.aweme_list, data.itemList, data.item_list, data.videos));
		}
		case 'searchUsers': {
			const list = first(data.user_list, data.users);
			return objects(Array.isArray(list) ? list.map((e) => (isRecord(e) && isRecord(e.user_info) ? e.user_info : e)) : []);
		}
		case 'followers':
			return objects(data.followers);
		case 'followings':
			return objects(data.followings);
		case 'comments':
			return objects(data.comments);
	}
}

/** Parses each raw record, dropping those the parser rejects (null), never aborting a whole page. */
export function parseMany<T>(records: unknown[], parse: (raw: unknown) => T | null): T[] {
	const out: T[] = [];
	for (const r of records) {
		const parsed = parse(r);
		if (parsed !== null) out.push(parsed);
	}
	return out;
}

/** Id and (normalised) title of a `/hashtag` response, without requiring counts. */
export function hashtagIdentity(envelopeOrData: unknown): { id: string | null; name: string | null } {
	const { data } = unwrap(envelopeOrData);
	const info = rec(data.challengeInfo);
	const challenge = rec(info.challenge);
	const id = str(first(challenge.id, info.id, data.id, data.challenge_id, data.hashtag_id));
	const title = str(first(challenge.title, info.title, data.title, data.name, data.hashtag_name, data.cha_name));
	return { id, name: title === null ? null : (tryNormalizeHashtagName(title) ?? title) };
}
