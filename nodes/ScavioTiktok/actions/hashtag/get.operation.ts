import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS, hashtagIdentity, parseHashtag, tryNormalizeHashtagName } from '../../../../lib/scavio';
import type { NodeError, OperationOutput, RunContext } from '../common';
import { httpCodeOf, output, readSimplify, show, simplifyProperty } from '../common';
import { hashtagTargetProperties, rawHashtagTarget, readHashtagTarget } from './shared';

const properties: INodeProperties[] = [...hashtagTargetProperties, simplifyProperty];

export const description = updateDisplayOptions(show('hashtag', 'get'), properties);

/** GET a hashtag's counts: `{ id, name, views, videos, fetchedAt, countSource }`. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<OperationOutput> {
	const target = readHashtagTarget(this, itemIndex);
	const body: IDataObject = target.id ? { hashtag_id: target.id } : { hashtag_name: target.name };
	const result = await run.session.call(ENDPOINTS.hashtag, body, itemIndex);
	const fetchedAt = new Date().toISOString();
	if (target.name) {
		const { id, name } = hashtagIdentity(result.body);
		if (id && !run.hashtagIds.has(target.name)) run.hashtagIds.set(target.name, Promise.resolve({ id, name: name ?? target.name }));
	}
	if (!readSimplify(this, itemIndex)) {
		return output([(result.data ?? {}) as IDataObject], result);
	}
	const hashtag = parseHashtag(result.body, fetchedAt, { name: target.name, id: target.id });
	// The watchlist's spelling is the key the analyzer groups by.
	if (target.name) hashtag.name = target.name;
	return output([{ ...hashtag }], result);
}

/** A missing sample for the analyzer: `{ error, hashtag, hashtagId, httpCode, fetchedAt }`. */
export function errorItem(this: IExecuteFunctions, itemIndex: number, error: NodeError): IDataObject {
	const { lookupBy, input } = rawHashtagTarget(this, itemIndex);
	const trimmed = input.trim();
	return {
		error: error.message,
		hashtag: lookupBy === 'id' ? null : (tryNormalizeHashtagName(input) ?? (trimmed === '' ? null : trimmed.slice(0, 200))),
		hashtagId: lookupBy === 'id' ? trimmed || null : null,
		httpCode: httpCodeOf(error),
		fetchedAt: new Date().toISOString(),
	};
}
