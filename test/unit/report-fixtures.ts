/** Report inputs shared by the report-* tests, plus a small RFC 4180 parser. */
import type { ReportInput, ReportRow, ReportSeriesPoint } from '../../lib/report';

const HOUR = 3_600_000;
export const GENERATED_AT = '2026-11-22T06:00:00.000Z';

/** Samples every `stepHours`, ending at GENERATED_AT; `missing` indexes are failed fetches. */
export function series(values: Array<number | null>, stepHours = 6): ReportSeriesPoint[] {
	const end = Date.parse(GENERATED_AT);
	return values.map((views, i) => ({
		t: new Date(end - (values.length - 1 - i) * stepHours * HOUR).toISOString(),
		views,
	}));
}

export function row(overrides: Partial<ReportRow> & { rank: number; hashtag: string }): ReportRow {
	return {
		views: 1_000_000,
		viewsDelta: 10_000,
		viewsDeltaPct: 1,
		videos: 5_000,
		videosDelta: 12,
		viewsPerHour: 1_666,
		growthPctPerHour: 0.17,
		weekOverWeekPct: 4.2,
		accelerationPerHour2: 3,
		flags: [],
		explanation: 'steady growth',
		series: series([950_000, 960_000, 975_000, 990_000, 1_000_000]),
		...overrides,
	};
}

/** A realistic report: a breakout with top videos, a drop, a missing fetch, a new hashtag. */
export function realisticInput(): ReportInput {
	return {
		title: 'TikTok hashtag trends — daily',
		generatedAt: GENERATED_AT,
		timezone: 'Europe/Berlin',
		rankMetricLabel: 'views per hour',
		rows: [
			row({
				rank: 1,
				hashtag: 'skincareroutine',
				group: 'brand',
				views: 1_234_567_890,
				viewsDelta: 91_800_000,
				viewsDeltaPct: 8.03,
				videos: 2_345_678,
				viewsPerHour: 15_300_000,
				growthPctPerHour: 15.26,
				weekOverWeekPct: 42.5,
				flags: ['breakout', 'spike'],
				explanation: 'Velocity 3.4σ above its 7-day mean',
				series: series([1_000_000_000, 1_020_000_000, 1_050_000_000, 1_142_767_890, 1_234_567_890]),
				topVideos: [
					{
						url: 'https://www.tiktok.com/@glowlab/video/7311111111111111111',
						description: 'My 3-step routine ✨ #skincareroutine',
						author: 'glowlab',
						views: 2_400_000,
						ageHours: 5,
						viewsPerHour: 480_000,
					},
					{
						url: 'https://www.tiktok.com/@dermdoc/video/7322222222222222222',
						description: 'Dermatologist reacts',
						author: '@dermdoc',
						views: 880_000,
						ageHours: 30,
						viewsPerHour: 29_333,
					},
				],
			}),
			row({ rank: 2, hashtag: '#coffeetok', group: 'competitors' }),
			row({
				rank: 3,
				hashtag: 'oldtrend',
				views: 5_000_000,
				viewsDelta: -2_000,
				viewsDeltaPct: -0.04,
				viewsPerHour: -333,
				growthPctPerHour: -0.0067,
				weekOverWeekPct: -12,
				flags: ['drop', 'suspicious'],
				explanation: 'Views went down between samples',
				series: series([5_002_000, 5_002_000, 5_002_000, 5_002_000, 5_000_000]),
			}),
			row({
				rank: 4,
				hashtag: 'unreachable',
				views: null,
				viewsDelta: null,
				viewsDeltaPct: null,
				videos: null,
				videosDelta: null,
				viewsPerHour: null,
				growthPctPerHour: null,
				weekOverWeekPct: null,
				accelerationPerHour2: null,
				flags: ['missing'],
				explanation: 'The latest fetch failed (HTTP 503)',
				series: series([400_000, null, 410_000, null, null]),
			}),
			row({
				rank: 5,
				hashtag: 'brandnew',
				views: 12_345,
				viewsDelta: null,
				viewsDeltaPct: null,
				viewsPerHour: null,
				growthPctPerHour: null,
				weekOverWeekPct: null,
				flags: ['new', 'insufficient_history'],
				explanation: 'First sample',
				series: series([12_345]),
			}),
		],
		emerging: [
			{ hashtag: 'glassskin', count: 4, engagementRate: 0.083 },
			{ hashtag: 'morningshed', count: 2 },
		],
		notes: ['1 hashtag could not be fetched; it is shown as missing.'],
	};
}

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF or LF records). */
export function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let field = '';
	let record: string[] = [];
	let i = 0;
	let quoted = false;
	let fieldStarted = false;
	while (i < text.length) {
		const c = text[i];
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				continue;
			}
			field += c;
			i++;
			continue;
		}
		if (c === '"') {
			if (fieldStarted) throw new Error(`quote inside an unquoted field at ${i}`);
			quoted = true;
			fieldStarted = true;
			i++;
		} else if (c === ',') {
			record.push(field);
			field = '';
			fieldStarted = false;
			i++;
		} else if (c === '\r' || c === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			fieldStarted = false;
			i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
		} else {
			if (fieldStarted && field === '' && text[i - 1] === '"') throw new Error(`text after a closing quote at ${i}`);
			field += c;
			fieldStarted = true;
			i++;
		}
	}
	if (quoted) throw new Error('unterminated quoted field');
	if (fieldStarted || record.length > 0) {
		record.push(field);
		records.push(record);
	}
	return records;
}
