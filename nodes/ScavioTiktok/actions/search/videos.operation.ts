import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, parseMany, parseVideoOrNull } from '../../../../lib/scavio';
import { paginate } from '../../transport/paginate';
import type { OperationOutput, RunContext } from '../common';
import { limitProperty, pagedOutput, readPageRequest, readSimplify, returnAllProperty, show, simplifyProperty } from '../common';
import { keywordProperty, readKeyword } from './shared';

const properties: INodeProperties[] = [
	keywordProperty,
	{
		displayName: 'Sort By',
		name: 'sortType',
		type: 'options',
		options: [
			{ name: 'Relevance', value: '0' },
			{ name: 'Most Liked', value: '1' },
		],
		default: '0',
	},
	{
		displayName: 'Published',
		name: 'publishTime',
		type: 'options',
		options: [
			{ name: 'Any Time', value: '0' },
			{ name: 'Last 24 Hours', value: '1' },
			{ name: 'Last 7 Days', value: '7' },
			{ name: 'Last 30 Days', value: '30' },
			{ name: 'Last 90 Days', value: '90' },
			{ name: 'Last 180 Days', value: '180' },
		],
		default: '0',
	},
	returnAllProperty,
	limitProperty,
	simplifyProperty,
];

export const description = updateDisplayOptions(show('search', 'videos'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const body: IDataObject = {
		keyword: readKeyword(this, itemIndex),
		// Digit strings, not numbers: the API expects "0"/"1" and "0"/"1"/"7"/… .
		sort_type: String(this.getNodeParameter('sortType', itemIndex, '0')),
		publish_time: String(this.getNodeParameter('publishTime', itemIndex, '0')),
	};
	const page = await paginate(run.session, ENDPOINTS.searchVideos, 'videos', body, readPageRequest(this, itemIndex), itemIndex);
	const records = readSimplify(this, itemIndex) ? parseMany(page.records, parseVideoOrNull) : page.records;
	return pagedOutput(this, records as unknown as IDataObject[], page);
}
