import type { INodeProperties } from 'n8n-workflow';

import * as users from './users.operation';
import * as videos from './videos.operation';

export { videos, users };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['search'] } },
		options: [
			{ name: 'Users', value: 'users', description: 'Search TikTok users by keyword', action: 'Search users' },
			{ name: 'Videos', value: 'videos', description: 'Search TikTok videos by keyword', action: 'Search videos' },
		],
		default: 'videos',
	},
	...videos.description,
	...users.description,
];
