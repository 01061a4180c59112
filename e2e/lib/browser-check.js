'use strict';
// Headless Chromium (Debian package) driven by playwright-core: log into the n8n editor, open each
// template, check that every node renders as a known node type, and take screenshots.
const fs = require('node:fs');
const path = require('node:path');

const CHROMIUM_FLAGS = [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * @param {{baseUrl: string, email: string, password: string, workflows: Array<{id: string, file: string, label: string}>,
 *          outDir: string, userDataDir: string, check: Function, log: Function}} o
 * @returns {Promise<Record<string, string>>} label → screenshot path
 */
async function checkTemplatesInBrowser(o) {
	const { chromium } = require(process.env.PLAYWRIGHT_CORE_DIR || 'playwright-core');
	fs.rmSync(o.userDataDir, { recursive: true, force: true });
	const context = await chromium.launchPersistentContext(o.userDataDir, {
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		headless: true,
		args: CHROMIUM_FLAGS,
		viewport: { width: 1920, height: 1080 },
		deviceScaleFactor: 1,
	});
	const shots = {};
	try {
		const page = context.pages()[0] || (await context.newPage());
		page.setDefaultTimeout(60000);
		// Anything but the loopback n8n is blocked (no fonts, telemetry or templates from the internet).
		await page.route('**/*', (route) => {
			const u = new URL(route.request().url());
			return u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'blob:' ? route.continue() : route.abort();
		});
		await page.goto(`${o.baseUrl}/signin`);
		await page.fill('input[name=emailOrLdapLoginId]', o.email);
		await page.fill('input[name=password]', o.password);
		await page.click('[data-test-id=form-submit-button]');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60000 });
		o.check(true, 'browser: signed in to the editor');

		for (const wf of o.workflows) {
			const json = JSON.parse(fs.readFileSync(wf.file, 'utf8'));
			const expected = json.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
			await page.goto(`${o.baseUrl}/workflow/${wf.id}`);
			await page.waitForSelector('[data-test-id="canvas-node"]');
			await page.waitForFunction((n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n, expected.length);
			await page.waitForTimeout(1500);
			const rendered = await page.$$eval('[data-test-id="canvas-node"]', (els) => els.map((e) => ({
				name: e.getAttribute('data-node-name'),
				type: e.getAttribute('data-node-type'),
				// n8n draws an unknown node type (package not installed) as a "?" icon without handles
				unknown: e.textContent.trim().startsWith('?') || !e.querySelector('.vue-flow__handle'),
			})));
			const names = new Set(rendered.map((r) => r.name));
			o.check(expected.every((n) => names.has(n.name)), `browser ${wf.label}: all ${expected.length} nodes are on the canvas`, expected.filter((n) => !names.has(n.name)).map((n) => n.name));
			const unknown = rendered.filter((r) => r.unknown);
			o.check(unknown.length === 0, `browser ${wf.label}: no node drawn as unknown ("?", install this node)`, unknown);
			// The editor's own node-type registry knows each type at the template's typeVersion.
			const missingTypes = await page.evaluate((nodes) => {
				const pinia = document.querySelector('#app').__vue_app__.config.globalProperties.$pinia;
				const store = pinia._s.get('nodeTypes');
				return nodes.filter((n) => !store.getNodeType(n.type, n.typeVersion)).map((n) => `${n.name} (${n.type} v${n.typeVersion})`);
			}, expected.map((n) => ({ name: n.name, type: n.type, typeVersion: n.typeVersion })));
			o.check(missingTypes.length === 0, `browser ${wf.label}: the editor knows every node type and version`, missingTypes);

			await page.keyboard.press('Escape');
			const fit = await page.$('[data-test-id="zoom-to-fit"]');
			if (fit) await fit.click();
			await page.waitForTimeout(800);
			const shot = path.join(o.outDir, `${wf.label}.png`);
			await page.screenshot({ path: shot });
			shots[wf.label] = shot;

			// Open one node of each package type: its parameters render (no "Install this node to use it" panel).
			const seen = new Set();
			const customs = expected.filter((n) => n.type.startsWith('n8n-nodes-scavio-tiktok.') && !seen.has(n.type) && seen.add(n.type));
			for (const custom of customs) {
				await page.dblclick(`[data-test-id="canvas-node"][data-node-name="${custom.name}"]`);
				await page.waitForSelector('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]', { timeout: 20000 }).catch(() => {});
				await page.waitForTimeout(1000);
				const text = await page.evaluate(() => document.body.innerText);
				o.check(!/Install this node to use it|is not currently installed/i.test(text) && /Operation/.test(text),
					`browser ${wf.label}: "${custom.name}" opens with its parameters`);
				const ndvShot = path.join(o.outDir, `${wf.label}-${custom.type.split('.')[1]}.png`);
				await page.screenshot({ path: ndvShot });
				await page.keyboard.press('Escape');
				await page.waitForTimeout(500);
			}
		}
	} finally {
		await context.close();
	}
	return shots;
}

module.exports = { checkTemplatesInBrowser, CHROMIUM_FLAGS };
