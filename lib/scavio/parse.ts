import { ScavioParseError } from './errors';
import { tryNormalizeHashtagName } from './hashtag-name';
import { fromLegacyWebVideo } from './legacy-web';
import type { Comment, Hashtag, HashtagCountSource, JsonRecord, User, UserCountSource, Video, VideoCountSource } from './types';

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

/**
 * An id as an exact string. A number above 2^53 has already been rounded by JSON parsing and would
 * name another video: it is refused (null). The transport quotes such ids before parsing
 * (see json.ts), so this only guards records that reached the parser some other way.
 */
function idStr(value: unknown): string | null {
	if (typeof value === 'number' && !Number.isSafeInteger(value)) return null;
	return str(value);
}

function bool(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (value === 0 || value === 1) return value === 1;
	return null;
}

/**
 * Reads a count: a non-negative safe integer, or a digit string holding one (statsV2 uses strings).
 * `invalid` marks a present but unusable value (negative, overflowed, non-integer, non-numeric).
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

/** One place a record keeps its counts, with the key of each count there (undefined: not kept there). */
interface StatsSource<S extends string, F extends string> {
	source: S;
	values: JsonRecord;
	keys: Partial<Record<F, string | string[]>>;
}

/**
 * Each count from the first source (in the order given: exact first) that holds a usable value for
 * it; an overflowed or impossible value is skipped for the next source, never taken, and a count no
 * source has is null (never 0). `source` names the least exact source any count came from.
 */
function pickCounts<S extends string, F extends string>(
	fields: readonly F[],
	sources: Array<StatsSource<S, F>>,
): { counts: Record<F, number | null>; source: S | null } {
	const counts = {} as Record<F, number | null>;
	let worst = -1;
	for (const field of fields) {
		counts[field] = null;
		for (let i = 0; i < sources.length; i++) {
			const keys = sources[i].keys[field];
			if (keys === undefined) continue;
			const value = count(first(...(Array.isArray(keys) ? keys : [keys]).map((k) => sources[i].values[k])));
			if (value === null) continue;
			counts[field] = value;
			worst = Math.max(worst, i);
			break;
		}
	}
	return { counts, source: worst >= 0 ? sources[worst].source : null };
}

function firstUrl(...candidates: unknown[]): string | null {
	for (const c of candidates) {
		if (typeof c === 'string' && c) return c;
		const list = rec(c).url_list;
		if (Array.isArray(list) && typeof list[0] === 'string' && list[0]) return list[0];
	}
	return null;
}

