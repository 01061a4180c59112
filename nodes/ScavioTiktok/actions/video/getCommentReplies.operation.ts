import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, parseCommentOrNull, parseMany } from '../../../../lib/scavio';
import { paginate } from '../../transport/paginate';
import type { OperationOutput, RunContext } from '../common';
import { limitProperty, pagedOutput, readPageRequest, readSimplify, requiredTikTokId, returnAllProperty, show, simplifyProperty } from '../common';
import { readVideoId, videoIdProperty } from './shared';

const properties: INodeProperties[] = [
	videoIdProperty,
	{
		displayName: 'Comment ID',
		name: 'commentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7140000000000000900',
		description: 'The ID of the parent comment (the ID field of Video → Get Comments)',
	},
	returnAllProperty,
	limitProperty,
	simplifyProperty,
];

export const description = updateDisplayOptions(show('video', 'getCommentReplies'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const videoId = readVideoId(this, itemIndex);
	const commentId = requiredTikTokId(this, 'commentId', 'Comment ID', '7140000000000000900', itemIndex);
	const page = await paginate(
		run.session,
		ENDPOINTS.videoCommentReplies,
		'comments',
		{ video_id: videoId, comment_id: commentId },
		readPageRequest(this, itemIndex),
		itemIndex,
	);
	const records = readSimplify(this, itemIndex) ? parseMany(page.records, parseCommentOrNull) : page.records;
	return pagedOutput(this, records as unknown as IDataObject[], page);
}
