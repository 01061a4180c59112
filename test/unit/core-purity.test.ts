/**
 * The core (lib/) is plain TypeScript: no n8n import, no Node built-ins, no timers, env or files,
 * so it is tested directly and could run anywhere. This reads every file of lib/ and fails on any
 * such import or global.
 */
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.resolve(__dirname, '../../lib');

function filesUnder(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(full) : entry.name.endsWith('.ts') ? [full] : [];
	});
}

const files = filesUnder(LIB);
const importsOf = (text: string) => [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('the core in lib/', () => {
	it('has files to check', () => {
		expect(files.length).toBeGreaterThan(15);
	});

	it.each(files.map((f) => [path.relative(LIB, f), f]))('%s imports only other core files', (_name, file) => {
		const text = fs.readFileSync(file, 'utf8');
		for (const specifier of importsOf(text)) expect(specifier).toMatch(/^\.\.?\//);
		expect(text).not.toMatch(/\bprocess\.|\bsetTimeout\(|\bsetInterval\(|\brequire\(/);
	});

	it('the check sees an n8n import when there is one', () => {
		expect(importsOf(`import { NodeOperationError } from 'n8n-workflow';`)).toEqual(['n8n-workflow']);
		expect(importsOf(`import type { X } from "../trends";`)).toEqual(['../trends']);
	});
});
