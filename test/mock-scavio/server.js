'use strict';
/**
 * Loopback mock of the Scavio TikTok API (see /work/shared/reference/scavio-tiktok-api.md).
 * Plain CommonJS, Node built-ins only: used by jest tests, e2e scripts next to a real n8n, and the benchmark.
 *
 * Library: const { createMockScavio } = require('./server'); const mock = await createMockScavio({...});
 * CLI:     node test/mock-scavio/server.js [--port N] [--config file.json] [--demo] [--log file]
 */
const http = require('node:http');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

const API_PREFIX = '/api/v1/tiktok/';
const USAGE_PATH = '/api/v1/usage';
const CONTROL_PREFIX = '/__mock/';
const BILLING_URL = 'https://scavio.dev/dashboard/billing';
const DOCS_URL = 'https://scavio.dev/docs/errors';
const HOUR_MS = 3600000;

const DEFAULT_OPTIONS = {
	port: 0,
	apiKey: 'sk_test_mock',
	credits: 1000000,
	plan: 'Project',
	concurrency: 5,
	retryAfter: '1',
	latencyMs: 0,
	seed: 42,
	failureRates: { status5xx: 0, timeout: 0, malformedJson: 0 },
	hashtagVariant: 'all',
	searchVideosVariant: 'search_item_list',
	numericCursors: 'mixed',
	hasMoreStyle: 'int',
	pageSizeCap: 0,
	billing404: true,
	repeatCursor: false,
	cursorZeroLater: false,
	listSize: 0,
	strictTypes: true,
	now: undefined,
	timeScale: 0,
	videoClock: 'mock',
	missingHashtags: [],
	missingVideoIds: [],
	missingUsernames: [],
	logLimit: 100000,
	format: 'app',
	searchUsersVariant: 'user_list',
	numericIds: false,
	bom: false,
	hugePage: 0,
};

const HASHTAG_VARIANTS = ['all', 'stats', 'statsV2', 'challengeStats', 'legacyTop', 'legacyData', 'app'];
const FORMATS = ['app', 'web', 'webLegacy'];
/** Keys whose digit-string values `numericIds` sends as bare JSON numbers (ids above 2^53 then lose precision in a naive client). */
const ID_KEYS = ['aweme_id', 'cid', 'uid', 'id', 'reply_id'];

// ---------------------------------------------------------------- deterministic randomness