/** Unix seconds (or milliseconds, when too large to be seconds), or an ISO 8601 text → ISO 8601. */
export function unixToIso(value: unknown): string | null {
	if (typeof value === 'string' && !/^\s*\d+(\.0+)?\s*$/.test(value)) {
		// ISO text ("2024-05-06T13:53:20Z"); a bare date or other free text is not a timestamp.
		if (!/^\d{4}-\d{2}-\d{2}T/.test(value.trim())) return null;
		const parsed = Date.parse(value.trim());
		return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
	}
	const c = readCount(value);
	if (c.kind !== 'ok' || c.value === 0) return null;
	const ms = c.value > 1e12 ? c.value : c.value * 1000;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Splits a response body into envelope and payload; accepts either. */
function unwrap(envelopeOrData: unknown): { envelope: JsonRecord; data: JsonRecord } {
	const envelope = rec(envelopeOrData);
	// The app's general search keeps its list in `data.data`: an array there is the payload's, not the envelope's.
	if ('data' in envelope && !Array.isArray(envelope.data) && !('challengeInfo' in envelope) && !('aweme_id' in envelope)) {
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
 * Reads a `/hashtag` response (envelope or `data`) in TikTok's web or app format, tolerant of every
 * documented shape (scavio-tiktok-api.md §7). Exact sources first: web `statsV2` digit strings
 * (`challengeInfo.statsV2`, then `challengeInfo.challenge.statsV2`), app `ch_info` (`view_count`,
 * `user_count`); then the rounded web `stats` (`challengeInfo.stats`, `challengeInfo.challenge.stats`);
 * then the shapes of older scripts (top-level `view_count`, `data.stats`, `data.videoCount`).
 * A source whose view count is negative, overflowed or not an integer is skipped for the next one,
 * and so is one whose view count is 0 while another has a positive count. `videoCount: 0` beside
 * non-zero views is a placeholder: the next source's count is used, or `videos: null` when none has one. No usable view count → ScavioParseError (a missing
 * sample, never 0).
 */
export function parseHashtag(envelopeOrData: unknown, fetchedAt: string, requested: HashtagRequest = {}): Hashtag {
	const { envelope, data } = unwrap(envelopeOrData);
	const info = rec(data.challengeInfo);
	const challenge = rec(info.challenge);
	const chInfo = rec(data.ch_info);
	const dataStats = rec(data.stats);
	const web = (source: HashtagCountSource, stats: unknown): CountCandidate => ({
		source,
		views: rec(stats).viewCount,
		videos: rec(stats).videoCount,
		present: isRecord(stats),
	});

	const candidates: CountCandidate[] = [
		web('challengeInfo.statsV2', info.statsV2),
		web('challengeInfo.challenge.statsV2', challenge.statsV2),
		{ source: 'ch_info', views: chInfo.view_count, videos: first(chInfo.user_count, chInfo.video_count), present: isRecord(data.ch_info) },
		web('challengeInfo.stats', info.stats),
		web('challengeInfo.challenge.stats', challenge.stats),
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
	const chosen = pool[0];

	const { id, name } = hashtagIdentity(envelopeOrData);
	const resolvedId = id ?? (requested.id || null);
	const resolvedName = name ?? (requested.name ? (tryNormalizeHashtagName(requested.name) ?? requested.name) : '');
	const asked = describeRequest(requested, resolvedName, resolvedId);

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
	// The video count from the views' source; when that one is unusable or a placeholder (0 beside
	// views, e.g. `statsV2.videoCount: "0"`), from the next source that has a real one.
	const realVideos = (c: (typeof usable)[number]) => c.n.kind === 'ok' && (c.n.value > 0 || views === 0);
	const videoSource = realVideos(chosen) ? chosen : pool.find(realVideos);
	const videos: number | null = videoSource ? (videoSource.n as { value: number }).value : null;

	return { id: resolvedId, name: resolvedName, views, videos, fetchedAt, countSource: chosen.source };
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

const VIDEO_COUNTS = ['views', 'likes', 'comments', 'shares', 'saves'] as const;
const WEB_VIDEO_KEYS = { views: 'playCount', likes: 'diggCount', comments: 'commentCount', shares: 'shareCount', saves: 'collectCount' };

/**
 * The video record inside the wrappers TikTok puts around it (web `itemInfo.itemStruct`, search
 * `aweme_info` / `item`), or rewritten from the older web `itemInfos` / `authorInfos` record.
 */
function videoRecord(raw: unknown): JsonRecord {
	const v = rec(raw);
	const legacy = fromLegacyWebVideo(v);
	if (legacy) return legacy;
	if (isRecord(v.itemInfo) && isRecord(v.itemInfo.itemStruct)) return v.itemInfo.itemStruct;
	for (const key of ['itemStruct', 'aweme_info', 'aweme_detail', 'item']) {
		if (isRecord(v[key])) return v[key];
	}
	return v;
}

/**
 * A TikTok video in the app format (`aweme_id`, `statistics.play_count`, …) or the web format
 * (`id`, `statsV2.playCount` strings, `stats.playCount`, …) → Video. Throws ScavioParseError when
 * no id is present.
 */
export function parseVideo(raw: unknown): Video {
	const video = parseVideoOrNull(raw);
	if (video === null) throw new ScavioParseError('Scavio returned a video without an id.');
	return video;
}

/** parseVideo, but null for a record without an id. */
export function parseVideoOrNull(raw: unknown): Video | null {
	const v = videoRecord(raw);
	const isApp = 'aweme_id' in v || 'statistics' in v;
	const id = idStr(first(v.aweme_id, v.id));
	if (id === null) return null;
	const { counts, source } = pickCounts<VideoCountSource, (typeof VIDEO_COUNTS)[number]>(VIDEO_COUNTS, [
		{ source: 'statsV2', values: rec(v.statsV2), keys: WEB_VIDEO_KEYS },
		{
			source: 'statistics',
			values: rec(v.statistics),
			keys: { views: 'play_count', likes: 'digg_count', comments: 'comment_count', shares: 'share_count', saves: 'collect_count' },
		},
		{ source: 'itemInfos', values: rec(v.itemInfos), keys: WEB_VIDEO_KEYS },
		{ source: 'stats', values: rec(v.stats), keys: WEB_VIDEO_KEYS },
	]);
	const authorRaw = v.author;
	const author = rec(authorRaw);
	const authorName = str(first(author.unique_id, author.uniqueId, typeof authorRaw === 'string' ? authorRaw : undefined));
	const media = rec(v.video);
	const durationRaw = count(first(media.duration, v.duration));
	// App payloads give milliseconds (15000), web payloads seconds.
	const durationSec = durationRaw === null ? null : isApp ? Math.round(durationRaw) / 1000 : durationRaw;
	return {
		id,
		url: tiktokVideoUrl(authorName, id),
		description: str(first(v.desc, v.description)) ?? '',
		createdAt: unixToIso(first(v.create_time, v.createTime)),
		...counts,
		author: authorName,
		authorNickname: str(author.nickname),
		hashtags: videoHashtags(v),
		durationSec,
		coverUrl: firstUrl(media.cover, media.origin_cover, media.originCover, media.dynamic_cover),
		countSource: source,
	};
}

const USER_COUNTS = ['followers', 'following', 'videos', 'likes'] as const;
const WEB_USER_KEYS = { followers: 'followerCount', following: 'followingCount', videos: 'videoCount', likes: ['heartCount', 'heart'] };

/**
 * The blue tick. App users carry `verification_type: 1` whether verified or not: the tick is a
 * non-empty `custom_verify` or `enterprise_verify_reason`. Web users have a `verified` boolean.
 */
function verifiedOf(u: JsonRecord): boolean | null {
	const app = ['custom_verify', 'enterprise_verify_reason'].filter((k) => k in u);
	if (app.length > 0) return app.some((k) => typeof u[k] === 'string' && (u[k] as string).trim() !== '');
	// Without those fields (e.g. a follower entry) `verification_type` says nothing: unknown.
	return bool(u.verified);
}

/**
 * A TikTok user in the app format (`data.user`, search `user_info`, followers entries: counts on the
 * user itself) or the web format (`userInfo{user, stats, statsV2}`, `userList[]{user, stats}`) → User.
 */
export function parseUser(raw: unknown): User {
	let outer = rec(raw);
	if (isRecord(outer.userInfo)) outer = outer.userInfo;
	else if (isRecord(outer.user_info)) outer = outer.user_info;
	// the older web shape: `authorInfos` (`uniqueId`, `nickName`, `userId`) with `authorStats`
	else if (isRecord(outer.authorInfos)) outer = { user: outer.authorInfos, stats: outer.authorStats };
	const u = isRecord(outer.user) ? outer.user : outer;
	const username = str(first(u.unique_id, u.uniqueId));
	const { counts, source } = pickCounts<UserCountSource, (typeof USER_COUNTS)[number]>(USER_COUNTS, [
		{ source: 'statsV2', values: rec(outer.statsV2), keys: WEB_USER_KEYS },
		{
			source: 'user',
			values: u,
			keys: { followers: 'follower_count', following: 'following_count', videos: 'aweme_count', likes: 'total_favorited' },
		},
		{ source: 'stats', values: rec(first(outer.stats, u.stats)), keys: WEB_USER_KEYS },
	]);
	return {
		id: idStr(first(u.uid, u.id, u.userId)),
		username,
		nickname: str(first(u.nickname, u.nickName)),
		secUid: str(first(u.sec_uid, u.secUid)),
		url: username ? `https://www.tiktok.com/@${encodeURIComponent(username)}` : null,
		bio: str(first(u.signature)),
		...counts,
		verified: verifiedOf(u),
		avatarUrl: firstUrl(u.avatar_larger, u.avatarLarger, u.avatar_medium, u.avatarMedium, u.avatar_thumb, u.avatarThumb),
		countSource: source,
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
	const id = idStr(first(c.cid, c.id));
	if (id === null) return null;
	const user = rec(c.user);
	const parent = idStr(first(c.reply_id, c.replyId));
	return {
		id,
		videoId: idStr(first(c.aweme_id, c.awemeId)),
		parentId: parent && parent !== '0' ? parent : null,
		text: str(c.text) ?? '',
		createdAt: unixToIso(first(c.create_time, c.createTime)),
		likes: count(first(c.digg_count, c.diggCount)),
		replies: count(first(c.reply_comment_total, c.replyCommentTotal)),
		author: str(first(user.unique_id, user.uniqueId)),
		authorNickname: str(user.nickname),
		likedByAuthor: bool(first(c.is_author_digged, c.isAuthorDigged)),
	};
}

/** What a list endpoint returns in `data`. */
export type ListKind = 'videos' | 'searchUsers' | 'followers' | 'followings' | 'comments';

function videoEntry(entry: unknown): unknown {
	if (!isRecord(entry)) return entry;
	if (isRecord(entry.aweme_info)) return entry.aweme_info;
	if (isRecord(entry.item)) return entry.item;
	return entry;
}

/** Pushes the users of one search entry: app `user_info`, app general-search `user_list[].user_info`, web `{user, stats}`. */
function pushSearchUsers(out: JsonRecord[], entry: unknown): void {
	if (!isRecord(entry)) return;
	if (Array.isArray(entry.user_list)) {
		for (const inner of entry.user_list) pushSearchUsers(out, inner);
		return;
	}
	if (isRecord(entry.user_info)) out.push(entry.user_info);
	else if (isRecord(entry.user) || 'unique_id' in entry || 'uniqueId' in entry) out.push(entry);
}

/**
 * The raw records of one page, in TikTok's app or web format. Videos: `search_item_list[].aweme_info`,
 * `aweme_list`, web `itemList`, the app's general search `data[]` (entries with `aweme_info`); users:
 * `user_list[].user_info`, web `userList[]` (`{user, stats, statsV2}`), general search entries with
 * `user_list` / `user_info`; followers/followings (app) or `userList` (web); comments.
 * Plain loops: a page may hold hundreds of thousands of records.
 */
export function extractList(kind: ListKind, envelopeOrData: unknown): JsonRecord[] {
	const { data } = unwrap(envelopeOrData);
	const out: JsonRecord[] = [];
	const general = Array.isArray(data.data) ? data.data : undefined;
	switch (kind) {
		case 'videos': {
			const list = first(data.search_item_list, data.aweme_list, data.itemList, data.item_list, data.videos, general);
			if (!Array.isArray(list)) return out;
			for (const entry of list) {
				// general search mixes videos (`aweme_info`) with user cards (`user_list`): keep the videos
				if (list === general && !(isRecord(entry) && (isRecord(entry.aweme_info) || isRecord(entry.item)))) continue;
				const video = videoEntry(entry);
				if (isRecord(video)) out.push(video);
			}
			return out;
		}
		case 'searchUsers': {
			const list = first(data.user_list, data.userList, data.users, general);
			if (Array.isArray(list)) for (const entry of list) pushSearchUsers(out, entry);
			return out;
		}
		case 'followers':
		case 'followings':
		case 'comments': {
			const list = first(data[kind], kind === 'comments' ? undefined : data.userList);
			if (Array.isArray(list)) for (const entry of list) if (isRecord(entry)) out.push(entry);
			return out;
		}
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

/** Id and (normalised) title of a `/hashtag` response (web `challengeInfo` or app `ch_info`), without requiring counts. */
export function hashtagIdentity(envelopeOrData: unknown): { id: string | null; name: string | null } {
	const { data } = unwrap(envelopeOrData);
	const info = rec(data.challengeInfo);
	const challenge = rec(info.challenge);
	const chInfo = rec(data.ch_info);
	const id = idStr(first(challenge.id, info.id, chInfo.cid, data.id, data.challenge_id, data.hashtag_id, data.cid));
	const title = str(first(challenge.title, info.title, chInfo.cha_name, data.title, data.name, data.hashtag_name, data.cha_name));
	return { id, name: title === null ? null : (tryNormalizeHashtagName(title) ?? title) };
}
