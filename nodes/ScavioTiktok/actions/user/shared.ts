import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeInput, ENDPOINTS, isRecord, parseUser } from '../../../../lib/scavio';
import type { RunContext } from '../common';
import { requiredText } from '../common';

export const secUserIdProperty: INodeProperties = {
	displayName: 'User (Username or Sec UID)',
	name: 'secUserId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. scout2015 or MS4wLjABAAAA…',
	description:
		'The TikTok username (with or without "@", or the profile URL), or the Sec UID from User → Get Profile. A username is looked up first, which costs 1 extra credit per username and execution.',
};

/** TikTok usernames: letters, digits, "_" and "."; at most 24 characters (30 allowed for older accounts). */
const USERNAME = /^[A-Za-z0-9_.]{1,30}$/;
/** Sec UIDs start with this prefix and run to 70+ URL-safe base64 characters. */
const SEC_UID = /^MS4wLjABAAAA[A-Za-z0-9_-]+$|^[A-Za-z0-9_-]{40,}$/;

export type UserRef = { kind: 'secUid'; value: string } | { kind: 'username'; value: string };

/** Tells a username ("@scout2015", a profile URL) from a sec_uid, or says clearly that it is neither. */
export function readUserRef(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): UserRef {
	const text = requiredText(ctx, name, label, '"scout2015" or the Sec UID returned by User → Get Profile', itemIndex);
	const fromUrl = /tiktok\.com\/@([^/?#\s]+)/i.exec(text)?.[1];
	const value = (fromUrl ?? text).replace(/^@+/, '');
	if (SEC_UID.test(value)) return { kind: 'secUid', value };
	if (USERNAME.test(value)) return { kind: 'username', value };
	throw new NodeOperationError(ctx.getNode(), `The ${label} ${describeInput(text)} is neither a TikTok username nor a Sec UID`, {
		itemIndex,
		description: 'Enter a username such as "scout2015" (letters, digits, "_" and "."), or the Sec UID (starting "MS4wLjABAAAA") from User → Get Profile.',
	});
}

/** Key of the username → sec_uid map in the node's execution context (kept across runs in a loop). */
const SEC_UIDS_CONTEXT_KEY = 'scavioSecUids';

/** The node's context for this execution, when n8n offers one (not outside a workflow). */
function executionStore(ctx: IExecuteFunctions): IDataObject | undefined {
	try {
		return ctx.getContext('node') as IDataObject;
	} catch {
		return undefined;
	}
}

/**
 * The sec_uid for the user of an item: given directly, or looked up from a username through
 * /profile (1 credit) — once per username and execution, shared by all items and by later runs of
 * the node in a loop.
 */
export async function resolveSecUserId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<{ secUserId: string; creditsUsed: number }> {
	const ref = readUserRef(ctx, 'secUserId', 'User', itemIndex);
	if (ref.kind === 'secUid') return { secUserId: ref.value, creditsUsed: 0 };
	const key = ref.value.toLowerCase();
	const store = executionStore(ctx);
	const known = store?.[SEC_UIDS_CONTEXT_KEY] as IDataObject | undefined;
	if (typeof known?.[key] === 'string') return { secUserId: known[key], creditsUsed: 0 };
	const cached = run.secUids.get(key);
	if (cached) return { secUserId: await cached, creditsUsed: 0 };
	let creditsUsed = 0;
	const lookup = (async () => {
		const result = await run.session.call(ENDPOINTS.profile, { username: ref.value }, itemIndex);
		creditsUsed = result.creditsUsed;
		const data = isRecord(result.data) ? result.data : {};
		const secUid = parseUser(data).secUid;
		if (!secUid) {
			throw new NodeOperationError(ctx.getNode(), `No TikTok user found for @${ref.value}`, {
				itemIndex,
				description: 'Check the spelling of the username (as in the profile URL, without spaces), or enter the Sec UID instead.',
			});
		}
		if (store) store[SEC_UIDS_CONTEXT_KEY] = { ...((store[SEC_UIDS_CONTEXT_KEY] as IDataObject | undefined) ?? {}), [key]: secUid };
		return secUid;
	})();
	run.secUids.set(key, lookup);
	return { secUserId: await lookup, creditsUsed };
}
