import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, isRecord } from '../../../../lib/scavio';
import type { OperationOutput, RunContext } from '../common';
import { output, show } from '../common';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(show('account', 'getUsage'), properties);

/** The free usage call: plan, credit_balance, purchased_credits, searches_used, period_start, auto_recharge. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const result = await run.session.call(ENDPOINTS.usage, undefined, itemIndex);
	const usage = isRecord(result.data) ? result.data : {};
	const balance = typeof usage.credit_balance === 'number' ? usage.credit_balance : null;
	return output([usage as IDataObject], { creditsUsed: 0, creditsRemaining: balance });
}
