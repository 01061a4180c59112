'use strict';
// Slack Web API mock reached by n8n's REAL Slack node through a loopback HTTPS proxy.
//
// The Slack node hard-codes https://slack.com/api/..., so n8n is started with
// HTTPS_PROXY=http://127.0.0.1:<port> and NODE_EXTRA_CA_CERTS=<ca.pem>. This proxy answers
// CONNECT slack.com:443 and terminates TLS itself with a slack.com certificate signed by a
// throwaway CA made with openssl at start. Every other CONNECT target is refused: nothing
// leaves the machine. Plain HTTP on the same port serves the log: GET /__slack/messages.
//
// CLI: node e2e/lib/slack-mock.js --dir <workdir> [--port N]  → prints {"url","port","caFile"}
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

function makeCertificates(dir) {
	fs.mkdirSync(dir, { recursive: true });
	const f = (n) => path.join(dir, n);
	const ssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
	ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=n8n-e2e throwaway CA',
		'-keyout', f('ca.key'), '-out', f('ca.pem'));
	ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=slack.com', '-keyout', f('slack.key'), '-out', f('slack.csr'));
	fs.writeFileSync(f('slack.ext'), 'subjectAltName=DNS:slack.com,DNS:*.slack.com\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
	ssl('x509', '-req', '-in', f('slack.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
		'-days', '2', '-extfile', f('slack.ext'), '-out', f('slack.pem'));
	return { caFile: f('ca.pem'), key: fs.readFileSync(f('slack.key')), cert: fs.readFileSync(f('slack.pem')) };
}

function readBody(req) {
	return new Promise((resolve) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}

function parseBody(raw, contentType) {
	if (/json/.test(contentType || '')) {
		try { return JSON.parse(raw); } catch { return { _unparsed: raw }; }
	}
	return Object.fromEntries(new URLSearchParams(raw));
}

/** Starts the proxy + Slack mock. Returns {url, port, caFile, messages, close()}. */
async function startSlackMock({ dir, port = 0, logFile } = {}) {
	const { caFile, key, cert } = makeCertificates(dir);
	const messages = [];
	const control = { failNextPosts: 0 };
	let ts = 1700000000;
	const slack = https.createServer({ key, cert }, async (req, res) => {
		const raw = await readBody(req);
		const body = parseBody(raw, req.headers['content-type']);
		const entry = {
			at: new Date().toISOString(),
			method: req.method,
			path: req.url,
			hasBearer: /^Bearer \S+/.test(req.headers.authorization || ''),
			body,
		};
		messages.push(entry);
		if (logFile) fs.appendFileSync(logFile, JSON.stringify(entry) + '\n');
		res.setHeader('content-type', 'application/json; charset=utf-8');
		if (req.method === 'POST' && req.url.startsWith('/api/chat.postMessage') && control.failNextPosts > 0) {
			// What Slack answers when the bot is not in the channel (HTTP 200, ok: false).
			control.failNextPosts -= 1;
			res.end(JSON.stringify({ ok: false, error: 'channel_not_found' }));
			return;
		}
		if (req.method === 'POST' && req.url.startsWith('/api/chat.postMessage')) {
			ts += 1;
			const channel = body.channel || 'C000MOCK';
			let blocks = body.blocks;
			if (typeof blocks === 'string') { try { blocks = JSON.parse(blocks); } catch { /* keep */ } }
			res.end(JSON.stringify({ ok: true, channel, ts: `${ts}.000100`,
				message: { type: 'message', text: body.text, blocks, ts: `${ts}.000100`, bot_id: 'BMOCK' } }));
			return;
		}
		if (req.url.startsWith('/api/auth.test')) {
			res.end(JSON.stringify({ ok: true, url: 'https://mock.slack.com/', team: 'Mock', user: 'n8n', team_id: 'T0', user_id: 'U0' }));
			return;
		}
		res.end(JSON.stringify({ ok: false, error: 'not_mocked' }));
	});

	const proxy = http.createServer((req, res) => {
		if (req.method === 'GET' && req.url === '/__slack/messages') {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(messages));
			return;
		}
		// Plain-HTTP proxying is never needed: refuse so nothing leaves loopback.
		res.statusCode = 403;
		res.end('slack mock proxy: only CONNECT slack.com:443 is served\n');
	});
	proxy.on('connect', (req, socket, head) => {
		const [host, p] = String(req.url).split(':');
		if (!/^(.+\.)?slack\.com$/i.test(host) || (p && p !== '443')) {
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head && head.length) socket.unshift(head);
		slack.emit('connection', socket);
	});
	await new Promise((resolve) => proxy.listen(port, '127.0.0.1', resolve));
	const actual = proxy.address().port;
	return {
		url: `http://127.0.0.1:${actual}`,
		port: actual,
		caFile,
		messages,
		/** failPosts(n): the next n chat.postMessage calls get Slack's channel_not_found answer. */
		failPosts: (n) => { control.failNextPosts = n; },
		close: () => new Promise((resolve) => { slack.close(); proxy.close(() => resolve()); proxy.closeAllConnections?.(); }),
	};
}

module.exports = { startSlackMock };

if (require.main === module) {
	const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
	const dir = arg('--dir');
	if (!dir) { console.error('usage: slack-mock.js --dir <workdir> [--port N] [--log file.jsonl]'); process.exit(2); }
	startSlackMock({ dir, port: Number(arg('--port', 0)), logFile: arg('--log') }).then((m) => {
		process.stdout.write(JSON.stringify({ url: m.url, port: m.port, caFile: m.caFile }) + '\n');
		const stop = () => m.close().then(() => process.exit(0));
		process.on('SIGTERM', stop); process.on('SIGINT', stop);
	});
}
