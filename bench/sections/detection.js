'use strict';
// Detection quality of the trend core on seeded synthetic hashtags with labelled truth.
//
// Each hashtag has a daily cycle (peak 2–3× the night, sinusoidal or a narrow evening peak, at its
// own hour), a slow trend, ±multiplicative noise per hour, and fetches 2–120 s after the hour (a
// few retried runs 2–4 min late). 3 % of fetches fail at random and every fetch fails during one
// 6-hour outage; 1 % of fetches read slightly low (small count dips); 20 % of the hashtags report
// counts rounded to 3 significant digits (TikTok's web `stats`). A quarter of the hashtags get a
// breakout episode (views compounding at 15–40 %/h for 2–6 hours, starting 5 min after a run), a
// quarter a near-miss episode (5–9 %/h); the rest stay quiet. The core runs hour by hour exactly
// as the hourly template runs it: analyze() with historySource 'builtIn' and the template's
// options, the state round-tripped through JSON.stringify/parse every run (n8n's static data).
//
// Figures (a "run" below is one hashtag in one hourly run whose fetch succeeded and that has an
// earlier successful fetch, i.e. where the >10 %/h rule can be applied at all):
// - breakout_tpr: among runs whose TRUE growth since the previous successful fetch is above
//   10 %/h — (true(t) − true(t_prev)) / true(t_prev) / hours × 100 > 10 — the share the analyzer
//   flagged as a breakout.
// - breakout_fpr: among runs whose true growth is at most 10 %/h, the share flagged as a breakout.
// - episodes_detected_at_first_run: among breakout episodes, the share flagged as a breakout at the
//   first run after the onset where the rule holds on true counts (normally the first run after the
//   onset; when the fetch just before the onset failed, the first run measures the growth over two
//   hours and can be below 10 %/h on true counts too — counted in details).
// - false_spikes_per_quiet_tag_week: spikes flagged on hashtags without any episode, during the
//   evaluation weeks (after a one-week warm-up, so both baselines have their history), per hashtag
//   and week. False drops are reported beside it in details.
// - episode_spike_recall: among breakout episodes, the share with a spike flagged at some run from
//   the onset to the first run after the episode ended.
// The same series are run twice: with the defaults (seasonal hour-of-day baseline) and with the
// previous behaviour (rolling baseline only, no minimum spike size), so one run shows before/after.
const { performance } = require('node:perf_hooks');
const { requireRepo } = require('../lib/ts-register');
const { mulberry32, round } = require('../lib/common');

const HOUR = 3600;
const DAY = 86400;
const HASHTAGS = 200;
const DAYS = 21;
const WARM_UP_DAYS = 7;
const START = Math.floor(Date.UTC(2026, 8, 7) / 1000); // fixed, a Monday
const OUTAGE = { from: 9 * 24 + 3, hours: 6 }; // run indexes without any successful fetch
const TEMPLATE_OPTIONS = { breakoutThresholdPctPerHour: 10, rankBy: 'growthPctPerHour' };
const RULE_PCT_PER_HOUR = 10;

const title = `breakout and spike detection on ${HASHTAGS} seeded hashtags over ${DAYS} days of hourly runs (labelled truth)`;
const keys = ['breakout_tpr', 'breakout_fpr', 'episodes_detected_at_first_run', 'false_spikes_per_quiet_tag_week', 'episode_spike_recall'];

