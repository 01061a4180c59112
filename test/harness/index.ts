/**
 * In-process n8n workflow harness: runs workflows through n8n-core's real `WorkflowExecute`
 * (node contexts, parameter/expression resolution, paired items, continueOnFail/error outputs,
 * static data) and the real HTTP stack (`httpRequestWithAuthentication`), with credentials held
 * in memory. See README.md in this folder.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';

// Keep n8n quiet and away from the user's ~/.n8n: n8n-core reads these when it first builds its
// logger and instance settings (lazily, during the first execution). Explicit settings win.
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_USER_FOLDER ??= path.join(os.tmpdir(), 'n8n-nodes-scavio-tiktok-harness');

import { ExecutionLifecycleHooks, ExternalSecretsProxy, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	Logger as WorkflowLogger,
	LogMetadata,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { LoggerProxy, NodeHelpers, Workflow } from 'n8n-workflow';
import { Container } from '@n8n/di';

import { HarnessCredentialsHelper, type HarnessCredentials } from './credentials';
import { harnessNodeTypes } from './testNodes';

export { HarnessCredentialsHelper, credentialTypes } from './credentials';
export type { HarnessCredentials } from './credentials';

export const PACKAGE_NODE_PREFIX = 'n8n-nodes-scavio-tiktok';

type NodeTypeFactory = () => INodeType | IVersionedNodeType;

/** Package node types, required lazily so a missing or broken node file only fails tests that use it. */
const packageNodeTypes: Record<string, NodeTypeFactory> = {
	[`${PACKAGE_NODE_PREFIX}.scavioTiktok`]: () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { ScavioTiktok } = require('../../nodes/ScavioTiktok/ScavioTiktok.node');
		return new ScavioTiktok();
	},
	[`${PACKAGE_NODE_PREFIX}.hashtagTrendAnalyzer`]: () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { HashtagTrendAnalyzer } = require('../../nodes/HashtagTrendAnalyzer/HashtagTrendAnalyzer.node');
		return new HashtagTrendAnalyzer();
	},
};

const extraNodeTypes: Record<string, NodeTypeFactory> = {};

/**
 * n8n-core services created on demand during an execution start un-referenced-counted interval
 * timers (SSH client cleanup, cron logging) that would keep jest from exiting. Unref them.
 */
function releaseServiceTimers(mode: WorkflowExecuteMode): void {
	const services: Array<[string, string, string]> = [
		['n8n-core/dist/execution-engine/ssh-clients-manager', 'SSHClientsManager', 'cleanupTimer'],
	];
	// The scheduled-task manager only exists once a trigger ran in manual mode.
	if (mode === 'manual') {
		services.push(['n8n-core/dist/execution-engine/scheduled-task-manager', 'ScheduledTaskManager', 'logInterval']);
	}
	for (const [modulePath, className, timerField] of services) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const cls = require(modulePath)[className] as new (...args: never[]) => unknown;
			const instance = Container.get(cls) as Record<string, { unref?: () => void } | undefined>;
			instance[timerField]?.unref?.();
		} catch {
			// Layout differs in another n8n-core version: nothing to release.
		}
	}
}

/** Registers an extra node type (e.g. a test-only node) under its full type name. */
export function registerNodeType(typeName: string, factory: NodeTypeFactory | INodeType | IVersionedNodeType): void {
	extraNodeTypes[typeName] = typeof factory === 'function' ? (factory as NodeTypeFactory) : () => factory;
}

