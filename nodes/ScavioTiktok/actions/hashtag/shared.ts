import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseHashtagList, ScavioInputError, tryNormalizeHashtagName } from '../../../../lib/scavio';
import { requiredTikTokId } from '../common';

/** Lookup By / Hashtag Name / Hashtag ID, shared by Get and Get Videos. */
export const hashtagTargetProperties: INodeProperties[] = [
	{
		displayName: 'Lookup By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'Name', value: 'name', description: 'The hashtag as people type it, with or without #' },
			{ name: 'ID', value: 'id', description: "TikTok's numeric challenge ID" },
		],
		default: 'name',
	},
	{
		displayName: 'Hashtag Name',
		name: 'hashtagName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. summervibes, or booktok cleantok',
		description:
			'The hashtag, with or without "#" (letters are lower-cased, full-width characters folded). Several hashtags separated by spaces or commas ("booktok, cleantok") are fetched one by one, each as its own output item.',
		displayOptions: { show: { lookupBy: ['name'] } },
	},
	{
		displayName: 'Hashtag ID',
		name: 'hashtagId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 229207',
		description: 'The numeric hashtag (challenge) ID, as returned by Hashtag → Get',
		displayOptions: { show: { lookupBy: ['id'] } },
	},
];

export interface HashtagTarget {
	/** normalised name when looked up by name */
	name: string | null;
	id: string | null;
	/** what the user entered, for error items when it cannot be normalised */
	input: string;
}

/** Reads the lookup parameters without validating them (used for error items). */
export function rawHashtagTarget(ctx: IExecuteFunctions, itemIndex: number): { lookupBy: string; input: string } {
	const lookupBy = ctx.getNodeParameter('lookupBy', itemIndex, 'name') as string;
	const value = ctx.getNodeParameter(lookupBy === 'id' ? 'hashtagId' : 'hashtagName', itemIndex, '') as unknown;
	return { lookupBy, input: typeof value === 'string' || typeof value === 'number' ? String(value) : '' };
}

/**
 * The hashtag an item asked for, as well as it can be told without failing: the id, or the
 * normalised name (the raw text, cut to 200 characters, when it does not normalise or holds several
 * tags). For error items.
 */
export function askedHashtag(ctx: IExecuteFunctions, itemIndex: number): { hashtagId: string | null; hashtagName: string | null } {
	const { lookupBy, input } = rawHashtagTarget(ctx, itemIndex);
	const trimmed = input.trim();
	if (lookupBy === 'id') return { hashtagId: trimmed || null, hashtagName: null };
	let names: string[] | null;
	try {
		names = parseHashtagList(input);
	} catch {
		names = null;
	}
	// A list of several tags is shown as typed.
	const single = names ? (names.length === 1 ? names[0] : null) : tryNormalizeHashtagName(input);
	return { hashtagId: null, hashtagName: single ?? (trimmed === '' ? null : trimmed.slice(0, 200)) };
}

/**
 * The hashtags an item asks for: one id, or one or more names (a watchlist written in one field,
 * "booktok cleantok" or "booktok, cleantok", gives one target per tag).
 */
export function readHashtagTargets(ctx: IExecuteFunctions, itemIndex: number): HashtagTarget[] {
	const { lookupBy, input } = rawHashtagTarget(ctx, itemIndex);
	if (lookupBy === 'id') {
		return [{ name: null, id: requiredTikTokId(ctx, 'hashtagId', 'Hashtag ID', '229207', itemIndex), input }];
	}
	try {
		return parseHashtagList(ctx.getNodeParameter('hashtagName', itemIndex, '') as unknown).map((name) => ({ name, id: null, input }));
	} catch (error) {
		if (error instanceof ScavioInputError) {
			throw new NodeOperationError(ctx.getNode(), error.message, {
				itemIndex,
				description: 'Fix the hashtag in the node or in the input data (e.g. "summervibes", "#SummerVibes" or "booktok, cleantok").',
			});
		}
		throw new NodeOperationError(ctx.getNode(), String(error), { itemIndex });
	}
}
