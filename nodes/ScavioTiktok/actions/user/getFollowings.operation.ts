import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, parseMany, parseUser } from '../../../../lib/scavio';
import { paginate } from '../../transport/paginate';
import type { OperationOutput, RunContext } from '../common';
import { limitProperty, pagedOutput, readPageRequest, readSimplify, returnAllProperty, show, simplifyProperty } from '../common';
import { resolveSecUserId, secUserIdProperty } from './shared';

const properties: INodeProperties[] = [secUserIdProperty, returnAllProperty, limitProperty, simplifyProperty];

export const description = updateDisplayOptions(show('user', 'getFollowings'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const { secUserId, creditsUsed } = await resolveSecUserId(this, itemIndex, run);
	const page = await paginate(run.session, ENDPOINTS.userFollowings, 'followings', { sec_user_id: secUserId }, readPageRequest(this, itemIndex), itemIndex);
	const records = readSimplify(this, itemIndex) ? parseMany(page.records, parseUser) : page.records;
	return pagedOutput(this, records as unknown as IDataObject[], page, creditsUsed);
}
