'use strict';
// Calibration client: C workers, each a plain `await fetch(...)` loop — the least a client can do
// per request. Its ratio to the floor shows what this machine (and its current load) costs on top
// of N·latency/C, so the node's own overhead can be told apart from the machine's.

/**
 * @param {{url: string, apiKey: string, hashtags: string[], concurrency: number}} args
 * @returns {Promise<{ok: number}>}
 */
async function fetchHashtagsConcurrently({ url, apiKey, hashtags, concurrency }) {
	let next = 0;
	let ok = 0;
	const worker = async () => {
		while (next < hashtags.length) {
			const hashtag = hashtags[next++];
			const response = await fetch(`${url}/api/v1/tiktok/hashtag`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', Accept: 'application/json' },
				body: JSON.stringify({ hashtag_name: hashtag }),
			});
			const body = await response.json().catch(() => null);
			if (response.status === 200 && body && body.data) ok++;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { ok };
}

module.exports = { fetchHashtagsConcurrently };
