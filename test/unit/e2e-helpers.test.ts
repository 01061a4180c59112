/**
 * The end-to-end runner and the benchmark read `n8n execute --rawOutput` stdout. n8n 2.41 prints
 * log lines before the run JSON and, when its JS task runner registers late, one after it; a CI run
 * failed on exactly that (`Registered runner "JS Task Runner" (…)` after the closing brace).
 */
const { parseRunOutput } = require('../../e2e/lib/n8n') as { parseRunOutput: (s: string) => unknown };

const run = { data: { resultData: { runData: { 'Analyze Trends': [{ note: 'a } inside a string' }] } } }, status: 'success' };
const pretty = JSON.stringify(run, null, 2);

describe('parseRunOutput (n8n execute --rawOutput)', () => {
	it('reads the run JSON between log lines printed before and after it', () => {
		const stdout = [
			'n8n Task Broker ready on 127.0.0.1, port 38503',
			'Legacy aes-256-cbc encryption key not found; falling back to instance key',
			pretty,
			'Registered runner "JS Task Runner" (0-nyQ54OaUyngeqM8beBn) ',
			'',
		].join('\n');
		expect(parseRunOutput(stdout)).toEqual(run);
	});

	it('reads it when it is the last thing printed, and on one line', () => {
		expect(parseRunOutput(`Registered runner "JS Task Runner" (x)\n${pretty}\n`)).toEqual(run);
		expect(parseRunOutput(`log line\n${JSON.stringify(run)}\n`)).toEqual(run);
	});

	it('returns null when there is no run JSON', () => {
		expect(parseRunOutput('Error: workflow not found\n')).toBeNull();
		expect(parseRunOutput('{ not json\n}\n')).toBeNull();
	});
});
