/** Unicode block sparklines ("▁▂▃▅▇█·▆"), safe in every format (no markup characters). */
import { isNumber } from './format';

export const SPARK_BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** Shown for a missing sample: visibly "no data", never the lowest block (which would read as 0). */
export const SPARK_GAP = '·';

export interface SparklineOptions {
	/** Keep only the last N values (default 24). */
	maxLength?: number;
	/** Character for missing values (default '·'). */
	gap?: string;
}

/**
 * One block per value, scaled between the minimum and maximum of the known values. Missing values
 * (null, NaN, ±Infinity) become the gap character. All-equal values render as a flat middle line.
 */
export function sparkline(values: ReadonlyArray<number | null | undefined>, options: SparklineOptions = {}): string {
	const maxLength = options.maxLength ?? 24;
	const gap = options.gap ?? SPARK_GAP;
	const recent = maxLength > 0 ? values.slice(-maxLength) : [];
	const known = recent.filter(isNumber);
	if (known.length === 0) return recent.map(() => gap).join('');
	let min = Infinity;
	let max = -Infinity;
	for (const v of known) {
		if (v < min) min = v;
		if (v > max) max = v;
	}
	// Halved so that extreme doubles (±1e308) cannot overflow the span to Infinity.
	const span = max / 2 - min / 2;
	const top = SPARK_BLOCKS.length - 1;
	return recent
		.map((v) => {
			if (!isNumber(v)) return gap;
			if (span === 0) return SPARK_BLOCKS[3];
			return SPARK_BLOCKS[Math.min(top, Math.max(0, Math.round(((v / 2 - min / 2) / span) * top)))];
		})
		.join('');
}
