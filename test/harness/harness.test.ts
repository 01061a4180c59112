/**
 * The node tests always pass the Base URL of a loopback mock, so the one thing only this file
 * protects is what a user gets without touching that field: the credential's default Base URL,
 * filled in the way n8n fills credential property defaults.
 */
import type { IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials';

describe('Scavio TikTok API credential', () => {
	it('defaults the Base URL to the real Scavio API', async () => {
		const helper = new HarnessCredentialsHelper({ scavioTiktokApi: { apiKey: 'abc' } });
		const data = await helper.getDecrypted(
			{} as IWorkflowExecuteAdditionalData,
			{ id: '1', name: 'x' },
			'scavioTiktokApi',
			'trigger',
		);
		expect(data).toEqual({ apiKey: 'abc', baseUrl: 'https://api.scavio.dev' });
	});
});
