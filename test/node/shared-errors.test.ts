/**
 * One request can serve several items (Get Hashtag Videos by name resolves each name once per
 * execution and every item with that name waits for it). When it fails, each waiting item's error
 * must name that item, not the one that happened to send the request.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';
import { toNodeError } from '../../nodes/ScavioTiktok/actions/common';

const node: INode = { id: '1', name: 'Scavio TikTok', type: 'n8n-nodes-scavio-tiktok.scavioTiktok', typeVersion: 1, position: [0, 0], parameters: {} };
const ctx = { getNode: () => node } as unknown as IExecuteFunctions;
const itemOf = (e: { context?: unknown }) => (e.context as { itemIndex?: number }).itemIndex;

describe('toNodeError for an error shared by several items', () => {
	it('gives every other item a copy naming it, with the same message, description and HTTP code', () => {
		const response: JsonObject = { message: 'Scavio found nothing for this request (404 Not Found)', httpCode: '404' };
		const shared = new NodeApiError(node, response, { message: String(response.message), description: 'Check the hashtag.', httpCode: '404', itemIndex: 0 });
		expect(toNodeError(ctx, shared, 0)).toBe(shared);
		const copy = toNodeError(ctx, shared, 3) as NodeApiError;
		expect(copy).toBeInstanceOf(NodeApiError);
		expect(itemOf(copy)).toBe(3);
		expect(itemOf(shared)).toBe(0);
		expect([copy.message, copy.description, copy.httpCode]).toEqual([shared.message, shared.description, '404']);

		const op = new NodeOperationError(node, 'Scavio returned no hashtag ID for "cats"', { itemIndex: 1, description: 'Look it up by ID.' });
		const opCopy = toNodeError(ctx, op, 2);
		expect(opCopy).toBeInstanceOf(NodeOperationError);
		expect([itemOf(opCopy), opCopy.message, opCopy.description]).toEqual([2, op.message, op.description]);
	});
});
