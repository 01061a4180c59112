'use strict';
// A tiny SMTP sink for n8n's Send Email node: EHLO/HELO, AUTH (PLAIN, LOGIN; any password),
// MAIL, RCPT, DATA, RSET, NOOP, QUIT. No TLS (the test credential sets secure=false and the
// server does not offer STARTTLS). Each accepted message is kept in memory and, when a
// directory is given, written there as message-<n>.eml. Loopback only.
//
// CLI: node e2e/lib/smtp-sink.js --dir <dir> [--port N] → prints {"port"}
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

async function startSmtpSink({ dir, port = 0 } = {}) {
	if (dir) fs.mkdirSync(dir, { recursive: true });
	const messages = [];
	const server = net.createServer((socket) => {
		socket.setEncoding('utf8');
		let buffer = '';
		let mode = 'command';
		let envelope = { from: null, to: [] };
		let data = [];
		let authStep = null;
		const reply = (line) => socket.write(line + '\r\n');
		reply('220 smtp-sink.local ESMTP n8n e2e sink');
		const onLine = (line) => {
			if (mode === 'data') {
				if (line === '.') {
					const raw = data.join('\r\n') + '\r\n';
					const msg = { from: envelope.from, to: envelope.to, raw, at: new Date().toISOString() };
					messages.push(msg);
					if (dir) fs.writeFileSync(path.join(dir, `message-${messages.length}.eml`), raw);
					mode = 'command';
					envelope = { from: null, to: [] };
					data = [];
					reply(`250 2.0.0 queued as ${messages.length}`);
				} else {
					data.push(line.startsWith('..') ? line.slice(1) : line);
				}
				return;
			}
			if (authStep) { // continuation lines of AUTH LOGIN / AUTH PLAIN
				if (authStep === 'login-user') { authStep = 'login-pass'; reply('334 UGFzc3dvcmQ6'); }
				else { authStep = null; reply('235 2.7.0 Authentication successful'); }
				return;
			}
			const [verb, ...rest] = line.split(' ');
			const arg = rest.join(' ');
			switch (verb.toUpperCase()) {
				case 'EHLO':
					socket.write('250-smtp-sink.local\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 52428800\r\n');
					break;
				case 'HELO': reply('250 smtp-sink.local'); break;
				case 'AUTH': {
					const [method, initial] = arg.split(' ');
					if (/^PLAIN$/i.test(method)) {
						if (initial) reply('235 2.7.0 Authentication successful');
						else { authStep = 'plain'; reply('334 '); }
					} else if (/^LOGIN$/i.test(method)) {
						if (initial) { authStep = 'login-pass'; reply('334 UGFzc3dvcmQ6'); }
						else { authStep = 'login-user'; reply('334 VXNlcm5hbWU6'); }
					} else reply('504 5.5.4 Unrecognized authentication type');
					break;
				}
				case 'MAIL': envelope.from = arg.replace(/^FROM:\s*/i, '').replace(/\s.*$/, ''); reply('250 2.1.0 Ok'); break;
				case 'RCPT': envelope.to.push(arg.replace(/^TO:\s*/i, '').replace(/\s.*$/, '')); reply('250 2.1.5 Ok'); break;
				case 'DATA': mode = 'data'; reply('354 End data with <CR><LF>.<CR><LF>'); break;
				case 'RSET': envelope = { from: null, to: [] }; data = []; reply('250 2.0.0 Ok'); break;
				case 'NOOP': reply('250 2.0.0 Ok'); break;
				case 'QUIT': reply('221 2.0.0 Bye'); socket.end(); break;
				default: reply('502 5.5.2 Command not recognized');
			}
		};
		socket.on('data', (chunk) => {
			buffer += chunk;
			let i;
			while ((i = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, i);
				buffer = buffer.slice(i + 2);
				onLine(line);
			}
		});
		socket.on('error', () => {});
	});
	await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		port: server.address().port,
		messages,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startSmtpSink };

if (require.main === module) {
	const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
	startSmtpSink({ dir: arg('--dir'), port: Number(arg('--port', 0)) }).then((s) => {
		process.stdout.write(JSON.stringify({ port: s.port }) + '\n');
		const stop = () => s.close().then(() => process.exit(0));
		process.on('SIGTERM', stop); process.on('SIGINT', stop);
	});
}
