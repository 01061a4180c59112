import { inspect } from 'util';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode, scavioCredentials, type RunNodeResult } from '../harness';
import type { Mock } from '../mock-scavio/server';

export const TYPE = 'n8n-nodes-scavio-tiktok.scavioTiktok';
export const KEY = 'sk_test_SECRET_5f1b2c3d4e5f60718293a4b5c6d7e8f9';

export type Params = INodeParameters;

/** The hardening fault mix (issue 5): 20 % 5xx, some timeouts and malformed JSON, a server limit of 3. */
export const FAULT_MIX = {
	concurrency: 3,
	retryAfter: '0.05',
	latencyMs: [2, 10] as [number, number],
	failureRates: { status5xx: 0.2, timeout: 0.03, malformedJson: 0.05 },
};

export async function run(
	mock: Mock,
	parameters: Params,
	opts: { items?: IDataObject[]; onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow'; key?: string } = {},
): Promise<RunNodeResult> {
	return await runNode({
		type: TYPE,
		parameters,
		items: opts.items,
		credentials: scavioCredentials(mock.url, opts.key ?? KEY),
		onError: opts.onError,
	});
}

export function jsonOf(result: RunNodeResult, output = 0): IDataObject[] {
	return (result.outputs[output] ?? []).map((i) => i.json);
}

export function pairedOf(result: RunNodeResult, output = 0): unknown[] {
	return (result.outputs[output] ?? []).map((i) => i.pairedItem);
}

/** Everything a user could see: output items, the error's message, description and all its fields. */
export function visibleText(result: RunNodeResult): string {
	const error = result.error as (Error & { description?: string }) | undefined;
	return [
		JSON.stringify(result.outputs),
		error ? `${error.message}\n${error.description ?? ''}\n${inspect(error, { depth: 8 })}` : '',
	].join('\n');
}

export function expectNoKey(result: RunNodeResult, key = KEY): void {
	const text = visibleText(result);
	expect(text).not.toContain(key);
	expect(text).not.toMatch(/Bearer\s+sk_/);
}

export function tiktokRequests(mock: Mock, path?: string) {
	return mock.requests.filter((r) => r.path.startsWith('/api/v1/tiktok/') && (path === undefined || r.path === `/api/v1/tiktok/${path}`));
}
