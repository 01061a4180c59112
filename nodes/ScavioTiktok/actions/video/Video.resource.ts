import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getCommentReplies from './getCommentReplies.operation';
import * as getComments from './getComments.operation';

export { get, getComments, getCommentReplies };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a video with its stats', action: 'Get a video' },
			{ name: 'Get Comment Replies', value: 'getCommentReplies', description: 'Get the replies to a comment', action: 'Get replies to a comment' },
			{ name: 'Get Comments', value: 'getComments', description: 'Get the comments of a video', action: 'Get comments of a video' },
		],
		default: 'get',
	},
	...get.description,
	...getComments.description,
	...getCommentReplies.description,
];
