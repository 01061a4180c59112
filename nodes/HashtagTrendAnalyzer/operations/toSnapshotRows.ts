import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { snapshotFromRecord, toSnapshotRow } from '../../../lib/trends';
import { errorMessage, readMapping } from './common';

/** toSnapshotRows: one flat row per item; failed fetches become `status: "missing"` rows. */
export async function executeToSnapshotRows(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const nowSeconds = Math.round(Date.now() / 1000);
	const mapping = readMapping.call(this);
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const group = String(this.getNodeParameter('group', i, '') ?? '').trim();
			const row = toSnapshotRow(snapshotFromRecord(items[i].json, nowSeconds, mapping, group || null));
			out.push({ json: row as unknown as IDataObject, pairedItem: { item: i } });
		} catch (error) {
			if (this.continueOnFail()) {
				out.push({ json: { error: errorMessage(error) }, pairedItem: { item: i } });
				continue;
			}
			throw new NodeOperationError(this.getNode(), errorMessage(error), { itemIndex: i });
		}
	}
	return [out, []];
}
