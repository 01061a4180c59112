// Mirrors what @n8n/node-cli's `n8n-node lint` runs (see README, "Tooling"): @eslint/js +
// typescript-eslint + @n8n/eslint-plugin-community-nodes `recommended` + no-console, and
// eslint-plugin-n8n-nodes-base's community/credentials/nodes rule sets on their files.
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
		languageOptions: { parser: tseslint.parser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...nb.community.rules },
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
