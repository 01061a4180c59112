'use strict';
// Driver of `npm start` (see e2e/start.sh): mock (unless SCAVIO_API_KEY), n8n, credentials, templates, owner.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const n8n = require('./lib/n8n');

const REPO = path.resolve(__dirname, '..');
const DEMO = process.env.E2E_DEMO;
const USER_FOLDER = path.join(DEMO, 'user');
const PORT = Number(process.env.N8N_PORT || 5678);
// Documented in the README (npm start) and printed below; a local, loopback-only demo instance.
const OWNER = { email: 'demo@example.com', password: 'DemoPassw0rd', firstName: 'Demo', lastName: 'User' };
const TEMPLATES = ['hourly-breakouts.json', 'weekly-report.json'].map((f) => path.join(REPO, 'workflows', f));

const children = [];
let stopping = false;
async function stop(code) {
	if (stopping) return;
	stopping = true;
	process.stdout.write('\nstopping n8n and the mock…\n');
	await n8n.stopAllN8n();
	for (const c of children.reverse()) await n8n.stopProcess(c, 8000);
	process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function startMock() {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(REPO, 'test/mock-scavio/server.js'), '--demo', '--port', '0', '--log', path.join(DEMO, 'scavio-mock-requests.jsonl')], { stdio: ['ignore', 'pipe', 'inherit'] });
		children.push(child);
		child.stdout.once('data', (d) => {
			try { resolve(JSON.parse(String(d).split('\n')[0])); } catch (e) { reject(e); }
		});
		child.on('exit', (c) => { if (!stopping) reject(new Error(`Scavio mock exited (${c})`)); });
	});
}

async function main() {
	const realKey = process.env.SCAVIO_API_KEY && process.env.SCAVIO_API_KEY.trim();
	const brokerPort = await n8n.freePort();
	const env = n8n.n8nEnv({ userFolder: USER_FOLDER, port: PORT, brokerPort });
	delete env.SCAVIO_API_KEY; // n8n itself never needs it: it lives in the encrypted credential

	let scavio;
	if (realKey) scavio = { url: 'https://api.scavio.dev', apiKey: realKey };
	else {
		const mock = await startMock();
		scavio = { url: mock.url, apiKey: 'sk_test_mock' };
	}

	// Credentials with the ids the templates reference (re-imported at each start: the base URL of the
	// mock changes). Slack and SMTP are placeholders to replace in the editor.
	const refs = {};
	for (const f of TEMPLATES) for (const nd of JSON.parse(fs.readFileSync(f, 'utf8')).nodes) Object.assign(refs, nd.credentials || {});
	const credFile = path.join(DEMO, 'credentials.import.json');
	const creds = [{ ...refs.scavioTiktokApi, type: 'scavioTiktokApi', data: { apiKey: scavio.apiKey, baseUrl: scavio.url } }];
	const firstStart = !fs.existsSync(path.join(DEMO, '.templates-imported'));
	if (firstStart) {
		creds.push({ ...refs.slackApi, type: 'slackApi', data: { accessToken: 'xoxb-replace-me' } });
		creds.push({ ...refs.smtp, type: 'smtp', data: { user: '', password: '', host: 'smtp.example.com', port: 587, secure: false } });
	}
	fs.writeFileSync(credFile, JSON.stringify(creds), { mode: 0o600 });
	try {
		const r = await n8n.runN8n(['import:credentials', `--input=${credFile}`], env, { logFile: path.join(DEMO, 'n8n-import.log') });
		if (r.code !== 0) throw new Error(`importing the credentials failed; see ${path.join(DEMO, 'n8n-import.log')}`);
	} finally {
		fs.rmSync(credFile, { force: true });
	}
	// Templates only on the first start: later starts keep your edits.
	if (firstStart) {
		for (const f of TEMPLATES) {
			const r = await n8n.runN8n(['import:workflow', `--input=${f}`], env, { logFile: path.join(DEMO, 'n8n-import.log') });
			if (r.code !== 0) throw new Error(`importing ${path.basename(f)} failed; see ${path.join(DEMO, 'n8n-import.log')}`);
		}
		fs.writeFileSync(path.join(DEMO, '.templates-imported'), new Date().toISOString() + '\n');
	}

	process.stdout.write(`starting n8n on 127.0.0.1:${PORT} (log: ${path.relative(REPO, path.join(DEMO, 'n8n.log'))})…\n`);
	const server = await n8n.startServer(env, path.join(DEMO, 'n8n.log'), { timeoutMs: 300000 });
	children.push(server);
	server.on('exit', (c) => { if (!stopping) { process.stderr.write(`n8n exited (${c}); see ${path.join(DEMO, 'n8n.log')}\n`); stop(1); } });
	const rest = new n8n.RestClient(`http://127.0.0.1:${PORT}`);
	await rest.ensureOwnerAndLogin(OWNER);

	const hourlyId = JSON.parse(fs.readFileSync(TEMPLATES[0], 'utf8')).id;
	process.stdout.write([
		'',
		'n8n is running with n8n-nodes-scavio-tiktok installed.',
		`  Editor:   http://127.0.0.1:${PORT}/workflow/${hourlyId}`,
		`  Login:    ${OWNER.email} / ${OWNER.password}`,
		realKey
			? '  Scavio:   the real API (https://api.scavio.dev) with your SCAVIO_API_KEY — every run uses credits'
			: `  Scavio:   the local demo mock at ${scavio.url} (1 real minute = 1 TikTok hour; #matchalatte breaks out every 24 mock hours)`,
		'  Slack and SMTP credentials are placeholders: open them in the editor to connect yours.',
		'  Press Ctrl-C to stop.',
		'',
	].join('\n') + '\n');
	await new Promise(() => {}); // until a signal
}

main().catch((err) => {
	process.stderr.write(`npm start failed: ${err && err.message}\n`);
	stop(1);
});
