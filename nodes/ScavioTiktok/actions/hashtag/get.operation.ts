import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { deepCopy, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { describeInput, ENDPOINTS, hashtagIdentity, parseHashtag, tryNormalizeHashtagName } from '../../../../lib/scavio';
import type { ScavioResult } from '../../transport/request';
import type { NodeError, OperationOutput, RunContext } from '../common';
import { httpCodeOf, output, readSimplify, show, simplifyProperty, toNodeError } from '../common';
import type { HashtagTarget } from './shared';
import { askedHashtag, hashtagTargetProperties, rawHashtagTarget, readHashtagTargets } from './shared';

const properties: INodeProperties[] = [...hashtagTargetProperties, simplifyProperty];

export const description = updateDisplayOptions(show('hashtag', 'get'), properties);

interface Fetched {
	result: ScavioResult;
	fetchedAt: string;
}

interface SharedFetch {
	/** the first item that asked for this hashtag: it sends the request and is billed for it */
	owner: number;
	fetched: Promise<Fetched>;
}

/**
 * One `/hashtag` request per distinct hashtag (normalised name, or id) and execution: duplicate
 * watchlist entries (`#Tag`, `tag`, ` TAG `) share it and each still gets its own output item.
 * Keyed by the execution's RunContext, so nothing outlives the execution.
 */
const fetchesByRun = new WeakMap<RunContext, Map<string, SharedFetch>>();

function fetchOnce(run: RunContext, target: HashtagTarget, itemIndex: number): SharedFetch {
	let fetches = fetchesByRun.get(run);
	if (!fetches) {
		fetches = new Map();
		fetchesByRun.set(run, fetches);
	}
	const key = target.id ? `id:${target.id}` : `name:${target.name}`;
	const existing = fetches.get(key);
	if (existing) return existing;
	const body: IDataObject = target.id ? { hashtag_id: target.id } : { hashtag_name: target.name };
	const fetched = run.session.call(ENDPOINTS.hashtag, body, itemIndex).then((result) => ({ result, fetchedAt: new Date().toISOString() }));
	// Every item sharing the request awaits it; this only keeps a lone rejection from being "unhandled".
	fetched.catch(() => undefined);
	const shared = { owner: itemIndex, fetched };
	fetches.set(key, shared);
	return shared;
}

const LIST_SEPARATOR = /[,;\n]/;

/**
 * When the hashtag name came out empty, a common cause is a watchlist written as one text
 * ("booktok, cleantok") instead of a list: the item then has that text in another field and no
 * hashtag field. Returns that field and text, if the item looks like that.
 */
function listInsteadOfName(ctx: IExecuteFunctions, itemIndex: number): { field: string; text: string } | null {
	const { lookupBy, input } = rawHashtagTarget(ctx, itemIndex);
	if (lookupBy !== 'name' || input.trim() !== '') return null;
	const json = ctx.getInputData()[itemIndex]?.json ?? {};
	for (const [field, value] of Object.entries(json)) {
		if (typeof value !== 'string' || !LIST_SEPARATOR.test(value)) continue;
		const parts = value.split(LIST_SEPARATOR).filter((part) => part.trim() !== '');
		if (parts.length >= 2 && parts.every((part) => tryNormalizeHashtagName(part) !== null)) return { field, text: value };
	}
	return null;
}

/** GET the counts of the item's hashtag (or of each hashtag of a watchlist written in one field). */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const list = listInsteadOfName(this, itemIndex);
	if (list) {
		throw new NodeOperationError(
			this.getNode(),
			`The hashtag name is empty, but the input item's "${list.field}" field holds a list of hashtags (${describeInput(list.text)}). Put one hashtag per item`,
			{
				itemIndex,
				description: `Give the watchlist as a list with one entry per hashtag, e.g. [{ "hashtag": "booktok" }, { "hashtag": "cleantok" }], or split the text into one item per hashtag before this node.`,
			},
		);
	}
	const targets = readHashtagTargets(this, itemIndex);
	if (targets.length === 1) return await getOne(this, targets[0], itemIndex, run);
	// A watchlist in one field: one output item per tag. Under continueOnFail a tag that fails gives a
	// missing-sample item of its own and the other tags still count.
	const settled = await Promise.allSettled(targets.map(async (target) => await getOne(this, target, itemIndex, run)));
	// A 401/402 stops the whole execution: the router marks this item with it, like every other one.
	if (run.session.fatalError) throw run.session.fatalError;
	const records: IDataObject[] = [];
	let creditsUsed = 0;
	let creditsRemaining: number | null = null;
	for (let i = 0; i < settled.length; i++) {
		const outcome = settled[i];
		if (outcome.status === 'fulfilled') {
			for (const record of outcome.value.records) records.push(record);
			creditsUsed += outcome.value.creditsUsed;
			creditsRemaining = outcome.value.creditsRemaining ?? creditsRemaining;
			continue;
		}
		const error = toNodeError(this, outcome.reason, itemIndex);
		if (!this.continueOnFail()) throw error;
		records.push({ error: error.message, hashtag: targets[i].name, hashtagId: null, httpCode: httpCodeOf(error), fetchedAt: new Date().toISOString() });
	}
	return { records, creditsUsed, creditsRemaining };
}

/** GET one hashtag's counts: `{ id, name, views, videos, fetchedAt, countSource }`. */
async function getOne(ctx: IExecuteFunctions, target: HashtagTarget, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const { owner, fetched } = fetchOnce(run, target, itemIndex);
	const duplicate = owner !== itemIndex;
	if (duplicate) {
		ctx.logger.debug(`Scavio TikTok: item ${itemIndex} repeats hashtag "${target.id ?? target.name}" of item ${owner}; it shares that request`);
	}
	// A failed shared request fails every item that shares it (the router's toNodeError gives each its own item index).
	const { result, fetchedAt } = await fetched;
	// Only the item that sent the request is billed for it.
	const credits = duplicate ? { creditsUsed: 0, creditsRemaining: result.creditsRemaining } : result;
	if (target.name && !duplicate) {
		const { id, name } = hashtagIdentity(result.body);
		if (id && !run.hashtagIds.has(target.name)) run.hashtagIds.set(target.name, Promise.resolve({ id, name: name ?? target.name }));
	}
	if (!readSimplify(ctx, itemIndex)) {
		const data = (result.data ?? {}) as IDataObject;
		return output([duplicate ? deepCopy(data) : data], credits);
	}
	const hashtag = parseHashtag(result.body, fetchedAt, { name: target.name, id: target.id });
	// The watchlist's spelling is the key the analyzer groups by.
	if (target.name) hashtag.name = target.name;
	return output([{ ...hashtag }], credits);
}

/** A missing sample for the analyzer: `{ error, hashtag, hashtagId, httpCode, fetchedAt }`. */
export function errorItem(this: IExecuteFunctions, itemIndex: number, error: NodeError): IDataObject {
	const { hashtagId, hashtagName } = askedHashtag(this, itemIndex);
	return {
		error: error.message,
		hashtag: hashtagName,
		hashtagId,
		httpCode: httpCodeOf(error),
		fetchedAt: new Date().toISOString(),
	};
}
