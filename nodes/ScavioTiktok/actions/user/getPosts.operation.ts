import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, parseMany, parseVideoOrNull } from '../../../../lib/scavio';
import { paginate } from '../../transport/paginate';
import type { OperationOutput, RunContext } from '../common';
import { limitProperty, pagedOutput, readPageRequest, readSimplify, returnAllProperty, show, simplifyProperty } from '../common';
import { resolveSecUserId, secUserIdProperty } from './shared';

const properties: INodeProperties[] = [
	secUserIdProperty,
	{
		displayName: 'Sort By',
		name: 'sortType',
		type: 'options',
		options: [
			{ name: 'Latest', value: '0' },
			{ name: 'Popular', value: '1' },
		],
		default: '0',
	},
	returnAllProperty,
	limitProperty,
	simplifyProperty,
];

export const description = updateDisplayOptions(show('user', 'getPosts'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const { secUserId, creditsUsed } = await resolveSecUserId(this, itemIndex, run);
	const sortType = String(this.getNodeParameter('sortType', itemIndex, '0'));
	const page = await paginate(
		run.session,
		ENDPOINTS.userPosts,
		'videos',
		{ sec_user_id: secUserId, sort_type: sortType },
		readPageRequest(this, itemIndex),
		itemIndex,
	);
	const records = readSimplify(this, itemIndex) ? parseMany(page.records, parseVideoOrNull) : page.records;
	return pagedOutput(this, records as unknown as IDataObject[], page, creditsUsed);
}
