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
		// The canvas shows each operation's action text ("Get videos of a hashtag"), not parameter values;
		// test/node/scavio-subtitle.test.ts keeps this map equal to the operations' `action` texts.
		subtitle:
			'={{ {"account:getUsage":"Get account usage","hashtag:get":"Get a hashtag","hashtag:getVideos":"Get videos of a hashtag","search:users":"Search users","search:videos":"Search videos","user:getFollowers":"Get followers of a user","user:getFollowings":"Get followings of a user","user:getPosts":"Get posts of a user","user:getProfile":"Get a user profile","video:get":"Get a video","video:getCommentReplies":"Get replies to a comment","video:getComments":"Get comments of a video"}[$parameter["resource"] + ":" + $parameter["operation"]] }}',
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
