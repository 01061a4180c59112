import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { deepCopy, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, hashtagIdentity, parseMany, parseVideoOrNull } from '../../../../lib/scavio';
import type { PageRequest, PaginatedResult } from '../../transport/paginate';
import { paginate } from '../../transport/paginate';
import { creditsBilledBy } from '../../transport/request';
import type { NodeError, OperationOutput, RunContext } from '../common';
import { httpCodeOf, limitProperty, pagedOutput, readPageRequest, readSimplify, returnAllProperty, show, simplifyProperty } from '../common';
import type { HashtagTarget } from './shared';
import { askedHashtag, hashtagTargetProperties, readHashtagTargets } from './shared';

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

/** Failed calls whose billed credits an item has already counted. */
const billedErrors = new WeakSet<object>();

export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const targets = readHashtagTargets(this, itemIndex);
	if (targets.length === 1) return await videosOf(this, targets[0], itemIndex, run);
	// A watchlist in one field: the videos of each tag in turn (each video names its hashtag). A tag
	// that fails does not cost the others their videos: it gets an error item of its own.
	const out: OperationOutput = { records: [], creditsUsed: 0, creditsRemaining: null, failures: [] };
	for (const target of targets) {
		const tag = `hashtag "${target.name ?? target.id}"`;
		const earlier = out.records.length > 0 ? `; ${out.records.length} videos of the tags before it (${out.creditsUsed} credits) had been fetched too` : '';
		let one: OperationOutput;
		try {
			one = await videosOf(this, target, itemIndex, run);
		} catch (error) {
			// A 401/402 stops the whole execution: the router marks this item with it, like every other one.
			if (run.session.fatalError) throw run.session.fatalError;
			const before = out.records.length > 0 ? `${out.records.length} videos of the tags before it (${out.creditsUsed} credits) had been fetched` : 'no videos had been fetched before it';
			// e.g. a billed 404 for a tag that does not exist: counted in credits_used, once (a failed
			// lookup is shared by every item that asks for the same name)
			if (typeof error === 'object' && error !== null && !billedErrors.has(error)) {
				billedErrors.add(error);
				out.creditsUsed += creditsBilledBy(error);
			}
			out.failures!.push({ at: out.records.length, error, json: { hashtagId: target.id, hashtagName: target.name }, before: `while fetching ${tag}; ${before}` });
			// Without Continue On Fail the item fails here: no credits for the tags after it.
			if (!this.continueOnFail()) break;
			continue;
		}
		for (const failure of one.failures ?? []) {
			out.failures!.push({
				...failure,
				at: out.records.length + failure.at,
				json: { hashtagId: target.id, hashtagName: target.name, ...failure.json },
				before: `${tag}: ${failure.before}${earlier}`,
			});
		}
		for (const record of one.records) out.records.push(record);
		out.creditsUsed += one.creditsUsed;
		out.creditsRemaining = one.creditsRemaining ?? out.creditsRemaining;
		if (one.failures?.length && !this.continueOnFail()) break;
	}
	return out;
}

/**
 * One paged `/hashtag/videos` fetch per hashtag id, page request and execution: items asking for
 * the same tag (`BookTok`, `#booktok`) share it. Keyed by the execution's RunContext.
 */
const videoFetchesByRun = new WeakMap<RunContext, Map<string, Promise<PaginatedResult>>>();

/** The shared fetch, and whether this call started it (and is billed for it). */
function fetchVideosOnce(run: RunContext, hashtagId: string, request: PageRequest, itemIndex: number): { page: Promise<PaginatedResult>; started: boolean } {
	let fetches = videoFetchesByRun.get(run);
	if (!fetches) {
		fetches = new Map();
		videoFetchesByRun.set(run, fetches);
	}
	const key = `${hashtagId}|${request.returnAll ? 'all' : request.limit}`;
	const existing = fetches.get(key);
	if (existing) return { page: existing, started: false };
	const page = paginate(run.session, ENDPOINTS.hashtagVideos, 'videos', { hashtag_id: hashtagId }, request, itemIndex);
	// Every item sharing the fetch awaits it; this only keeps a lone rejection from being "unhandled".
	page.catch(() => undefined);
	fetches.set(key, page);
	return { page, started: true };
}

async function videosOf(ctx: IExecuteFunctions, target: HashtagTarget, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	let hashtagId = target.id;
	let hashtagName = target.name;
	let lookupCredits = 0;
	if (!hashtagId) {
		const resolved = await resolveHashtagId(ctx, target.name!, itemIndex, run);
		hashtagId = resolved.id;
		hashtagName = resolved.name;
		lookupCredits = resolved.creditsUsed;
	}
	const shared = fetchVideosOnce(run, hashtagId, readPageRequest(ctx, itemIndex), itemIndex);
	const fetched = await shared.page;
	// The same hashtag asked for again (another spelling, another item) shares the pages: billed once.
	const duplicate = !shared.started;
	const page: PaginatedResult = duplicate ? { ...fetched, records: deepCopy(fetched.records), creditsUsed: 0 } : fetched;
	if (!readSimplify(ctx, itemIndex)) return pagedOutput(ctx, page.records as IDataObject[], page, lookupCredits);
	const videos: IDataObject[] = [];
	for (const video of parseMany(page.records, parseVideoOrNull)) videos.push({ ...video, hashtagId, hashtagName });
	return pagedOutput(ctx, videos, page, lookupCredits);
}

/**
 * A failed video fetch: `{ error, hashtagId, hashtagName, httpCode }`, so a report step can still
 * tell which hashtag it was for (and say its videos could not be fetched).
 */
export function errorItem(this: IExecuteFunctions, itemIndex: number, error: NodeError): IDataObject {
	return { error: error.message, ...askedHashtag(this, itemIndex), httpCode: httpCodeOf(error) };
}
