/**
 * Harness-only node types. They stand in for the few n8n-nodes-base nodes tests need
 * (`manualTrigger`, `noOp`) and feed items into a workflow (`test.items`).
 * They follow the same conventions as real nodes (paired items).
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

/** Node types registered by the harness under their full type names. */
export const harnessNodeTypes: Record<string, () => INodeType> = {
	'n8n-nodes-base.manualTrigger': () => new ManualTrigger(),
	'n8n-nodes-base.noOp': () => new NoOp(),
	'test.items': () => new Items(),
};
