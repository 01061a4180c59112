/**
 * Max Credits holds per execution (also when a loop runs the node several times), Return All has a
 * default cap, pages already paid for are kept, and credits_used counts billed retries.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { registerNodeType, runWorkflow, scavioCredentials, type HarnessWorkflow } from '../harness';
import { createMockScavio, type Mock, type MockOptions } from '../mock-scavio/server';
import { jsonOf, KEY, run, TYPE, tiktokRequests } from './scavio-helpers';

const mocks: Mock[] = [];

async function newMock(options: MockOptions = {}): Promise<Mock> {
	const mock = await createMockScavio({ apiKey: KEY, seed: 9, concurrency: 0, ...options });
	mocks.push(mock);
	return mock;
}

afterAll(async () => {
	await Promise.all(mocks.map((m) => m.close()));
});

/** Sends its input back to output 0 ("again") until it has run `passes` times, then to output 1 ("done"). */
class LoopBack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Loop Back',
		name: 'loopBack',
		group: ['transform'],
		version: 1,
		description: 'Test loop',
		defaults: { name: 'Loop Back' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		properties: [{ displayName: 'Passes', name: 'passes', type: 'number', default: 2 }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const state = this.getContext('node');
		state.pass = ((state.pass as number | undefined) ?? 0) + 1;
		const items = this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }));
		return (state.pass as number) < (this.getNodeParameter('passes', 0) as number) ? [items, []] : [[], items];
	}
}

registerNodeType('test.loopBack', () => new LoopBack());

const FETCH = 'Get Hashtag';

const loopGet = (maxCredits: number) => ({ resource: 'hashtag', operation: 'get', hashtagName: '={{ "loop" + $runIndex }}', options: { maxCredits } });

function loopWorkflow(passes: number, parameters: object): HarnessWorkflow {
	return {
		nodes: [
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
			{
				name: FETCH,
				type: TYPE,
				parameters,
				credentials: { scavioTiktokApi: { id: '1', name: 'Scavio' } },
				onError: 'continueRegularOutput',
			},
			{ name: 'Loop Back', type: 'test.loopBack', parameters: { passes } },
		],
		connections: {
			Start: { main: [[{ node: FETCH, type: 'main', index: 0 }]] },
			[FETCH]: { main: [[{ node: 'Loop Back', type: 'main', index: 0 }]] },
			'Loop Back': { main: [[{ node: FETCH, type: 'main', index: 0 }], []] },
		},
	};
}

describe('Max Credits', () => {
	it('applies per execution: a loop that runs the node 5 times spends at most 3 credits, and the next execution starts afresh', async () => {
		const mock = await newMock();
		// two executions in a row: the second gets its own 3 credits
		for (let execution = 0; execution < 2; execution++) {
			mock.resetLog();
			const result = await runWorkflow({ workflow: loopWorkflow(5, loopGet(3)), credentials: scavioCredentials(mock.url, KEY) });
			expect(result.status).toBe('success');
			const runs = result.runData[FETCH].map((r) => (r.data?.main?.[0] ?? []).map((i) => i.json));
			expect(runs).toHaveLength(5);
			expect(runs.slice(0, 3).map((items) => items[0].name)).toEqual(['loop0', 'loop1', 'loop2']);
			for (const items of runs.slice(3)) {
				expect(items[0].error).toMatch(/^Credit budget reached: this node has used 3 of the 3 credits allowed by 'Max Credits' for this execution/);
			}
			expect(tiktokRequests(mock)).toHaveLength(3);
		}
	});

	it('with Max Credits at 0, Return All stops at 100 credits per execution and keeps the 100 pages as truncated', async () => {
		const mock = await newMock();
		mock.setHashtag('endless', { id: '31337', views: 1, videos: 1, videoListSize: 3100 });
		const result = await run(mock, { resource: 'hashtag', operation: 'getVideos', lookupBy: 'id', hashtagId: '31337', returnAll: true, options: { includeCreditInfo: true } });
		expect(result.status).toBe('success');
		expect(tiktokRequests(mock)).toHaveLength(100);
		const out = jsonOf(result);
		expect(out).toHaveLength(3000);
		expect(out.every((v) => v.truncatedByCreditBudget === true && v.credits_used === 100)).toBe(true);
	}, 60_000);

	it('with Max Credits at 0, a limit (not Return All) is not capped; a finished Return All is not marked', async () => {
		const mock = await newMock();
		mock.setHashtag('small', { id: '31338', views: 1, videos: 1, videoListSize: 40 });
		const all = jsonOf(await run(mock, { resource: 'hashtag', operation: 'getVideos', lookupBy: 'id', hashtagId: '31338', returnAll: true }));
		expect(all).toHaveLength(40);
		expect(all.some((v) => 'truncatedByCreditBudget' in v)).toBe(false);
		mock.resetLog();
		const items = Array.from({ length: 120 }, (_v, i) => ({ tag: `many${i}` }));
		const result = await run(mock, { resource: 'hashtag', operation: 'get', hashtagName: '={{$json.tag}}' }, { items });
		expect(result.status).toBe('success');
		expect(tiktokRequests(mock)).toHaveLength(120);
	}, 60_000);
});

describe('a username looked up for a Sec UID', () => {
	it('is looked up once per execution, also when a loop runs the node again', async () => {
		const mock = await newMock({ listSize: 10 });
		const parameters = { resource: 'user', operation: 'getFollowers', secUserId: '@looper', limit: 2 };
		const result = await runWorkflow({ workflow: loopWorkflow(3, parameters), credentials: scavioCredentials(mock.url, KEY) });
		expect(result.status).toBe('success');
		expect(result.runData[FETCH]).toHaveLength(3);
		expect(tiktokRequests(mock, 'profile')).toHaveLength(1);
		// every input item fetches the followers (the loop feeds 1, then 2, then 4 items back): 7 pages
		expect(tiktokRequests(mock, 'user/followers')).toHaveLength(7);
	});
});

describe('credits_used', () => {
	it('counts a billed attempt that was retried (a cut-off 200) in the item that made it', async () => {
		const mock = await newMock();
		mock.failNext({ path: 'hashtag', status: 'malformedJson' });
		const result = await run(mock, { resource: 'hashtag', operation: 'get', hashtagName: 'retried', options: { includeCreditInfo: true } });
		expect(jsonOf(result)[0]).toMatchObject({ name: 'retried', credits_used: 2 });
		expect(mock.state().billedCalls).toBe(2);
	});
});
