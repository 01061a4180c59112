'use strict';
// Turns the committed hourly template and the HTTP Request + Code fixture into runnable bench
// workflows: same 100-hashtag watchlist, the mock instead of api.scavio.dev, a Manual Trigger
// for `n8n execute`. Every change is listed in `changes` (printed into results.json details).

const SCAVIO_BASE = 'https://api.scavio.dev';

function watchlistCode(hashtags) {
	return `return ${JSON.stringify(hashtags)}.map((hashtag) => ({ json: { hashtag } }));\n`;
}

/** Adds a Manual Trigger wired like the workflow's Schedule Trigger (n8n execute needs one). */
function ensureManualTrigger(workflow, changes) {
	if (workflow.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger')) return;
	const schedule = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (!schedule) throw new Error(`workflow "${workflow.name}" has neither a Manual nor a Schedule Trigger`);
	const name = 'Bench Manual Trigger';
	workflow.nodes.push({
		id: 'bench-manual-trigger',
		name,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [schedule.position[0], schedule.position[1] + 200],
		parameters: {},
	});
	workflow.connections[name] = JSON.parse(JSON.stringify(workflow.connections[schedule.name] || { main: [[]] }));
	changes.push(`added a Manual Trigger wired like "${schedule.name}"`);
}

function prepareFixture(source, { hashtags, baseUrl }) {
	const workflow = JSON.parse(JSON.stringify(source));
	const changes = [];
	ensureManualTrigger(workflow, changes);
	for (const node of workflow.nodes) {
		if (node.name === 'Watchlist') {
			node.parameters.jsCode = watchlistCode(hashtags);
			changes.push(`Watchlist: ${hashtags.length} hashtags`);
		}
		if (node.type === 'n8n-nodes-base.httpRequest' && typeof node.parameters.url === 'string') {
			node.parameters.url = node.parameters.url.replace(SCAVIO_BASE, baseUrl);
			changes.push(`${node.name}: URL → mock`);
		}
	}
	workflow.staticData = null;
	return { workflow, changes };
}

const PACKAGE_PREFIX = 'n8n-nodes-scavio-tiktok.';
const SCAVIO_TYPE = `${PACKAGE_PREFIX}scavioTiktok`;

/** The template's Get Hashtag node (the one the watchlist feeds). */
function findGetHashtagNode(workflow) {
	const node = workflow.nodes.find(
		(n) => n.type === SCAVIO_TYPE && n.parameters.resource === 'hashtag' && n.parameters.operation === 'get',
	);
	if (!node) throw new Error(`workflow "${workflow.name}" has no Scavio TikTok Get Hashtag node`);
	return node;
}

/**
 * The hourly template for a real n8n: the watchlist set to `hashtags`, the Scavio credential
 * pointed at the bench's mock credential, and the nodes that post outside (Slack, email,
 * webhook) disabled — they cannot reach the internet here, and the HTTP Request + Code fixture
 * stops at its report too.
 */
function prepareTemplate(source, { id, hashtags, scavioCredential }) {
	const workflow = JSON.parse(JSON.stringify(source));
	const changes = [];
	workflow.id = id;
	workflow.staticData = null;
	workflow.active = false;
	ensureManualTrigger(workflow, changes);
	const getHashtag = findGetHashtagNode(workflow);
	let watchlistSet = false;
	for (const node of workflow.nodes) {
		if (node.type === SCAVIO_TYPE) {
			node.credentials = { scavioTiktokApi: { ...scavioCredential } };
			changes.push(`${node.name}: bench Scavio credential`);
		}
		if (node.type === 'n8n-nodes-base.set' && node.parameters.mode === 'raw' && /"watchlist"/.test(String(node.parameters.jsonOutput))) {
			node.parameters.jsonOutput = JSON.stringify({ watchlist: hashtags.map((hashtag) => ({ hashtag })) }, null, 2);
			watchlistSet = true;
			changes.push(`${node.name}: ${hashtags.length} hashtags`);
		}
		if (['n8n-nodes-base.slack', 'n8n-nodes-base.emailSend', 'n8n-nodes-base.httpRequest'].includes(node.type) && !node.disabled) {
			node.disabled = true;
			changes.push(`${node.name}: disabled (no internet)`);
		}
	}
	if (!watchlistSet) {
		throw new Error(`could not find the watchlist (a Set node in raw mode with a "watchlist" array) feeding "${getHashtag.name}"`);
	}
	return { workflow, changes };
}

/**
 * n8n-nodes-base stand-in for the in-process harness: Merge (v3, default mode "append") — input 1
 * items followed by input 2 items.
 */
class AppendMerge {
	constructor() {
		this.description = {
			displayName: 'Merge',
			name: 'merge',
			group: ['transform'],
			version: [3, 3.1, 3.2],
			description: 'Merge stand-in (append) for the bench',
			defaults: { name: 'Merge' },
			inputs: ['main', 'main'],
			outputs: ['main'],
			properties: [],
		};
	}

	async execute() {
		const read = (index) => {
			try {
				return this.getInputData(index) || [];
			} catch {
				return [];
			}
		};
		return [[...read(0), ...read(1)]];
	}
}

/**
 * n8n-nodes-base stand-ins for If (v2) and Filter (v2): the `conditions` parameter is declared as
 * n8n's `filter` type, so n8n-core evaluates the template's own conditions with n8n-workflow's
 * real filter logic (`getNodeParameter(..., { extractValue: true })`, exactly as If v2 does).
 */
function conditionNode(name, outputs) {
	return {
		description: {
			displayName: name === 'if' ? 'If' : 'Filter',
			name,
			group: ['transform'],
			version: [2, 2.1, 2.2, 2.3],
			description: `${name} stand-in for the bench (real n8n filter evaluation)`,
			defaults: { name },
			inputs: ['main'],
			outputs: Array.from({ length: outputs }, () => 'main'),
			properties: [
				{
					displayName: 'Conditions',
					name: 'conditions',
					type: 'filter',
					default: {},
					typeOptions: {
						filter: {
							caseSensitive: '={{!$parameter.options.ignoreCase}}',
							typeValidation: '={{$parameter.options.looseTypeValidation ? "loose" : "strict"}}',
							version: 2,
						},
					},
				},
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					default: {},
					options: [
						{ displayName: 'Ignore Case', name: 'ignoreCase', type: 'boolean', default: false },
						{ displayName: 'Loose Type Validation', name: 'looseTypeValidation', type: 'boolean', default: false },
					],
				},
			],
		},
		async execute() {
			const kept = [];
			const discarded = [];
			this.getInputData().forEach((item, itemIndex) => {
				const pass = this.getNodeParameter('conditions', itemIndex, false, { extractValue: true });
				(pass ? kept : discarded).push({ ...item, pairedItem: { item: itemIndex } });
			});
			return outputs === 2 ? [kept, discarded] : [kept];
		},
	};
}

