import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, hashtagIdentity, parseMany, parseVideoOrNull } from '../../../../lib/scavio';
import { paginate } from '../../transport/paginate';
import type { NodeError, OperationOutput, RunContext } from '../common';
import { httpCodeOf, limitProperty, output, readPageRequest, readSimplify, returnAllProperty, show, simplifyProperty } from '../common';
import { askedHashtag, hashtagTargetProperties, readHashtagTarget } from './shared';

const properties: INodeProperties[] = [...hashtagTargetProperties, returnAllProperty, limitProperty, simplifyProperty];

export const description = updateDisplayOptions(show('hashtag', 'getVideos'), properties);

/**
 * `/hashtag/videos` takes an id only, so a name is resolved through `/hashtag` first — once per
 * execution and name, shared by all items (concurrent items wait for the same lookup).
 */
async function resolveHashtagId(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	run: RunContext,
): Promise<{ id: string; name: string; creditsUsed: number }> {
	const cached = run.hashtagIds.get(name);
	if (cached) return { ...(await cached), creditsUsed: 0 };
	let creditsUsed = 0;
	const lookup = (async () => {
		const result = await run.session.call(ENDPOINTS.hashtag, { hashtag_name: name }, itemIndex);
		creditsUsed = result.creditsUsed;
		const identity = hashtagIdentity(result.body);
		if (!identity.id) {
			throw new NodeOperationError(ctx.getNode(), `Scavio returned no hashtag ID for "${name}"`, {
				itemIndex,
				description: 'Check that the hashtag exists on TikTok and is spelled as it appears there, or look it up by ID.',
			});
		}
		return { id: identity.id, name };
	})();
	run.hashtagIds.set(name, lookup);
	return { ...(await lookup), creditsUsed };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const target = readHashtagTarget(this, itemIndex);
	let hashtagId = target.id;
	let hashtagName = target.name;
	let lookupCredits = 0;
	if (!hashtagId) {
		const resolved = await resolveHashtagId(this, target.name!, itemIndex, run);
		hashtagId = resolved.id;
		hashtagName = resolved.name;
		lookupCredits = resolved.creditsUsed;
	}
	const page = await paginate(run.session, ENDPOINTS.hashtagVideos, 'videos', { hashtag_id: hashtagId }, readPageRequest(this, itemIndex), itemIndex);
	const credits = { creditsUsed: page.creditsUsed + lookupCredits, creditsRemaining: page.creditsRemaining };
	if (!readSimplify(this, itemIndex)) return output(page.records as IDataObject[], credits);
	const videos = parseMany(page.records, parseVideoOrNull).map((video) => ({ ...video, hashtagId, hashtagName }));
	return output(videos as unknown as IDataObject[], credits);
}

/**
 * A failed video fetch: `{ error, hashtagId, hashtagName, httpCode }`, so a report step can still
 * tell which hashtag it was for (and say its videos could not be fetched).
 */
export function errorItem(this: IExecuteFunctions, itemIndex: number, error: NodeError): IDataObject {
	return { error: error.message, ...askedHashtag(this, itemIndex), httpCode: httpCodeOf(error) };
}
