'use strict';
// One n8n instance for the queue-mode test: a main process (and, in queue mode, workers), its
// credentials and workflows, the owner login and a public API key. Everything on loopback.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const n8n = require('./n8n');
const { http } = require('./util');
const { OWNER } = require('./paths');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Copies a template and adds a Webhook trigger ("Test Tick", POST /webhook/<tickPath>) wired like its Schedule Trigger, which is disabled. */
function withTick(source, tickPath) {
	const wf = JSON.parse(JSON.stringify(source));
	const schedule = wf.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (!schedule) throw new Error(`${wf.name}: no Schedule Trigger to stand in for`);
	schedule.disabled = true;
	wf.nodes.push({
		parameters: { httpMethod: 'POST', path: tickPath, responseMode: 'onReceived', options: {} },
		id: crypto.randomUUID(),
		name: 'Test Tick',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [schedule.position[0], schedule.position[1] - 200],
		webhookId: crypto.randomUUID(),
	});
	wf.connections['Test Tick'] = JSON.parse(JSON.stringify(wf.connections[schedule.name]));
	wf.staticData = null;
	wf.active = false;
	return wf;
}

/** Waits until `url` answers 200 (a worker's /healthz/readiness) or the process exits. */
async function waitHealthy(url, child, logFile, timeoutMs = 240000) {
	const t0 = Date.now();
	while (Date.now() - t0 < timeoutMs) {
		if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before it was ready; see ${logFile}`);
		try {
			const res = await fetch(url);
			if (res.status === 200) return;
		} catch {
			/* not yet listening */
		}
		await sleep(500);
	}
	throw new Error(`${url} not ready within ${timeoutMs / 1000} s; see ${logFile}`);
}

/** Starts `n8n worker`; resolves once its health endpoint is ready. */
async function startWorker(env, healthPort, logFile, concurrency = 1) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(process.env.N8N_BIN, ['worker', `--concurrency=${concurrency}`], { env, stdio: ['ignore', out, out] });
	await waitHealthy(`http://127.0.0.1:${healthPort}/healthz/readiness`, child, logFile);
	return child;
}

/** Owner login + a public API client for one instance. */
async function connect(baseUrl) {
	const rest = new n8n.RestClient(baseUrl);
	await rest.ensureOwnerAndLogin(OWNER);
	const scopes = await rest.request('GET', '/rest/api-keys/scopes');
	const created = await rest.request('POST', '/rest/api-keys', { label: `queue-test-${Date.now()}`, scopes: scopes.json.data, expiresAt: null });
	if (created.status !== 200) throw new Error(`public API key: HTTP ${created.status} ${created.text.slice(0, 300)}`);
	const key = created.json.data.rawApiKey;
	const api = (method, url, body) => http(method, `${baseUrl}/api/v1${url}`, body, { 'X-N8N-API-KEY': key });
	return { rest, api };
}

function flattedParse(text) {
	const { parse } = require(path.join(process.env.E2E_ROOT, 'n8n/node_modules/flatted'));
	return parse(text);
}

/** All executions of a workflow (public API), newest first. */
async function executionsOf(api, workflowId) {
	const all = [];
	let cursor;
	do {
		const page = await api('GET', `/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
		all.push(...page.data);
		cursor = page.nextCursor;
	} while (cursor);
	return all;
}

const DONE = (e) => e.finished === true || ['success', 'error', 'crashed', 'canceled'].includes(e.status);

/** POSTs `ticks` webhook calls at once and waits until that many new executions of the workflow are done; returns them with their run data. */
async function tick(inst, wf, { ticks = 1, timeoutMs = 300000 } = {}) {
	const before = new Set((await executionsOf(inst.api, wf.id)).map((e) => String(e.id)));
	const tickPath = wf.nodes.find((n) => n.name === 'Test Tick').parameters.path;
	await Promise.all(Array.from({ length: ticks }, () => http('POST', `${inst.baseUrl}/webhook/${tickPath}`, {})));
	const t0 = Date.now();
	while (Date.now() - t0 < timeoutMs) {
		const fresh = (await executionsOf(inst.api, wf.id)).filter((e) => !before.has(String(e.id)));
		if (fresh.length >= ticks && fresh.every(DONE)) {
			const out = [];
			for (const e of fresh.sort((a, b) => Number(a.id) - Number(b.id))) out.push(await executionWithData(inst.api, e.id));
			return out;
		}
		await sleep(400);
	}
	throw new Error(`${wf.id}: ${ticks} execution(s) not done within ${timeoutMs / 1000} s`);
}

async function executionWithData(api, id) {
	const e = await api('GET', `/executions/${id}?includeData=true`);
	const data = typeof e.data === 'string' ? flattedParse(e.data) : e.data;
	return { ...e, data };
}

/** Items of one node's output in an execution's run data. */
function out(execution, node, output = 0) {
	const run = execution.data?.resultData?.runData?.[node]?.[0];
	return (run?.data?.main?.[output] || []).map((i) => i.json);
}

async function allRows(api, tableId) {
	const rows = [];
	let cursor;
	do {
		const page = await api('GET', `/data-tables/${tableId}/rows?limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
		rows.push(...page.data);
		cursor = page.nextCursor;
	} while (cursor);
	return rows;
}

async function tableId(api, name) {
	const tables = await api('GET', '/data-tables?limit=100');
	return (tables.data || []).find((t) => t.name === name)?.id;
}

module.exports = { withTick, startWorker, waitHealthy, connect, tick, out, executionsOf, executionWithData, allRows, tableId, flattedParse, sleep };
