import fc from 'fast-check';
import { analyze, decodeSeries, DEFAULT_TREND_OPTIONS, emptySeries, addSample, encodeSeries, HOURLY_HOURS, pruneSeries, TREND_STATE_VERSION, WEEKS } from '../../lib/trends';
import type { StoredSeries } from '../../lib/trends/history';
import type { SnapshotInput, TrendState } from '../../lib/trends';
import { DAY, filterSamples, HOUR, missing, ok, readBack, recordsOf, Runner, textTags, samplesOf, T0 } from './trends-helpers';

const RUNS = { numRuns: 60 };

describe('trend properties', () => {
	it('same underlying rate → same velocity, whatever the gaps and the failed fetches between runs', () => {
		// Can fail: a rate divided by the time since the last attempt (not the last good sample), or a
		// failed fetch read as 0, gives a different velocity after every failure.
		fc.assert(
			fc.property(
				fc.array(fc.record({ gap: fc.integer({ min: 600, max: 72 * HOUR }), fail: fc.boolean() }), { minLength: 1, maxLength: 30 }),
				fc.integer({ min: 1, max: 1_000_000 }),
				(steps, ratePerHour) => {
					const runner = new Runner();
					let t = T0;
					let lastGood = T0;
					const views = (at: number) => 1_000_000_000 + Math.round(((at - T0) / HOUR) * ratePerHour);
					runner.run([ok('cats', t, views(t))]);
					for (const step of steps) {
						t += step.gap;
						if (step.fail) {
							runner.run([missing('cats', t)]);
							continue;
						}
						const r = runner.run([ok('cats', t, views(t))]).results[0];
						// Rounding to whole views bounds the error by 1 view over the gap.
						expect(Math.abs((r.viewsPerHour as number) - ratePerHour)).toBeLessThanOrEqual(1 / ((t - lastGood) / HOUR) + 0.01);
						expect(r.hoursSincePrevious).toBeCloseTo((t - lastGood) / HOUR, 3);
						expect(r.isSuspicious).toBe(false);
						expect(r.isDrop).toBe(false);
						lastGood = t;
					}
				},
			),
			RUNS,
		);
	});

	it('a failed fetch is reported as missing with the last good value, never as an alert or a zero', () => {
		// Can fail: storing a failed fetch as 0 (the next value looks like a +∞ rebound or a breakout),
		// or reporting the failed attempt instead of the last good sample as "previous".
		fc.assert(
			fc.property(
				fc.array(fc.record({ gap: fc.integer({ min: 600, max: 6 * HOUR }), fail: fc.boolean(), gain: fc.integer({ min: 0, max: 50_000 }) }), { minLength: 2, maxLength: 40 }),
				(steps) => {
					const runner = new Runner();
					let t = T0;
					let views = 5_000_000;
					let last = { t, views };
					runner.run([ok('cats', t, views)]);
					for (const step of steps) {
						t += step.gap;
						views += step.gain;
						const r = runner.run([step.fail ? missing('cats', t) : ok('cats', t, views)]).results[0];
						expect(r.previousViews).toBe(last.views);
						expect(r.previousFetchedAt).toBe(new Date(last.t * 1000).toISOString());
						expect(r.isSuspicious).toBe(false);
						if (step.fail) {
							expect(r.flags).toEqual(['missing']);
							expect(r.views).toBeNull();
							expect(r.isAlert).toBe(false);
						} else {
							expect(r.viewsPerHour).toBeCloseTo((views - last.views) / ((t - last.t) / HOUR), 1);
							expect(r.isBreakout).toBe(false); // at most 50,000 views/h on 5M: < 1 %/h
							last = { t, views };
						}
					}
				},
			),
			RUNS,
		);
	});

	it('samples closer than the minimum interval never fire a breakout; every rate covers at least that interval', () => {
		// Can fail: a rate over a 20-second gap (+1 rounding step = thousands of %/h) reaching the breakout rule.
		fc.assert(
			fc.property(
				fc.array(fc.record({ gap: fc.integer({ min: 1, max: 2 * HOUR }), gain: fc.integer({ min: 0, max: 400_000 }) }), { minLength: 1, maxLength: 30 }),
				fc.integer({ min: 1, max: 30 }),
				(steps, minutes) => {
					const runner = new Runner({ minIntervalMinutes: minutes });
					let t = T0;
					let views = 1_000_000;
					const trusted: number[] = [t];
					runner.run([ok('cats', t, views)]);
					for (const step of steps) {
						t += step.gap;
						views += step.gain;
						const r = runner.run([ok('cats', t, views)]).results[0];
						if (r.rateFromFetchedAt !== null) {
							expect(t - Date.parse(r.rateFromFetchedAt) / 1000).toBeGreaterThanOrEqual(minutes * 60);
						} else {
							expect(r.viewsPerHour).toBeNull();
							expect(r.isBreakout).toBe(false);
						}
						expect(r.shortInterval).toBe(t - trusted[trusted.length - 1] < minutes * 60);
						if (r.rateFromFetchedAt !== null) trusted.push(t);
					}
				},
			),
			RUNS,
		);
	});

	it('a suspicious result (a lifetime count went down) never alerts', () => {
		// Can fail: the breakout or anomaly rules looking only at the views while the video count fell.
		fc.assert(
			fc.property(
				fc.array(fc.record({ views: fc.integer({ min: -300_000, max: 2_000_000 }), videos: fc.integer({ min: -200, max: 50 }) }), { minLength: 2, maxLength: 30 }),
				(steps) => {
					const runner = new Runner();
					let views = 1_000_000;
					let videos = 1000;
					runner.run([ok('cats', T0, views, videos)]);
					steps.forEach((step, i) => {
						views = Math.max(0, views + step.views);
						videos = Math.max(0, videos + step.videos);
						const r = runner.run([ok('cats', T0 + (i + 1) * HOUR, views, videos)]).results[0];
						if (r.isSuspicious) {
							expect(r.isAlert).toBe(false);
							expect(r.flags).not.toContain('breakout');
						}
					});
				},
			),
			RUNS,
		);
	});

	it('a missing sample changes no later verdict: the runs after it read exactly as if that run never happened', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ gap: fc.integer({ min: 600, max: 6 * HOUR }), fail: fc.boolean(), gain: fc.integer({ min: 0, max: 50_000 }) }), { minLength: 2, maxLength: 40 }),
				(steps) => {
					const withFailures = new Runner();
					const withoutThem = new Runner();
					let t = T0;
					let views = 5_000_000;
					withFailures.run([ok('cats', t, views)]);
					withoutThem.run([ok('cats', t, views)]);
					for (const step of steps) {
						t += step.gap;
						views += step.gain;
						if (step.fail) {
							withFailures.run([missing('cats', t)]);
							continue;
						}
						const a = withFailures.run([ok('cats', t, views)]).results[0];
						const b = withoutThem.run([ok('cats', t, views)]).results[0];
						const verdict = (r: typeof a) => [r.viewsPerHour, r.growthPctPerHour, r.hoursSincePrevious, r.acceleration, r.anomaly, r.isDrop, r.isSpike, r.isBreakout, r.isSuspicious];
						expect(verdict(a)).toEqual(verdict(b));
					}
				},
			),
			RUNS,
		);
	});

	it('analyze is idempotent: processing the same run twice changes neither the results nor the history', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }), (gains) => {
				const runner = new Runner();
				let views = 1000;
				gains.forEach((g, i) => {
					views += g;
					runner.run([ok('cats', T0 + i * HOUR, views)]);
				});
				const last = [ok('cats', T0 + gains.length * HOUR, views + 10)];
				const first = runner.run(last);
				const stateAfterFirst = JSON.stringify((runner.state as { tags: unknown }).tags);
				const second = runner.run(last);
				expect(JSON.stringify((runner.state as { tags: unknown }).tags)).toBe(stateAfterFirst);
				expect(second.results).toEqual(first.results);
			}),
			RUNS,
		);
	});

	it('velocity is monotone in the gain: more views gained never means a lower velocity', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 600, max: 48 * HOUR }), (a, b, gap) => {
				const at = (gain: number) =>
					analyze({ now: new Date((T0 + gap) * 1000), historySource: 'input', snapshots: [ok('x', T0, 1e10), ok('x', T0 + gap, 1e10 + gain)] }).results[0];
				const [lo, hi] = a <= b ? [a, b] : [b, a];
				expect(at(lo).viewsPerHour as number).toBeLessThanOrEqual(at(hi).viewsPerHour as number);
			}),
			RUNS,
		);
	});

	it('corrupt or random state never throws; it resets with a warning', () => {
		fc.assert(
			fc.property(fc.anything(), (junk) => {
				const out = analyze({ now: new Date(T0 * 1000), historySource: 'builtIn', state: junk, snapshots: [ok('cats', T0, 1000)] });
				expect(out.results).toHaveLength(1);
				expect(recordsOf(out.state).cats).toBeDefined();
			}),
			{ numRuns: 200 },
		);
		// Records that are mostly valid (so the checks on what loads back really run), some damaged
		// in one column, read back through the loader every run uses.
		const sampleRuns = fc.array(fc.record({ gap: fc.integer({ min: 1800, max: 4 * HOUR }), gain: fc.integer({ min: -50, max: 100_000 }), videos: fc.option(fc.nat(10_000)) }), { minLength: 1, maxLength: 40 });
		const damage = fc.option(fc.record({ field: fc.constantFrom('t', 'v', 'c', 'm'), junk: fc.anything() }), { freq: 3 });
		let intact = 0;
		let reset = 0;
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom('cats', 'dogs', 'fish', 'birds'), fc.record({ runs: sampleRuns, damage }), { minKeys: 1 }), (spec) => {
				const records: Record<string, unknown> = {};
				const series = new Map<string, ReturnType<typeof emptySeries>>();
				let now = T0;
				for (const [key, { runs, damage: hurt }] of Object.entries(spec)) {
					const s = emptySeries(key);
					let t = T0;
					let views = 1_000_000;
					for (const run of runs) {
						t += run.gap;
						views = Math.max(0, views + run.gain);
						addSample(s, { t, views, videos: run.videos });
					}
					now = Math.max(now, t);
					series.set(key, s);
					records[key] = hurt ? { ...encodeSeries(s), [hurt.field]: hurt.junk } : encodeSeries(s);
				}
				const loaded = readBack({ schemaVersion: TREND_STATE_VERSION, seq: 1, tags: textTags(records) }, now);
				for (const [key, { damage: hurt }] of Object.entries(spec)) {
					const back = loaded.series.get(key);
					const named = loaded.warnings.some((w) => w.includes(`#${key}`));
					if (!hurt) {
						// every sample is inside the hourly days, half an hour apart or more: nothing is pruned
						intact++;
						expect(samplesOf(back)).toEqual(samplesOf(series.get(key)));
						expect(named).toBe(false);
					} else if (back === undefined) {
						reset++;
						expect(named).toBe(true);
					} else {
						for (let i = 1; i < back.t.length; i++) expect(back.t[i]).toBeGreaterThan(back.t[i - 1]);
						for (const v of back.views) expect(v).toBeGreaterThanOrEqual(0);
					}
				}
			}),
			{ numRuns: 200 },
		);
		// both branches really ran, many times
		expect(intact).toBeGreaterThan(100);
		expect(reset).toBeGreaterThan(50);
	});

	it('cutting a stored column anywhere never throws and never yields wrong samples', () => {
		const s = emptySeries('cats');
		for (let h = 0; h < 50; h++) addSample(s, { t: T0 + h * HOUR, views: 1000 + h * h * 37, videos: h % 5 === 0 ? null : 10 + h });
		const stored = encodeSeries(s);
		fc.assert(
			fc.property(fc.constantFrom<'t' | 'v' | 'c'>('t', 'v', 'c'), fc.nat(), (field, cut) => {
				const truncated = { ...stored, [field]: stored[field].slice(0, cut % stored[field].length) };
				const loaded = readBack({ schemaVersion: TREND_STATE_VERSION, seq: 1, tags: textTags({ cats: truncated }) }, T0 + 49 * HOUR);
				expect(loaded.series.has('cats')).toBe(false);
				expect(loaded.warnings).toEqual([expect.stringMatching(/1 hashtag\(s\) was corrupt or truncated and was reset \(#cats\)/)]);
			}),
			RUNS,
		);
	});

	it('state stays bounded after a year of hourly runs (and more)', () => {
		const runner = new Runner();
		let views = 1_000_000_000;
		let maxBytes = 0;
		for (let h = 0; h <= 400 * 24; h++) {
			views += 100_000 + ((h * 7919) % 40_000);
			const snaps: SnapshotInput[] = h % 97 === 5 ? [missing('cats', T0 + h * HOUR)] : [ok('cats', T0 + h * HOUR, views, 1000 + h)];
			const out = analyze({ now: new Date((T0 + h * HOUR) * 1000), historySource: 'builtIn', state: runner.state, snapshots: snaps });
			runner.state = out.state;
			if (h % 500 === 0 || h > 399 * 24) maxBytes = Math.max(maxBytes, JSON.stringify((out.state as TrendState).tags).length);
		}
		const series = readBack(runner.state, T0 + 400 * 24 * HOUR).series.get('cats');
		expect(series?.t.length).toBeLessThanOrEqual(HOURLY_HOURS + WEEKS + 2);
		expect(series?.missing.length).toBeLessThanOrEqual(DEFAULT_TREND_OPTIONS.maxMissingMarkers);
		expect(maxBytes).toBeLessThan(6 * 1024);
		const first = series?.t[0] as number;
		expect(T0 + 400 * 24 * HOUR - first).toBeLessThanOrEqual(HOURLY_HOURS * HOUR + WEEKS * 7 * DAY);
	});

	it('retention is idempotent, path-independent and keeps the newest sample', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 1, max: 5 * DAY }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 60 * DAY }), (gaps, earlier) => {
				const s = emptySeries('x');
				let t = T0;
				let v = 0;
				for (const g of gaps) {
					t += g;
					v += g;
					addSample(s, { t, views: v, videos: null });
				}
				const max = DEFAULT_TREND_OPTIONS.maxMissingMarkers;
				const once = pruneSeries(s, t, max);
				expect(pruneSeries(once, t, max)).toEqual(once);
				expect(once.t[once.t.length - 1]).toBe(t);
				// Pruning at an earlier run first (as every run does) keeps the same samples.
				const before = filterSamples(s, (x) => x.t <= t - earlier);
				if (before.t.length > 0) {
					const later = pruneSeries(before, before.t[before.t.length - 1], max);
					for (const x of samplesOf(s)) if (x.t > t - earlier) addSample(later, x);
					expect(pruneSeries(later, t, max)).toEqual(once);
				}
			}),
			RUNS,
		);
	});

	it('history as input gives the same metrics as the built-in history, also past the hourly days (retention)', () => {
		// Can fail: the input rows read without the retention the built-in history applied run by run.
		let pastRetention = 0;
		fc.assert(
			fc.property(
				fc.array(fc.record({ gap: fc.integer({ min: 1800, max: 2 * DAY }), gain: fc.integer({ min: 0, max: 10_000 }), fail: fc.boolean() }), { minLength: 1, maxLength: 60 }),
				(steps) => {
					const runner = new Runner();
					const rows: SnapshotInput[] = [];
					let t = T0;
					let views = 100_000;
					const push = (s: SnapshotInput) => {
						rows.push(s);
						return runner.run([s]).results[0];
					};
					push(ok('cats', t, views));
					let builtIn = null;
					for (const step of steps) {
						t += step.gap;
						views += step.gain;
						builtIn = push(step.fail ? missing('cats', t) : ok('cats', t, views));
					}
					if (t - T0 > HOURLY_HOURS * HOUR) pastRetention++;
					const fromInput = analyze({ now: new Date(t * 1000), historySource: 'input', snapshots: rows }).results[0];
					expect(fromInput).toEqual(builtIn);
				},
			),
			RUNS,
		);
		// the retention branch really ran
		expect(pastRetention).toBeGreaterThan(RUNS.numRuns / 10);
	});
});

describe('plain history (schema version 5)', () => {
	it('round-trips exactly through JSON — any gaps, totals up to TikTok size, decreases, unknown video counts', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 120_000_000_000_000 }),
				fc.array(
					fc.record({ gap: fc.integer({ min: 1, max: 3 * DAY }), inc: fc.integer({ min: -1_000_000, max: 1_000_000_000 }), video: fc.option(fc.integer({ min: 0, max: 10_000_000 })) }),
					{ minLength: 0, maxLength: 80 },
				),
				(views0, steps) => {
					const s = emptySeries('cats');
					let t = T0;
					let views = views0;
					addSample(s, { t, views, videos: null });
					for (const step of steps) {
						t += step.gap;
						views = Math.max(0, views + step.inc);
						addSample(s, { t, views, videos: step.video });
					}
					const stored = JSON.parse(JSON.stringify(encodeSeries(s))) as StoredSeries;
					expect(decodeSeries('cats', stored)).toEqual(s);
				},
			),
			RUNS,
		);
	});
});
