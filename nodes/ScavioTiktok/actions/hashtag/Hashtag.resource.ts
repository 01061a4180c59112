import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getVideos from './getVideos.operation';

export { get, getVideos };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['hashtag'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: "Get a hashtag's view and video counts",
				action: 'Get a hashtag',
			},
			{
				name: 'Get Videos',
				value: 'getVideos',
				description: "Get videos from a hashtag's feed",
				action: 'Get videos of a hashtag',
			},
		],
		default: 'get',
	},
	...get.description,
	...getVideos.description,
];