class HarnessNodeTypes implements INodeTypes {
	private readonly cache = new Map<string, INodeType | IVersionedNodeType>();

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const cached = this.cache.get(nodeType);
		if (cached) return cached;
		const factory = extraNodeTypes[nodeType] ?? packageNodeTypes[nodeType] ?? harnessNodeTypes[nodeType];
		if (!factory) {
			const known = [...Object.keys(packageNodeTypes), ...Object.keys(harnessNodeTypes), ...Object.keys(extraNodeTypes)];
			throw new Error(
				`The test harness cannot load node type "${nodeType}". Known types: ${known.join(', ')}. ` +
					'Replace other nodes in the workflow or register a stand-in with registerNodeType().',
			);
		}
		const instance = factory();
		this.cache.set(nodeType, instance);
		return instance;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/** A node as written in workflow JSON (loosely typed so JSON literals and files fit). */
export interface HarnessNode {
	name: string;
	type: string;
	parameters?: object;
	typeVersion?: number;
	id?: string;
	position?: number[];
	credentials?: Record<string, { id?: string | null; name: string }>;
	onError?: string;
	continueOnFail?: boolean;
	disabled?: boolean;
	[key: string]: unknown;
}

export interface HarnessWorkflow {
	nodes: HarnessNode[];
	/** n8n connections object: `{ [source]: { main: [[{ node, type: 'main', index }]] } }`. */
	connections: Record<string, unknown>;
	settings?: IWorkflowSettings;
	staticData?: IDataObject | null;
	id?: string;
	name?: string;
	[key: string]: unknown;
}

/** One line n8n logged during a run captured with `logs` (node `this.logger` and n8n-core's LoggerProxy). */
export interface HarnessLogLine {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	/** The metadata as util.inspect shows it (errors with their fields, nested objects), '' when none. */
	metadata: string;
}

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/**
 * Routes n8n's logger into `sink` at every level (whatever N8N_LOG_LEVEL says) until the returned
 * function is called: the DI container's Logger (what a node's `this.logger` returns) and
 * n8n-workflow's LoggerProxy (what n8n-core's WorkflowExecute uses). Each line is still passed to
 * the real logger, which stays silent unless N8N_LOG_LEVEL was set.
 */
function captureLogs(sink: HarnessLogLine[]): () => void {
	// Required lazily, after N8N_LOG_LEVEL is set above; it is n8n-core's own logger package.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Logger } = require('@n8n/backend-common') as { Logger: abstract new (...args: unknown[]) => WorkflowLogger };
	const original = Container.get(Logger);
	const capturing = {} as WorkflowLogger & { scoped: () => WorkflowLogger };
	for (const level of LOG_LEVELS) {
		capturing[level] = (message: string, metadata?: LogMetadata) => {
			const hasMetadata = metadata !== undefined && (typeof metadata !== 'object' || Object.keys(metadata).length > 0);
			sink.push({
				level,
				message: String(message),
				metadata: hasMetadata ? inspect(metadata, { depth: 10, breakLength: Infinity, maxStringLength: Infinity, maxArrayLength: Infinity }) : '',
			});
			original[level](message, metadata);
		};
	}
	capturing.scoped = () => capturing;
	Container.set(Logger, capturing);
	LoggerProxy.init(capturing);
	return () => {
		Container.set(Logger, original);
		LoggerProxy.init(original);
	};
}

export interface RunWorkflowOptions {
	workflow: HarnessWorkflow;
	/** Credential data keyed by credential type, e.g. `scavioCredentials(url, key)`. */
	credentials?: HarnessCredentials;
	/** Persisted workflow static data; mutated in place and returned. Overrides `workflow.staticData`. */
	staticData?: IDataObject;
	/** Execution mode; default `'trigger'` (how scheduled workflows run in production). */
	mode?: WorkflowExecuteMode;
	/** Node to start from; default: the first trigger node n8n would pick. */
	startNode?: string;
	/**
	 * When given, every line n8n logs during this run (all levels, debug included) is appended here.
	 * Without it the logger stays as configured (silent by default).
	 */
	logs?: HarnessLogLine[];
}

export interface RunWorkflowResult {
	status: 'success' | 'error';
	/** The error that stopped the execution (usually the failing node's NodeOperationError/NodeApiError). */
	error?: Error;
	runData: IRunData;
	/** Items on `outputIndex` of the last run of `nodeName` ([] if it did not run or sent nothing there). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	staticData: IDataObject;
	/** The raw n8n IRun. */
	run: IRun;
}

/** Credentials map for the Scavio credential type. */
export function scavioCredentials(baseUrl: string, apiKey: string): HarnessCredentials {
	return { scavioTiktokApi: { baseUrl, apiKey } };
}

/** Parsed JSON of a workflow file (e.g. a template under workflows/). */
export function loadWorkflowFile(filePath: string): HarnessWorkflow {
	return JSON.parse(fs.readFileSync(filePath, 'utf8')) as HarnessWorkflow;
}

function normaliseNodes(
	workflow: HarnessWorkflow,
	nodeTypes: HarnessNodeTypes,
	credentialsHelper: HarnessCredentialsHelper,
): INode[] {
	const given = new Set(credentialsHelper.knownTypes());
	return workflow.nodes.map((raw, index) => {
		if (typeof raw?.name !== 'string' || typeof raw.type !== 'string') {
			throw new Error(`Workflow node #${index} needs a string "name" and "type"`);
		}
		const nodeType = nodeTypes.getByName(raw.type);
		const typeVersion =
			raw.typeVersion ??
			('nodeVersions' in nodeType ? nodeType.currentVersion : (nodeType as INodeType).description.version);
		const node: INode = {
			id: raw.id ?? `node-${index}`,
			position: raw.position ?? [index * 220, 0],
			parameters: {},
			...raw,
			typeVersion: Array.isArray(typeVersion) ? Math.max(...typeVersion) : typeVersion,
		} as INode;
		// Attach harness credentials the node type declares but the workflow JSON does not reference.
		const description = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
		// (Parameter defaults are filled in by n8n-workflow's Workflow constructor, as in n8n.)
		for (const credential of description.credentials ?? []) {
			if (!given.has(credential.name) || node.credentials?.[credential.name]) continue;
			node.credentials = {
				...(node.credentials ?? {}),
				[credential.name]: { id: `harness-${credential.name}`, name: `${credential.name} (harness)` },
			};
		}
		return node;
	});
}

function pickStartNode(workflow: Workflow, requested?: string): INode {
	if (requested !== undefined) {
		const node = workflow.getNode(requested);
		if (!node) throw new Error(`startNode "${requested}" is not in the workflow`);
		return node;
	}
	const start = workflow.getStartNode();
	if (!start) throw new Error('The workflow has no start node: add a trigger (e.g. n8n-nodes-base.manualTrigger)');
	return start;
}

/**
 * Without an explicit id, one static-data object stands for one workflow (as in n8n, where static
 * data belongs to a workflow): runs that share the object share the id, a copy is another workflow.
 */
const workflowIds = new WeakMap<IDataObject, string>();
function workflowIdFor(staticData: IDataObject): string {
	let id = workflowIds.get(staticData);
	if (!id) {
		id = `harness-${randomUUID()}`;
		workflowIds.set(staticData, id);
	}
	return id;
}

/** Runs a workflow in-process through n8n-core's WorkflowExecute. */
export async function runWorkflow(opts: RunWorkflowOptions): Promise<RunWorkflowResult> {
	const mode: WorkflowExecuteMode = opts.mode ?? 'trigger';
	const nodeTypes = new HarnessNodeTypes();
	const credentialsHelper = new HarnessCredentialsHelper(opts.credentials ?? {});
	const nodes = normaliseNodes(opts.workflow, nodeTypes, credentialsHelper);
	const staticData: IDataObject =
		opts.staticData ?? (opts.workflow.staticData ? { ...opts.workflow.staticData } : {});
	const workflowId = opts.workflow.id ?? workflowIdFor(staticData);
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...(opts.workflow.settings ?? {}) };

