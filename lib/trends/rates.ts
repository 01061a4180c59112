/**
 * Per-hour rates of one metric (views or videos) over a short, irregular, cumulative series.
 *
 * Data traps handled here (see /work/shared/reference/trend-methods.md §10): a failed fetch is never
 * a value (it is not among the samples); a decrease within rounding tolerance counts as "no growth";
 * a larger decrease is `suspicious` — no rate is computed from it and the next good value is
 * differenced against the last trusted one over the full gap; a lower level that persists for
 * `rebaseAfter` snapshots starts a new segment; two samples closer than the minimum interval never
 * make a rate on their own (minutes apart, rounding and clock jitter dominate the per-hour figure).
 */
import type { Sample } from './types';

const HOUR = 3600;

export type StepKind = 'first' | 'ok' | 'flat' | 'suspicious' | 'rebased' | 'short' | 'unknown';

export interface Step {
	kind: StepKind;
	/** Per-hour rate, for 'ok' and 'flat' steps. */
	rate: number | null;
	/** Start of the interval the rate covers (Unix seconds) and the trusted value there. */
	baseT: number;
	baseValue: number;
	/** End of the interval: this sample's time. */
	t: number;
	/** The previous trusted sample was closer than the minimum interval (rate from an older one, or none). */
	short: boolean;
}

/** Smallest change the rounding of `x` can explain: 10^(trailing zeros), when there are at least 3. */
export function roundingStep(x: number): number {
	if (x <= 0) return 0;
	let step = 1;
	while (step < 1e12 && x % (step * 10) === 0) step *= 10;
	return step >= 1000 ? step : 0;
}

export function decreaseTolerance(previous: number, current: number, tolerancePct: number): number {
	const step = Math.max(roundingStep(previous), roundingStep(current));
	return Math.max((previous * tolerancePct) / 100, Math.min(step, previous * 0.01));
}

interface Trusted {
	t: number;
	value: number;
}

/**
 * Walks samples[from..to] and classifies each step of one metric; one step per sample. A sample
 * closer than `minIntervalSeconds` to the last trusted one is measured from the trusted sample
 * before that (when that one is far enough back) and then takes the last one's place; otherwise it
 * is a 'short' step without a rate and the trusted sample stays. Exported for tests.
 */
export function walkRates(
	samples: readonly Sample[],
	from: number,
	to: number,
	pick: (s: Sample) => number | null,
	tolerancePct: number,
	rebaseAfter: number,
	minIntervalSeconds = 0,
): Step[] {
	const steps: Step[] = [];
	let base: Trusted | null = null;
	let older: Trusted | null = null;
	let pending = 0;
	for (let i = from; i <= to; i++) {
		const s = samples[i];
		const value = pick(s);
		const step = (kind: StepKind, rate: number | null, at: Trusted | null, short = false) =>
			steps.push({ kind, rate, baseT: at ? at.t : -1, baseValue: at ? at.value : 0, t: s.t, short });
		if (value === null) {
			step('unknown', null, base);
			continue;
		}
		if (base === null) {
			base = { t: s.t, value };
			step('first', null, base);
			continue;
		}
		let at: Trusted = base;
		const short = s.t - base.t < minIntervalSeconds;
		if (short) {
			if (older === null || s.t - older.t < minIntervalSeconds) {
				step('short', null, base, true);
				continue;
			}
			at = older;
		}
		const hours = (s.t - at.t) / HOUR;
		// A trusted sample replaces the last trusted one when that one was too close.
		let level: number | null = null;
		if (value >= at.value) {
			step('ok', (value - at.value) / hours, at, short);
			level = value;
		} else if (at.value - value <= decreaseTolerance(at.value, value, tolerancePct)) {
			// Rounding noise: no growth in this interval; keep the trusted level, move the clock.
			step('flat', 0, at, short);
			level = at.value;
		} else if (++pending >= rebaseAfter) {
			step('rebased', null, at, short);
			base = { t: s.t, value };
			older = null;
			pending = 0;
		} else {
			step('suspicious', null, at, short);
		}
		if (level !== null) {
			if (!short) older = base;
			base = { t: s.t, value: level };
			pending = 0;
		}
	}
	return steps;
}
