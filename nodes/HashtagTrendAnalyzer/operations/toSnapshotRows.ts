import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { snapshotFromRecord, toSnapshotRow, UnnamedFailedFetch } from '../../../lib/trends';
import { errorMessage, readMapping, skippedFetchesWarning, stopIfFetchStopped } from './common';

/** toSnapshotRows: one flat row per item; failed fetches become `status: "missing"` rows. */
export async function executeToSnapshotRows(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	stopIfFetchStopped.call(this, items);
	const nowSeconds = Math.round(Date.now() / 1000);
	const mapping = readMapping.call(this);
	const out: INodeExecutionData[] = [];
	const skipped: Array<{ index: number; error: string }> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const group = String(this.getNodeParameter('group', i, '') ?? '').trim();
			const row = toSnapshotRow(snapshotFromRecord(items[i].json, nowSeconds, mapping, group || null));
			out.push({ json: row as unknown as IDataObject, pairedItem: { item: i } });
		} catch (error) {
			if (error instanceof UnnamedFailedFetch) {
				// No hashtag to store the missing sample under: skip it, say so, keep the other rows.
				skipped.push({ index: i, error: error.fetchError });
				continue;
			}
			if (this.continueOnFail()) {
				out.push({ json: { error: errorMessage(error) }, pairedItem: { item: i } });
				continue;
			}
			throw new NodeOperationError(this.getNode(), errorMessage(error), { itemIndex: i });
		}
	}
	const warning = skippedFetchesWarning(skipped);
	if (warning) this.addExecutionHints({ message: warning, location: 'outputPane' });
	return [out];
}
