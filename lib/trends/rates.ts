/**
 * Per-hour rates of one metric (views or videos) over a short, irregular, cumulative series. A
 * failed fetch is not a sample; a decrease within rounding is "no growth"; a larger one is
 * `suspicious` (no rate; the next good value is measured from the last trusted one over the whole
 * gap) until it persists `rebaseAfter` times (a new segment); two samples closer than the minimum
 * interval never make a rate on their own (rounding and clock jitter would dominate it).
 */
const HOUR = 3600;

export type StepKind = 'first' | 'ok' | 'flat' | 'suspicious' | 'rebased' | 'short' | 'unknown';

/**
 * One step: the per-hour `rate` ('ok' and 'flat' steps) over [baseT, t] from the trusted value
 * `baseValue` at baseT; `short` when the previous trusted sample was under the minimum interval.
 */
export interface Step {
	kind: StepKind;
	rate: number | null;
	baseT: number;
	baseValue: number;
	t: number;
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

/**
 * The steps of one walk as columns, one entry per sample, in arrays reused from walk to walk: a
 * 10,000-hashtag run walks about two million steps, and an object per step doubled its garbage
 * collection. `rate` is NaN where a step has no rate.
 */
export class Steps {
	length = 0;
	kind: StepKind[] = [];
	rate: number[] = [];
	baseT: number[] = [];
	baseValue: number[] = [];
	t: number[] = [];
	short: boolean[] = [];

	push(kind: StepKind, rate: number | null, baseT: number, baseValue: number, t: number, short: boolean): void {
		const k = this.length++;
		this.kind[k] = kind;
		this.rate[k] = rate === null ? NaN : rate;
		this.baseT[k] = baseT;
		this.baseValue[k] = baseValue;
		this.t[k] = t;
		this.short[k] = short;
	}

	/** Step k as an object (for the few steps read as a whole, e.g. the latest). */
	at(k: number): Step {
		const rate = this.rate[k];
		return { kind: this.kind[k], rate: Number.isNaN(rate) ? null : rate, baseT: this.baseT[k], baseValue: this.baseValue[k], t: this.t[k], short: this.short[k] };
	}
}

/**
 * Walks samples from..to of one metric (`t` and `values` are the series' columns) into `steps`
 * (cleared first), one step per sample. A sample closer than `minIntervalSeconds` to the last
 * trusted one is measured from the trusted sample before that (when that one is far enough back)
 * and then takes the last one's place; otherwise it is a 'short' step without a rate.
 */
export function walkRates(
	steps: Steps,
	t: readonly number[],
	values: ReadonlyArray<number | null>,
	from: number,
	to: number,
	tolerancePct: number,
	rebaseAfter: number,
	minIntervalSeconds = 0,
): Steps {
	steps.length = 0;
	// The last trusted sample (time, value; time -1 = none yet) and the one before it.
	let baseT = -1;
	let baseV = 0;
	let olderT = -1;
	let olderV = 0;
	let pending = 0;
	for (let i = from; i <= to; i++) {
		const ti = t[i];
		const value = values[i];
		if (value === null || baseT < 0) {
			if (value !== null) {
				baseT = ti;
				baseV = value;
			}
			steps.push(value === null ? 'unknown' : 'first', null, baseT, baseV, ti, false);
			continue;
		}
		let atT = baseT;
		let atV = baseV;
		const short = ti - baseT < minIntervalSeconds;
		if (short) {
			if (olderT < 0 || ti - olderT < minIntervalSeconds) {
				steps.push('short', null, baseT, baseV, ti, true);
				continue;
			}
			atT = olderT;
			atV = olderV;
		}
		const hours = (ti - atT) / HOUR;
		if (value >= atV) {
			steps.push('ok', (value - atV) / hours, atT, atV, ti, short);
			// Trusted: it replaces the last trusted sample when that one was too close.
			if (!short) {
				olderT = baseT;
				olderV = baseV;
			}
			baseT = ti;
			baseV = value;
			pending = 0;
		} else if (atV - value <= decreaseTolerance(atV, value, tolerancePct)) {
			// Rounding noise or a small dip: no growth visible. The trusted sample stays (level and
			// time), so the next value is differenced over the whole gap instead of reading the
			// growth hidden by the dip as a rebound of twice the usual rate.
			steps.push('flat', 0, atT, atV, ti, short);
			pending = 0;
		} else if (++pending >= rebaseAfter) {
			steps.push('rebased', null, atT, atV, ti, short);
			baseT = ti;
			baseV = value;
			olderT = -1;
			pending = 0;
		} else {
			steps.push('suspicious', null, atT, atV, ti, short);
		}
	}
	return steps;
}
