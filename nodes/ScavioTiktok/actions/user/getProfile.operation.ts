import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, isRecord, parseUser } from '../../../../lib/scavio';
import type { OperationOutput, RunContext } from '../common';
import { output, readSimplify, requiredText, show, simplifyProperty } from '../common';
import { readSecUserId } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Lookup By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'Username', value: 'username' },
			{ name: 'Sec User ID', value: 'secUid' },
		],
		default: 'username',
	},
	{
		displayName: 'Username',
		name: 'username',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. scout2015',
		description: 'The TikTok handle, with or without "@"',
		displayOptions: { show: { lookupBy: ['username'] } },
	},
	{
		displayName: 'Sec User ID',
		name: 'secUserId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. MS4wLjABAAAA…',
		description: "The user's sec_uid",
		displayOptions: { show: { lookupBy: ['secUid'] } },
	},
	simplifyProperty,
];

export const description = updateDisplayOptions(show('user', 'getProfile'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const lookupBy = this.getNodeParameter('lookupBy', itemIndex, 'username') as string;
	let body: IDataObject;
	let asked: string;
	if (lookupBy === 'secUid') {
		const secUserId = readSecUserId(this, itemIndex);
		body = { sec_user_id: secUserId };
		asked = `sec_uid ${secUserId}`;
	} else {
		const username = requiredText(this, 'username', 'Username', 'scout2015', itemIndex).replace(/^@+/, '');
		body = { username };
		asked = `@${username}`;
	}
	const result = await run.session.call(ENDPOINTS.profile, body, itemIndex);
	const data = isRecord(result.data) ? result.data : {};
	if (!isRecord(data.user)) {
		throw new NodeOperationError(this.getNode(), `No TikTok user found for ${asked}`, {
			itemIndex,
			description: 'Check the spelling of the username (without spaces) or the Sec User ID.',
		});
	}
	if (!readSimplify(this, itemIndex)) return output([data as IDataObject], result);
	return output([{ ...parseUser(data) }], result);
}
