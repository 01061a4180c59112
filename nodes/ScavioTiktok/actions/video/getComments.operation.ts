import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, parseCommentOrNull, parseMany } from '../../../../lib/scavio';
import { paginate } from '../../transport/paginate';
import type { OperationOutput, RunContext } from '../common';
import { limitProperty, pagedOutput, readPageRequest, readSimplify, returnAllProperty, show, simplifyProperty } from '../common';
import { readVideoId, videoIdProperty } from './shared';

const properties: INodeProperties[] = [videoIdProperty, returnAllProperty, limitProperty, simplifyProperty];

export const description = updateDisplayOptions(show('video', 'getComments'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const videoId = readVideoId(this, itemIndex);
	const page = await paginate(run.session, ENDPOINTS.videoComments, 'comments', { video_id: videoId }, readPageRequest(this, itemIndex), itemIndex);
	const records = readSimplify(this, itemIndex) ? parseMany(page.records, parseCommentOrNull) : page.records;
	return pagedOutput(this, records as unknown as IDataObject[], page);
}