	const workflow = new Workflow({
		id: workflowId,
		name: opts.workflow.name ?? 'Harness workflow',
		nodes,
		connections: (opts.workflow.connections ?? {}) as IConnections,
		active: false,
		nodeTypes,
		staticData,
		settings,
	});

	const executionId = randomUUID();
	const workflowData: IWorkflowBase = {
		id: workflowId,
		name: workflow.name ?? 'Harness workflow',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections: workflow.connectionsBySourceNode,
		settings,
		staticData,
	} as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);

	const additionalData = {
		credentialsHelper,
		hooks,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		userId: 'harness-user',
		workflowSettings: settings,
		executeWorkflow: async () => {
			throw new Error('The test harness does not run sub-workflows (Execute Workflow)');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('The test harness has no task runner (Code node and similar are not supported)');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = pickStartNode(workflow, opts.startNode);
	const stopCapture = opts.logs ? captureLogs(opts.logs) : undefined;
	let run: IRun;
	try {
		run = await new WorkflowExecute(additionalData, mode).run({ workflow, startNode });
	} finally {
		stopCapture?.();
		releaseServiceTimers(mode);
	}

	const runData = run.data.resultData.runData;
	const error = run.data.resultData.error as Error | undefined;
	const status = error === undefined && run.status !== 'error' && run.status !== 'crashed' ? 'success' : 'error';

	return {
		status,
		error: error ?? (status === 'error' ? new Error(`Execution ended with status "${run.status}"`) : undefined),
		runData,
		output(nodeName: string, outputIndex = 0): INodeExecutionData[] {
			const runs = runData[nodeName];
			if (!runs || runs.length === 0) return [];
			return runs[runs.length - 1].data?.main?.[outputIndex] ?? [];
		},
		staticData,
		run,
	};
}

export interface RunNodeOptions {
	type: string;
	parameters: INodeParameters;
	/** Input items (json); default one empty item. */
	items?: IDataObject[];
	credentials?: HarnessCredentials;
	staticData?: IDataObject;
	onError?: INode['onError'];
	typeVersion?: number;
	mode?: WorkflowExecuteMode;
	/** Captures n8n's log lines of the run, as in runWorkflow. */
	logs?: HarnessLogLine[];
	/** Workflow id (default as in runWorkflow). */
	workflowId?: string;
}

export interface RunNodeResult {
	status: 'success' | 'error';
	error?: Error;
	/** Output items per output index of the node under test. */
	outputs: INodeExecutionData[][];
	staticData: IDataObject;
	runData: IRunData;
}

/** The name of the node under test in workflows built by runNode. */
export const NODE_UNDER_TEST = 'Node';

/** Runs a single node fed by `manualTrigger → test.items`. */
export async function runNode(opts: RunNodeOptions): Promise<RunNodeResult> {
	const node: HarnessNode = {
		name: NODE_UNDER_TEST,
		type: opts.type,
		parameters: opts.parameters,
		...(opts.typeVersion !== undefined ? { typeVersion: opts.typeVersion } : {}),
		...(opts.onError !== undefined ? { onError: opts.onError } : {}),
	};
	const result = await runWorkflow({
		workflow: {
			...(opts.workflowId !== undefined ? { id: opts.workflowId } : {}),
			nodes: [
				{ name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
				{ name: 'Items', type: 'test.items', parameters: { items: JSON.stringify(opts.items ?? [{}]) } },
				node,
			],
			connections: {
				Trigger: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
				Items: { main: [[{ node: NODE_UNDER_TEST, type: 'main', index: 0 }]] },
			},
		},
		credentials: opts.credentials,
		staticData: opts.staticData,
		mode: opts.mode,
		startNode: 'Trigger',
		logs: opts.logs,
	});
	const runs = result.runData[NODE_UNDER_TEST];
	const main = runs && runs.length > 0 ? (runs[runs.length - 1].data?.main ?? []) : [];
	return {
		status: result.status,
		error: result.error,
		outputs: main.map((items) => items ?? []),
		staticData: result.staticData,
		runData: result.runData,
	};
}
