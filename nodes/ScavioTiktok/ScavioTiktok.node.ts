import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import { optionsProperty } from './actions/common';
import * as hashtag from './actions/hashtag/Hashtag.resource';
import { router } from './actions/router';
import * as search from './actions/search/Search.resource';
import * as user from './actions/user/User.resource';
import * as video from './actions/video/Video.resource';

export class ScavioTiktok implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scavio TikTok',
		name: 'scavioTiktok',
		icon: { light: 'file:scavioTiktok.svg', dark: 'file:scavioTiktok.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read TikTok hashtags, videos, comments, users and searches through the Scavio API',
		defaults: { name: 'Scavio TikTok' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'scavioTiktokApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Hashtag', value: 'hashtag' },
					{ name: 'Search', value: 'search' },
					{ name: 'User', value: 'user' },
					{ name: 'Video', value: 'video' },
				],
				default: 'hashtag',
			},
			...hashtag.description,
			...video.description,
			...user.description,
			...search.description,
			...account.description,
			optionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
