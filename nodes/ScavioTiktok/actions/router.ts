import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ScavioSession } from '../transport/request';
import * as account from './account/Account.resource';
import type { NodeError, Operation, RunContext } from './common';
import { httpCodeOf, partialFailureError, readOptions, toNodeError } from './common';
import * as hashtag from './hashtag/Hashtag.resource';
import * as search from './search/Search.resource';
import * as user from './user/User.resource';
import * as video from './video/Video.resource';

const operations: Record<string, Record<string, Operation>> = {
	hashtag: { get: hashtag.get, getVideos: hashtag.getVideos },
	video: { get: video.get, getComments: video.getComments, getCommentReplies: video.getCommentReplies },
	user: { getProfile: user.getProfile, getPosts: user.getPosts, getFollowers: user.getFollowers, getFollowings: user.getFollowings },
	search: { videos: search.videos, users: search.users },
	account: { getUsage: account.getUsage },
};

/**
 * Runs one operation for every input item at once; the session's limiter decides how many
 * requests are really in flight. Output keeps input order and pairs every item with its input.
 * A 401/402 (or, without continueOnFail, any item error) stops the whole execution; under
 * continueOnFail a 401/402 stops sending requests and marks every unanswered item `fatal`.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported for "${resource}"`, {
			description: 'Pick the resource and operation again in the node; the workflow may come from a newer version of this node.',
		});
	}

	const options = readOptions(this, 0);
	const session = new ScavioSession(this, options);
	const run: RunContext = { session, hashtagIds: new Map(), secUids: new Map() };
	const continueOnFail = this.continueOnFail();
	const errorOutput = this.getNode().onError === 'continueErrorOutput';
	const perItem: INodeExecutionData[][] = items.map(() => []);
	// With On Error = "continue (using error output)", n8n routes items carrying `error` to the error
	// output (and reduces their json to `{ error }`); otherwise the error item stays in the main
	// output with its full shape (for hashtags: a missing sample for the analyzer).
	const errorItem = (itemIndex: number, error: NodeError, extra: IDataObject = {}): INodeExecutionData => {
		const json: IDataObject = {
			...(operation.errorItem ? operation.errorItem.call(this, itemIndex, error) : { error: error.message, httpCode: httpCodeOf(error) }),
			...extra,
		};
		return errorOutput ? { json, error, pairedItem: { item: itemIndex } } : { json, pairedItem: { item: itemIndex } };
	};

	await Promise.all(
		items.map(async (_item, itemIndex) => {
			try {
				if (session.fatalError) return;
				const result = await operation.execute.call(this, itemIndex, run);
				const credit: IDataObject = options.includeCreditInfo
					? { credits_used: result.creditsUsed, credits_remaining: result.creditsRemaining ?? session.creditsRemaining }
					: {};
				const failures = result.failures ?? [];
				// Without Continue On Fail a partial failure fails the item, saying what was fetched before it.
				if (failures.length > 0 && !continueOnFail) throw partialFailureError(this, failures[0], itemIndex);
				const out: INodeExecutionData[] = [];
				let next = 0;
				const addRecords = (upTo: number) => {
					for (; next < upTo; next++) out.push({ json: { ...result.records[next], ...credit }, pairedItem: { item: itemIndex } });
				};
				for (const failure of failures) {
					addRecords(failure.at);
					out.push(errorItem(itemIndex, toNodeError(this, failure.error, itemIndex), { ...failure.json, ...credit }));
				}
				addRecords(result.records.length);
				perItem[itemIndex] = out;
			} catch (caught) {
				if (session.fatalError) return;
				const error: NodeError = toNodeError(this, caught, itemIndex);
				if (!continueOnFail) {
					// Stop the other items too: do not spend credits on a run that will fail.
					session.abort(error);
					return;
				}
				perItem[itemIndex] = [errorItem(itemIndex, error)];
			}
		}),
	);

	const fatal = session.fatalError;
	if (fatal) {
		if (!continueOnFail) throw fatal;
		// A 401/402 under On Error: Continue. Throwing would make n8n pass this node's *input* items on
		// as if they were its output (a watchlist item then looks like a hashtag without counts). So the
		// items that were answered keep their output and every other item gets the stopping error,
		// marked `fatal: true`, which the Hashtag Trend Analyzer turns back into a stop.
		items.forEach((_item, itemIndex) => {
			if (perItem[itemIndex].length > 0) return;
			const error = toNodeError(this, fatal, itemIndex);
			perItem[itemIndex] = [errorItem(itemIndex, error, { fatal: true, ...(error.description ? { errorDescription: error.description } : {}) })];
		});
	}
	return [perItem.flat()];
}
