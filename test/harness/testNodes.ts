/**
 * Harness-only node types. They stand in for the few n8n-nodes-base nodes tests need
 * (`manualTrigger`, `noOp`) and add small probes used by the harness's own tests.
 * They follow the same conventions as real nodes (paired items, continueOnFail).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

function describe(
	name: string,
	displayName: string,
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		description: `${displayName} (test harness)`,
		defaults: { name: displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...extra,
	};
}

/** Emits one empty item, like n8n's Manual Trigger. */
export class ManualTrigger implements INodeType {
	description = describe('manualTrigger', 'When clicking ‘Execute workflow’', {
		group: ['trigger'],
		inputs: [],
		maxNodes: 1,
	});

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/** Passes its input through unchanged, like n8n's No Operation node. */
export class NoOp implements INodeType {
	description = describe('noOp', 'No Operation, do nothing');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Outputs the items given as JSON in parameter `items` (an array of objects or `{ json, binary }`). */
export class Items implements INodeType {
	description = describe('items', 'Test Items', {
		properties: [{ displayName: 'Items (JSON)', name: 'items', type: 'json', default: '[]' }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = JSON.parse(raw);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), `Parameter "items" is not valid JSON: ${(error as Error).message}`);
			}
		}
		if (!Array.isArray(parsed)) {
			throw new NodeOperationError(this.getNode(), 'Parameter "items" must be a JSON array of objects');
		}
		return [
			parsed.map((entry: unknown) => {
				const isWrapped =
					typeof entry === 'object' && entry !== null && 'json' in entry && typeof (entry as IDataObject).json === 'object';
				const item: INodeExecutionData = isWrapped
					? { ...(entry as INodeExecutionData) }
					: { json: (entry ?? {}) as IDataObject };
				item.pairedItem = { item: 0 };
				return item;
			}),
		];
	}
}

/**
 * For each item: `httpRequestWithAuthentication('scavioTiktokApi', …)` to `baseUrl + path`
 * (path from the item's `path` field or the `path` parameter); outputs the response body.
 * Uses the standard per-item continueOnFail pattern.
 */
export class HttpProbe implements INodeType {
	description = describe('httpProbe', 'Test HTTP Probe', {
		credentials: [{ name: 'scavioTiktokApi', required: true }],
		properties: [
			{ displayName: 'Path', name: 'path', type: 'string', default: '/api/v1/usage' },
			{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentials = await this.getCredentials('scavioTiktokApi');
		const baseUrl = String(credentials.baseUrl).replace(/\/+$/, '');
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const itemPath = items[i].json.path;
				const requestPath = typeof itemPath === 'string' ? itemPath : (this.getNodeParameter('path', i) as string);
				const method = this.getNodeParameter('method', i) as 'GET' | 'POST';
				const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'scavioTiktokApi', {
					method,
					url: `${baseUrl}${requestPath}`,
					json: true,
				})) as IDataObject;
				out.push({ json: body, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

/** Increments `count` in global and node static data on every execution; outputs both counts. */
export class StaticCounter implements INodeType {
	description = describe('staticCounter', 'Test Static Counter');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const global = this.getWorkflowStaticData('global');
		const node = this.getWorkflowStaticData('node');
		global.count = ((global.count as number | undefined) ?? 0) + 1;
		node.count = ((node.count as number | undefined) ?? 0) + 1;
		return [[{ json: { global: global.count, node: node.count }, pairedItem: { item: 0 } }]];
	}
}

/**
 * Throws a NodeOperationError for each item whose `fail` field is true (message from the item's
 * `message` field); other items pass through. Standard per-item continueOnFail pattern.
 */
export class Fail implements INodeType {
	description = describe('fail', 'Test Fail');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (items[i].json.fail === true) {
					const message = typeof items[i].json.message === 'string' ? (items[i].json.message as string) : 'Item failed';
					throw new NodeOperationError(this.getNode(), message, { itemIndex: i });
				}
				out.push({ json: items[i].json, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

/** Node types registered by the harness under their full type names. */
export const harnessNodeTypes: Record<string, () => INodeType> = {
	'n8n-nodes-base.manualTrigger': () => new ManualTrigger(),
	'n8n-nodes-base.noOp': () => new NoOp(),
	'test.items': () => new Items(),
	'test.httpProbe': () => new HttpProbe(),
	'test.staticCounter': () => new StaticCounter(),
	'test.fail': () => new Fail(),
};
