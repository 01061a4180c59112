/**
 * Overlap guard of the built-in history (issue #14): runs that would overwrite each other's
 * static data are caught through a Data Table shared by all executions (see runClaim.ts).
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { runNode } from '../harness';
import { CLAIM_GRACE_MS, claimRun, FALLBACK_WINDOW_MS, KEPT_CLAIMS, RUNS_TABLE } from '../../nodes/HashtagTrendAnalyzer/operations/runClaim';
import type { RunClaim } from '../../nodes/HashtagTrendAnalyzer/operations/runClaim';
import { FakeDataTables } from './fake-data-tables';

const TYPE = 'n8n-nodes-scavio-tiktok.hashtagTrendAnalyzer';
const HOUR_MS = 3600 * 1000;
const BASE = Math.floor(Date.now() / 1000) * 1000 - 10 * HOUR_MS;
const at = (hours: number) => new Date(BASE + hours * HOUR_MS).toISOString();
const tag = (name: string, hours: number, views: number) => ({ id: `id-${name}`, name, views, videos: 100, fetchedAt: at(hours) });
const stored = (staticData: IDataObject) => (staticData.global as IDataObject | undefined)?.hashtagTrendAnalyzer as IDataObject | undefined;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

async function run(hours: number, staticData: IDataObject, tables?: FakeDataTables, mode?: 'trigger' | 'manual') {
	return await runNode({
		type: TYPE,
		parameters: { operation: 'analyze' },
		items: [tag('cats', hours, 1_000_000 + hours * 1000), tag('dogs', hours, 2_000_000 + hours * 500)],
		staticData,
		dataTables: tables?.provider(),
		workflowId: 'wf-1',
		mode,
	});
}

describe('overlap guard (built-in history, n8n Data Tables available)', () => {
	it('the normal sequence passes: each run claims the next run number and saves it', async () => {
		const tables = new FakeDataTables();
		const staticData: IDataObject = {};
		for (let h = 0; h < 3; h++) {
			const out = await run(h, staticData, tables);
			expect(out.status).toBe('success');
			expect(out.outputs[0].every((i) => i.json.warnings === undefined)).toBe(true);
		}
		expect(stored(staticData)?.seq).toBe(3);
		expect(tables.rows(RUNS_TABLE).map((r) => [r.workflowId, r.stateKey, r.seq])).toEqual([
			['wf-1', 'hashtagTrendAnalyzer', 1],
			['wf-1', 'hashtagTrendAnalyzer', 2],
			['wf-1', 'hashtagTrendAnalyzer', 3],
		]);
	});

	it('two executions that loaded the same history: the second one to claim fails, says why, and leaves its static data unchanged', async () => {
		const tables = new FakeDataTables();
		const first: IDataObject = {};
		await run(0, first, tables);
		// Both executions start from the same stored history (seq 1), as n8n loads it at their start.
		const second = clone(first);
		const before = clone(second);
		const a = await run(1, first, tables);
		expect(a.status).toBe('success');
		const b = await run(1, second, tables);
		expect(b.status).toBe('error');
		const winner = tables.rows(RUNS_TABLE).find((r) => r.seq === 2)?.executionId;
		expect(b.error?.message).toBe(
			`Another execution of this workflow (id ${String(winner)}) ran at the same time and stored its trend history first; this run's samples were NOT stored`,
		);
		expect((b.error as { description?: string }).description).toMatch(/History Source to Input Rows.*Data Table \(see docs\/queue-mode\.md\)/);
		expect(b.staticData).toEqual(before);
		expect(stored(first)?.seq).toBe(2);
		// The winner's history goes on as usual.
		expect((await run(2, first, tables)).status).toBe('success');
		expect(stored(first)?.seq).toBe(3);
	});

	it('a claim left by an execution that never saved (e.g. a crashed worker) does not block once it is stale', async () => {
		const tables = new FakeDataTables();
		const staticData: IDataObject = {};
		await run(0, staticData, tables);
		// An execution claims run 2 and never saves (its static data is thrown away).
		expect((await run(1, clone(staticData), tables)).status).toBe('success');
		// While its claim is fresh, the next run cannot tell it from an overlap: it fails.
		const blocked = clone(staticData);
		expect((await run(1, blocked, tables)).status).toBe('error');
		expect(blocked).toEqual(staticData);
		// Beyond the window used when n8n does not tell the execution's start time, it is stale.
		const claims = tables.rows(RUNS_TABLE).filter((r) => r.seq === 2);
		expect(claims).toHaveLength(1); // the failed run removed its own claim
		claims[0].at = new Date(Date.now() - FALLBACK_WINDOW_MS - 60_000);
		const out = await run(1, staticData, tables);
		expect(out.status).toBe('success');
		expect(stored(staticData)?.seq).toBe(2);
	});

	it('manual runs (which n8n does not save) claim nothing', async () => {
		const tables = new FakeDataTables();
		const out = await run(0, {}, tables, 'manual');
		expect(out.status).toBe('success');
		expect(tables.rows(RUNS_TABLE)).toEqual([]);
	});

	it('a failing Data Table does not stop the run: the history is saved and a warning says the guard was skipped', async () => {
		const tables = new FakeDataTables();
		const provider = tables.provider();
		const staticData: IDataObject = {};
		const out = await runNode({
			type: TYPE,
			parameters: { operation: 'analyze' },
			items: [tag('cats', 0, 1000)],
			staticData,
			dataTables: { ...provider, getDataTableAggregateProxy: async () => await Promise.reject(new Error('quota exceeded')) },
		});
		expect(out.status).toBe('success');
		expect((out.outputs[0][0].json.warnings as string[]).join(' ')).toMatch(/overlap guard could not use the Data Table "scavio_trend_runs" \(quota exceeded\)/);
		expect(stored(staticData)?.seq).toBe(1);
	});
});

describe('overlap guard without Data Tables (n8n execute, the harness)', () => {
	it('skips the guard and adds nothing to the outputs', async () => {
		const staticData: IDataObject = {};
		const a = await run(0, staticData);
		const b = await run(1, staticData);
		expect([a.status, b.status]).toEqual(['success', 'success']);
		expect(b.outputs[0].every((i) => i.json.warnings === undefined)).toBe(true);
		expect(stored(staticData)?.seq).toBe(2);
	});
});

describe('claimRun', () => {
	const node = { name: 'Analyzer', type: TYPE, typeVersion: 1, parameters: {}, id: 'n', position: [0, 0] } as INode;
	const context = (tables: FakeDataTables) => {
		const provider = tables.provider();
		const workflow = null as never;
		return {
			helpers: {
				getDataTableAggregateProxy: async () => await provider.getDataTableAggregateProxy(workflow, node),
				getDataTableProxy: async (id: string) => await provider.getDataTableProxy(workflow, node, id),
			},
			getNode: () => node,
		} as unknown as IExecuteFunctions;
	};
	const claim = (seq: number, executionId: string, now: number, startedAt: number | null): RunClaim => ({
		workflowId: 'wf',
		stateKey: 'k',
		seq,
		executionId,
		now: new Date(now),
		startedAt,
	});

	it('with the execution start known: an earlier claim counts unless it was made more than the grace period before this execution started', async () => {
		const tables = new FakeDataTables();
		const ctx = context(tables);
		const start = Date.UTC(2026, 5, 1, 12);
		// e1 claimed run 5 five minutes before e2 started (it may still have been saving): conflict.
		expect(await claimRun.call(ctx, claim(5, 'e1', start - 5 * 60_000, start - 20 * 60_000))).toBe('claimed');
		expect(await claimRun.call(ctx, claim(5, 'e2', start + 50 * 60_000, start))).toEqual({ rival: 'e1' });
		// e3 claimed run 6 long before e4 started; had it saved, e4 would have loaded run 6: stale.
		expect(await claimRun.call(ctx, claim(6, 'e3', start - CLAIM_GRACE_MS - 60_000, null))).toBe('claimed');
		expect(await claimRun.call(ctx, claim(6, 'e4', start + 5 * 60_000, start))).toBe('claimed');
	});

	it('other workflows and state keys never conflict; old claims are pruned', async () => {
		const tables = new FakeDataTables();
		const ctx = context(tables);
		const now = Date.UTC(2026, 5, 1, 12);
		expect(await claimRun.call(ctx, claim(1, 'a', now, null))).toBe('claimed');
		expect(await claimRun.call(ctx, { ...claim(1, 'b', now, null), workflowId: 'other' })).toBe('claimed');
		expect(await claimRun.call(ctx, { ...claim(1, 'c', now, null), stateKey: 'other' })).toBe('claimed');
		for (let seq = 2; seq <= KEPT_CLAIMS + 20; seq++) expect(await claimRun.call(ctx, claim(seq, `x${seq}`, now + seq * HOUR_MS, null))).toBe('claimed');
		const mine = tables.rows(RUNS_TABLE).filter((r) => r.workflowId === 'wf' && r.stateKey === 'k');
		expect(mine.length).toBeLessThanOrEqual(KEPT_CLAIMS + 1);
		expect(Math.max(...mine.map((r) => r.seq as number))).toBe(KEPT_CLAIMS + 20);
	});

	it('a failing clean-up never turns a conflict into a save', async () => {
		const tables = new FakeDataTables();
		const ctx = context(tables);
		const failingDeletes = {
			...ctx,
			helpers: {
				...ctx.helpers,
				getDataTableProxy: async (id: string) => ({
					...(await ctx.helpers.getDataTableProxy!(id)),
					deleteRows: async () => await Promise.reject(new Error('database is locked')),
				}),
			},
		} as unknown as IExecuteFunctions;
		const now = Date.UTC(2026, 5, 1, 12);
		expect(await claimRun.call(failingDeletes, claim(3, 'a', now, null))).toBe('claimed');
		expect(await claimRun.call(failingDeletes, claim(3, 'b', now + 1000, null))).toEqual({ rival: 'a' });
	});

	it('returns "unguarded" when n8n offers no Data Tables', async () => {
		expect(await claimRun.call({ helpers: {}, getNode: () => node } as unknown as IExecuteFunctions, claim(1, 'a', Date.now(), null))).toBe('unguarded');
	});
});