function gaussian(rand) {
	return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Daily profile, mean about 1 over the day, peak/night between 2 and 3. */
function makeProfile(rand) {
	const ratio = 2 + rand();
	const peakHour = rand() * 24;
	const narrow = rand() < 0.5;
	const width = 1.5 + rand() * 1.5;
	return (hourOfDay) => {
		let d = Math.abs(hourOfDay - peakHour);
		d = Math.min(d, 24 - d);
		const shape = narrow ? Math.exp(-((d / width) ** 2)) : (1 + Math.cos((Math.PI * d) / 12)) / 2;
		return 1 + (ratio - 1) * shape;
	};
}

function roundSignificant(x, digits) {
	if (x <= 0) return x;
	const step = 10 ** Math.max(0, Math.floor(Math.log10(x)) - digits + 1);
	return Math.round(x / step) * step;
}

/**
 * One hashtag: true cumulative views are piecewise linear (a constant rate within each hour), so
 * the true count at any fetch time is exact.
 */
function makeHashtag(index, hours) {
	const rand = mulberry32(0x51ed ^ (index * 2654435761));
	const views0 = Math.round(10 ** (5 + rand() * 5));
	const basePctPerHour = 10 ** (-2 + rand() * 1.7); // 0.01–0.5 %/h of the starting views
	const trendPerDay = -0.02 + rand() * 0.05;
	const noise = 0.08 + rand() * 0.12;
	const profile = makeProfile(rand);
	const rounded = rand() < 0.2;
	const kindDraw = rand();
	const kind = kindDraw < 0.25 ? 'breakout' : kindDraw < 0.5 ? 'nearMiss' : 'quiet';
	let episode = null;
	if (kind !== 'quiet') {
		const onsetHour = 2 * 24 + Math.floor(rand() * (DAYS - 3) * 24);
		const length = 2 + Math.floor(rand() * 5);
		const pct = kind === 'breakout' ? 15 + rand() * 25 : 5 + rand() * 4;
		episode = { onsetHour, length, pct, onset: START + onsetHour * HOUR + 300 };
	}
	// Views at the start of each hour h, and the rate within it.
	const at = new Float64Array(hours + 1);
	const rate = new Float64Array(hours);
	at[0] = views0;
	for (let h = 0; h < hours; h++) {
		const base = views0 * (basePctPerHour / 100) * Math.exp(trendPerDay * (h / 24)) * profile(h % 24) * Math.exp(noise * gaussian(rand));
		let r = base;
		if (episode) {
			// The episode starts 5 minutes into hour onsetHour and compounds hourly on the true total.
			const k = h - episode.onsetHour;
			if (k >= 0 && k <= episode.length) {
				const share = k === 0 ? 55 / 60 : k === episode.length ? 5 / 60 : 1;
				r = base + share * (episode.pct / 100) * at[h];
			}
		}
		rate[h] = r;
		at[h + 1] = at[h] + r;
	}
	const trueViews = (t) => {
		const x = (t - START) / HOUR;
		const h = Math.min(hours - 1, Math.max(0, Math.floor(x)));
		return at[h] + rate[h] * (x - h);
	};
	return { name: `det${String(index).padStart(3, '0')}`, id: String(7_000_000_000_000_000_000n + BigInt(index)), kind, rounded, episode, trueViews, rand, viewsPerVideo: 300 + rand() * 5000 };
}

/** What the fetch returned for hashtag `tag` at run `h`: null (failed) or the reported counts. */
function fetchAt(tag, h) {
	const r = tag.rand;
	const delayed = r() < 0.02;
	const t = START + h * HOUR + (delayed ? 120 + Math.floor(r() * 120) : 2 + Math.floor(r() * 118));
	const failed = r() < 0.03 || (h >= OUTAGE.from && h < OUTAGE.from + OUTAGE.hours);
	const dip = r() < 0.01 ? 0.0005 + r() * 0.015 : 0;
	if (failed) return { t, failed: true };
	const exact = Math.floor(tag.trueViews(t) * (1 - dip));
	const views = tag.rounded ? roundSignificant(exact, 3) : exact;
	const videos = Math.floor(tag.trueViews(t) / tag.viewsPerVideo);
	return { t, failed: false, views, videos: tag.rounded ? roundSignificant(videos, 3) : videos };
}

function simulate(trends, options, log, label) {
	const hours = DAYS * 24;
	const tags = Array.from({ length: HASHTAGS }, (_, i) => makeHashtag(i, hours + 1));
	const fetches = tags.map((tag) => Array.from({ length: hours }, (_, h) => fetchAt(tag, h)));
	const counts = { tp: 0, fn: 0, fp: 0, tn: 0, tpRounded: 0, fnRounded: 0, fpRounded: 0, tnRounded: 0 };
	const episodes = tags.filter((t) => t.kind === 'breakout').map((tag) => ({ tag, firstRun: null, firstRunFlagged: false, notYetDetectable: 0, spiked: false }));
	const mistakes = [];
	const byName = new Map(episodes.map((e) => [e.tag.name, e]));
	const quiet = { spikes: 0, drops: 0, tags: tags.filter((t) => t.kind === 'quiet').length };
	const lastGood = new Map();
	let state;
	let stateBytes = 0;
	const t0 = performance.now();
	for (let h = 0; h < hours; h++) {
		const snapshots = tags.map((tag, i) => {
			const f = fetches[i][h];
			return f.failed
				? { hashtag: tag.name, hashtagId: tag.id, t: f.t, status: 'missing', error: 'HTTP 503: upstream temporarily unavailable' }
				: { hashtag: tag.name, hashtagId: tag.id, t: f.t, status: 'ok', views: f.views, videos: f.videos };
		});
		const now = new Date(Math.max(...snapshots.map((s) => s.t)) * 1000);
		const out = trends.analyze({ now, snapshots, historySource: 'builtIn', state, options, executionId: `det-${h}` });
		const json = JSON.stringify(out.state);
		stateBytes = json.length;
		state = JSON.parse(json);
		const byTag = new Map(out.results.map((r) => [r.hashtag, r]));
		tags.forEach((tag, i) => {
			const f = fetches[i][h];
			if (f.failed) return;
			const r = byTag.get(tag.name);
			const prev = lastGood.get(tag.name);
			lastGood.set(tag.name, f.t);
			let truePct = null;
			if (prev !== undefined) {
				const before = tag.trueViews(prev);
				truePct = ((tag.trueViews(f.t) - before) / before / ((f.t - prev) / HOUR)) * 100;
				const key = (truePct > RULE_PCT_PER_HOUR ? (r.isBreakout ? 'tp' : 'fn') : r.isBreakout ? 'fp' : 'tn') + (tag.rounded ? 'Rounded' : '');
				counts[key]++;
				if ((key.startsWith('fp') || key.startsWith('fn')) && mistakes.length < 10) {
					mistakes.push(`${key} ${tag.name} h${h}: true ${round(truePct, 2)} %/h, reported ${r.growthPctPerHour} %/h (${r.flags.join(',')})`);
				}
			}
			const e = byName.get(tag.name);
			if (e && f.t > tag.episode.onset) {
				if (e.firstRun === null && truePct !== null && truePct > RULE_PCT_PER_HOUR) {
					e.firstRun = h;
					e.firstRunFlagged = r.isBreakout;
				}
				if (e.firstRun === null) e.notYetDetectable++;
				if (h <= tag.episode.onsetHour + tag.episode.length + 1 && r.isSpike) e.spiked = true;
			}
			if (tag.kind === 'quiet' && h >= WARM_UP_DAYS * 24) {
				if (r.isSpike) quiet.spikes++;
				if (r.isDrop) quiet.drops++;
			}
		});
		if (h % (7 * 24) === 0) log(`  ${label}: day ${h / 24} of ${DAYS}`);
	}
	const ms = performance.now() - t0;
	const pos = counts.tp + counts.fn + counts.tpRounded + counts.fnRounded;
	const neg = counts.fp + counts.tn + counts.fpRounded + counts.tnRounded;
	const evalWeeks = (DAYS - WARM_UP_DAYS) / 7;
	return {
		breakout_tpr: round((counts.tp + counts.tpRounded) / pos, 4),
		breakout_fpr: round((counts.fp + counts.fpRounded) / neg, 5),
		episodes_detected_at_first_run: round(episodes.filter((e) => e.firstRunFlagged).length / episodes.length, 4),
		false_spikes_per_quiet_tag_week: round(quiet.spikes / quiet.tags / evalWeeks, 3),
		episode_spike_recall: round(episodes.filter((e) => e.spiked).length / episodes.length, 4),
		details: {
			counts,
			breakoutTprExactTags: round(counts.tp / (counts.tp + counts.fn), 4),
			breakoutTprRoundedTags: round(counts.tpRounded / (counts.tpRounded + counts.fnRounded), 4),
			breakoutFprRoundedTags: round(counts.fpRounded / (counts.fpRounded + counts.tnRounded), 5),
			breakoutEpisodes: episodes.length,
			breakoutMistakes: mistakes,
			episodesFirstRunNotAboveRuleOnTrueCounts: episodes.filter((e) => e.notYetDetectable > 0).length,
			episodesMissedAtFirstRun: episodes.filter((e) => !e.firstRunFlagged).map((e) => `${e.tag.name}${e.tag.rounded ? ' (rounded)' : ''} onset h${e.tag.episode.onsetHour}, first run h${e.firstRun}`),
			quietTags: quiet.tags,
			falseDropsPerQuietTagWeek: round(quiet.drops / quiet.tags / evalWeeks, 3),
			runs: hours,
			analyzeMsPerRun: round(ms / hours, 1),
			stateBytes,
		},
	};
}

async function run({ log }) {
	const trends = requireRepo('lib/trends/index.ts');
	log('seasonal baseline (defaults)…');
	const after = simulate(trends, TEMPLATE_OPTIONS, log, 'seasonal');
	log('rolling baseline only, no minimum spike size (previous behaviour)…');
	const before = simulate(trends, { ...TEMPLATE_OPTIONS, seasonalBaseline: false, anomalyMinRatio: 1 }, log, 'rolling');
	const shown = (k) => `${k}: rolling ${before[k]} → seasonal ${after[k]}`;
	const { details, ...results } = after;
	return {
		results,
		details: { seasonal: details, rolling: { ...before, details: undefined, ...before.details } },
		notes: [
			...['false_spikes_per_quiet_tag_week', 'episode_spike_recall', 'breakout_tpr', 'breakout_fpr'].map(shown),
			`false drops per quiet hashtag-week: rolling ${before.details.falseDropsPerQuietTagWeek} → seasonal ${details.falseDropsPerQuietTagWeek}`,
		],
	};
}

module.exports = { title, keys, run };