function hash32(str) {
	let h = 0x811c9dc5;
	for (let i = 0; i < str.length; i++) {
		h ^= str.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

function mulberry32(a) {
	let s = a >>> 0;
	return function next() {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function makeRng(rand) {
	return {
		next: rand,
		int: (min, max) => min + Math.floor(rand() * (max - min + 1)),
		pick: (arr) => arr[Math.floor(rand() * arr.length)],
		digits: (n) => {
			let s = String(1 + Math.floor(rand() * 9));
			while (s.length < n) s += String(Math.floor(rand() * 10));
			return s;
		},
		chance: (p) => rand() < p,
	};
}

// ---------------------------------------------------------------- word pools for realistic data

const TAG_POOL = [
	'fyp', 'foryou', 'viral', 'trending', 'tiktokmademebuyit', 'lifehack', 'diy', 'aesthetic',
	'morningroutine', 'recipe', 'comedy', 'dance', 'fitness', 'wellness', 'selfcare', 'booktok',
	'studytok', 'cleantok', 'ootd', 'grwm', 'minimalism', 'travel', 'foodie', 'asmr', 'tutorial',
	'storytime', 'motivation', 'skincare', 'makeup', 'vegan', 'homedecor', 'petsoftiktok', 'gaming',
	'coffee', 'productivity', 'smallbusiness', 'budgeting', 'mealprep', 'plantsoftiktok', 'vintage',
];
const EMERGING_POOL = [
	'quietluxury2026', 'glowupchallenge', 'tinyhabits', 'slowliving', 'cozygaming', 'dopaminedressing',
	'nostalgiacore', 'microhobby', 'softlife', 'deinfluencing', 'sundayreset', 'littletreat',
];
const NAME_A = ['sunny', 'cozy', 'urban', 'wild', 'daily', 'tiny', 'golden', 'lazy', 'pixel', 'moody', 'happy', 'salty'];
const NAME_B = ['kitchen', 'reader', 'runner', 'studio', 'garden', 'nomad', 'chef', 'coder', 'maker', 'baker', 'vibes', 'closet'];
const NICK_SUFFIX = ['', ' ✨', ' 🌿', ' | daily', ' 🍵', ' (official)', ' & co', ''];
const PHRASES = [
	'This is exactly what I needed today', 'ok but why is this so satisfying', 'Part 2 please!!',
	'saving this for later', 'the ending 😭', 'I tried this and it actually works', 'who else is here from the fyp',
	'need the link', 'this deserves more views', 'the way I gasped', 'tutorial please 🙏', 'underrated',
	'came back to watch again', 'not me doing this at 3am', 'the algorithm knows me too well',
];
const TRICKY_TEXT = [
	'<b>bold</b> & "quotes" <script>alert(1)</script>',
	'pipes | in | text *stars* _under_ `code` [link](http://x)',
	'comma, "quoted", and\nnewline',
	'=SUM(A1:A2) spreadsheet injection',
];
const MUSIC = ['original sound', 'Espresso (sped up)', 'lofi study beats', 'Golden Hour', 'Bad Habit', 'chill vibes mix'];

function titleCase(s) {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

function normalizeTag(name) {
	return String(name).trim().replace(/^#+/, '').toLowerCase();
}

// ---------------------------------------------------------------- the mock

class MockScavio {
	constructor(options) {
		this.options = mergeOptions(DEFAULT_OPTIONS, options || {});
		this.requests = [];
		this._seq = 0;
		this._inFlight = new Map(); // key → count (key held in memory only, never logged)
		this._maxInFlight = 0;
		this._failQueue = [];
		this._credits = Number(this.options.credits);
		this._billedCalls = 0;
		this._hashtags = new Map(); // normalized name → state
		this._hashtagById = new Map();
		this._users = new Map(); // sec_uid → user
		this._usersByName = new Map();
		this._videoIndex = new Map(); // aweme_id → video factory info
		this._listeners = [];
		this._realStart = Date.now();
		this._clockBase = this.options.now !== undefined ? toMs(this.options.now) : Date.now();
		this._clockOffset = 0;
		this._rand = mulberry32(hash32('runtime|' + this.options.seed));
		this._sockets = new Set();
		this.server = http.createServer((req, res) => this._handle(req, res));
		this.server.on('connection', (s) => {
			this._sockets.add(s);
			s.on('close', () => this._sockets.delete(s));
		});
		this.port = 0;
		this.url = '';
		this.apiKey = this.options.apiKey;
		const initial = this.options.hashtags;
		delete this.options.hashtags;
		if (initial) for (const [name, spec] of Object.entries(initial)) this.setHashtag(name, spec);
	}

	listen() {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port || 0, '127.0.0.1', () => {
				this.server.off('error', reject);
				this.port = this.server.address().port;
				this.url = `http://127.0.0.1:${this.port}`;
				resolve(this);
			});
		});
	}

	close() {
		return new Promise((resolve) => {
			if (typeof this.server.closeAllConnections === 'function') this.server.closeAllConnections();
			for (const s of this._sockets) s.destroy();
			this.server.close(() => resolve());
		});
	}

	// ------------------------------------------------ public state API

	get credits() {
		return this._credits;
	}

	setCredits(n) {
		this._credits = Math.max(0, Math.floor(Number(n)));
	}

	get maxInFlight() {
		return this._maxInFlight;
	}

	resetLog() {
		this.requests.length = 0;
		this._maxInFlight = 0;
	}

	onRequest(listener) {
		this._listeners.push(listener);
	}

	configure(patch) {
		if (!patch || typeof patch !== 'object') return this.options;
		const p = { ...patch };
		if ('credits' in p) {
			this.setCredits(p.credits);
			delete p.credits;
		}
		if ('apiKey' in p) this.apiKey = p.apiKey;
		if ('now' in p && p.now !== undefined) {
			this._clockBase = toMs(p.now);
			this._clockOffset = 0;
			this._realStart = Date.now();
		}
		if ('timeScale' in p) {
			// keep the clock continuous when the scale changes
			this._clockBase = this.clockMs();
			this._clockOffset = 0;
			this._realStart = Date.now();
		}
		if ('hashtags' in p) {
			for (const [name, spec] of Object.entries(p.hashtags || {})) this.setHashtag(name, spec);
			delete p.hashtags;
		}
		this.options = mergeOptions(this.options, p);
		return this.options;
	}

	/** Mock clock in ms (Unix epoch). */
	clockMs() {
		const scale = Number(this.options.timeScale) || 0;
		return this._clockBase + this._clockOffset + (scale > 0 ? (Date.now() - this._realStart) * scale : 0);
	}

	/** "Now" for timestamps inside payloads (create_time, follow times): the mock clock, or real time with videoClock 'real'. */
	_contentNowMs() {
		return this.options.videoClock === 'real' ? Date.now() : this.clockMs();
	}

	advanceHours(h) {
		this._clockOffset += Number(h) * HOUR_MS;
		return this.clockMs();
	}

	setHashtag(name, spec) {
		const key = normalizeTag(name);
		const prev = this._hashtags.get(key);
		const rng = this._dataRng('tag', key);
		// omitted counts keep the tag's current values (so a spec can change only the growth rate)
		const current = prev ? this._counts(prev) : { views: 0, videos: 0 };
		const views = spec.views === undefined || spec.views === null ? current.views : Number(spec.views);
		const videos = spec.videos === undefined || spec.videos === null ? current.videos : Number(spec.videos);
		const state = {
			name: key,
			title: spec.title !== undefined ? String(spec.title) : key,
			desc: spec.desc !== undefined ? String(spec.desc) : prev ? prev.desc : '',
			id: spec.id !== undefined ? String(spec.id) : prev ? prev.id : rng.digits(rng.int(7, 19)),
			baseViews: Number.isFinite(views) ? views : 0,
			baseVideos: Number.isFinite(videos) ? videos : 0,
			atMs: this.clockMs(),
			viewsPerHour: spec.viewsPerHour !== undefined ? Number(spec.viewsPerHour) || 0 : prev ? prev.viewsPerHour : 0,
			videosPerHour: spec.videosPerHour !== undefined ? Number(spec.videosPerHour) || 0 : prev ? prev.videosPerHour : 0,
			breakout: spec.breakout || (prev && spec.breakout === undefined ? prev.breakout : null),
			noise: spec.noise !== undefined ? Number(spec.noise) : prev ? prev.noise : 0,
			variant: spec.variant || (prev ? prev.variant : undefined),
			videoListSize: spec.videoListSize !== undefined ? Number(spec.videoListSize) : prev ? prev.videoListSize : undefined,
		};
		if (prev) this._hashtagById.delete(prev.id);
		this._hashtags.set(key, state);
		this._hashtagById.set(state.id, state);
		return this.getHashtag(key);
	}

	getHashtag(name) {
		const st = this._hashtags.get(normalizeTag(name));
		if (!st) return undefined;
		const c = this._counts(st);
		return {
			name: st.name,
			id: st.id,
			title: st.title,
			views: c.views,
			videos: c.videos,
			viewsPerHour: c.viewsPerHour,
			videosPerHour: st.videosPerHour,
		};
	}

	listHashtags() {
		return [...this._hashtags.keys()].map((k) => this.getHashtag(k));
	}

	failNext(rule) {
		const r = { count: 1, ...rule };
		if (r.hashtagName !== undefined) r.hashtagName = normalizeTag(r.hashtagName);
		this._failQueue.push(r);
	}

	state() {
		return {
			url: this.url,
			port: this.port,
			credits: this._credits,
			billedCalls: this._billedCalls,
			maxInFlight: this._maxInFlight,
			inFlight: [...this._inFlight.values()].reduce((a, b) => a + b, 0),
			clock: new Date(this.clockMs()).toISOString(),
			clockMs: this.clockMs(),
			requestCount: this.requests.length,
			pendingFailures: this._failQueue.map((f) => ({ ...f })),
			hashtags: this.listHashtags(),
			options: { ...this.options, apiKey: undefined },
		};
	}

	// ------------------------------------------------ internals: counts

	_counts(st) {
		const hours = Math.max(0, (this.clockMs() - st.atMs) / HOUR_MS);
		const b = st.breakout && Number(st.breakout.factor) ? st.breakout : null;
		const factor = b ? Number(b.factor) : 1;
		// periodic breakout: for `durationHours` every `everyHours` (first one `offsetHours` after setHashtag), rate × factor
		const boostedUntil = (t) => {
			if (!b) return 0;
			const every = Number(b.everyHours) || Infinity;
			const dur = Number(b.durationHours) || 1;
			const off = Number(b.offsetHours) || 0;
			if (t <= off) return 0;
			const rel = t - off;
			if (!Number.isFinite(every)) return Math.min(rel, dur);
			const cycles = Math.floor(rel / every);
			return cycles * Math.min(dur, every) + Math.min(rel - cycles * every, dur);
		};
		// optional hour-to-hour wobble of the rate (deterministic, |noise| < 1 keeps counts monotonic)
		const noise = Math.min(0.95, Math.max(0, Number(st.noise) || 0));
		const wobble = (hourIndex) => (noise ? 1 + noise * (2 * mulberry32(hash32(`${this.options.seed}|noise|${st.name}|${hourIndex}`))() - 1) : 1);
		// integrate the rate multiplier hour by hour (exact for piecewise-constant rates)
		let units = 0;
		for (let k = 0; k < hours; k++) {
			const end = Math.min(hours, k + 1);
			const boosted = boostedUntil(end) - boostedUntil(k);
			units += wobble(k) * (end - k + boosted * (factor - 1));
		}
		const inBoost = boostedUntil(hours + 1e-6) > boostedUntil(hours);
		const rateNow = wobble(Math.floor(hours)) * (inBoost ? factor : 1);
		return {
			views: Math.round(st.baseViews + st.viewsPerHour * units),
			videos: Math.round(st.baseVideos + st.videosPerHour * units),
			viewsPerHour: st.viewsPerHour * rateNow,
		};
	}

	_dataRng(...parts) {
		return makeRng(mulberry32(hash32(String(this.options.seed) + '|' + parts.join('|'))));
	}

	_runtimeRandom() {
		return this._rand();
	}

	_autoHashtag(name) {
		const key = normalizeTag(name);
		if (this._hashtags.has(key)) return this._hashtags.get(key);
		const rng = this._dataRng('auto-tag', key);
		const views = Math.round(Math.pow(10, 6 + rng.next() * 5));
		const videos = Math.max(10, Math.round(views / rng.int(2000, 20000)));
		this.setHashtag(key, {
			views,
			videos,
			viewsPerHour: Math.round(views * (0.0002 + rng.next() * 0.002)),
			videosPerHour: Math.round(videos * (0.0002 + rng.next() * 0.002) * 100) / 100,
		});
		return this._hashtags.get(key);
	}

	// ------------------------------------------------ internals: generated entities

	_listSize(kind, key) {
		if (Number(this.options.listSize) > 0) return Math.floor(Number(this.options.listSize));
		return this._dataRng('size', kind, key).int(45, 120);
	}

	_user(seedKey, forcedName) {
		const rng = this._dataRng('user', seedKey);
		if (forcedName) {
			const existing = this._usersByName.get(forcedName.toLowerCase());
			if (existing) return existing;
		}
		const uniqueId = forcedName || `${rng.pick(NAME_A)}${rng.pick(NAME_B)}${rng.pick(['', '.', '_'])}${rng.int(1, 9999)}`;
		const uid = rng.digits(19);
		const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		let sec = 'MS4wLjABAAAA';
		for (let i = 0; i < 64; i++) sec += chars[Math.floor(rng.next() * chars.length)];
		const followers = Math.round(Math.pow(10, 2 + rng.next() * 5));
		const nickname = `${titleCase(uniqueId.replace(/[._]?\d+$/, ''))}${rng.pick(NICK_SUFFIX)}`;
		const avatar = (size) => ({
			uri: `tos-maliva-avt-0068/${uid}`,
			url_list: [`https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/${uid}~c5_${size}x${size}.jpeg`],
		});
		const user = {
			uid,
			unique_id: uniqueId,
			nickname: rng.chance(0.05) ? `${nickname} ${rng.pick(TRICKY_TEXT)}` : nickname,
			sec_uid: sec,
			signature: rng.chance(0.1) ? rng.pick(TRICKY_TEXT) : `${rng.pick(PHRASES)} · ${rng.pick(TAG_POOL)} creator`,
			bio_url: rng.chance(0.4) ? `https://linktr.ee/${uniqueId}` : '',
			follower_count: followers,
			following_count: rng.int(10, 2000),
			aweme_count: rng.int(45, 600),
			total_favorited: Math.round(followers * (2 + rng.next() * 30)),
			// the app sets verification_type 1 for everyone; the blue tick is a non-empty custom_verify
			verification_type: 1,
			custom_verify: rng.chance(0.1) ? 'Verified account' : '',
			enterprise_verify_reason: '',
			region: rng.pick(['US', 'GB', 'DE', 'BR', 'ID', 'FR']),
			avatar_thumb: avatar(100),
			avatar_medium: avatar(720),
			avatar_larger: avatar(1080),
		};
		this._users.set(sec, user);
		// generated names can collide; the first user keeps the name so lookups stay order-independent within a run
		if (forcedName || !this._usersByName.has(uniqueId.toLowerCase())) this._usersByName.set(uniqueId.toLowerCase(), user);
		return user;
	}

	_userBySec(sec) {
		return this._users.get(sec) || this._user('sec:' + sec);
	}

	/**
	 * A video belonging to a feed (`source` names the feed, `i` the position). Age and stats are
	 * stable; create_time is relative to the mock clock ("recent past").
	 */
	_video(source, i, opts) {
		const o = opts || {};
		const rng = this._dataRng('video', source, i);
		const awemeId = '7' + rng.digits(18).slice(1).padStart(18, '0');
		const author = o.author || this._user(`author:${source}:${rng.int(0, 40)}`);
		// ages: most within 7 days, some up to 30 days; user posts are spaced out in order
		const ageSec =
			o.ageSec !== undefined ? o.ageSec : rng.chance(0.7) ? rng.int(600, 7 * 86400) : rng.int(7 * 86400, 30 * 86400);
		const createTime = Math.floor(this._contentNowMs() / 1000) - ageSec;
		const popularity = o.popularity || 1;
		const plays = Math.round(Math.pow(10, 2.5 + rng.next() * 4) * popularity);
		const digg = Math.round(plays * (0.02 + rng.next() * 0.1));
		const comments = Math.round(digg * (0.005 + rng.next() * 0.04));
		const tags = [];
		if (o.tag) tags.push({ name: o.tag.name, id: o.tag.id });
		for (const t of o.coTags || []) if (rng.chance(t.p)) tags.push({ name: t.name, id: this._tagId(t.name) });
		if (!o.tag) {
			const n = rng.int(1, 3);
			for (let k = 0; k < n; k++) {
				const name = rng.pick(TAG_POOL);
				if (!tags.some((t) => t.name === name)) tags.push({ name, id: this._tagId(name) });
			}
		}
		let text = rng.chance(0.06) ? rng.pick(TRICKY_TEXT) : rng.pick(PHRASES);
		if (o.keyword) text = `${o.keyword}: ${text}`;
		let desc = text;
		const textExtra = [];
		for (const t of tags) {
			desc += ' ';
			const start = desc.length;
			desc += '#' + t.name;
			textExtra.push({ start, end: desc.length, type: 1, hashtag_name: t.name, hashtag_id: t.id, is_commerce: false });
		}
		const durationMs = rng.int(6, 180) * 1000;
		const video = {
			aweme_id: awemeId,
			desc,
			create_time: createTime,
			region: author.region,
			author: {
				uid: author.uid,
				unique_id: author.unique_id,
				nickname: author.nickname,
				sec_uid: author.sec_uid,
				avatar_thumb: author.avatar_thumb,
			},
			music: {
				id: rng.digits(19),
				title: rng.pick(MUSIC),
				author: rng.chance(0.5) ? author.nickname : rng.pick(['Sabrina Carpenter', 'Lofi Girl', 'Steve Lacy', 'Unknown']),
				duration: Math.round(durationMs / 1000),
			},
			statistics: {
				aweme_id: awemeId,
				play_count: plays,
				digg_count: digg,
				comment_count: comments,
				share_count: Math.round(digg * (0.005 + rng.next() * 0.05)),
				collect_count: Math.round(digg * (0.02 + rng.next() * 0.1)),
				download_count: Math.round(digg * rng.next() * 0.01),
			},
			video: {
				duration: durationMs,
				width: 1080,
				height: 1920,
				ratio: '1080p',
				play_addr: { uri: `v0f044gc0000${awemeId}`, url_list: [`https://v16-webapp.tiktok.com/video/${awemeId}.mp4`] },
				cover: { uri: `tos-maliva-p-0068/${awemeId}`, url_list: [`https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/${awemeId}~tplv-cover.jpeg`] },
				origin_cover: { uri: `tos-maliva-p-0068/o${awemeId}`, url_list: [`https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/o${awemeId}.jpeg`] },
			},
			cha_list: tags.map((t) => ({ cid: t.id, cha_name: t.name, desc: '', user_count: 0 })),
			text_extra: textExtra,
			is_ads: false,
		};
		this._videoIndex.set(awemeId, { source, i, opts: o });
		return video;
	}

	_tagId(name) {
		const st = this._hashtags.get(name);
		if (st) return st.id;
		const rng = this._dataRng('tag', name);
		return rng.digits(rng.int(7, 19));
	}

	/**
	 * Generated lists cost a few ms each; keep the recent ones (the benchmark pages through them).
	 * Keys include everything the content depends on, so a hit returns what a rebuild would.
	 */
	_cached(key, build) {
		const k = `${key}|${Math.floor(this._contentNowMs() / 1000)}|${this.options.seed}|${this.options.listSize}`;
		if (!this._listCache) this._listCache = new Map();
		const hit = this._listCache.get(k);
		if (hit) return hit;
		const value = build();
		if (this._listCache.size >= 128) this._listCache.delete(this._listCache.keys().next().value);
		this._listCache.set(k, value);
		return value;
	}

	_hashtagVideos(st) {
		const size = st.videoListSize !== undefined ? st.videoListSize : this._listSize('hashtag', st.name);
		return this._cached(`hashtag|${st.name}|${st.id}|${size}`, () => this._buildHashtagVideos(st, size));
	}

	_buildHashtagVideos(st, size) {
		const rng = this._dataRng('cotags', st.name);
		const coTags = [];
		const pool = TAG_POOL.filter((t) => t !== st.name);
		for (let k = 0; k < 5; k++) {
			const name = rng.pick(pool);
			if (!coTags.some((c) => c.name === name)) coTags.push({ name, p: 0.15 + rng.next() * 0.5 });
		}
		const emerging = rng.pick(EMERGING_POOL.filter((t) => t !== st.name));
		const out = [];
		for (let i = 0; i < size; i++) {
			const vr = this._dataRng('video-age', st.name, i);
			const ageSec = vr.chance(0.55) ? vr.int(600, 72 * 3600) : vr.int(72 * 3600, 30 * 86400);
			// the emerging tag co-occurs mostly with fresh videos, so "emerging hashtags" logic can find it
			const recent = ageSec < 72 * 3600;
			const tags = coTags.concat([{ name: emerging, p: recent ? 0.7 : 0.03 }]);
			out.push(this._video('hashtag:' + st.name, i, { tag: { name: st.name, id: st.id }, coTags: tags, ageSec }));
		}
		return out;
	}

	_userPosts(user) {
		return this._cached(`posts|${user.sec_uid}|${user.unique_id}`, () => this._buildUserPosts(user));
	}

	_buildUserPosts(user) {
		const size = this._listSize('posts', user.sec_uid);
		const out = [];
		let age = this._dataRng('posts-start', user.sec_uid).int(1800, 86400);
		for (let i = 0; i < size; i++) {
			const rng = this._dataRng('posts-gap', user.sec_uid, i);
			out.push(this._video('posts:' + user.sec_uid, i, { author: user, ageSec: age }));
			age += rng.int(3 * 3600, 3 * 86400);
		}
		return out; // newest first
	}

	_comments(videoId, parentCid) {
		const known = !parentCid || (this._commentIndex && this._commentIndex.has(parentCid));
		const build = () => this._buildComments(videoId, parentCid);
		return known ? this._cached(`comments|${videoId}|${parentCid || ''}`, build) : build();
	}

	_buildComments(videoId, parentCid) {
		const key = parentCid ? `${videoId}/${parentCid}` : videoId;
		let size;
		if (parentCid) {
			const parent = this._commentIndex && this._commentIndex.get(parentCid);
			size = parent ? parent.reply_comment_total : this._dataRng('reply-size', key).int(0, 25);
		} else {
			size = this._listSize('comments', videoId);
		}
		const out = [];
		const now = Math.floor(this._contentNowMs() / 1000);
		if (!this._commentIndex) this._commentIndex = new Map();
		for (let i = 0; i < size; i++) {
			const rng = this._dataRng('comment', key, i);
			const user = this._user(`commenter:${key}:${i}`);
			const cid = '7' + rng.digits(18).slice(1).padStart(18, '0');
			const c = {
				cid,
				text: rng.chance(0.06) ? rng.pick(TRICKY_TEXT) : rng.pick(PHRASES),
				create_time: now - rng.int(60, 20 * 86400),
				digg_count: Math.round(Math.pow(10, rng.next() * 4)),
				reply_comment_total: parentCid ? 0 : rng.chance(0.7) ? rng.int(0, 12) : rng.int(13, 60),
				is_author_digged: rng.chance(0.05),
				aweme_id: videoId,
				reply_id: parentCid || '0',
				user: { uid: user.uid, unique_id: user.unique_id, nickname: user.nickname, sec_uid: user.sec_uid, avatar_thumb: user.avatar_thumb },
			};
			if (!parentCid) this._commentIndex.set(cid, c);
			out.push(c);
		}
		return out;
	}

	_userList(kind, key) {
		return this._cached(`users|${kind}|${key}`, () => {
			const size = this._listSize(kind, key);
			const out = [];
			for (let i = 0; i < size; i++) out.push(this._user(`${kind}:${key}:${i}`));
			return out;
		});
	}

	// ------------------------------------------------ HTTP

	async _handle(req, res) {
		const arrival = performance.timeOrigin + performance.now();
		const url = new URL(req.url, 'http://127.0.0.1');
		const path = url.pathname;
		let raw;
		try {
			raw = await readBody(req);
		} catch {
			res.destroy();
			return;
		}
		if (path.startsWith(CONTROL_PREFIX)) return this._control(req, res, path, raw);

		const entry = {
			id: ++this._seq,
			t0: arrival,
			t1: null,
			method: req.method,
			path,
			body: undefined,
			auth: 'missing',
			status: null,
			inFlightAtStart: 0,
		};
		if (raw.length) {
			try {
				entry.body = JSON.parse(raw);
			} catch {
				entry.body = raw.slice(0, 200);
			}
		}
		this.requests.push(entry);
		if (this.requests.length > this.options.logLimit) this.requests.splice(0, this.requests.length - this.options.logLimit);

		let releaseSlot = null;
		const send = (status, body, headers) => {
			if (entry.t1 !== null || res.destroyed) return;
			entry.status = status;
			// free the concurrency slot before the answer leaves, so a client that reacts to it never sees a stale count
			if (releaseSlot) releaseSlot();
			entry.t1 = performance.timeOrigin + performance.now();
			let text = typeof body === 'string' ? body : JSON.stringify(body);
			if (typeof body !== 'string' && status === 200 && path.startsWith(API_PREFIX)) text = this._encodeOk(text);
			res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...(headers || {}) });
			res.end(text);
			for (const l of this._listeners) {
				try {
					l(entry);
				} catch {
					/* a log listener must not break the server */
				}
			}
		};

		// 1. authentication
		const authz = req.headers.authorization;
		const m = typeof authz === 'string' ? /^Bearer\s+(.+)$/i.exec(authz.trim()) : null;
		const key = m ? m[1].trim() : '';
		entry.auth = !authz ? 'missing' : key === this.apiKey ? 'ok' : 'bad';
		if (entry.auth !== 'ok') {
			return send(401, { error: { code: 'unauthorized', message: 'Invalid or missing API key' } });
		}

		// 2. concurrency: simultaneous in-flight requests per key
		const inFlight = this._inFlight.get(key) || 0;
		entry.inFlightAtStart = inFlight;
		const limit = Number(this.options.concurrency) || 0;
		if (limit > 0 && inFlight >= limit) {
			entry.retryAfter = String(this.options.retryAfter);
			return send(429, this._body429(inFlight, this.options.retryAfter), { 'Retry-After': String(this.options.retryAfter) });
		}
		this._inFlight.set(key, inFlight + 1);
		if (inFlight + 1 > this._maxInFlight) this._maxInFlight = inFlight + 1;
		let released = false;
		const release = () => {
			if (released) return;
			released = true;
			this._inFlight.set(key, Math.max(0, (this._inFlight.get(key) || 1) - 1));
			if (entry.status === null) {
				entry.t1 = performance.timeOrigin + performance.now();
				if (entry.status === null) entry.status = 0; // client gave up (timeout) or aborted
				for (const l of this._listeners) {
					try {
						l(entry);
					} catch {
						/* a log listener must not break the server */
					}
				}
			}
		};
		releaseSlot = release;
		res.on('close', release);

		try {
			await this._route(req, res, path, raw, entry, send);
		} catch (err) {
			send(500, { error: { code: 'internal_error', message: `Mock internal error: ${err && err.message}` } });
		}
	}

	_body429(inFlight, retryAfter) {
		// Retry-After may be delta-seconds or an HTTP-date; the body carries seconds either way
		let ra = Number(retryAfter);
		if (!Number.isFinite(ra) && !Number.isNaN(Date.parse(String(retryAfter)))) {
			ra = Math.max(0, Math.ceil((Date.parse(String(retryAfter)) - Date.now()) / 1000));
		}
		return {
			error: {
				code: 'rate_limit_exceeded',
				message: `Rate limit exceeded: ${inFlight} requests already in flight, your plan allows ${Number(this.options.concurrency) || 0} at a time. Retry after ${Number.isFinite(ra) ? ra : 1} s.`,
			},
			plan: this.options.plan,
			concurrency: Number(this.options.concurrency) || 0,
			in_flight: inFlight,
			retry_after: Number.isFinite(ra) ? ra : 1,
			docs_url: DOCS_URL,
		};
	}

	async _route(req, res, path, raw, entry, send) {
		const isUsage = path === USAGE_PATH;
		const isTiktok = path.startsWith(API_PREFIX);
		const endpoint = isTiktok ? path.slice(API_PREFIX.length).replace(/\/+$/, '') : '';
		if (!isUsage && !(isTiktok && ENDPOINTS[endpoint])) {
			return send(404, { error: { code: 'not_found', message: `Unknown endpoint ${req.method} ${path}. TikTok endpoints are POST ${API_PREFIX}<name>.` } });
		}
		if (isUsage && req.method !== 'GET') {
			return send(405, { error: { code: 'method_not_allowed', message: `Use GET ${USAGE_PATH}.` } }, { Allow: 'GET' });
		}
		if (isTiktok && req.method !== 'POST') {
			return send(405, { error: { code: 'method_not_allowed', message: `Use POST ${path} with a JSON body.` } }, { Allow: 'POST' });
		}

		// 3. input validation (never billed)
		let params = {};
		if (isTiktok) {
			let body = {};
			if (raw.trim().length) {
				try {
					body = JSON.parse(raw);
				} catch {
					return send(400, badRequest('body', 'Request body is not valid JSON.'));
				}
			}
			if (!body || typeof body !== 'object' || Array.isArray(body)) {
				return send(400, badRequest('body', 'Request body must be a JSON object.'));
			}
			const v = validate(ENDPOINTS[endpoint], body, this.options.strictTypes);
			if (v.error) return send(400, v.error);
			params = v.params;
		}

		// 4. credits (usage is free)
		if (isTiktok && this._credits < 1) {
			return send(402, {
				error: { code: 'insufficient_credits', message: 'Insufficient credits. Top up or upgrade your plan to continue; retrying will not help.' },
				credit_balance: 0,
				billing_url: BILLING_URL,
			});
		}

		// 5. upstream latency
		const lat = this._latency();
		if (lat > 0) await sleep(lat);
		if (res.destroyed) return;

		// 6. scripted failures (usage only when a rule names it), then random failures (TikTok endpoints only)
		const rule = this._takeFailure(path, endpoint, params, isUsage);
		if (rule) return this._fail(rule, send, entry);
		if (isTiktok) {
			const fr = this.options.failureRates || {};
			if (fr.timeout > 0 && this._runtimeRandom() < fr.timeout) return this._fail({ status: 'timeout' }, send, entry);
			if (fr.status5xx > 0 && this._runtimeRandom() < fr.status5xx) {
				return this._fail({ status: this._runtimeRandom() < 0.5 ? 502 : 503 }, send, entry);
			}
			if (fr.malformedJson > 0 && this._runtimeRandom() < fr.malformedJson) return this._fail({ status: 'malformedJson' }, send, entry);
		}

		if (isUsage) return send(200, this._usage());

		const started = entry.t0;
		const result = this._hugePage(endpoint, params) || this._serve(endpoint, params);
		if (this.options.format !== 'app' && result.data) result.data = this._toWeb(endpoint, result.data, this.options.format === 'webLegacy' ? legacyWebVideo : webVideo);
		if (result.notFound) {
			if (this.options.billing404) {
				this._bill();
				return send(404, { error: result.notFound, credits_used: 1, credits_remaining: this._credits });
			}
			return send(404, { error: result.notFound, credits_used: 0, credits_remaining: this._credits });
		}
		this._bill();
		const envelope = {
			data: result.data,
			response_time: Math.max(1, Math.round(performance.timeOrigin + performance.now() - started)),
			credits_used: 1,
			credits_remaining: this._credits,
		};
		if (result.top) Object.assign(envelope, result.top);
		return send(200, envelope);
	}

	_bill() {
		this._credits = Math.max(0, this._credits - 1);
		this._billedCalls++;
	}

	_latency() {
		const l = this.options.latencyMs;
		if (Array.isArray(l)) {
			const [a, b] = l.map(Number);
			return a + this._runtimeRandom() * Math.max(0, b - a);
		}
		return Number(l) || 0;
	}

	_takeFailure(path, endpoint, params, isUsage) {
		for (let i = 0; i < this._failQueue.length; i++) {
			const r = this._failQueue[i];
			if (isUsage && r.path === undefined) continue;
			if (r.path !== undefined && !pathMatches(r.path, path, endpoint)) continue;
			if (r.laterPage && !isLaterPage(params)) continue;
			if (r.hashtagName !== undefined) {
				const st = this._hashtags.get(r.hashtagName);
				const byName = params.hashtag_name !== undefined && normalizeTag(params.hashtag_name) === r.hashtagName;
				const byId = params.hashtag_id !== undefined && st && st.id === params.hashtag_id;
				if (!byName && !byId) continue;
			}
			r.count = (Number(r.count) || 1) - 1;
			if (r.count <= 0) this._failQueue.splice(i, 1);
			return r;
		}
		return null;
	}

	_fail(rule, send, entry) {
		const status = rule.status;
		if (status === 'timeout') {
			entry.timedOut = true;
			return undefined; // never answer: the slot is released when the client gives up
		}
		if (status === 'malformedJson') {
			entry.malformed = true;
			this._bill(); // a 200 is billed even when its body is cut off on the way
			return send(200, '{"data": {"challengeInfo": {"challenge": {"id": "12');
		}
		if (status === 'html200') {
			// a proxy/CDN page served with 200: the request never reached Scavio (not billed)
			return send(200, '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><h1>Checking your browser</h1></body></html>', {
				'Content-Type': 'text/html; charset=utf-8',
			});
		}
		if (status === 'errorBody200') {
			return send(200, { error: { code: 'upstream_error', message: 'TikTok returned an error for this request.' }, credits_used: 0, credits_remaining: this._credits });
		}
		if (status === 'rateLimit200') {
			return send(200, { error: { code: 'rate_limit_exceeded', message: 'Rate limit exceeded. Retry after 1 second.' }, credits_used: 0, credits_remaining: this._credits });
		}
		if (status === 'tiktokError200') {
			// TikTok's own error passed through in the envelope: the upstream fetch completed (billed)
			this._bill();
			return send(200, { data: { status_code: 10202, status_msg: 'The content is not available.' }, response_time: 300, credits_used: 1, credits_remaining: this._credits });
		}
		const headers = {};
		if (rule.retryAfter !== undefined) {
			headers['Retry-After'] = String(rule.retryAfter);
			entry.retryAfter = String(rule.retryAfter);
		}
		if (rule.body !== undefined) {
			if (status === 404 || status === 200) this._bill();
			return send(status, rule.body, headers);
		}
		switch (status) {
			case 400:
				return send(400, badRequest('body', 'Invalid request.'), headers);
			case 401:
				return send(401, { error: { code: 'unauthorized', message: 'Invalid or missing API key' } }, headers);
			case 402:
				return send(402, { error: { code: 'insufficient_credits', message: 'Insufficient credits.' }, credit_balance: this._credits, billing_url: BILLING_URL }, headers);
			case 403:
				return send(403, { error: { code: 'forbidden', message: 'API key does not have permission for this action' } }, headers);
			case 404:
				this._bill();
				return send(404, { error: 'Not found.', credits_used: 1, credits_remaining: this._credits }, headers);
			case 429: {
				const ra = rule.retryAfter !== undefined ? rule.retryAfter : this.options.retryAfter;
				entry.retryAfter = String(ra);
				return send(429, this._body429(Number(this.options.concurrency) || 0, ra), { 'Retry-After': String(ra) });
			}
			case 500:
				return send(500, { error: { code: 'internal_error', message: 'Internal server error. Retry the request.' } }, headers);
			case 502:
				return send(502, { error: { code: 'upstream_error', message: 'Upstream TikTok service temporarily unavailable. Wait a few seconds and retry.' } }, headers);
			case 503:
				return send(503, { error: { code: 'service_unavailable', message: 'Service temporarily unavailable. Wait a few seconds and retry.' } }, headers);
			default:
				return send(Number(status) || 500, { error: { code: 'error', message: `Scripted failure ${status}.` } }, headers);
		}
	}

	_usage() {
		const d = new Date(this.clockMs());
		return {
			plan: this.options.plan,
			credit_balance: this._credits,
			purchased_credits: 0,
			searches_used: this._billedCalls,
			period_start: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString(),
			auto_recharge: { enabled: false, threshold: 0, amount: 0, cost: 0 },
		};
	}

	// ------------------------------------------------ endpoint implementations

	_pageSize(requested, def, max) {
		let n = requested === undefined ? def : Math.min(Math.max(1, requested), max);
		const cap = Number(this.options.pageSizeCap) || 0;
		if (cap > 0) n = Math.min(n, cap);
		return n;
	}

	_hasMore(v) {
		if (this.options.hasMoreStyle === 'bool') return !!v;
		return v ? 1 : 0;
	}

	_cursorOut(value, endpoint) {
		const nc = this.options.numericCursors;
		const numeric = nc === true || (nc === 'mixed' && (endpoint === 'search/videos' || endpoint === 'user/posts'));
		return numeric ? Number(value) : String(value);
	}

	_repeats(endpoint) {
		return this._optionFor('repeatCursor', endpoint);
	}

	/** An option that is `true` (every endpoint) or a list of endpoints. */
	_optionFor(name, endpoint) {
		const r = this.options[name];
		if (r === true) return true;
		if (Array.isArray(r)) return r.some((p) => pathMatches(p, API_PREFIX + endpoint, endpoint));
		return false;
	}

	_offsetPage(list, params, endpoint, def, max) {
		const offset = params.cursor === undefined ? 0 : Number(params.cursor);
		const n = this._pageSize(params.count, def, max);
		if (this._repeats(endpoint)) {
			// a broken upstream that hands back the same cursor forever (tests loop protection)
			return { items: list.slice(0, n), cursor: this._cursorOut(n, endpoint), has_more: this._hasMore(true) };
		}
		const items = list.slice(offset, offset + n);
		const next = offset + items.length;
		if (offset > 0 && this._optionFor('cursorZeroLater', endpoint)) {
			// an upstream that answers a later page with cursor 0 and has_more: the next request would get page 1 again
			return { items, cursor: this._cursorOut(0, endpoint), has_more: this._hasMore(true) };
		}
		return { items, cursor: this._cursorOut(next, endpoint), has_more: this._hasMore(next < list.length && items.length > 0) };
	}

	_serve(endpoint, p) {
		switch (endpoint) {
			case 'profile': {
				if (p.sec_user_id !== undefined) return { data: { user: this._userBySec(p.sec_user_id) } };
				const name = p.username.replace(/^@/, '');
				if (listHas(this.options.missingUsernames, name)) return { data: { user: null } };
				return { data: { user: this._user('name:' + name.toLowerCase(), name) } };
			}
			case 'user/posts': {
				const user = this._userBySec(p.sec_user_id);
				let list = this._userPosts(user);
				const n = this._pageSize(p.count, 20, 30);
				if (p.sort_type === '1') {
					list = list.slice().sort((a, b) => b.statistics.play_count - a.statistics.play_count);
					const pg = this._offsetPage(list, p, endpoint, 20, 30);
					return { data: { aweme_list: pg.items, max_cursor: pg.cursor, min_cursor: this._cursorOut(0, endpoint), has_more: pg.has_more } };
				}
				const before = p.cursor === undefined || p.cursor === '0' ? Infinity : Number(p.cursor);
				if (this._repeats(endpoint)) {
					const items = list.slice(0, n);
					return { data: { aweme_list: items, max_cursor: this._cursorOut(items[items.length - 1].create_time * 1000, endpoint), min_cursor: this._cursorOut(items[0].create_time * 1000, endpoint), has_more: this._hasMore(true) } };
				}
				const rest = list.filter((v) => v.create_time * 1000 < before);
				const items = rest.slice(0, n);
				const last = items.length ? items[items.length - 1].create_time * 1000 : 0;
				return {
					data: {
						aweme_list: items,
						max_cursor: this._cursorOut(last, endpoint),
						min_cursor: this._cursorOut(items.length ? items[0].create_time * 1000 : 0, endpoint),
						has_more: this._hasMore(rest.length > items.length),
					},
				};
			}
			case 'video': {
				const id = p.video_id;
				const known = this._videoIndex.get(id);
				if (listHas(this.options.missingVideoIds, id) || (!known && !/^7\d{18}$/.test(id))) {
					return { notFound: 'Video not found. Check the video_id (the numeric id in the TikTok video URL).' };
				}
				const v = known ? this._video(known.source, known.i, known.opts) : this._video('detail', id);
				if (!known) v.aweme_id = v.statistics.aweme_id = id;
				return { data: { aweme_detail: v } };
			}
			case 'video/comments': {
				const pg = this._offsetPage(this._comments(p.video_id), p, endpoint, 20, 50);
				return { data: { comments: pg.items, cursor: pg.cursor, has_more: pg.has_more, total: pg.items.length } };
			}
			case 'video/comments/replies': {
				if (!this._commentIndex || !this._commentIndex.has(p.comment_id)) this._comments(p.video_id);
				const pg = this._offsetPage(this._comments(p.video_id, p.comment_id), p, endpoint, 20, 50);
				return { data: { comments: pg.items, cursor: pg.cursor, has_more: pg.has_more } };
			}
			case 'search/videos': {
				const kw = p.keyword;
				let list = this._cached(`search|${kw}`, () => {
					const size = this._listSize('search-videos', kw.toLowerCase());
					const out = [];
					for (let i = 0; i < size; i++) out.push(this._video('search:' + kw.toLowerCase(), i, { keyword: kw }));
					return out;
				}).slice();
				const days = p.publish_time ? Number(p.publish_time) : 0;
				if (days > 0) {
					const min = Math.floor(this._contentNowMs() / 1000) - days * 86400;
					list = list.filter((v) => v.create_time >= min);
				}
				if (p.sort_type === '1') list.sort((a, b) => b.statistics.digg_count - a.statistics.digg_count);
				const pg = this._offsetPage(list, p, endpoint, 20, 30);
				let data;
				if (this.options.searchVideosVariant === 'aweme_list') data = { aweme_list: pg.items };
				else if (this.options.searchVideosVariant === 'general') data = { data: generalSearch(pg.items.map((v) => ({ type: 1, aweme_info: v })), this._user(`general:${kw}`)) };
				else data = { search_item_list: pg.items.map((v) => ({ type: 1, aweme_info: v })) };
				return { data: { ...data, cursor: pg.cursor, has_more: pg.has_more } };
			}
			case 'search/users': {
				const list = this._userList('search-users', p.keyword.toLowerCase());
				const pg = this._offsetPage(list, p, endpoint, 20, 30);
				const entries = pg.items.map((u) => ({ user_info: u }));
				// 'general': the app's general-search shape, users inside a user card among (here no) videos
				const data = this.options.searchUsersVariant === 'general' ? { data: generalSearch([], null, entries) } : { user_list: entries };
				return { data: { ...data, cursor: pg.cursor, has_more: pg.has_more } };
			}
			case 'hashtag': {
				let st;
				if (p.hashtag_id !== undefined) {
					st = this._hashtagById.get(p.hashtag_id);
					if (!st) return { notFound: `Hashtag id ${p.hashtag_id} not found. Look the hashtag up by name first.` };
				} else {
					const name = normalizeTag(p.hashtag_name);
					if (listHas(this.options.missingHashtags, name)) {
						return { notFound: `Hashtag #${name} not found.` };
					}
					st = this._autoHashtag(name);
				}
				return this._hashtagPayload(st);
			}
			case 'hashtag/videos': {
				const st = this._hashtagById.get(p.hashtag_id);
				if (!st) return { data: { aweme_list: [], cursor: this._cursorOut(0, endpoint), has_more: this._hasMore(false) } };
				const pg = this._offsetPage(this._hashtagVideos(st), p, endpoint, 20, 30);
				return { data: { aweme_list: pg.items, cursor: pg.cursor, has_more: pg.has_more } };
			}
			case 'user/followers':
			case 'user/followings': {
				const listKey = endpoint === 'user/followers' ? 'followers' : 'followings';
				const list = this._userList(listKey, p.sec_user_id);
				const n = this._pageSize(p.count, 20, 20);
				// follow times, newest first
				const now = Math.floor(this._contentNowMs() / 1000);
				const times = [];
				let t = now - this._dataRng('follow-start', listKey, p.sec_user_id).int(60, 3600);
				for (let i = 0; i < list.length; i++) {
					times.push(t);
					t -= this._dataRng('follow-gap', listKey, p.sec_user_id, i).int(60, 86400);
				}
				let offset = 0;
				// both fields are needed; one without the other returns the first page again
				if (p.page_token !== undefined && p.min_time !== undefined) {
					offset = decodeToken(p.page_token);
				} else if (this.options.format !== 'app' && p.min_time !== undefined) {
					// the web format pages by time alone: the followers older than minCursor
					offset = times.findIndex((t) => t < p.min_time);
					if (offset < 0) offset = list.length;
				}
				if (this._repeats(endpoint)) offset = 0;
				const items = list.slice(offset, offset + n).map((u, k) => ({
					uid: u.uid,
					unique_id: u.unique_id,
					nickname: u.nickname,
					sec_uid: u.sec_uid,
					verification_type: u.verification_type,
					custom_verify: u.custom_verify,
					enterprise_verify_reason: u.enterprise_verify_reason,
					signature: u.signature,
					follower_count: u.follower_count,
					following_count: u.following_count,
					aweme_count: u.aweme_count,
					avatar_thumb: u.avatar_thumb,
					follow_time: times[offset + k],
				}));
				const next = offset + items.length;
				const repeat = this._repeats(endpoint);
				return {
					data: {
						[listKey]: items,
						has_more: repeat ? true : next < list.length && items.length > 0,
						next_page_token: encodeToken(next),
						min_time: items.length ? items[items.length - 1].follow_time : now,
						total: list.length,
					},
				};
			}
			default:
				throw new Error(`no handler for ${endpoint}`);
		}
	}

	/** A 200 body as this server's options write it: ids as bare numbers (`numericIds`), a leading BOM (`bom`). */
	_encodeOk(text) {
		let out = text;
		if (this.options.numericIds) {
			out = out.replace(new RegExp(`"(${ID_KEYS.join('|')})":"(\\d+)"`, 'g'), '"$1":$2');
		}
		if (this.options.bom) out = '\uFEFF' + out;
		return out;
	}

	/**
	 * `hugePage: N`: list endpoints answer one page of N small records (distinct 19-digit ids) and no
	 * more pages, whatever `count` says — a client must cope without spreading the list onto the stack.
	 */
	_hugePage(endpoint, p) {
		const n = Math.floor(Number(this.options.hugePage) || 0);
		const kind = HUGE_KINDS[endpoint];
		if (n <= 0 || !kind) return null;
		if (p.cursor !== undefined && p.cursor !== '0') return null;
		const now = Math.floor(this._contentNowMs() / 1000);
		const list = new Array(n);
		for (let i = 0; i < n; i++) {
			const id = '7' + String(i).padStart(18, '0');
			if (kind === 'videos') {
				list[i] = { aweme_id: id, desc: `video ${i}`, create_time: now - i, statistics: { play_count: i * 10, digg_count: i, comment_count: 0, share_count: 0, collect_count: 0 }, author: { unique_id: `user${i % 1000}` } };
			} else if (kind === 'comments') {
				list[i] = { cid: id, text: `comment ${i}`, create_time: now - i, digg_count: i, aweme_id: p.video_id, reply_id: '0', user: { unique_id: `user${i % 1000}` } };
			} else {
				list[i] = { uid: id, unique_id: `user${i}`, nickname: `User ${i}`, sec_uid: `MS4wLjABAAAA${id}`, follower_count: i, following_count: 1, aweme_count: 1 };
			}
		}
		const more = { cursor: this._cursorOut(n, endpoint), has_more: this._hasMore(false) };
		switch (endpoint) {
			case 'user/posts':
				return { data: { aweme_list: list, max_cursor: this._cursorOut(0, endpoint), has_more: this._hasMore(false) } };
			case 'search/videos':
				return { data: { search_item_list: list.map((v) => ({ type: 1, aweme_info: v })), ...more } };
			case 'search/users':
				return { data: { user_list: list.map((u) => ({ user_info: u })), ...more } };
			case 'user/followers':
			case 'user/followings':
				return { data: { [endpoint.slice(5)]: list, has_more: false, next_page_token: encodeToken(n), min_time: now } };
			case 'video/comments':
			case 'video/comments/replies':
				return { data: { comments: list, ...more } };
			default:
				return { data: { aweme_list: list, ...more } };
		}
	}

	/**
	 * The same payload in TikTok's web format (camelCase): `itemList` / `itemInfo.itemStruct` /
	 * `userInfo{user, stats, statsV2}` / `userList`, `hasMore` booleans, `cursor` strings, followers
	 * paged by `minCursor`. `stats` are rounded for display (and likes wrap at 32 bits) as TikTok's web
	 * does; `statsV2` carry the exact counts as digit strings. Comments and /hashtag keep their shapes.
	 */
	_toWeb(endpoint, d, listVideo = webVideo) {
		const page = (extra) => ({ ...extra, cursor: d.cursor === undefined ? undefined : String(d.cursor), hasMore: !!d.has_more });
		switch (endpoint) {
			case 'profile':
				return d.user ? { userInfo: webUser(d.user) } : { userInfo: null };
			case 'video':
				return { itemInfo: { itemStruct: webVideo(d.aweme_detail) } };
			case 'user/posts':
				return { itemList: d.aweme_list.map(listVideo), cursor: String(d.max_cursor), hasMore: !!d.has_more };
			case 'hashtag/videos':
				return page({ itemList: d.aweme_list.map(listVideo) });
			case 'search/videos': {
				const list = d.aweme_list || (d.search_item_list || []).map((e) => e.aweme_info);
				return page({ itemList: list.map(listVideo) });
			}
			case 'search/users':
				return page({ userList: (d.user_list || []).map((e) => webUser(e.user_info)) });
			case 'user/followers':
			case 'user/followings': {
				const list = d.followers || d.followings || [];
				return { userList: list.map(webUser), hasMore: !!d.has_more, minCursor: d.min_time, maxCursor: list.length ? list[0].follow_time : d.min_time, total: d.total };
			}
			case 'video/comments':
			case 'video/comments/replies':
				return { comments: d.comments, cursor: String(d.cursor), hasMore: !!d.has_more, total: d.total };
			default:
				return d;
		}
	}

	_hashtagPayload(st) {
		const c = this._counts(st);
		const variant = st.variant || this.options.hashtagVariant;
		const challenge = { id: st.id, title: st.title, desc: st.desc };
		const stats = { videoCount: c.videos, viewCount: c.views };
		const statsV2 = { videoCount: String(c.videos), viewCount: String(c.views) };
		switch (variant) {
			case 'stats':
				return { data: { challengeInfo: { challenge, stats } } };
			case 'statsV2':
				return { data: { challengeInfo: { challenge, statsV2 } } };
			case 'challengeStats':
				// the vendor example: counts inside challenge, with videoCount 0 next to a real viewCount
				return { data: { challengeInfo: { challenge: { ...challenge, stats: { videoCount: 0, viewCount: c.views } } } } };
			case 'legacyTop':
				return { data: { challengeInfo: { challenge } }, top: { view_count: c.views, video_count: c.videos } };
			case 'legacyData':
				return { data: { id: st.id, title: st.title, stats: { view_count: c.views, video_count: c.videos } } };
			case 'app':
				// TikTok's app format: exact counts in ch_info (user_count = videos posted with the tag)
				return { data: { ch_info: { cid: st.id, cha_name: st.title, desc: st.desc, view_count: c.views, user_count: c.videos } } };
			case 'all':
			default:
				return { data: { challengeInfo: { challenge, stats, statsV2 } } };
		}
	}

	// ------------------------------------------------ control endpoints (no auth, loopback only)

	_control(req, res, path, raw) {
		const reply = (status, body) => {
			const text = JSON.stringify(body);
			res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
			res.end(text);
		};
		const remote = req.socket.remoteAddress || '';
		if (!/^(127\.|::1$|::ffff:127\.)/.test(remote)) return reply(403, { error: 'control endpoints are loopback only' });
		let body = {};
		if (raw.trim()) {
			try {
				body = JSON.parse(raw);
			} catch {
				return reply(400, { error: 'body is not valid JSON' });
			}
		}
		const route = `${req.method} ${path.replace(/\/+$/, '')}`;
		try {
			switch (route) {
				case 'GET /__mock/requests':
					return reply(200, this.requests);
				case 'POST /__mock/reset-log':
					this.resetLog();
					return reply(200, { ok: true });
				case 'POST /__mock/configure':
					this.configure(body);
					return reply(200, this.state());
				case 'POST /__mock/hashtags': {
					for (const [name, spec] of Object.entries(body || {})) this.setHashtag(name, spec);
					return reply(200, { hashtags: this.listHashtags() });
				}
				case 'GET /__mock/hashtags':
					return reply(200, { hashtags: this.listHashtags() });
				case 'POST /__mock/advance':
					this.advanceHours(Number(body.hours) || 0);
					return reply(200, this.state());
				case 'POST /__mock/fail-next':
					for (const r of Array.isArray(body) ? body : [body]) this.failNext(r);
					return reply(200, { pendingFailures: this._failQueue.length });
				case 'POST /__mock/credits':
					this.setCredits(body.credits);
					return reply(200, { credits: this._credits });
				case 'GET /__mock/state':
					return reply(200, this.state());
				default:
					return reply(404, { error: `unknown control endpoint ${route}` });
			}
		} catch (err) {
			return reply(400, { error: String(err && err.message) });
		}
	}
}

// ---------------------------------------------------------------- validation (reference §2, §4)

const CURSOR = { type: 'cursor' };
const COUNT = (max) => ({ type: 'count', max });
const STR = { type: 'string' };
const KEYWORD = { type: 'string', maxLength: 500 };
const SORT = { type: 'enum', values: ['0', '1'] };

const ENDPOINTS = {
	profile: { oneOf: ['sec_user_id', 'username'], fields: { username: STR, sec_user_id: STR } },
	'user/posts': { required: ['sec_user_id'], fields: { sec_user_id: STR, cursor: { type: 'cursor', digits: true }, count: COUNT(30), sort_type: SORT } },
	video: { required: ['video_id'], fields: { video_id: STR } },
	'video/comments': { required: ['video_id'], fields: { video_id: STR, cursor: CURSOR, count: COUNT(50) } },
	'video/comments/replies': { required: ['video_id', 'comment_id'], fields: { video_id: STR, comment_id: STR, cursor: CURSOR, count: COUNT(50) } },
	'search/videos': {
		required: ['keyword'],
		fields: { keyword: KEYWORD, cursor: CURSOR, count: COUNT(30), sort_type: SORT, publish_time: { type: 'enum', values: ['0', '1', '7', '30', '90', '180'] } },
	},
	'search/users': { required: ['keyword'], fields: { keyword: KEYWORD, cursor: CURSOR, count: COUNT(30) } },
	hashtag: { oneOf: ['hashtag_id', 'hashtag_name'], fields: { hashtag_name: STR, hashtag_id: STR } },
	'hashtag/videos': { required: ['hashtag_id'], fields: { hashtag_id: STR, cursor: CURSOR, count: COUNT(30) } },
	'user/followers': { required: ['sec_user_id'], fields: { sec_user_id: STR, count: COUNT(20), page_token: STR, min_time: { type: 'number' } } },
	'user/followings': { required: ['sec_user_id'], fields: { sec_user_id: STR, count: COUNT(20), page_token: STR, min_time: { type: 'number' } } },
};

function badRequest(field, message) {
	return { error: { code: 'bad_request', message }, details: [{ field, message }] };
}

function validate(spec, body, strict) {
	const params = {};
	for (const [field, rule] of Object.entries(spec.fields)) {
		let v = body[field];
		if (v === undefined || v === null || v === '') continue; // '' is treated as omitted
		const t = typeof v;
		switch (rule.type) {
			case 'string':
				if (t !== 'string') {
					if (strict || (t !== 'number' && t !== 'boolean')) {
						return { error: badRequest(field, `'${field}' must be a string (got ${t}).`) };
					}
					v = String(v);
				}
				v = v.trim();
				if (v === '') continue;
				if (rule.maxLength && v.length > rule.maxLength) {
					return { error: badRequest(field, `'${field}' must be at most ${rule.maxLength} characters.`) };
				}
				break;
			case 'cursor':
				if (t !== 'string') {
					return { error: badRequest(field, `'${field}' must be a string such as "0" (got ${t}); send the cursor from the previous response as a string.`) };
				}
				if (!/^\d+$/.test(v)) return { error: badRequest(field, `'${field}' must be a string of digits (got "${v.slice(0, 40)}").`) };
				break;
			case 'count':
				if (t !== 'number' || !Number.isInteger(v)) {
					return { error: badRequest(field, `'${field}' must be an integer between 1 and ${rule.max}.`) };
				}
				break; // out-of-range values are clamped (server behaviour undocumented)
			case 'enum':
				if (t !== 'string') {
					return { error: badRequest(field, `'${field}' must be one of the digit strings ${rule.values.map((x) => `"${x}"`).join(', ')} (got ${t}).`) };
				}
				if (!rule.values.includes(v)) {
					return { error: badRequest(field, `'${field}' must be one of ${rule.values.map((x) => `"${x}"`).join(', ')}.`) };
				}
				break;
			case 'number':
				if (t !== 'number' || !Number.isFinite(v)) {
					return { error: badRequest(field, `'${field}' must be a number (Unix seconds from the previous response).`) };
				}
				break;
			default:
				break;
		}
		params[field] = v;
	}
	for (const f of spec.required || []) {
		if (params[f] === undefined) return { error: badRequest(f, `Missing required parameter '${f}'.`) };
	}
	if (spec.oneOf && !spec.oneOf.some((f) => params[f] !== undefined)) {
		return { error: badRequest(spec.oneOf.join('|'), `One of ${spec.oneOf.map((f) => `'${f}'`).join(' or ')} is required.`) };
	}
	// precedence when both are sent: sec_user_id beats username, hashtag_id beats hashtag_name
	if (params.sec_user_id !== undefined) delete params.username;
	if (params.hashtag_id !== undefined) delete params.hashtag_name;
	return { params };
}

// ---------------------------------------------------------------- helpers

function mergeOptions(base, patch) {
	const out = { ...base };
	for (const [k, v] of Object.entries(patch)) {
		if (v === undefined) continue;
		if (k === 'failureRates') out.failureRates = { ...(base.failureRates || {}), ...(v || {}) };
		else out[k] = v;
	}
	if (!HASHTAG_VARIANTS.includes(out.hashtagVariant)) {
		throw new Error(`hashtagVariant must be one of ${HASHTAG_VARIANTS.join(', ')}`);
	}
	if (!FORMATS.includes(out.format)) throw new Error(`format must be one of ${FORMATS.join(', ')}`);
	return out;
}

const HUGE_KINDS = {
	'user/posts': 'videos',
	'hashtag/videos': 'videos',
	'search/videos': 'videos',
	'search/users': 'users',
	'user/followers': 'users',
	'user/followings': 'users',
	'video/comments': 'comments',
	'video/comments/replies': 'comments',
};

/** TikTok web's display rounding: 1,776,621 → 1,800,000; 954,780,316,160 → 954,800,000,000 (one decimal of K/M/B). */
function roundForDisplay(n) {
	if (typeof n !== 'number' || n < 10000) return n;
	const unit = n >= 1e9 ? 1e9 : n >= 1e6 ? 1e6 : 1e3;
	return Math.round(n / (unit / 10)) * (unit / 10);
}

/** A 32-bit signed counter, as some web stats are: above 2^31 − 1 it wraps to a negative number. */
function int32(n) {
	return typeof n === 'number' ? n | 0 : n;
}

function digits(n) {
	return n === undefined || n === null ? undefined : String(n);
}

function firstUrlOf(media) {
	return media && Array.isArray(media.url_list) ? media.url_list[0] : undefined;
}

/** Does a list request ask for a page after the first (a cursor other than 0, a page token or a time)? */
function isLaterPage(params) {
	return (params.cursor !== undefined && String(params.cursor) !== '0') || params.page_token !== undefined || params.min_time !== undefined;
}

/**
 * An app aweme → the older web record that public scrapers still return: the video's fields under
 * `itemInfos` (`id`, `text`, `createTime`, counts as numbers), its author under `authorInfos`
 * (`uniqueId`, `nickName`) with `authorStats`, its hashtags under `challengeInfoList`
 * (`challengeName`) and `textExtra` (`HashtagName`, capitalised keys).
 */
function legacyWebVideo(v) {
	const st = v.statistics || {};
	const a = v.author || {};
	const media = v.video || {};
	return {
		itemInfos: {
			id: v.aweme_id,
			text: v.desc,
			createTime: String(v.create_time),
			authorId: a.uid,
			playCount: st.play_count,
			diggCount: st.digg_count,
			commentCount: st.comment_count,
			shareCount: st.share_count,
			collectCount: st.collect_count,
			covers: media.cover ? [firstUrlOf(media.cover)] : [],
			video: { videoMeta: { duration: media.duration === undefined ? undefined : Math.round(media.duration / 1000) } },
		},
		authorInfos: { userId: a.uid, uniqueId: a.unique_id, nickName: a.nickname, secUid: a.sec_uid, verified: false },
		authorStats: { followerCount: a.follower_count, heartCount: a.total_favorited },
		challengeInfoList: (v.cha_list || []).map((c) => ({ challengeId: c.cid, challengeName: c.cha_name })),
		textExtra: (v.text_extra || []).map((t) => ({ HashtagName: t.hashtag_name, HashtagId: t.hashtag_id, Type: t.type })),
	};
}

/** An app aweme → a web itemStruct. */
function webVideo(v) {
	const st = v.statistics || {};
	const exact = { playCount: st.play_count, diggCount: st.digg_count, commentCount: st.comment_count, shareCount: st.share_count, collectCount: st.collect_count };
	const rounded = {};
	const strings = {};
	for (const [k, n] of Object.entries(exact)) {
		rounded[k] = roundForDisplay(n);
		strings[k] = digits(n);
	}
	const a = v.author || {};
	const media = v.video || {};
	return {
		id: v.aweme_id,
		desc: v.desc,
		createTime: v.create_time,
		author: { id: a.uid, uniqueId: a.unique_id, nickname: a.nickname, secUid: a.sec_uid, verified: false },
		music: v.music ? { id: v.music.id, title: v.music.title, authorName: v.music.author } : undefined,
		stats: rounded,
		statsV2: strings,
		video: { duration: media.duration === undefined ? undefined : Math.round(media.duration / 1000), cover: firstUrlOf(media.cover), originCover: firstUrlOf(media.origin_cover) },
		challenges: (v.cha_list || []).map((c) => ({ id: c.cid, title: c.cha_name })),
		textExtra: (v.text_extra || []).map((t) => ({ start: t.start, end: t.end, hashtagName: t.hashtag_name, hashtagId: t.hashtag_id, type: t.type })),
	};
}

/** An app user → the web `{user, stats, statsV2}`: rounded stats (likes wrap at 32 bits), exact statsV2 strings. */
function webUser(u) {
	const exact = { followerCount: u.follower_count, followingCount: u.following_count, heartCount: u.total_favorited, heart: u.total_favorited, videoCount: u.aweme_count };
	const stats = {};
	const statsV2 = {};
	for (const [k, n] of Object.entries(exact)) {
		if (n === undefined) continue;
		stats[k] = k === 'heart' || k === 'heartCount' ? int32(roundForDisplay(n)) : roundForDisplay(n);
		statsV2[k] = digits(n);
	}
	return {
		user: {
			id: u.uid,
			uniqueId: u.unique_id,
			nickname: u.nickname,
			secUid: u.sec_uid,
			signature: u.signature,
			verified: typeof u.custom_verify === 'string' ? u.custom_verify !== '' : false,
			avatarLarger: firstUrlOf(u.avatar_larger),
			avatarThumb: firstUrlOf(u.avatar_thumb),
		},
		stats,
		statsV2,
		followTime: u.follow_time,
	};
}

/** The app's general-search list: video entries (`type 1`, `aweme_info`) and one user card (`user_list`). */
function generalSearch(videoEntries, cardUser, userEntries) {
	const out = videoEntries.slice();
	const users = userEntries || (cardUser ? [{ user_info: cardUser }] : []);
	if (users.length) out.splice(Math.min(2, out.length), 0, { type: 4, user_list: users });
	return out;
}

function pathMatches(pattern, path, endpoint) {
	const p = String(pattern).replace(/^\/+|\/+$/g, '');
	const full = path.replace(/^\/+|\/+$/g, '');
	return full === p || endpoint === p || full.endsWith('/' + p);
}

function listHas(list, value) {
	return Array.isArray(list) && list.some((x) => String(x).toLowerCase() === String(value).toLowerCase());
}

function encodeToken(offset) {
	return Buffer.from(`page:${offset}`).toString('base64url');
}

function decodeToken(token) {
	try {
		const m = /^page:(\d+)$/.exec(Buffer.from(String(token), 'base64url').toString('utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

function toMs(v) {
	if (typeof v === 'number') return v;
	const t = Date.parse(v);
	if (Number.isNaN(t)) throw new Error(`invalid time ${v}`);
	return t;
}

function sleep(ms) {
	return new Promise((r) => {
		const t = setTimeout(r, ms);
		if (t.unref) t.unref(); // the listening server keeps the process alive; a pending latency must not
	});
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > 1024 * 1024) {
				reject(new Error('body too large'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

async function createMockScavio(options) {
	const mock = new MockScavio(options);
	await mock.listen();
	return mock;
}

// ---------------------------------------------------------------- demo watchlist

/**
 * Options for `--demo` (`npm start`): 8 realistic tags, 1 real minute = 1 mock hour, one tag breaks out periodically.
 *
 * The analyzer measures growth per REAL hour (`fetchedAt` is n8n's clock), so every rate it sees is 60× the
 * mock-hour rate. Quiet tags (and #matchalatte between bursts) grow 0.001–0.006 % per mock hour → 0.06–0.35 %/h
 * for the analyzer. #matchalatte bursts ×150 for 3 mock hours every 20 (the first at mock hour 3):
 * 120,000 × 150 = 18 M views per mock hour on 2.4 B = 0.75 %/mock hour → about 45 %/h (±15 % wobble) for
 * the analyzer, far above the hourly template's 10 %/h, between any two runs a minute or more apart inside a
 * burst. As the total grows the same burst is a smaller share: after a day of demo running time (~6.4 B
 * views) it still shows about 17 %/h.
 */
function demoOptions() {
	return {
		timeScale: 60,
		// hashtag counts run on accelerated time, but videos must not look created in the future to a real n8n
		videoClock: 'real',
		concurrency: 5,
		latencyMs: [80, 400],
		hashtags: {
			booktok: { views: 370000000000, videos: 51000000, viewsPerHour: 9000000, videosPerHour: 900, noise: 0.15 },
			cleantok: { views: 120000000000, videos: 9800000, viewsPerHour: 2500000, videosPerHour: 210, noise: 0.15 },
			gymtok: { views: 88000000000, videos: 7200000, viewsPerHour: 2100000, videosPerHour: 180, noise: 0.15 },
			skincareroutine: { views: 64000000000, videos: 4100000, viewsPerHour: 1300000, videosPerHour: 95, noise: 0.15 },
			airfryerrecipes: { views: 21000000000, videos: 1400000, viewsPerHour: 600000, videosPerHour: 40, noise: 0.15 },
			studywithme: { views: 33000000000, videos: 2600000, viewsPerHour: 500000, videosPerHour: 30, noise: 0.15 },
			vanlife: { views: 15000000000, videos: 1900000, viewsPerHour: 150000, videosPerHour: 12, noise: 0.15 },
			matchalatte: {
				views: 2400000000,
				videos: 310000,
				viewsPerHour: 120000,
				videosPerHour: 8,
				noise: 0.15,
				breakout: { offsetHours: 3, everyHours: 20, durationHours: 3, factor: 150 },
			},
		},
	};
}

// ---------------------------------------------------------------- CLI

function parseArgs(argv) {
	const args = { port: undefined, config: undefined, demo: false, log: undefined };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--port') args.port = Number(argv[++i]);
		else if (a.startsWith('--port=')) args.port = Number(a.slice(7));
		else if (a === '--config') args.config = argv[++i];
		else if (a.startsWith('--config=')) args.config = a.slice(9);
		else if (a === '--log') args.log = argv[++i];
		else if (a.startsWith('--log=')) args.log = a.slice(6);
		else if (a === '--demo') args.demo = true;
		else if (a === '--help' || a === '-h') args.help = true;
		else throw new Error(`unknown argument ${a}; usage: server.js [--port N] [--config file.json] [--demo] [--log file]`);
	}
	return args;
}

async function main(argv) {
	let args;
	try {
		args = parseArgs(argv);
	} catch (err) {
		process.stderr.write(`${err.message}\n`);
		process.exit(2);
	}
	if (args.help) {
		process.stdout.write('usage: node test/mock-scavio/server.js [--port N] [--config file.json] [--demo] [--log file]\n');
		return;
	}
	let options = {};
	if (args.demo) options = demoOptions();
	if (args.config) {
		const cfg = JSON.parse(fs.readFileSync(args.config, 'utf8'));
		options = { ...options, ...cfg, hashtags: { ...(options.hashtags || {}), ...(cfg.hashtags || {}) } };
	}
	if (args.port !== undefined) options.port = args.port;
	const mock = await createMockScavio(options);
	const logStream = args.log ? fs.createWriteStream(args.log, { flags: 'a' }) : process.stderr;
	mock.onRequest((e) => logStream.write(JSON.stringify(e) + '\n'));
	process.stdout.write(JSON.stringify({ url: mock.url, port: mock.port }) + '\n');
	const stop = () => {
		mock.close().then(() => {
			if (logStream !== process.stderr) logStream.end();
			process.exit(0);
		});
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

module.exports = { createMockScavio, MockScavio, demoOptions, DEFAULT_OPTIONS, HASHTAG_VARIANTS, FORMATS, ENDPOINT_NAMES: Object.keys(ENDPOINTS), roundForDisplay };

if (require.main === module) {
	main(process.argv.slice(2)).catch((err) => {
		process.stderr.write(`mock-scavio failed to start: ${err && err.message}\n`);
		process.exit(1);
	});
}
