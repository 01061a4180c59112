'use strict';
// PostgreSQL and Redis for `npm run test:queue`, run as this test's own processes on loopback with
// their data under .e2e/ (never the distribution's services). Installed from Debian packages by
// e2e/queue.sh when missing. PostgreSQL refuses to run as root: as root, its commands run as the
// `postgres` system user (created by the Debian package) through runuser.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The newest /usr/lib/postgresql/<major>/bin, or throws. */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'bin', 'postgres'))) : [];
	if (majors.length === 0) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): run e2e/queue.sh as root once, or apt-get install postgresql');
	majors.sort((a, b) => Number(b) - Number(a));
	return path.join(root, majors[0], 'bin');
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
/** argv to run a PostgreSQL command as a non-root user. */
function pgArgv(bin, args) {
	return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}
function pgRun(bin, args, opts = {}) {
	const [cmd, argv] = pgArgv(bin, args);
	return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...opts }).toString();
}

/**
 * Starts a throwaway PostgreSQL cluster in `dir` on 127.0.0.1:`port` (trust auth, loopback only) and
 * creates `database`. Returns {port, user, database, stop()}.
 */
async function startPostgres({ dir, port, database = 'n8n', logFile }) {
	const bin = postgresBin();
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const sock = path.join(dir, 'sock');
	const data = path.join(dir, 'data');
	fs.mkdirSync(sock);
	if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	pgRun(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
	const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${sock} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
	pgRun(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'postgres.log'), '-o', opts, '-w', '-t', '60', 'start']);
	const stop = async () => {
		try {
			pgRun(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
		} catch {
			/* already stopped */
		}
	};
	try {
		pgRun(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
	} catch (err) {
		await stop();
		throw err;
	}
	if (logFile) fs.appendFileSync(logFile, `postgres ${bin} on 127.0.0.1:${port}, data ${data}\n`);
	return { port, user: 'postgres', database, dataDir: data, bin, stop };
}

/** psql -At against the test cluster; returns stdout. */
function psql(pg, sql) {
	return pgRun(path.join(pg.bin, 'psql'), ['-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.user, '-d', pg.database, '-At', '-c', sql]);
}

/** Starts redis-server on 127.0.0.1:`port` without persistence. Returns {port, child, stop()}. */
async function startRedis({ dir, port, logFile }) {
	fs.mkdirSync(dir, { recursive: true });
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
		stdio: ['ignore', fs.openSync(logFile, 'a'), fs.openSync(logFile, 'a')],
	});
	for (let i = 0; i < 100; i++) {
		if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}; see ${logFile}`);
		try {
			if (execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() === 'PONG') break;
		} catch {
			/* not yet */
		}
		await sleep(100);
	}
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
		});
	return { port, child, stop };
}

module.exports = { startPostgres, startRedis, psql, postgresBin };
