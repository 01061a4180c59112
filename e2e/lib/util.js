'use strict';

/** JSON over HTTP to a loopback mock; throws on HTTP errors with the answer's start. */
async function http(method, url, body, headers = {}) {
	const res = await fetch(url, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	if (res.status >= 400) throw new Error(`${method} ${url.replace(/\?.*/, '')} → ${res.status} ${text.slice(0, 300)}`);
	return text ? JSON.parse(text) : undefined;
}

/** The watchlist of a shipped template, read from its "Edit Watchlist" node (the test follows edits). */
function watchlistOf(workflow) {
	const setNode = workflow.nodes.find((n) => n.name === 'Edit Watchlist');
	return JSON.parse(setNode.parameters.jsonOutput).watchlist;
}

/** TikTok video ids (19 digits starting with 7) mentioned in a text. */
const videoIdsIn = (text) => [...new Set(String(text).match(/\b7\d{18}\b/g) || [])];

module.exports = { http, watchlistOf, videoIdsIn };
