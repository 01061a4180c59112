'use strict';
// Lets the bench `require()` the project's TypeScript (test/harness, nodes/, lib/) straight from
// the source tree, without ts-node and without a build folder: each .ts file is transpiled on load
// with the project's own `typescript` (transpileModule = per-file, no type check — `npm run build`,
// lint and jest do the type checking). Running from the source tree keeps every relative path
// (the harness requiring test/mock-scavio/server.js, JSON codex files, …) exactly as in the repo.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2021,
	esModuleInterop: true,
	resolveJsonModule: true,
	inlineSourceMap: true,
	inlineSources: false,
};

let registered = false;

function register() {
	if (registered) return;
	registered = true;
	const extensions = require.extensions;
	// Extension-less requires try the registered extensions in insertion order. `.ts` must come
	// before `.json`: `require('./ScavioTiktok.node')` has to find ScavioTiktok.node.ts, not the
	// ScavioTiktok.node.json codex file next to it (jest resolves the same way).
	const { '.json': json, '.node': native } = extensions;
	delete extensions['.json'];
	delete extensions['.node'];
	extensions['.ts'] = function compileTs(module, filename) {
		const source = fs.readFileSync(filename, 'utf8');
		const out = ts.transpileModule(source, { compilerOptions, fileName: filename, reportDiagnostics: false });
		module._compile(out.outputText, filename);
	};
	extensions['.json'] = json;
	extensions['.node'] = native;
	if (typeof process.setSourceMapsEnabled === 'function') process.setSourceMapsEnabled(true);
}

/** require() a repository file given relative to the repository root. */
function requireRepo(relativePath) {
	register();
	return require(path.join(__dirname, '..', '..', relativePath));
}

module.exports = { register, requireRepo };