const STAND_INS = {
	'n8n-nodes-base.merge': () => new AppendMerge(),
	'n8n-nodes-base.if': () => conditionNode('if', 2),
	'n8n-nodes-base.filter': () => conditionNode('filter', 1),
};

/**
 * The hourly template's logic for the in-process harness: every node of this package with the
 * template's own parameters and wiring, Merge as an append stand-in, the watchlist replaced by
 * a `test.items` node, and the other n8n-nodes-base nodes (schedule, Set/Split Out, Slack, email,
 * webhook, sticky notes) left out — the harness does not have them and they spend no credits.
 */
function pipelineFromTemplate(source, { hashtags }) {
	const template = JSON.parse(JSON.stringify(source));
	const getHashtag = findGetHashtagNode(template);
	const keepTypes = (type) => type.startsWith(PACKAGE_PREFIX) || type in STAND_INS;
	const kept = template.nodes.filter((n) => keepTypes(n.type) && !n.disabled);
	const keptNames = new Set(kept.map((n) => n.name));
	const connections = {};
	for (const [from, byType] of Object.entries(template.connections)) {
		if (!keptNames.has(from)) continue;
		connections[from] = {
			main: (byType.main || []).map((outputs) => (outputs || []).filter((c) => keptNames.has(c.node))),
		};
	}
	connections['Bench Trigger'] = { main: [[{ node: 'Bench Watchlist', type: 'main', index: 0 }]] };
	connections['Bench Watchlist'] = { main: [[{ node: getHashtag.name, type: 'main', index: 0 }]] };
	const nodes = [
		{ name: 'Bench Trigger', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
		{ name: 'Bench Watchlist', type: 'test.items', parameters: { items: JSON.stringify(hashtags.map((hashtag) => ({ hashtag }))) } },
		...kept.map((n) => ({ ...n, credentials: undefined })),
	];
	const dropped = template.nodes.filter((n) => !keptNames.has(n.name)).map((n) => n.name);
	// Guard: a package node that is fed in the template must still be fed here; otherwise a node the
	// harness cannot run sits in the data path and the measurement would silently skip work.
	const fed = (name, conns) => Object.values(conns).some((byType) => (byType.main || []).some((outs) => (outs || []).some((c) => c.node === name)));
	for (const node of kept) {
		if (node.type.startsWith(PACKAGE_PREFIX) && fed(node.name, template.connections) && !fed(node.name, connections)) {
			throw new Error(
				`"${node.name}" lost its input when the template was reduced to the harness: a node type between it and the watchlist has no bench stand-in (known: ${Object.keys(STAND_INS).join(', ')})`,
			);
		}
	}
	const standInTypes = [...new Set(kept.map((n) => n.type).filter((t) => t in STAND_INS))];
	return {
		workflow: { id: 'benchHourlyPipeline', name: template.name, nodes, connections, settings: template.settings },
		dropped,
		standIns: standInTypes,
		registerStandIns: (harness) => {
			for (const type of standInTypes) harness.registerNodeType(type, STAND_INS[type]());
		},
	};
}

module.exports = { prepareTemplate, prepareFixture, pipelineFromTemplate, watchlistCode, SCAVIO_BASE };
