/**
 * `npm run scan` (scripts/scan.js) runs n8n's analyzePackage (@n8n/scan-community-package) offline.
 * These tests run the script as a user does, with `--dir`, on small package folders: it must pass a
 * clean package (valid-author allowed while `author` has no e-mail, and said so), and fail on
 * shipped `.d.ts` files and on a rule n8n's scanner enforces; once `author` has an e-mail nothing is
 * allowed (valid-author on package.json is the only finding that ever is).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const { parseStylish, authorHasEmail } = require('../../scripts/scan') as {
	parseStylish: (text: string) => { findings: Array<Record<string, unknown>>; summary: { errors: number; warnings: number } | null };
	authorHasEmail: (dir: string) => boolean;
};

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'scan.js');

function makePackage(files: Record<string, string>, author: unknown = { name: 'Probe' }): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-probe-'));
	const pkg = {
		name: 'n8n-nodes-scanprobe',
		version: '0.0.1',
		description: 'Scanner probe',
		license: 'MIT',
		homepage: 'https://github.com/example/n8n-nodes-scanprobe',
		author,
		repository: { type: 'git', url: 'https://github.com/example/n8n-nodes-scanprobe.git' },
		keywords: ['n8n-community-node-package'],
		files: ['dist'],
		n8n: { n8nNodesApiVersion: 1, strict: true, credentials: [], nodes: ['dist/nodes/Probe/Probe.node.js'] },
		peerDependencies: { 'n8n-workflow': '*' },
	};
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	for (const [file, text] of Object.entries({ ...probeNode, ...files })) {
		fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
		fs.writeFileSync(path.join(dir, file), text);
	}
	return dir;
}

function scan(dir: string, ...extra: string[]): { status: number | null; out: string } {
	const r = spawnSync(process.execPath, [SCRIPT, '--dir', dir, ...extra], { encoding: 'utf8' });
	return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const helper = "'use strict';\nObject.defineProperty(exports, '__esModule', { value: true });\nexports.add = (a, b) => a + b;\n";

/** A node as tsc compiles it, with its two icons: what a clean package ships. */
const probeNode: Record<string, string> = {
	'dist/nodes/Probe/Probe.node.js': [
		"'use strict';",
		"Object.defineProperty(exports, '__esModule', { value: true });",
		'exports.Probe = void 0;',
		"const n8n_workflow_1 = require('n8n-workflow');",
		'class Probe {',
		'    constructor() {',
		'        this.description = {',
		"            displayName: 'Probe', name: 'probe', icon: { light: 'file:probe.svg', dark: 'file:probe.dark.svg' },",
		"            group: ['transform'], version: 1, subtitle: '={{$parameter.operation}}', description: 'Passes items through',",
		"            defaults: { name: 'Probe' }, inputs: [n8n_workflow_1.NodeConnectionTypes.Main], outputs: [n8n_workflow_1.NodeConnectionTypes.Main],",
		'            usableAsTool: true, properties: [],',
		'        };',
		'    }',
		'    async execute() {',
		'        return [this.getInputData()];',
		'    }',
		'}',
		'exports.Probe = Probe;',
		'',
	].join('\n'),
	'dist/nodes/Probe/probe.svg': '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>\n',
	'dist/nodes/Probe/probe.dark.svg': '<svg xmlns="http://www.w3.org/2000/svg"><rect width="2" height="2"/></svg>\n',
};

