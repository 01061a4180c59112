import type { INodeProperties } from 'n8n-workflow';

import * as getFollowers from './getFollowers.operation';
import * as getFollowings from './getFollowings.operation';
import * as getPosts from './getPosts.operation';
import * as getProfile from './getProfile.operation';

export { getProfile, getPosts, getFollowers, getFollowings };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Get Followers', value: 'getFollowers', description: "Get a user's followers", action: 'Get followers of a user' },
			{ name: 'Get Followings', value: 'getFollowings', description: 'Get the accounts a user follows', action: 'Get followings of a user' },
			{ name: 'Get Posts', value: 'getPosts', description: "Get a user's videos", action: 'Get posts of a user' },
			{ name: 'Get Profile', value: 'getProfile', description: "Get a user's profile and stats", action: 'Get a user profile' },
		],
		default: 'getProfile',
	},
	...getProfile.description,
	...getPosts.description,
	...getFollowers.description,
	...getFollowings.description,
];
