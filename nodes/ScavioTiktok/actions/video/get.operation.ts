import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, isRecord, parseVideoOrNull } from '../../../../lib/scavio';
import type { OperationOutput, RunContext } from '../common';
import { output, readSimplify, show, simplifyProperty } from '../common';
import { readVideoId, videoIdProperty } from './shared';

const properties: INodeProperties[] = [videoIdProperty, simplifyProperty];

export const description = updateDisplayOptions(show('video', 'get'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const videoId = readVideoId(this, itemIndex);
	const result = await run.session.call(ENDPOINTS.video, { video_id: videoId }, itemIndex);
	const data = isRecord(result.data) ? result.data : {};
	if (!readSimplify(this, itemIndex)) return output([data as IDataObject], result);
	// App format: `data.aweme_detail`; web format: `data.itemInfo.itemStruct`.
	const video = parseVideoOrNull(isRecord(data.aweme_detail) ? data.aweme_detail : data);
	if (!video) {
		throw new NodeOperationError(this.getNode(), `Scavio returned no video for ID ${videoId}`, {
			itemIndex,
			description: 'Check that the video exists and is public, or turn off Simplify to see the raw response.',
		});
	}
	return output([{ ...video }], result);
}
