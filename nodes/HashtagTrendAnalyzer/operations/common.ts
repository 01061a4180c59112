import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FieldMapping } from '../../../lib/trends';

/** Static-data entry holding the built-in history and the latest run summary. */
export const DEFAULT_STATE_KEY = 'hashtagTrendAnalyzer';

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export function pairedItems(indexes: number[]): IPairedItemData[] {
	return indexes.map((item) => ({ item }));
}

/** The Input Mapping parameters (Analyze, To Snapshot Rows): null for Automatic. */
export function readMapping(this: IExecuteFunctions): FieldMapping | null {
	if (this.getNodeParameter('inputMapping', 0, 'auto') !== 'defineFields') return null;
	const field = (name: string, fallback: string) => String(this.getNodeParameter(name, 0, fallback) ?? '').trim();
	const mapping: FieldMapping = {
		hashtag: field('hashtagField', 'hashtag'),
		views: field('viewsField', 'views'),
		videos: field('videosField', 'videos') || undefined,
		time: field('timeField', '') || undefined,
		group: field('groupField', 'group') || undefined,
	};
	if (mapping.hashtag === '' || mapping.views === '') {
		throw new NodeOperationError(this.getNode(), 'Hashtag Field and Views Field cannot be empty', {
			description: 'Enter the names of the fields that hold the hashtag and its view count, or switch Input Mapping to Automatic.',
		});
	}
	return mapping;
}

/**
 * The warning for input items skipped as failed fetches without a usable hashtag (empty or invalid
 * watchlist entries): names the items (0-based, as n8n shows them) and the fetch errors.
 */
export function skippedFetchesWarning(skipped: ReadonlyArray<{ index: number; error: string }>): string | null {
	if (skipped.length === 0) return null;
	const shown = skipped
		.slice(0, 5)
		.map((s) => `item ${s.index}: ${s.error.slice(0, 160)}`)
		.join('; ');
	return `Skipped ${skipped.length} input item(s) that are failed fetches naming no usable hashtag (${shown}${skipped.length > 5 ? '; …' : ''}). Fix or remove those watchlist entries; the other hashtags were analysed.`;
}

/**
 * The Scavio TikTok node under On Error: Continue marks the items it could not answer after a
 * 401 (bad API key) or 402 (out of credits) with `fatal: true`. Such a run is not analysed or
 * stored at all: this stops with that error, before anything is read or written.
 */
export function stopIfFetchStopped(this: IExecuteFunctions, items: INodeExecutionData[]): void {
	const itemIndex = items.findIndex((item) => item.json.fatal === true && item.json.error !== undefined && item.json.error !== null);
	if (itemIndex < 0) return;
	const error = items[itemIndex].json.error;
	const message = typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string' ? String((error as { message: string }).message) : String(error);
	const what = items[itemIndex].json.errorDescription;
	throw new NodeOperationError(this.getNode(), message, {
		itemIndex,
		description: `${typeof what === 'string' && what !== '' ? `${what} ` : ''}The Scavio TikTok step before this one stopped at this error and passed it on (its On Error setting is Continue). Nothing was analysed or stored: the history is unchanged. Fix the cause and run the workflow again.`,
	});
}
