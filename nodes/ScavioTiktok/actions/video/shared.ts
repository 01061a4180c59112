import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requiredTikTokId } from '../common';

export const videoIdProperty: INodeProperties = {
	displayName: 'Video ID',
	name: 'videoId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 7140000000000000001',
	description: 'The numeric ID of the TikTok video, or its full URL',
};

/** Accepts the id or a TikTok video URL (…/video/<id>). */
export function readVideoId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requiredTikTokId(ctx, 'videoId', 'Video ID', '7140000000000000001', itemIndex, /\/video\/(\d+)/);
}
