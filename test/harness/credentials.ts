/**
 * A credentials helper for the in-process harness. It stands in for n8n's database-backed
 * CredentialsHelper: credential data comes in clear from the test, keyed by credential type, and
 * `authenticate` applies the credential type's `authenticate` definition the way n8n does
 * (expressions such as `=Bearer {{$credentials.apiKey}}` are resolved by n8n-workflow's own
 * expression engine with `$credentials` bound to the decrypted data).
 */
import * as fs from 'fs';
import * as path from 'path';

import type {
	CredentialInformation,
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

export type HarnessCredentials = Record<string, Record<string, unknown>>;

const CREDENTIALS_DIR = path.resolve(__dirname, '../../credentials');

let credentialTypeCache: Map<string, ICredentialType> | undefined;

/** Credential types of this package, loaded from credentials/*.credentials.ts on first use. */
export function credentialTypes(): Map<string, ICredentialType> {
	if (credentialTypeCache) return credentialTypeCache;
	const types = new Map<string, ICredentialType>();
	for (const file of fs.readdirSync(CREDENTIALS_DIR)) {
		if (!/\.credentials\.(ts|js)$/.test(file) || file.endsWith('.d.ts')) continue;
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(path.join(CREDENTIALS_DIR, file)) as Record<string, unknown>;
		for (const exported of Object.values(mod)) {
			if (typeof exported !== 'function') continue;
			const instance = new (exported as new () => ICredentialType)();
			if (typeof instance.name === 'string' && Array.isArray(instance.properties)) {
				types.set(instance.name, instance);
			}
		}
	}
	credentialTypeCache = types;
	return types;
}

function getCredentialType(type: string): ICredentialType {
	const credentialType = credentialTypes().get(type);
	if (!credentialType) {
		throw new Error(
			`Unknown credential type "${type}": the harness knows ${[...credentialTypes().keys()].join(', ') || 'none'} (from credentials/*.credentials.ts)`,
		);
	}
	return credentialType;
}

/** Property defaults of a credential type, overlaid with the given data (as n8n applies defaults). */
function withDefaults(properties: INodeProperties[], data: Record<string, unknown>): ICredentialDataDecryptedObject {
	const result: ICredentialDataDecryptedObject = {};
	for (const property of properties) {
		if (property.type === 'notice') continue;
		if (property.default !== undefined) result[property.name] = property.default as CredentialInformation;
	}
	for (const [key, value] of Object.entries(data)) result[key] = value as CredentialInformation;
	return result;
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly store: Map<string, Record<string, unknown>>;

	constructor(credentials: HarnessCredentials = {}) {
		super();
		this.store = new Map(Object.entries(credentials).map(([type, data]) => [type, { ...data }]));
	}

	/** Credential types with data in this helper. */
	knownTypes(): string[] {
		return [...this.store.keys()];
	}

	getParentTypes(name: string): string[] {
		const parents: string[] = [];
		const seen = new Set<string>();
		const visit = (typeName: string) => {
			const type = credentialTypes().get(typeName);
			for (const parent of type?.extends ?? []) {
				if (seen.has(parent)) continue;
				seen.add(parent);
				parents.push(parent);
				visit(parent);
			}
		};
		visit(name);
		return parents;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const credentialType = getCredentialType(typeName);
		const { authenticate } = credentialType;
		if (authenticate === undefined) return requestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (authenticate.type !== 'generic') {
			throw new Error(`Credential type "${typeName}" uses authenticate type "${authenticate.type}", which the harness does not support`);
		}
		const resolve = (value: unknown): unknown => {
			if (typeof value !== 'string' || !value.startsWith('=')) return value;
			return workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials } as never,
				undefined,
				'',
			);
		};
		const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			if (entries === undefined || entries === null) continue;
			const bucket: Record<string, unknown> = { ...(target[outerKey] ?? {}) };
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				bucket[String(resolve(key))] = resolve(value);
			}
			target[outerKey] = bucket;
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = getCredentialType(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined) return undefined;
		if (!credentialsExpired && credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined) {
			return undefined;
		}
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		this.store.set(typeName, { ...(this.store.get(typeName) ?? {}), ...output });
		return output as ICredentialDataDecryptedObject;
	}

	async getCredentials(_nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(
			`The harness cannot return encrypted credentials for "${type}" (OAuth and other encrypted-credential flows are not supported)`,
		);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		_raw?: boolean,
		_expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store.get(type);
		if (data === undefined) {
			throw new Error(
				`No credentials of type "${type}" were given to the harness: pass credentials: { ${type}: { ... } } to runWorkflow/runNode`,
			);
		}
		return withDefaults(getCredentialType(type).properties, data);
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, { ...data });
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, { ...(this.store.get(type) ?? {}), ...data });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return getCredentialType(type).properties;
	}
}
