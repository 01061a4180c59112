// The rules of @n8n/node-cli's `n8n-node lint` (its `config`, the n8n Cloud variant that strict
// mode asks for), written out because @n8n/node-cli does not install on Node 20: @eslint/js +
// typescript-eslint + @n8n/eslint-plugin-community-nodes `recommended` + no-console on the shipped
// TypeScript, the community plugin and eslint-plugin-n8n-nodes-base's package rules on
// package.json, its credentials and nodes rule sets on their files. docs/tooling.md lists every
// difference (import-x, the rules kept on here that node-cli turns off, the files linted).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const nb = n8nNodesBase.configs;

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.e2e/**', 'test/**', 'bench/**', 'e2e/**', 'workflows/**', 'gulpfile.js', 'jest.config.js', 'eslint.config.mjs', 'artifacts/**', 'coverage/**', 'scripts/**'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, ...tseslint.configs.recommended, n8nCommunityNodesPlugin.configs.recommended],
		rules: { 'no-console': 'error' },
		// The community package scanner lints with allowInlineConfig: false, so an eslint-disable
		// comment would pass here and fail there: ignore them here too.
		linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
	},
	{
		files: ['package.json'],
		extends: [n8nCommunityNodesPlugin.configs.recommended],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...nb.community.rules,
			// The one rule of n8n-node lint's set not enforced: the package has no publisher contact
			// address yet. Add "email" to package.json's "author" and delete this line before publishing.
			'@n8n/community-nodes/valid-author': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...nb.credentials.rules,
			// Superseded: the community plugin's credential-documentation-url accepts (and the docs want) a full URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...nb.nodes.rules,
			// These two contradict the community plugin's NodeConnectionTypes rule; node-cli turns them off too.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
);
