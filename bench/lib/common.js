'use strict';
// Shared bench constants and helpers. One source of truth for the workload of issue 5.
const { performance } = require('node:perf_hooks');
const { requireRepo } = require('./ts-register');

/** The fetch workload: N hashtags, upstream latency, server-enforced concurrency C. */
const FETCH = { hashtags: 200, latencyMs: 150, concurrency: 5 };

const SCAVIO_TYPE = 'n8n-nodes-scavio-tiktok.scavioTiktok';
const ANALYZER_TYPE = 'n8n-nodes-scavio-tiktok.hashtagTrendAnalyzer';

function loadMock() {
	return require('../../test/mock-scavio/server.js');
}

function loadHarness() {
	return requireRepo('test/harness/index.ts');
}

/** Deterministic watchlist: `bench<prefix>000`, `bench<prefix>001`, … */
function hashtagNames(count, prefix = 'tag') {
	return Array.from({ length: count }, (_, i) => `bench${prefix}${String(i).padStart(3, '0')}`);
}

/** Steady-growth hashtag specs for the mock (views grow by ~0.1 %/h, no breakout). */
function hashtagSpecs(names) {
	const specs = {};
	names.forEach((name, i) => {
		const views = 1_000_000 + i * 37_000;
		specs[name] = { views, videos: 2_000 + i * 11, viewsPerHour: Math.round(views * 0.001), videosPerHour: 2 };
	});
	return specs;
}

/** Registers `hashtagSpecs(names)` in an in-process mock. */
function seedHashtags(mock, names) {
	for (const [name, spec] of Object.entries(hashtagSpecs(names))) mock.setHashtag(name, spec);
}

async function timed(fn) {
	const t0 = performance.now();
	const value = await fn();
	return { value, seconds: (performance.now() - t0) / 1000 };
}

/** Requests of the mock log after index `from`, grouped by status. */
function statusCounts(entries) {
	const counts = {};
	for (const e of entries) counts[e.status] = (counts[e.status] || 0) + 1;
	return counts;
}

/** First request start to last response end in the mock log, in seconds. */
function httpSpanSeconds(entries) {
	if (entries.length === 0) return null;
	let t0 = Infinity;
	let t1 = -Infinity;
	for (const e of entries) {
		if (e.t0 < t0) t0 = e.t0;
		if (e.t1 !== null && e.t1 > t1) t1 = e.t1;
	}
	return (t1 - t0) / 1000;
}

/**
 * How busy the server's C slots were between the first request and the last answer:
 * Σ(answered request durations) / (span · C). 1.0 = no slot ever idle.
 */
function slotUtilisation(entries, concurrency) {
	const span = httpSpanSeconds(entries);
	if (!span) return null;
	const busy = entries.filter((e) => e.status !== 429 && e.t1 !== null).reduce((sum, e) => sum + (e.t1 - e.t0), 0) / 1000;
	return busy / (span * concurrency);
}

function round(value, digits = 3) {
	if (value === null || value === undefined || !Number.isFinite(value)) return null;
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/** A small seeded PRNG (mulberry32): the same synthetic series on every machine. */
function mulberry32(seed) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

module.exports = {
	mulberry32,
	FETCH,
	SCAVIO_TYPE,
	ANALYZER_TYPE,
	loadMock,
	loadHarness,
	hashtagNames,
	hashtagSpecs,
	seedHashtags,
	timed,
	statusCounts,
	httpSpanSeconds,
	slotUtilisation,
	round,
};
