/**
 * CSV export (RFC 4180: comma separated, CRLF line ends, header row). Numbers are raw (not
 * humanised) so spreadsheets can compute with them; missing values are empty cells, never 0.
 * Text cells are formula-injection safe (see escapeCsvCell).
 */
import { escapeCsvCell, sanitizeText, TEXT_LIMITS } from './escape';
import { hashtagLabel, isNumber, velocitySeries } from './format';
import { flagsOf, rowsOf } from './model';
import { sparkline } from './sparkline';
import type { ReportInput, ReportRow } from './types';

export const CSV_COLUMNS = [
	'rank',
	'hashtag',
	'group',
	'views',
	'viewsDelta',
	'viewsDeltaPct',
	'videos',
	'videosDelta',
	'viewsPerHour',
	'growthPctPerHour',
	'weekOverWeekPct',
	'accelerationPerHour2',
	'flags',
	'explanation',
	'samples',
	'missingSamples',
	'velocitySparkline',
	'generatedAt',
] as const;

function numberOrEmpty(value: unknown): number | null {
	return isNumber(value) ? value : null;
}

function text(value: unknown, max: number = TEXT_LIMITS.csvCell): string {
	return sanitizeText(value, max);
}

function rowValues(row: ReportRow, generatedAt: string): unknown[] {
	const series = Array.isArray(row.series) ? row.series : [];
	const flags = flagsOf(row);
	return [
		numberOrEmpty(row.rank),
		hashtagLabel(row.hashtag).slice(1),
		text(row.group, TEXT_LIMITS.group),
		numberOrEmpty(row.views),
		numberOrEmpty(row.viewsDelta),
		numberOrEmpty(row.viewsDeltaPct),
		numberOrEmpty(row.videos),
		numberOrEmpty(row.videosDelta),
		numberOrEmpty(row.viewsPerHour),
		numberOrEmpty(row.growthPctPerHour),
		numberOrEmpty(row.weekOverWeekPct),
		numberOrEmpty(row.accelerationPerHour2),
		flags.map((f) => text(f, TEXT_LIMITS.flag)).join(';'),
		text(row.explanation),
		series.length,
		series.filter((p) => !isNumber(p?.views)).length,
		sparkline(velocitySeries(series)),
		generatedAt,
	];
}

export interface CsvRenderOptions {
	/**
	 * Start with a UTF-8 byte order mark so Excel reads emoji and the sparkline blocks correctly
	 * (default false: most other tools prefer no BOM).
	 */
	bom?: boolean;
}

export function renderCsv(input: ReportInput, options: CsvRenderOptions = {}): string {
	const generatedAt = text(input?.generatedAt, 64);
	const lines = [CSV_COLUMNS.join(',')];
	for (const row of rowsOf(input)) lines.push(rowValues(row, generatedAt).map(escapeCsvCell).join(','));
	return (options.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}
