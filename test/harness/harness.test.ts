import * as http from 'http';
import type { AddressInfo } from 'net';

import type { IExecuteFunctions, INodeExecutionData, IWorkflowExecuteAdditionalData, NodeApiError } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { HarnessCredentialsHelper, loadWorkflowFile, registerNodeType, runNode, runWorkflow, scavioCredentials } from './index';
import type { HarnessLogLine } from './index';

interface Received {
	method?: string;
	url?: string;
	authorization?: string;
}

let server: http.Server;
let baseUrl: string;
const received: Received[] = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		received.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
		if (req.url === '/status/500') {
			res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: 'boom' }));
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ ok: true, path: req.url }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	received.length = 0;
});

const chain = (middle: { type: string; parameters?: object; onError?: string }) => ({
	nodes: [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
		{ name: 'Input', type: 'test.items', parameters: { items: '[{"path":"/a"},{"path":"/b"}]' } },
		{ name: 'Under Test', parameters: {}, ...middle },
		{ name: 'After', type: 'n8n-nodes-base.noOp', parameters: {} },
	],
	connections: {
		Start: { main: [[{ node: 'Input', type: 'main', index: 0 }]] },
		Input: { main: [[{ node: 'Under Test', type: 'main', index: 0 }]] },
		'Under Test': { main: [[{ node: 'After', type: 'main', index: 0 }]] },
	},
});

