/** One source of truth for the Scavio TikTok endpoints: path, method, pagination style and page size. */

/**
 * - `none`: a single object.
 * - `maxCursor`: next `cursor` ← `data.max_cursor` (user posts).
 * - `cursor`: next `cursor` ← `data.cursor` (offset endpoints).
 * - `pageToken`: next `page_token` ← `data.next_page_token` plus `min_time` ← `data.min_time`.
 */
export type PaginationStyle = 'none' | 'maxCursor' | 'cursor' | 'pageToken';

export interface EndpointSpec {
	path: string;
	method: 'GET' | 'POST';
	pagination: PaginationStyle;
	/** Largest `count` the endpoint accepts per page. */
	maxCount: number;
	/** Credits one call costs (usage is free). */
	credits: number;
}

const post = (path: string, pagination: PaginationStyle, maxCount = 1): EndpointSpec => ({
	path: `/api/v1/tiktok/${path}`,
	method: 'POST',
	pagination,
	maxCount,
	credits: 1,
});

export const ENDPOINTS = {
	profile: post('profile', 'none'),
	userPosts: post('user/posts', 'maxCursor', 30),
	video: post('video', 'none'),
	videoComments: post('video/comments', 'cursor', 50),
	videoCommentReplies: post('video/comments/replies', 'cursor', 50),
	searchVideos: post('search/videos', 'cursor', 30),
	searchUsers: post('search/users', 'cursor', 30),
	hashtag: post('hashtag', 'none'),
	hashtagVideos: post('hashtag/videos', 'cursor', 30),
	userFollowers: post('user/followers', 'pageToken', 20),
	userFollowings: post('user/followings', 'pageToken', 20),
	usage: { path: '/api/v1/usage', method: 'GET', pagination: 'none', maxCount: 1, credits: 0 } as EndpointSpec,
} satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;
