import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { requiredText } from '../common';

export const MAX_KEYWORD_LENGTH = 500;

export const keywordProperty: INodeProperties = {
	displayName: 'Keyword',
	name: 'keyword',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. summer outfits',
	description: 'What to search for (1–500 characters)',
};

export function readKeyword(ctx: IExecuteFunctions, itemIndex: number): string {
	const keyword = requiredText(ctx, 'keyword', 'Keyword', '"summer outfits"', itemIndex);
	if (keyword.length > MAX_KEYWORD_LENGTH) {
		throw new NodeOperationError(ctx.getNode(), `The Keyword is ${keyword.length} characters long; Scavio accepts at most ${MAX_KEYWORD_LENGTH}`, {
			itemIndex,
			description: 'Shorten the search keyword.',
		});
	}
	return keyword;
}
