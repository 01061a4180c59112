import { analyze } from '../../lib/trends';
import { DAY, HOUR, missing, ok, Runner, T0 } from './trends-helpers';

describe('trend metrics', () => {
	it('cold start: first sighting is new, has no growth and raises no alert', () => {
		const out = new Runner().run([ok('cats', T0, 1_000_000)]);
		const r = out.results[0];
		expect(r.isNew).toBe(true);
		expect(r.flags).toEqual(expect.arrayContaining(['new', 'insufficient_history']));
		expect(r.viewsPerHour).toBeNull();
		expect(r.growthPctPerHour).toBeNull();
		expect(r.isAlert).toBe(false);
		expect(out.alerts).toHaveLength(0);
		expect(r.explanation).toMatch(/first sighting/);
	});

	it('computes deltas, percent and per-hour velocity', () => {
		const runner = new Runner();
		runner.run([ok('cats', T0, 1_000_000, 100)]);
		const r = runner.run([ok('cats', T0 + HOUR, 1_050_000, 110)]).results[0];
		expect(r.viewsDelta).toBe(50_000);
		expect(r.viewsDeltaPct).toBe(5);
		expect(r.videosDelta).toBe(10);
		expect(r.viewsPerHour).toBe(50_000);
		expect(r.videosPerHour).toBe(10);
		expect(r.growthPctPerHour).toBe(5);
		expect(r.hoursSincePrevious).toBe(1);
		expect(r.isBreakout).toBe(false);
	});

	it('normalises a skipped hour: a 3-hour gap is divided by 3', () => {
		const runner = new Runner();
		runner.run([ok('cats', T0, 1_000_000)]);
		const r = runner.run([ok('cats', T0 + 3 * HOUR, 1_300_000)]).results[0];
		expect(r.hoursSincePrevious).toBe(3);
		expect(r.viewsPerHour).toBe(100_000);
		expect(r.growthPctPerHour).toBe(10);
	});

	it('breakout above the threshold, and only with the minimum absolute gain', () => {
		const runner = new Runner();
		runner.run([ok('small', T0, 100), ok('big', T0, 1_000_000)]);
		const out = runner.run([ok('small', T0 + HOUR, 150), ok('big', T0 + HOUR, 1_200_000)]);
		expect(out.alerts.map((a) => a.hashtag).sort()).toEqual(['big', 'small']);
		const gated = new Runner({ minAbsoluteGain: 1000 });
		gated.run([ok('small', T0, 100), ok('big', T0, 1_000_000)]);
		const out2 = gated.run([ok('small', T0 + HOUR, 150), ok('big', T0 + HOUR, 1_200_000)]);
		expect(out2.alerts.map((a) => a.hashtag)).toEqual(['big']);
		expect(out2.results.find((r) => r.hashtag === 'small')?.isBreakout).toBe(false);
	});

	it('a gain of one rounding step over a short interval is not a breakout; a larger one is', () => {
		// Rounded counts (1,200,000 → 1,210,000 is one 10k step) read minutes apart give a huge %/h.
		const runner = new Runner();
		runner.run([ok('rounded', T0, 1_200_000), ok('exact', T0, 1_200_017), ok('bigger', T0, 1_200_000)]);
		const out = runner.run([ok('rounded', T0 + 0.05 * HOUR, 1_210_000), ok('exact', T0 + 0.05 * HOUR, 1_210_017), ok('bigger', T0 + 0.05 * HOUR, 1_230_000)]);
		const byTag = Object.fromEntries(out.results.map((r) => [r.hashtag, r]));
		expect(byTag.rounded.growthPctPerHour).toBeGreaterThan(10);
		expect(byTag.rounded.isBreakout).toBe(false);
		expect(byTag.exact.isBreakout).toBe(true);
		expect(byTag.bigger.isBreakout).toBe(true);
	});

	it('a failed fetch is missing, never a drop, and the next value is differenced over the full gap', () => {
		const runner = new Runner();
		for (let h = 0; h < 10; h++) runner.run([ok('cats', T0 + h * HOUR, 1_000_000 + h * 10_000)]);
		const failed = runner.run([missing('cats', T0 + 10 * HOUR, 'HTTP 500: upstream unavailable')]).results[0];
		expect(failed.status).toBe('missing');
		expect(failed.flags).toEqual(['missing']);
		expect(failed.isDrop).toBe(false);
		expect(failed.views).toBeNull();
		expect(failed.previousViews).toBe(1_090_000);
		expect(failed.explanation).toMatch(/not as a drop/);
		expect(failed.series[failed.series.length - 1].views).toBeNull();
		const back = runner.run([ok('cats', T0 + 11 * HOUR, 1_110_000)]).results[0];
		expect(back.hoursSincePrevious).toBe(2);
		expect(back.viewsPerHour).toBe(10_000);
		expect(back.isDrop).toBe(false);
		expect(back.isSpike).toBe(false);
	});

	it('decreasing counts are suspicious: no velocity, no drop, no alert', () => {
		const runner = new Runner();
		for (let h = 0; h < 8; h++) runner.run([ok('cats', T0 + h * HOUR, 1_000_000 + h * 10_000)]);
		const r = runner.run([ok('cats', T0 + 8 * HOUR, 900_000)]).results[0];
		expect(r.isSuspicious).toBe(true);
		expect(r.flags).toContain('suspicious');
		expect(r.viewsPerHour).toBeNull();
		expect(r.isDrop).toBe(false);
		expect(r.isAlert).toBe(false);
		expect(r.viewsDelta).toBe(-170_000);
		// Back to normal: differenced against the last trusted value (1,070,000 at hour 7), not the dip.
		const next = runner.run([ok('cats', T0 + 9 * HOUR, 1_090_000)]).results[0];
		expect(next.isSuspicious).toBe(false);
		expect(next.viewsPerHour).toBe(10_000);
		expect(next.isSpike).toBe(false);
	});

	it('a lower level that persists is rebased after rebaseAfter snapshots', () => {
		const runner = new Runner({ rebaseAfter: 3 });
		for (let h = 0; h < 4; h++) runner.run([ok('cats', T0 + h * HOUR, 2_000_000 + h * 10_000)]);
		for (let h = 4; h < 7; h++) runner.run([ok('cats', T0 + h * HOUR, 1_000_000 + h * 10_000)]);
		const r = runner.run([ok('cats', T0 + 7 * HOUR, 1_070_000)]).results[0];
		expect(r.isSuspicious).toBe(false);
		expect(r.viewsPerHour).toBe(10_000);
	});

	it('rounded counts: a decrease within rounding tolerance is flat, not suspicious', () => {
		const runner = new Runner();
		runner.run([ok('big', T0, 119_178_100_000_000)]);
		const r = runner.run([ok('big', T0 + HOUR, 119_178_000_000_000)]).results[0];
		expect(r.isSuspicious).toBe(false);
		expect(r.viewsPerHour).toBe(0);
		expect(r.viewsDelta).toBe(-100_000_000);
	});

	it('videos: null keeps view metrics and leaves video metrics unknown', () => {
		const runner = new Runner();
		runner.run([ok('cats', T0, 1_000_000, null)]);
		const r = runner.run([ok('cats', T0 + HOUR, 1_100_000, null)]).results[0];
		expect(r.viewsPerHour).toBe(100_000);
		expect(r.videos).toBeNull();
		expect(r.videosDelta).toBeNull();
		expect(r.videosPerHour).toBeNull();
		expect(r.isSuspicious).toBe(false);
	});

	it('acceleration needs three valid samples', () => {
		const runner = new Runner();
		runner.run([ok('cats', T0, 1_000_000)]);
		expect(runner.run([ok('cats', T0 + HOUR, 1_010_000)]).results[0].acceleration).toBeNull();
		const r = runner.run([ok('cats', T0 + 2 * HOUR, 1_040_000)]).results[0];
		// 10,000/h then 30,000/h, midpoints one hour apart.
		expect(r.acceleration).toBe(20_000);
	});

	it('week over week uses the sample nearest to t − 7 d within the tolerance', () => {
		const runner = new Runner();
		runner.run([ok('cats', T0, 1_000_000, 100)]);
		runner.run([ok('cats', T0 + 6 * DAY + 20 * HOUR, 1_500_000, 150)]);
		const r = runner.run([ok('cats', T0 + 7 * DAY + 2 * HOUR, 2_000_000, 200)]).results[0];
		// Nearest to t−7d (= T0 + 2h) is T0 (2 h away), within ±12 h.
		expect(r.weekOverWeekViews).toBe(1_000_000);
		expect(r.weekOverWeekViewsPct).toBe(100);
		expect(r.weekOverWeekVideos).toBe(100);
		expect(r.weekAgoFetchedAt).toBe(new Date(T0 * 1000).toISOString());
		const far = new Runner();
		for (let h = 0; h < 4; h++) far.run([ok('cats', T0 + h * HOUR, 1_000_000 + h)]);
		for (let h = 0; h < 4; h++) far.run([ok('cats', T0 + 5 * DAY + h * HOUR, 1_200_000 + h)]);
		// Nearest stored sample to t − 7 d is 13 h away: no week-over-week value rather than a wrong one.
		expect(far.run([ok('cats', T0 + 7 * DAY + 16 * HOUR, 1_300_000)]).results[0].weekOverWeekViews).toBeNull();
	});

	it('weekly data uses a ±2 day tolerance', () => {
		const runner = new Runner();
		for (let w = 0; w < 4; w++) runner.run([ok('cats', T0 + w * 7 * DAY + (w % 2) * 30 * HOUR, 1_000_000 + w * 100_000)]);
		const r = runner.run([ok('cats', T0 + 4 * 7 * DAY, 1_500_000)]).results[0];
		expect(r.weekOverWeekViews).toBe(200_000);
	});

	it('anomaly: a spike after a stable, noisy history is flagged; the baseline excludes the current point', () => {
		const runner = new Runner();
		let views = 10_000_000;
		const rates = [1000, 1100, 950, 1050, 1000, 980, 1020, 990, 1010, 1060];
		runner.run([ok('cats', T0, views)]);
		rates.forEach((rate, i) => {
			views += rate;
			const r = runner.run([ok('cats', T0 + (i + 1) * HOUR, views)]).results[0];
			expect(r.isSpike).toBe(false);
			expect(r.insufficientHistory).toBe(i < 6);
		});
		views += 20_000;
		const r = runner.run([ok('cats', T0 + 11 * HOUR, views)]).results[0];
		expect(r.anomaly).toBe('spike');
		expect(r.isSpike).toBe(true);
		expect(r.isAlert).toBe(true);
		expect(r.baselineSize).toBe(10);
		expect(r.anomalyZScore).toBeGreaterThan(3);
		expect(r.anomalyRobustZ).toBeGreaterThan(3.5);
		expect(r.explanation).toMatch(/spike/);
	});

	it('anomaly: a velocity collapse from real data is a drop', () => {
		const runner = new Runner();
		let views = 10_000_000;
		runner.run([ok('cats', T0, views)]);
		const rates = [1000, 1100, 950, 1050, 1000, 980, 1020, 990];
		rates.forEach((rate, i) => {
			views += rate;
			runner.run([ok('cats', T0 + (i + 1) * HOUR, views)]);
		});
		const r = runner.run([ok('cats', T0 + 9 * HOUR, views + 10)]).results[0];
		expect(r.anomaly).toBe('drop');
		expect(r.flags).toContain('drop');
	});

	it('anomaly: a constant baseline gives no verdict instead of dividing by zero', () => {
		const runner = new Runner();
		for (let h = 0; h <= 8; h++) runner.run([ok('cats', T0 + h * HOUR, 1_000_000 + h * 1000)]);
		const r = runner.run([ok('cats', T0 + 9 * HOUR, 1_000_000 + 9 * 1000 + 5000)]).results[0];
		expect(r.anomaly).toBe('flat_baseline');
		expect(r.anomalyZScore).toBeNull();
		expect(r.isSpike).toBe(false);
	});

	it('ranks by the chosen metric with missing hashtags last', () => {
		const out = analyze({
			now: new Date((T0 + HOUR) * 1000),
			historySource: 'input',
			options: { rankBy: 'growthPctPerHour' },
			snapshots: [
				ok('a', T0, 1000),
				ok('a', T0 + HOUR, 1100),
				ok('b', T0, 1_000_000),
				ok('b', T0 + HOUR, 1_050_000),
				ok('c', T0, 500),
				missing('c', T0 + HOUR),
			],
		});
		expect(out.results.map((r) => [r.hashtag, r.rank])).toEqual([
			['a', 1],
			['b', 2],
			['c', 3],
		]);
		const byVelocity = analyze({ now: new Date((T0 + HOUR) * 1000), historySource: 'input', options: { rankBy: 'viewsPerHour' }, snapshots: [ok('a', T0, 1000), ok('a', T0 + HOUR, 1100), ok('b', T0, 1_000_000), ok('b', T0 + HOUR, 1_050_000)] });
		expect(byVelocity.results[0].hashtag).toBe('b');
	});
});
