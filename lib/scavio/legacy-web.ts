/**
 * The older TikTok web record that public scrapers still return: a video's fields under
 * `itemInfos` (`id`, `text`, `createTime`, `playCount`, …, `video.videoMeta.duration` in seconds),
 * its author under `authorInfos` (`uniqueId`, `nickName`, `userId`, `secUid`), its hashtags under
 * `challengeInfoList` (or `challengeInfo`) `[].challengeName` and `textExtra[].HashtagName`.
 * Rewritten into today's web item shape so one parser reads both; the counts stay in `itemInfos`
 * (exact numbers there).
 */
import type { JsonRecord } from './types';

function isObject(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown): JsonRecord {
	return isObject(value) ? value : {};
}

function firstOf(...values: unknown[]): unknown {
	return values.find((v) => v !== undefined && v !== null && v !== '');
}

/** A list of records, from an array or a single record. */
function records(value: unknown): JsonRecord[] {
	if (isObject(value)) return [value];
	return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The record in today's web shape, or null when it is not an `itemInfos` record. */
export function fromLegacyWebVideo(v: JsonRecord): JsonRecord | null {
	if (!isObject(v.itemInfos)) return null;
	const item = v.itemInfos;
	const author = obj(firstOf(v.authorInfos, item.authorInfos));
	const media = obj(item.video);
	const covers = Array.isArray(item.covers) ? item.covers : [];
	return {
		id: firstOf(item.id, item.itemId),
		desc: firstOf(item.text, item.desc),
		createTime: item.createTime,
		author: {
			id: author.userId,
			uniqueId: firstOf(author.uniqueId, author.unique_id),
			nickname: firstOf(author.nickName, author.nickname),
			secUid: author.secUid,
		},
		itemInfos: item,
		video: { duration: firstOf(obj(media.videoMeta).duration, media.duration), cover: covers[0] },
		challenges: records(firstOf(v.challengeInfoList, v.challengeInfo, item.challengeInfoList)).map((c) => ({
			title: firstOf(c.challengeName, c.title, obj(c.challenge).title),
		})),
		textExtra: records(firstOf(v.textExtra, item.textExtra)).map((t) => ({ hashtagName: firstOf(t.HashtagName, t.hashtagName) })),
	};
}
