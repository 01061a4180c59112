import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** The Scavio API key, sent as a Bearer token; the test calls the free usage endpoint. */
export class ScavioTiktokApi implements ICredentialType {
	name = 'scavioTiktokApi';

	displayName = 'Scavio TikTok API';

	icon: Icon = { light: 'file:scavioTiktok.svg', dark: 'file:scavioTiktok.dark.svg' };

	documentationUrl = 'https://scavio.dev/docs/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your Scavio API key, from the Scavio dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.scavio.dev',
			description: 'Change only to route requests through a proxy or to a test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/v1/usage',
			method: 'GET',
		},
		// n8n shows a rule's message instead of the bare HTTP status text ("Unauthorized").
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Scavio did not accept this API key. Copy the key again from your Scavio dashboard (API Keys) and paste it without spaces.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'This API key has no access to the Scavio TikTok API. Check the key\'s permissions or plan in your Scavio dashboard.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No Scavio API answered at this Base URL. Set Base URL back to https://api.scavio.dev unless you use a proxy.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: 'Scavio is rate-limiting this key right now. Wait a minute and test again.',
				},
			},
		],
	};
}
