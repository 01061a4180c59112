/** Records the Scavio TikTok node outputs when Simplify is on (see docs/DESIGN.md). */

/** Which documented location of the hashtag payload the counts were read from. */
export type HashtagCountSource =
	| 'challengeInfo.statsV2'
	| 'challengeInfo.challenge.statsV2'
	| 'ch_info'
	| 'challengeInfo.stats'
	| 'challengeInfo.challenge.stats'
	| 'view_count'
	| 'data.stats'
	| 'data.videoCount';

/**
 * Where a video's or user's counts came from, exact first: `statsV2` (web, digit strings),
 * `statistics` (app video) / `user` (app user fields), then `stats` (web, rounded for display).
 * When counts came from several sources, the least exact one is named; null when there is no count.
 */
export type VideoCountSource = 'statsV2' | 'statistics' | 'itemInfos' | 'stats';
export type UserCountSource = 'statsV2' | 'user' | 'stats';

export interface Hashtag {
	id: string | null;
	name: string;
	views: number;
	/** `null` when unknown, e.g. `videoCount: 0` beside non-zero views. */
	videos: number | null;
	fetchedAt: string;
	countSource: HashtagCountSource;
}

export interface Video {
	id: string;
	url: string;
	description: string;
	createdAt: string | null;
	views: number | null;
	likes: number | null;
	comments: number | null;
	shares: number | null;
	saves: number | null;
	author: string | null;
	authorNickname: string | null;
	hashtags: string[];
	durationSec: number | null;
	coverUrl: string | null;
	countSource: VideoCountSource | null;
}

export interface HashtagVideo extends Video {
	hashtagId: string;
	hashtagName: string | null;
}

export interface User {
	id: string | null;
	username: string | null;
	nickname: string | null;
	secUid: string | null;
	url: string | null;
	bio: string | null;
	followers: number | null;
	following: number | null;
	videos: number | null;
	likes: number | null;
	verified: boolean | null;
	avatarUrl: string | null;
	countSource: UserCountSource | null;
}

export interface Comment {
	id: string;
	videoId: string | null;
	parentId: string | null;
	text: string;
	createdAt: string | null;
	likes: number | null;
	replies: number | null;
	author: string | null;
	authorNickname: string | null;
	likedByAuthor: boolean | null;
}

export type JsonRecord = Record<string, unknown>;
