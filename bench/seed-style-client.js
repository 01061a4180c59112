'use strict';
// The "seed" client: the style of Scavio's older published example scripts
// (scavio.dev workflows/tiktok-hashtag-trend-tracking-hourly and friends) — a plain loop,
// one request at a time, `await fetch(...)` per hashtag, no concurrency, no retry.
// The body uses the documented `hashtag_name` field (the old scripts sent `{hashtag}`,
// which the API does not document) so that it does exactly the same work as our node.

/**
 * @param {{url: string, apiKey: string, hashtags: string[]}} args
 * @returns {Promise<{results: Array<{hashtag: string, status: number, views: number|null}>}>}
 */
async function fetchHashtagsSequentially({ url, apiKey, hashtags }) {
	const results = [];
	for (const hashtag of hashtags) {
		const response = await fetch(`${url}/api/v1/tiktok/hashtag`, {
			method: 'POST',
			headers: {
				Authorization: `Bearer ${apiKey}`,
				'Content-Type': 'application/json',
				Accept: 'application/json',
			},
			body: JSON.stringify({ hashtag_name: hashtag }),
		});
		const body = await response.json().catch(() => null);
		const info = body && body.data && body.data.challengeInfo;
		const stats = info && (info.stats || (info.challenge && info.challenge.stats));
		results.push({
			hashtag,
			status: response.status,
			views: stats && typeof stats.viewCount === 'number' ? stats.viewCount : null,
		});
	}
	return { results };
}

module.exports = { fetchHashtagsSequentially };
