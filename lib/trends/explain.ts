/** The one-sentence explanation of a hashtag's metrics, in the words a marketer reads in a report. */
import type { TrendOptions, TrendResult } from './types';

type Explained = Omit<TrendResult, 'rank' | 'rankBy'>;

export function formatCount(x: number | null): string {
	if (x === null) return 'unknown';
	const abs = Math.abs(x);
	const units: Array<[number, string]> = [
		[1e12, 'T'],
		[1e9, 'B'],
		[1e6, 'M'],
		[1e3, 'K'],
	];
	for (const [size, unit] of units) {
		if (abs >= size) return `${(x / size).toFixed(abs / size >= 100 ? 0 : 1)}${unit}`;
	}
	return String(Math.round(x * 10) / 10);
}

function formatPct(x: number): string {
	const digits = Math.abs(x) >= 10 ? 1 : 2;
	return `${x >= 0 ? '+' : ''}${x.toFixed(digits)} %`;
}

/** "2026-11-30 09:00 UTC" from an ISO time (minutes are enough to tell two runs apart). */
function shortTime(isoTime: string | null): string {
	return isoTime === null ? 'unknown' : `${isoTime.slice(0, 10)} ${isoTime.slice(11, 16)} UTC`;
}

function minutes(hours: number | null): string {
	return hours === null ? '?' : `${Math.round(hours * 60)} min`;
}

function rateText(r: Explained, options: TrendOptions): string | null {
	if (r.isSuspicious) {
		const what = r.viewsDelta !== null && r.viewsDelta < 0 ? `${formatCount(r.viewsDelta)} views` : `${formatCount(r.videosDelta)} videos`;
		return `counts went down (${what} since the previous sample), which a lifetime total cannot do — treated as a data artefact: no velocity from it and no alert`;
	}
	if (r.shortInterval && r.viewsPerHour === null) {
		return `the previous sample is only ${minutes(r.hoursSincePrevious)} old (minimum interval ${options.minIntervalMinutes} min): too close for a per-hour rate, so no breakout or anomaly verdict this run`;
	}
	if (r.viewsPerHour === null) return null;
	const pct = r.growthPctPerHour !== null ? ` (${formatPct(r.growthPctPerHour)}/h)` : '';
	const span = r.shortInterval
		? `since ${shortTime(r.rateFromFetchedAt)} (the previous sample is only ${minutes(r.hoursSincePrevious)} old, under the ${options.minIntervalMinutes} min minimum interval)`
		: `over ${r.hoursSincePrevious} h`;
	return `${formatCount(r.viewsPerHour)} views/h${pct} ${span}`;
}

function anomalyText(r: Explained, options: TrendOptions): string | null {
	if (r.isSpike || r.isDrop) {
		const score = r.anomalyZScore !== null ? `${r.anomalyZScore.toFixed(1)}σ` : `robust z ${r.anomalyRobustZ?.toFixed(1)}`;
		const direction = r.isSpike ? 'above' : 'below';
		if (r.anomalyBaseline === 'sameHourOfDay') {
			return `${r.isSpike ? 'spike' : 'drop'}: ${score} ${direction} the usual rate for this hour of day (about ${formatCount(r.baselineMedian)} views/h)`;
		}
		return `${r.isSpike ? 'spike' : 'drop'}: this period's rate is ${score} ${direction} the mean of the previous ${r.baselineSize} periods (${formatCount(r.baselineMean)} views/h)`;
	}
	if (r.anomaly === 'insufficient_history') {
		return `insufficient history for anomaly detection (${r.baselineSize} of ${options.minHistory} earlier rates)`;
	}
	if (r.anomaly === 'flat_baseline') return 'no anomaly verdict: the earlier rates are all identical';
	if (r.anomaly === 'not_applicable' && !r.isSuspicious && r.viewsDelta !== null && r.viewsDelta < 0) {
		return 'the count dipped within rounding (no growth visible): no spike/drop verdict this run';
	}
	if (r.anomaly === 'normal' && r.anomalyBaseline === 'sameHourOfDay') return 'normal for this hour of day';
	if (r.anomaly === 'normal' && r.anomalyBaseline === 'rolling' && options.seasonalBaseline) {
		return 'compared with the previous periods (the hour-of-day pattern needs 3 days of history)';
	}
	return null;
}

function weekText(r: Explained): string | null {
	if (r.weekOverWeekViewsPct === null && r.weekOverWeekViews === null) return null;
	const change = r.weekOverWeekViewsPct !== null ? formatPct(r.weekOverWeekViewsPct) : `${formatCount(r.weekOverWeekViews)} views`;
	return `week over week ${change} (${shortTime(r.fetchedAt)} vs ${shortTime(r.weekAgoFetchedAt)})`;
}

export function explain(r: Explained, options: TrendOptions): string {
	const tag = `#${r.hashtag}`;
	if (r.status === 'missing') {
		const known =
			r.previousViews !== null ? ` Last known: ${formatCount(r.previousViews)} views at ${r.previousFetchedAt}.` : ' No earlier data.';
		return `${tag}: this run's fetch failed (${r.error}); stored as a missing sample, not as a drop.${known}`;
	}
	if (r.isNew && r.isBreakout) return `${tag}: breakout (${r.breakoutReason}); growth %/h is measured from the next run.`;
	if (r.isNew) {
		const videos = r.videos !== null ? ` and ${formatCount(r.videos)} videos` : '';
		return `${tag}: first sighting with ${formatCount(r.views)} views${videos}; growth is measured from the next run.`;
	}
	const parts: Array<string | null> = [rateText(r, options)];
	if (r.isBreakout) parts.push(`breakout: ${r.breakoutReason}`);
	parts.push(anomalyText(r, options));
	// Week over week before acceleration: reports cut long explanations at the end.
	parts.push(weekText(r));
	if (r.acceleration !== null && r.acceleration !== 0) {
		parts.push(`${r.acceleration > 0 ? 'accelerating' : 'slowing'} by ${formatCount(Math.abs(r.acceleration))} views/h²`);
	}
	return `${tag}: ${parts.filter((p) => p !== null).join('; ')}.`;
}
