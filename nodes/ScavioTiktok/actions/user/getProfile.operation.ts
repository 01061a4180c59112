import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, isRecord, parseUser } from '../../../../lib/scavio';
import type { OperationOutput, RunContext } from '../common';
import { output, readSimplify, requiredText, show, simplifyProperty } from '../common';
import { readUserRef } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Lookup By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'Username', value: 'username' },
			{ name: 'Sec UID (From an Earlier Result)', value: 'secUid' },
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
		displayName: 'Sec UID',
		name: 'secUserId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. MS4wLjABAAAA…',
		description: "The user's Sec UID (the secUid field of an earlier result); a username is accepted too",
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
		const ref = readUserRef(this, 'secUserId', 'Sec UID', itemIndex);
		body = ref.kind === 'secUid' ? { sec_user_id: ref.value } : { username: ref.value };
		asked = ref.kind === 'secUid' ? `sec_uid ${ref.value}` : `@${ref.value}`;
	} else {
		const username = requiredText(this, 'username', 'Username', 'scout2015', itemIndex).replace(/^@+/, '');
		body = { username };
		asked = `@${username}`;
	}
	const result = await run.session.call(ENDPOINTS.profile, body, itemIndex);
	const data = isRecord(result.data) ? result.data : {};
	// App format: `data.user`; web format: `data.userInfo.user`.
	if (!isRecord(data.user) && !(isRecord(data.userInfo) && isRecord(data.userInfo.user))) {
		throw new NodeOperationError(this.getNode(), `No TikTok user found for ${asked}`, {
			itemIndex,
			description: 'Check the spelling of the username (without spaces) or the Sec User ID.',
		});
	}
	if (!readSimplify(this, itemIndex)) return output([data as IDataObject], result);
	return output([{ ...parseUser(data) }], result);
}
