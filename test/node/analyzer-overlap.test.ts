import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../harness';
import { claimRun, CLAIM_TTL_MS } from '../../nodes/HashtagTrendAnalyzer/operations/runGuard';

const TYPE = 'n8n-nodes-scavio-tiktok.hashtagTrendAnalyzer';
const HOUR_MS = 3600 * 1000;
const BASE = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 5 * HOUR_MS;
const tag = (name: string, hours: number, views: number) => ({
	id: `id-${name}`,
	name,
	views,
	videos: 100,
	fetchedAt: new Date(BASE + hours * HOUR_MS).toISOString(),
});
const clone = (x: IDataObject): IDataObject => JSON.parse(JSON.stringify(x));
const seqOf = (staticData: IDataObject) => ((staticData.global as IDataObject).hashtagTrendAnalyzer as IDataObject).seq;

/** One production (trigger) execution of the analyzer with built-in history, as n8n runs it. */
function run(items: IDataObject[], staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') {
	return runNode({ type: TYPE, parameters: { operation: 'analyze' }, items, staticData, mode, workflowId: 'wf-overlap' });
}

describe('Hashtag Trend Analyzer: overlapping executions with built-in history', () => {
	it('two executions that loaded the same history: the second fails loudly, stores nothing, and names the fix', async () => {
		const first = await run([tag('cats', 0, 1_000_000)], {});
		expect(first.status).toBe('success');
		const loaded = first.staticData;
		const a = await run([tag('cats', 1, 1_010_000)], clone(loaded));
		expect(a.status).toBe('success');
		const bState = clone(loaded);
		const b = await run([tag('cats', 1.05, 1_011_000)], bState);
		expect(b.status).toBe('error');
		expect(b.error?.message).toMatch(/Another execution of this workflow \(id .+\) stored newer trend history \(run 2.*\) than this execution loaded \(run 1\); this run's samples were NOT stored/);
		expect((b.error as { description?: string }).description).toMatch(/History Source = Input Rows/);
		expect((b.error as { description?: string }).description).toMatch(/Data Table/);
		// Nothing older overwrote newer: B left its static data as loaded.
		expect(bState).toEqual(loaded);
		// The run after A (loading A's saved history) goes on normally.
		const next = await run([tag('cats', 2, 1_020_000)], clone(a.staticData));
		expect(next.status).toBe('success');
		expect(seqOf(next.staticData)).toBe(3);
	});

	it('history that went back (n8n started the run without the saved static data, as queue-mode workers do) is not overwritten', async () => {
		const first = await run([tag('dogs', 0, 5_000_000)], {});
		const second = await run([tag('dogs', 1, 5_100_000)], clone(first.staticData));
		expect(second.status).toBe('success');
		const empty: IDataObject = {};
		const third = await run([tag('dogs', 2, 5_200_000)], empty);
		expect(third.status).toBe('error');
		expect(third.error?.message).toMatch(/loaded \(run 0\)/);
		expect((empty.global as IDataObject | undefined)?.hashtagTrendAnalyzer).toBeUndefined();
	});

	it('sequential runs, manual runs and separate history keys never conflict', async () => {
		let state: IDataObject = {};
		for (let h = 0; h < 4; h++) {
			const r = await run([tag('owls', h, 1_000 + h * 10)], state);
			expect(r.status).toBe('success');
			state = r.staticData;
		}
		expect(seqOf(state)).toBe(4);
		// A manual run (never saved by n8n) of an old state claims nothing and does not fail.
		const manual = await run([tag('owls', 4, 1_050)], {}, 'manual');
		expect(manual.status).toBe('success');
		const other = await runNode({
			type: TYPE,
			parameters: { operation: 'analyze', analyzeOptions: { stateKey: 'other' } },
			items: [tag('owls', 4, 1_050)],
			staticData: {},
			workflowId: 'wf-overlap',
		});
		expect(other.status).toBe('success');
	});

	it('a claim older than the time-to-live no longer blocks (an execution cancelled after its analyzer never saves)', () => {
		const now = 1_800_000_000_000;
		expect(claimRun('wf:key', 0, 'exec-1', now)).toBeNull();
		expect(claimRun('wf:key', 0, 'exec-2', now + 60_000)).toMatchObject({ seq: 1, executionId: 'exec-1' });
		expect(claimRun('wf:key', 0, 'exec-3', now + CLAIM_TTL_MS + 1)).toBeNull();
		expect(claimRun('wf:key', 1, 'exec-4', now + CLAIM_TTL_MS + 2)).toBeNull();
	});
});
