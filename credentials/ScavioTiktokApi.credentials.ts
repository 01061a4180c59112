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
	};
}