describe('npm run scan (scripts/scan.js --dir)', () => {
	const dirs: string[] = [];
	afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

	it('passes a clean package and names the one allowed finding; --release allows nothing', () => {
		const dir = makePackage({ 'dist/lib/helper.js': helper });
		dirs.push(dir);
		const { status, out } = scan(dir);
		expect(out).toMatch(/package\.json:\d+:\d+ {2}error .*@n8n\/community-nodes\/valid-author.*allowed until a maintainer e-mail is set/);
		expect(out).toMatch(/\[scan\] passed: 0 errors, 1 allowed/);
		expect(status).toBe(0);

		const release = scan(dir, '--release');
		expect(release.out).toMatch(/valid-author\)  — set the maintainer e-mail in package\.json "author"/);
		expect(release.out).toMatch(/\[scan\] FAILED: 1 error$/m);
		expect(release.status).toBe(1);
	}, 90000);

	it('fails when the package ships TypeScript declaration files', () => {
		const dir = makePackage({
			'dist/lib/helper.js': helper,
			'dist/lib/helper.d.ts': 'export declare const add: (a: number, b: number) => number;\n',
			'dist/credentials/ProbeApi.credentials.d.ts': "import type { ICredentialType, INodeProperties } from 'n8n-workflow';\nexport declare class ProbeApi implements ICredentialType {\n    name: string;\n    displayName: string;\n    properties: INodeProperties[];\n}\n",
		});
		dirs.push(dir);
		const { status, out } = scan(dir);
		expect(out).toMatch(/ships 2 TypeScript declaration files.*\(no-declaration-files\)/);
		expect(out).toMatch(/ProbeApi\.credentials\.d\.ts:\d+:\d+ {2}error .*n8n-nodes-base\/cred-filename-against-convention/);
		expect(out).toMatch(/\[scan\] FAILED: 2 errors, 1 allowed/);
		expect(status).toBe(1);
	}, 90000);

	it('fails on a rule of n8n’s scanner, and allows nothing once the author has an e-mail', () => {
		const dir = makePackage({ 'dist/lib/helper.js': `${helper}exports.home = process.env.HOME;\n` }, { name: 'Probe', email: 'probe@example.invalid' });
		dirs.push(dir);
		const { status, out } = scan(dir);
		expect(out).toMatch(/helper\.js:\d+:\d+ {2}error .*@n8n\/community-nodes\/no-restricted-globals/);
		expect(out).not.toMatch(/valid-author/);
		expect(out).toMatch(/\[scan\] FAILED: 1 error$/m);
		expect(status).toBe(1);
	}, 90000);

	it('treats an author string without an e-mail as no e-mail (valid-author still allowed)', () => {
		const dir = makePackage({ 'dist/lib/helper.js': helper }, 'Probe');
		dirs.push(dir);
		expect(authorHasEmail(dir)).toBe(false);
		const { status, out } = scan(dir);
		expect(out).toMatch(/valid-author.*allowed/);
		expect(status).toBe(0);
	}, 90000);
});

describe('parseStylish', () => {
	it('reads files, positions, severities, rules and the summary, with or without colours', () => {
		const text = [
			'',
			'/tmp/p/package.json',
			'  7:3  \u001b[31merror\u001b[39m  The "author" field must include a non-empty email  \u001b[2m@n8n/community-nodes/valid-author\u001b[22m',
			'',
			'/tmp/p/dist/x.js',
			'   1:1   error    Parsing error: Unexpected token',
			'  12:40  warning  Something to look at  some/rule',
			'',
			'\u001b[31m\u001b[1m✖ 3 problems (2 errors, 1 warning)\u001b[22m\u001b[39m',
			'',
		].join('\n');
		const { findings, summary } = parseStylish(text);
		expect(summary).toEqual({ errors: 2, warnings: 1 });
		expect(findings).toEqual([
			{ file: '/tmp/p/package.json', line: 7, column: 3, severity: 'error', message: 'The "author" field must include a non-empty email', rule: '@n8n/community-nodes/valid-author' },
			{ file: '/tmp/p/dist/x.js', line: 1, column: 1, severity: 'error', message: 'Parsing error: Unexpected token', rule: null },
			{ file: '/tmp/p/dist/x.js', line: 12, column: 40, severity: 'warning', message: 'Something to look at', rule: 'some/rule' },
		]);
	});

	it('accepts an author string with an e-mail', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-author-'));
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ author: 'Probe <probe@example.invalid>' }));
		expect(authorHasEmail(dir)).toBe(true);
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
