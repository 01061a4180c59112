'use strict';
// An n8n 2.41 instance in queue mode (PostgreSQL + Redis + main + two workers) or in one process
// (SQLite), with the package installed in every process's own user folder, credentials and
// workflows imported and published. Used by e2e/queue.js and bench/sections/scale.js.
const fs = require('node:fs');
const path = require('node:path');
const n8n = require('./n8n');
const { startPostgres, startRedis } = require('./queue-infra');
const inst = require('./instance');

const portFrom = async (name) => (process.env[name] ? Number(process.env[name]) : n8n.freePort());

/** Copies the installed community packages (<user>/.n8n/nodes) into another user folder. */
function installCopy(from, to) {
	fs.rmSync(to, { recursive: true, force: true });
	fs.mkdirSync(path.join(to, '.n8n'), { recursive: true });
	fs.cpSync(path.join(from, '.n8n', 'nodes'), path.join(to, '.n8n', 'nodes'), { recursive: true });
}

/** Imports credentials (plaintext data, encrypted by n8n) and workflows, then publishes the workflows. */
async function importAll({ env, dir, credentials, workflows }) {
	const fail = (what, r) => {
		throw new Error(`${what} failed (exit ${r.code}): ${(r.stdout + r.stderr).slice(-800)}`);
	};
	const credFile = path.join(dir, 'credentials.import.json');
	fs.writeFileSync(credFile, JSON.stringify(credentials), { mode: 0o600 });
	const c = await n8n.runN8n(['import:credentials', `--input=${credFile}`], env, { logFile: path.join(dir, 'import.log') });
	fs.rmSync(credFile);
	if (c.code !== 0) fail('import:credentials', c);
	const wfDir = path.join(dir, 'workflows');
	fs.mkdirSync(wfDir, { recursive: true });
	for (const wf of workflows) fs.writeFileSync(path.join(wfDir, `${wf.id}.json`), JSON.stringify(wf));
	const r = await n8n.runN8n(['import:workflow', '--separate', `--input=${wfDir}`], env, { logFile: path.join(dir, 'import.log') });
	if (r.code !== 0) fail('import:workflow', r);
	for (const wf of workflows) {
		const p = await n8n.runN8n(['publish:workflow', `--id=${wf.id}`], env, { logFile: path.join(dir, 'import.log') });
		if (p.code !== 0) fail(`publish:workflow --id=${wf.id}`, p);
	}
}

/**
 * Queue mode. `work` holds the data of PostgreSQL, Redis and the user folders; `packageFrom` is a
 * user folder with the package installed (copied into main's and each worker's own folder).
 * `envFor(userFolder, port, brokerPort, extra)` builds each process's environment. Every process
 * started is handed to `track(child)`, every server's stop function to `onStop(fn)`.
 */
async function startQueueInstance({ work, packageFrom, envFor, credentials, workflows, track, onStop, log = () => {}, workers = 2, workerConcurrency = 1 }) {
	const dir = path.join(work, 'queue-mode');
	fs.mkdirSync(dir, { recursive: true });
	const pg = await startPostgres({ dir: path.join(work, 'postgres'), port: await portFrom('QUEUE_PG_PORT'), logFile: path.join(dir, 'infra.log') });
	onStop(pg.stop);
	const redis = await startRedis({ dir: path.join(work, 'redis'), port: await portFrom('QUEUE_REDIS_PORT'), logFile: path.join(dir, 'redis.log') });
	onStop(redis.stop);
	log(`PostgreSQL on 127.0.0.1:${pg.port}, Redis on 127.0.0.1:${redis.port}`);
	const queueEnv = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
	};
	const port = await portFrom('QUEUE_N8N_PORT');
	const mainUser = path.join(work, 'user-main');
	if (path.resolve(packageFrom) !== path.resolve(mainUser)) installCopy(packageFrom, mainUser);
	const env = envFor(mainUser, port, await n8n.freePort(), queueEnv);
	await importAll({ env, dir, credentials, workflows });
	const main = await n8n.startServer(env, path.join(dir, 'main.log'));
	track(main);
	const started = [];
	for (let w = 1; w <= workers; w++) {
		const user = path.join(work, `user-worker${w}`);
		installCopy(mainUser, user);
		const health = await n8n.freePort();
		const wenv = envFor(user, health, await n8n.freePort(), { ...queueEnv, QUEUE_HEALTH_CHECK_PORT: String(health) });
		const logFile = path.join(dir, `worker${w}.log`);
		const child = await inst.startWorker(wenv, health, logFile, workerConcurrency);
		track(child);
		started.push({ name: `worker${w}`, logFile, child });
	}
	log(`n8n main on 127.0.0.1:${port} (queue mode) and ${workers} workers ready`);
	const baseUrl = `http://127.0.0.1:${port}`;
	const { rest, api } = await inst.connect(baseUrl);
	return {
		baseUrl,
		rest,
		api,
		workers: started,
		pg,
		dir,
		stop: async () => {
			for (const w of started) await n8n.stopProcess(w.child, 10000);
			await n8n.stopProcess(main, 10000);
		},
	};
}

/** One process (regular mode, SQLite) with the same package, credentials and workflows. */
async function startSingleInstance({ work, packageFrom, envFor, credentials, workflows, track }) {
	const dir = path.join(work, 'single-process');
	fs.mkdirSync(dir, { recursive: true });
	const user = path.join(work, 'user-single');
	installCopy(packageFrom, user);
	const port = await n8n.freePort();
	const env = envFor(user, port, await n8n.freePort(), {});
	await importAll({ env, dir, credentials, workflows });
	const main = await n8n.startServer(env, path.join(dir, 'main.log'));
	track(main);
	const baseUrl = `http://127.0.0.1:${port}`;
	const { rest, api } = await inst.connect(baseUrl);
	return { baseUrl, rest, api, dir, stop: () => n8n.stopProcess(main, 10000) };
}

/** Which worker ran each execution, from the workers' logs ("Worker started execution <id>"). */
function executionsByWorker(workers) {
	const by = {};
	for (const w of workers) by[w.name] = [...fs.readFileSync(w.logFile, 'utf8').matchAll(/started execution (\d+)/gi)].map((m) => m[1]);
	return by;
}

module.exports = { startQueueInstance, startSingleInstance, executionsByWorker, installCopy };
