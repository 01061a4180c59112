import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IDataObject, INode, INodeOutputConfiguration, INodeParameters, INodeTypes } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import { HashtagTrendAnalyzer } from '../../nodes/HashtagTrendAnalyzer/HashtagTrendAnalyzer.node';
import { runNode } from '../harness';

const TYPE = 'n8n-nodes-scavio-tiktok.hashtagTrendAnalyzer';
const HOUR_MS = 3600 * 1000;
// Times relative to the real clock: the built-in store compacts relative to "now".
const BASE = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 40 * HOUR_MS;
const at = (hours: number) => new Date(BASE + hours * HOUR_MS).toISOString();
const tag = (name: string, hours: number, views: number, videos: number | null = 100) => ({
	id: `id-${name}`,
	name,
	views,
	videos,
	fetchedAt: at(hours),
	countSource: 'challengeInfo.statsV2',
});

async function run(parameters: INodeParameters, items: IDataObject[], staticData: IDataObject = {}) {
	const result = await runNode({ type: TYPE, parameters, items, staticData });
	if (result.status !== 'success') throw result.error;
	return result.outputs;
}

async function analyzeRun(items: IDataObject[], staticData: IDataObject, parameters: INodeParameters = {}) {
	const outputs = await run({ operation: 'analyze', ...parameters }, items, staticData);
	return { hashtags: outputs[0] ?? [], alerts: outputs[1] ?? [] };
}

