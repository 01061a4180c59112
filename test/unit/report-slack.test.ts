import { clipSlackText, plainTextSafe, renderSlack, slackLink, SLACK_LIMITS, type ReportInput } from '../../lib/report';
import { GENERATED_AT, row, series } from './report-fixtures';

type Block = Record<string, unknown> & { type: string };

/** Asserts every Slack limit the renderer promises to respect. */
function expectWithinSlackLimits(message: { text: string; blocks: Array<Record<string, unknown>> }) {
	expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
	expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
	for (const block of message.blocks as Block[]) {
		if (block.type === 'header') {
			const text = block.text as { type: string; text: string };
			expect(text.type).toBe('plain_text');
			expect(text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
		} else if (block.type === 'section') {
			const text = block.text as { text: string } | undefined;
			if (text) expect(text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
			const fields = (block.fields as Array<{ text: string }> | undefined) ?? [];
			expect(fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldsPerSection);
			for (const f of fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
		} else if (block.type === 'context') {
			const elements = block.elements as Array<{ text: string }>;
			expect(elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
			for (const e of elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
		} else {
			expect(block.type).toBe('divider');
		}
	}
	expect(JSON.parse(JSON.stringify(message))).toEqual(message);
}

function allText(message: { text: string; blocks: Array<Record<string, unknown>> }): string {
	return JSON.stringify(message.blocks.map((b) => JSON.stringify(b))) + message.text;
}

function bigInput(n: number, text: (i: number) => string): ReportInput {
	return {
		title: text(-1).repeat(3),
		generatedAt: GENERATED_AT,
		rankMetricLabel: 'views per hour',
		rows: Array.from({ length: n }, (_, i) =>
			row({
				rank: i + 1,
				hashtag: `tag${i}${text(i)}`,
				group: text(i),
				flags: i % 3 === 0 ? ['breakout', text(i)] : ['spike'],
				explanation: text(i),
				series: series([1, 2, null, 4, 8, 16, 32, null, 64]),
				topVideos: Array.from({ length: 8 }, (_, k) => ({
					url: `https://www.tiktok.com/@u/video/${i}${k}?a=1&b=2`,
					description: text(k),
					author: text(k),
					views: 1000 * k,
					ageHours: k,
					viewsPerHour: 10 * k,
				})),
			}),
		),
		emerging: Array.from({ length: 200 }, (_, i) => ({ hashtag: `new${i}${text(i)}`, count: i, engagementRate: 0.01 })),
		notes: Array.from({ length: 50 }, (_, i) => `note ${i} ${text(i)}`),
	};
}

describe('Slack Block Kit limits', () => {
	it('fits 200 rows with long text into one message and says how many were left out', () => {
		const message = renderSlack(bigInput(200, () => 'x'.repeat(5000)));
		expectWithinSlackLimits(message);
		const texts = message.blocks.map((b) => JSON.stringify(b)).join('\n');
		const shownRows = (texts.match(/\*\d+\. #tag\d+/g) ?? []).length;
		expect(shownRows).toBeGreaterThan(0);
		const more = texts.match(/… and (\d+) more hashtags \(see the HTML or CSV report\)/);
		expect(more).not.toBeNull();
		expect(shownRows + Number(more![1])).toBe(200);
		expect(texts).toMatch(/… and \d+ more hashtags with top videos/);
		expect(texts).toMatch(/\*Emerging hashtags\*[\s\S]*… and \d+ more/);
		expect(message.blocks[message.blocks.length - 1].type).toBe('context');
	});

	it('stays within limits when every character needs an entity (escaping expands text)', () => {
		const message = renderSlack(bigInput(200, () => '&<>'.repeat(2000)));
		expectWithinSlackLimits(message);
		// Clipping never leaves half an entity behind.
		expect(allText(message)).not.toMatch(/&(?!amp;|lt;|gt;)/);
	});

	it('respects maxRows and lists every row when they fit', () => {
		const input = bigInput(12, (i) => `t${i}`);
		const all = renderSlack(input);
		expectWithinSlackLimits(all);
		expect((JSON.stringify(all.blocks).match(/\*\d+\. #tag\d+/g) ?? []).length).toBe(12);
		expect(JSON.stringify(all.blocks)).not.toContain('more hashtags (see');
		const few = renderSlack(input, { maxRows: 3 });
		expect((JSON.stringify(few.blocks).match(/\*\d+\. #tag\d+/g) ?? []).length).toBe(3);
		expect(JSON.stringify(few.blocks)).toContain('… and 9 more hashtags (see the HTML or CSV report)');
	});

	it('renders an empty report', () => {
		const message = renderSlack({ title: '', generatedAt: GENERATED_AT, rankMetricLabel: '', rows: [] });
		expectWithinSlackLimits(message);
		expect(JSON.stringify(message.blocks)).toContain('No hashtags to report.');
	});
});

describe('Slack links and clipping', () => {
	it('links only http(s) URLs and escapes the label', () => {
		expect(slackLink('<!channel> & co', 'https://x.test/a?b=1&c=2')).toBe('<https://x.test/a?b=1&amp;c=2|&lt;!channel&gt; &amp; co>');
		expect(slackLink('x', 'javascript:alert(1)')).toBe('x');
		expect(slackLink('x', 'https://evil|<!here>')).toBe('x');
		expect(slackLink('x', 42)).toBe('x');
	});

	it('keeps plain_text free of &, <, > by using look-alikes, within the length limit', () => {
		expect(plainTextSafe('Trends <!channel> & more', 150)).toBe('Trends ‹!channel› ＆ more');
		expect(plainTextSafe('x'.repeat(500), 150)).toHaveLength(150);
		const header = renderSlack({ title: '<!here> & <@U1>', generatedAt: GENERATED_AT, rankMetricLabel: 'r', rows: [] }).blocks[0];
		expect(header).toEqual({ type: 'header', text: { type: 'plain_text', text: '‹!here› ＆ ‹@U1›', emoji: true } });
	});

	it('never cuts inside an entity, a link or a surrogate pair', () => {
		expect(clipSlackText('ab&amp;cd', 5)).toBe('ab…');
		expect(clipSlackText('ab <https://x.test|label> cd', 12)).toBe('ab …');
		expect(clipSlackText('a😀b', 3)).toBe('a…');
		expect(clipSlackText('short', 10)).toBe('short');
	});
});
