/** Small descriptive statistics; inputs are plain arrays of finite numbers. */

export function mean(xs: readonly number[]): number {
	let sum = 0;
	for (const x of xs) sum += x;
	return sum / xs.length;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function standardDeviation(xs: readonly number[], m = mean(xs)): number {
	if (xs.length < 2) return 0;
	let sum = 0;
	for (const x of xs) sum += (x - m) * (x - m);
	return Math.sqrt(sum / (xs.length - 1));
}

let scratch = new Float64Array(64);

/** Median of xs[from..to) (NaN for no values); the input is not changed. Sorts a copy in a reused buffer. */
export function median(xs: ArrayLike<number>, from = 0, to = xs.length): number {
	const n = to - from;
	if (scratch.length < n) scratch = new Float64Array(2 * n);
	const a = scratch;
	// Insertion sort: the baselines are a few dozen values at most.
	for (let i = 0; i < n; i++) {
		const x = xs[from + i];
		let j = i - 1;
		while (j >= 0 && a[j] > x) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = x;
	}
	const mid = n >> 1;
	return n % 2 === 1 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
}

/**
 * Modified z-score (Iglewicz & Hoaglin): 0.6745·(x − median)/MAD. When the MAD is 0 (constant or
 * heavily rounded baseline): (x − median)/(1.253314·mean absolute deviation); null when both are 0.
 */
export function robustZScore(x: number, baseline: readonly number[]): { z: number | null; median: number } {
	const med = median(baseline);
	const deviations = baseline.map((b) => Math.abs(b - med));
	const mad = median(deviations);
	if (mad > 0) return { z: (0.6745 * (x - med)) / mad, median: med };
	const meanAd = mean(deviations);
	if (meanAd > 0) return { z: (x - med) / (1.253314 * meanAd), median: med };
	return { z: null, median: med };
}