function outputsFor(operation: string): string[] {
	const analyzer = new HashtagTrendAnalyzer();
	const node: INode = { id: '1', name: 'Analyzer', type: TYPE, typeVersion: 1, position: [0, 0], parameters: { operation } };
	const nodeTypes: INodeTypes = {
		getByName: () => analyzer,
		getByNameAndVersion: () => analyzer,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return NodeHelpers.getNodeOutputs(workflow, node, analyzer.description).map((o) => (o as INodeOutputConfiguration).displayName as string);
}

describe('Hashtag Trend Analyzer node: outputs and documentation', () => {
	it('shows the outputs of the chosen operation: no always-empty Alerts output on To Snapshot Rows', async () => {
		expect(outputsFor('analyze')).toEqual(['Hashtags', 'Alerts']);
		expect(outputsFor('report')).toEqual(['Report', 'Report (Only With Alerts)']);
		expect(outputsFor('toSnapshotRows')).toEqual(['Rows']);
		const rows = await run({ operation: 'toSnapshotRows' }, [tag('cats', 0, 1000)]);
		expect(rows).toHaveLength(1);
		expect(rows[0][0].json).toMatchObject({ hashtag: 'cats', views: 1000, status: 'ok' });
	});

	it('the documentation link points to the README section that exists', () => {
		const codex = JSON.parse(fs.readFileSync(path.join(__dirname, '../../nodes/HashtagTrendAnalyzer/HashtagTrendAnalyzer.node.json'), 'utf8'));
		const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
		const url: string = codex.resources.primaryDocumentation[0].url;
		expect(url).toBe(`${pkg.homepage}#hashtag-trend-analyzer`);
		expect(fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8')).toMatch(/^#{2,3} Hashtag Trend Analyzer$/m);
	});

	it('every option and report parameter has a description', () => {
		const missing: string[] = [];
		const visit = (props: Array<{ name: string; type: string; description?: string; options?: unknown[] }>) => {
			for (const p of props) {
				if (p.type === 'collection') visit(p.options as typeof props);
				else if (!p.description && !['operation', 'historySource', 'rankBy', 'inputMapping'].includes(p.name)) missing.push(p.name);
			}
		};
		visit(new HashtagTrendAnalyzer().description.properties as never);
		expect(missing).toEqual([]);
	});
});

describe('Hashtag Trend Analyzer node: alerts a user can trust', () => {
	it('two runs minutes apart never fire a breakout; the output says why; the option changes the minimum', async () => {
		const staticData: IDataObject = {};
		await analyzeRun([tag('cats', 0, 1_000_000)], staticData);
		const close = await analyzeRun([tag('cats', 0.05, 1_500_000)], staticData);
		expect(close.alerts).toHaveLength(0);
		const r = close.hashtags[0].json;
		expect(r.shortInterval).toBe(true);
		expect(r.viewsPerHour).toBeNull();
		expect(String(r.explanation)).toMatch(/only 3 min old \(minimum interval 10 min\)/);
		const loose: IDataObject = {};
		await analyzeRun([tag('cats', 0, 1_000_000)], loose, { analyzeOptions: { minIntervalMinutes: 2 } });
		const fired = await analyzeRun([tag('cats', 0.05, 1_500_000)], loose, { analyzeOptions: { minIntervalMinutes: 2 } });
		expect(fired.alerts.map((a) => a.json.hashtag)).toEqual(['cats']);
	});

	it('a suspicious result (video count fell) is not on the Alerts output, whatever the views did', async () => {
		const staticData: IDataObject = {};
		for (let h = 0; h < 8; h++) await analyzeRun([tag('cats', h, 1_000_000 + h * 1000, 500)], staticData);
		const out = await analyzeRun([tag('cats', 8, 1_900_000, 200)], staticData);
		expect(out.hashtags[0].json.isSuspicious).toBe(true);
		expect(out.hashtags[0].json.isBreakout).toBe(false);
		expect(out.alerts).toHaveLength(0);
	});

	it('a hashtag rising from 0 goes to the Alerts output as a "new" breakout', async () => {
		const staticData: IDataObject = {};
		await analyzeRun([tag('fresh', 0, 0, 0)], staticData);
		const out = await analyzeRun([tag('fresh', 1, 25_000, 4)], staticData);
		expect(out.alerts).toHaveLength(1);
		expect(out.alerts[0].json).toMatchObject({ hashtag: 'fresh', isBreakout: true, breakoutReason: 'new: rose from 0 to 25,000 views', growthPctPerHour: null });
		expect(out.alerts[0].pairedItem).toEqual([{ item: 0 }]);
	});

	it('weekly report from table rows: Monday is compared with last Monday, a Wednesday run gets no week-over-week value, and the report names both times', async () => {
		// Mondays 09:00 UTC, three weeks back, plus a manual run last Wednesday.
		const now = new Date();
		const daysSinceMonday = (now.getUTCDay() + 6) % 7;
		const monday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysSinceMonday - 7, 9) / 1000;
		const row = (t: number, views: number) => ({ hashtag: 'cats', views, videos: 100, fetchedAt: new Date(t * 1000).toISOString(), status: 'ok' });
		const history = [row(monday - 14 * 86400 + 20, 1_000_000), row(monday - 7 * 86400 + 31, 1_100_000), row(monday + 45, 1_200_000)];
		const wednesday = await analyzeRun([...history, row(monday + 2 * 86400 + 5 * 3600, 1_250_000)], {}, { historySource: 'input' });
		expect(wednesday.hashtags[0].json.weekOverWeekViews).toBeNull();
		const nextMonday = await analyzeRun([...history, row(monday + 2 * 86400 + 5 * 3600, 1_250_000), row(monday + 7 * 86400 + 12, 1_320_000)], {}, { historySource: 'input' });
		const r = nextMonday.hashtags[0].json;
		expect(r.weekAgoFetchedAt).toBe(new Date((monday + 45) * 1000).toISOString());
		expect(r.weekOverWeekViews).toBe(120_000);
		const report = await run({ operation: 'report', title: 'Weekly' }, [r]);
		// Markdown escapes punctuation with backslashes; the sentence is the explanation's.
		const text = String(report[0][0].json.markdown).replace(/\\/g, '');
		expect(text).toContain(`week over week +10.0 % (${String(r.fetchedAt).slice(0, 10)} 09:00 UTC vs ${String(r.weekAgoFetchedAt).slice(0, 10)} 09:00 UTC)`);
	});

	it('spikes are judged against the same hour of day once the daily pattern is known (anomalyBaseline), or against the previous runs when switched off', async () => {
		const rows: IDataObject[] = [];
		let views = 40_000_000;
		for (let h = 0; h <= 6 * 24; h++) {
			views += Math.round(10_000 * (1 + 1.5 * Math.exp(-((((h % 24) - 20) / 1.5) ** 2))) * (1 + ((h * 7919) % 11) / 100));
			rows.push({ hashtag: 'cats', views, videos: 100, fetchedAt: at(h - 6 * 24 + 30), status: 'ok' });
		}
		const seasonal = (await analyzeRun(rows, {}, { historySource: 'input' })).hashtags[0].json;
		expect(seasonal.anomalyBaseline).toBe('sameHourOfDay');
		expect(seasonal.anomaly).toBe('normal');
		const rolling = (await analyzeRun(rows, {}, { historySource: 'input', analyzeOptions: { seasonalBaseline: false } })).hashtags[0].json;
		expect(rolling.anomalyBaseline).toBe('rolling');
	});
});
