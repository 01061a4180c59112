import type { IPairedItemData } from 'n8n-workflow';

/** Static-data entry holding the built-in history and the latest run summary. */
export const DEFAULT_STATE_KEY = 'hashtagTrendAnalyzer';

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export function pairedItems(indexes: number[]): IPairedItemData[] {
	return indexes.map((item) => ({ item }));
}