describe('test harness', () => {
	it('sends the credential authenticate header through the real n8n HTTP stack', async () => {
		const result = await runWorkflow({
			workflow: chain({ type: 'test.httpProbe' }),
			credentials: scavioCredentials(baseUrl, 'sk_test_key_123'),
		});
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(received).toEqual([
			{ method: 'GET', url: '/a', authorization: 'Bearer sk_test_key_123' },
			{ method: 'GET', url: '/b', authorization: 'Bearer sk_test_key_123' },
		]);
		expect(result.output('Under Test').map((i) => i.json)).toEqual([
			{ ok: true, path: '/a' },
			{ ok: true, path: '/b' },
		]);
		expect(result.output('After').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('reports missing credentials the way n8n does, and names the missing type', async () => {
		const missing = await runNode({ type: 'test.httpProbe', parameters: {} });
		expect(missing.status).toBe('error');
		expect(missing.error?.message).toBe('Node does not have any credentials set');
		// A workflow file that references a credential the test did not supply.
		const referenced = await runWorkflow({
			workflow: {
				nodes: [
					{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
					{ name: 'Probe', type: 'test.httpProbe', credentials: { scavioTiktokApi: { id: '7', name: 'Scavio' } } },
				],
				connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
			},
		});
		expect(referenced.status).toBe('error');
		expect(referenced.error?.message).toMatch(/No credentials of type "scavioTiktokApi"/);
		expect(received).toHaveLength(0);
	});

	it('applies credential property defaults like n8n (baseUrl)', async () => {
		const helper = new HarnessCredentialsHelper({ scavioTiktokApi: { apiKey: 'abc' } });
		const data = await helper.getDecrypted(
			{} as IWorkflowExecuteAdditionalData,
			{ id: '1', name: 'x' },
			'scavioTiktokApi',
			'trigger',
		);
		expect(data).toEqual({ apiKey: 'abc', baseUrl: 'https://api.scavio.dev' });
	});

	it('turns an HTTP error into an error status with the node error message', async () => {
		const result = await runNode({
			type: 'test.httpProbe',
			parameters: { path: '/status/500' },
			credentials: scavioCredentials(baseUrl, 'k'),
		});
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect((result.error as NodeApiError).httpCode).toBe('500');
		expect(received[0].authorization).toBe('Bearer k');
	});

	it('persists static data across consecutive executions', async () => {
		const workflow = {
			nodes: [
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
				{ name: 'Counter', type: 'test.staticCounter', parameters: {} },
			],
			connections: { Start: { main: [[{ node: 'Counter', type: 'main', index: 0 }]] } },
		};
		const first = await runWorkflow({ workflow, staticData: {} });
		expect(first.output('Counter')[0].json).toEqual({ global: 1, node: 1 });
		const second = await runWorkflow({ workflow, staticData: first.staticData });
		expect(second.output('Counter')[0].json).toEqual({ global: 2, node: 2 });
		expect(JSON.parse(JSON.stringify(second.staticData))).toEqual({
			global: { count: 2 },
			'node:Counter': { count: 2 },
		});
		// A fresh run without the persisted state starts over.
		const fresh = await runWorkflow({ workflow });
		expect(fresh.output('Counter')[0].json).toEqual({ global: 1, node: 1 });
	});

	it('onError continueRegularOutput turns a thrown NodeOperationError into an error item', async () => {
		const items = [{ n: 1 }, { fail: true, message: 'Hashtag not found' }, { n: 3 }];
		const result = await runNode({ type: 'test.fail', parameters: {}, items, onError: 'continueRegularOutput' });
		expect(result.status).toBe('success');
		expect(result.outputs).toHaveLength(1);
		const out: INodeExecutionData[] = result.outputs[0];
		expect(out.map((i) => i.json)).toEqual([{ n: 1 }, { error: 'Hashtag not found' }, { n: 3 }]);
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('onError continueErrorOutput routes error items to the error output', async () => {
		const items = [{ n: 1 }, { fail: true, message: 'Bad item' }];
		const result = await runNode({ type: 'test.fail', parameters: {}, items, onError: 'continueErrorOutput' });
		expect(result.status).toBe('success');
		expect(result.outputs).toHaveLength(2);
		expect(result.outputs[0].map((i) => i.json)).toEqual([{ n: 1 }]);
		expect(result.outputs[1]).toHaveLength(1);
		expect(result.outputs[1][0].json.error).toBe('Bad item');
	});

	it('a failing node makes the execution fail with its message', async () => {
		const result = await runWorkflow({
			workflow: {
				...chain({ type: 'test.fail' }),
				nodes: chain({ type: 'test.fail' }).nodes.map((n) =>
					n.name === 'Input'
						? { ...n, parameters: { items: '[{"fail":true,"message":"Rate limit exceeded"}]' } }
						: n,
				),
			},
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Rate limit exceeded');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.output('After')).toEqual([]);
	});

	it('rejects unknown node types with a clear error', async () => {
		await expect(
			runWorkflow({
				workflow: {
					nodes: [{ name: 'X', type: 'n8n-nodes-base.scheduleTrigger', parameters: {} }],
					connections: {},
				},
			}),
		).rejects.toThrow(/cannot load node type "n8n-nodes-base.scheduleTrigger"/);
	});

	it('runs in manual mode through the real Manual Trigger path', async () => {
		const result = await runWorkflow({
			workflow: chain({ type: 'n8n-nodes-base.noOp' }),
			mode: 'manual',
		});
		expect(result.status).toBe('success');
		expect(result.output('Start')).toEqual([{ json: {}, pairedItem: { item: 0 } }]);
		expect(result.output('After').map((i) => i.json)).toEqual([{ path: '/a' }, { path: '/b' }]);
	});

	it('supports registered node types and n8n binary data helpers', async () => {
		registerNodeType('test.binaryWriter', {
			description: {
				displayName: 'Binary Writer',
				name: 'binaryWriter',
				group: ['transform'],
				version: 1,
				description: 'Writes a binary property',
				defaults: { name: 'Binary Writer' },
				inputs: [NodeConnectionTypes.Main],
				outputs: [NodeConnectionTypes.Main],
				properties: [],
			},
			async execute(this: IExecuteFunctions) {
				const binary = await this.helpers.prepareBinaryData(Buffer.from('<p>hi</p>'), 'report.html', 'text/html');
				return [[{ json: {}, binary: { reportHtml: binary }, pairedItem: { item: 0 } }]];
			},
		});
		const result = await runNode({ type: 'test.binaryWriter', parameters: {} });
		expect(result.status).toBe('success');
		const binary = result.outputs[0][0].binary?.reportHtml;
		expect(binary?.fileName).toBe('report.html');
		expect(binary?.mimeType).toBe('text/html');
		expect(Buffer.from(binary?.data ?? '', 'base64').toString()).toBe('<p>hi</p>');
	});

	it('captures n8n log lines (node logger and n8n-core) only when asked', async () => {
		registerNodeType('test.logger', {
			description: {
				displayName: 'Logger',
				name: 'logger',
				group: ['transform'],
				version: 1,
				description: 'Logs a line',
				defaults: { name: 'Logger' },
				inputs: [NodeConnectionTypes.Main],
				outputs: [NodeConnectionTypes.Main],
				properties: [],
			},
			async execute(this: IExecuteFunctions) {
				this.logger.info('hello from the node', { items: this.getInputData().length });
				return [this.getInputData()];
			},
		});
		const logs: HarnessLogLine[] = [];
		const captured = await runWorkflow({ workflow: chain({ type: 'test.logger' }), logs });
		expect(captured.status).toBe('success');
		expect(logs).toContainEqual({ level: 'info', message: 'hello from the node', metadata: '{ items: 2 }' });
		expect(logs).toContainEqual({ level: 'debug', message: 'Workflow execution started', metadata: "{ workflowId: 'harness-workflow' }" });
		const failed = await runNode({ type: 'test.fail', parameters: {}, items: [{ fail: true, message: 'Bad item' }], logs });
		expect(failed.status).toBe('error');
		expect(logs.some((l) => l.message === 'Workflow execution finished with error' && l.metadata.includes('Bad item'))).toBe(true);
		// Without `logs` nothing is captured: the logger is back to its configured (silent) self.
		const count = logs.length;
		await runWorkflow({ workflow: chain({ type: 'test.logger' }) });
		expect(logs).toHaveLength(count);
	});

	it('loads workflow files as JSON', () => {
		const wf = loadWorkflowFile(require.resolve('../../package.json'));
		expect(wf).toHaveProperty('name', 'n8n-nodes-scavio-tiktok');
	});
});
