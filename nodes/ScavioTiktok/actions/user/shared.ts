import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requiredText } from '../common';

export const secUserIdProperty: INodeProperties = {
	displayName: 'Sec User ID',
	name: 'secUserId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. MS4wLjABAAAA…',
	description: "The user's sec_uid (the Sec UID field of User → Get Profile); usernames are not accepted here",
};

export function readSecUserId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requiredText(ctx, 'secUserId', 'Sec User ID', 'the Sec UID returned by User → Get Profile', itemIndex);
}
