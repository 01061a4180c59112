#!/usr/bin/env node
'use strict';
// `npm run bench` — measures the package against the loopback Scavio mock and writes
// bench/results.json. Every figure is measured in this run; see bench/README.md.
//
//   npm run bench                       all sections
//   npm run bench -- --only fetch,analyzer   a subset (fetch, credits, analyzer, n8n, detection, scale)
//   node bench/run.js --only detection       detection quality alone (about a minute)
//
// A section installs what it needs and says so (n8n: e2e/setup.sh; scale: PostgreSQL and Redis through
// scripts/install-queue-services.sh, as npm run test:queue does).
//
// Exit code 1 when a section could not run (its keys are null and the reason is printed);
// a missed goal is reported in the table but does not fail the run.
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');

const SECTIONS = {
	fetch: () => require('./sections/fetch'),
	credits: () => require('./sections/credits'),
	analyzer: () => require('./sections/analyzer'),
	n8n: () => require('./sections/n8n'),
	detection: () => require('./sections/detection'),
	scale: () => require('./sections/scale'),
};

/** Goals of the issues (5, 12, 13, 14): key → [comparison, bound]. */
const GOALS = {
	fetch_ratio_configured: ['<=', 1.1],
	rejected_configured: ['<=', 0],
	fetch_ratio_auto: ['<=', 1.3],
	lost_auto: ['<=', 0],
	credits_per_hashtag_hourly: ['<=', 1.05],
	// Issue 13: one analyzer run of 10,000 hashtags with a year of history, including parsing and
	// writing its stored history (analyze() does both itself: history.ts).
	analyzer_ms_10k: ['<', 1000],
	state_bytes_per_hashtag: ['<=', 3072],
	// Issue 12: detection quality against labelled truth (bench/sections/detection.js).
	breakout_tpr: ['>=', 0.98],
	breakout_fpr: ['<=', 0.001],
	episodes_detected_at_first_run: ['>=', 1],
	false_spikes_per_quiet_tag_week: ['<=', 0.2],
	episode_spike_recall: ['>=', 0.9],
	// Issue 14: 1,000 hashtags through the large-watchlist template in queue mode (sections/scale.js).
	scale_wall_ratio: ['<=', 1.3],
	scale_lost: ['<=', 0],
	scale_table_read_ms: ['<', 1000],
};

function parseArgs(argv) {
	const args = { only: Object.keys(SECTIONS) };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--only') args.only = String(argv[++i] || '').split(',').filter(Boolean);
		else if (argv[i].startsWith('--only=')) args.only = argv[i].slice(7).split(',').filter(Boolean);
		else throw new Error(`Unknown argument "${argv[i]}". Use --only ${Object.keys(SECTIONS).join(',')}`);
	}
	for (const name of args.only) {
		if (!SECTIONS[name]) throw new Error(`Unknown section "${name}". Known: ${Object.keys(SECTIONS).join(', ')}`);
	}
	return args;
}

function formatValue(value) {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'number') {
		if (Number.isInteger(value)) return String(value);
		return Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(3);
	}
	return String(value);
}

function goalText(key, value) {
	const goal = GOALS[key];
	if (!goal) return ['', ''];
	const [op, bound] = goal;
	if (typeof value !== 'number') return [`${op} ${bound}`, 'n/a'];
	const ok = op === '<=' ? value <= bound : op === '<' ? value < bound : value >= bound;
	return [`${op} ${bound}`, ok ? 'ok' : 'MISSED'];
}

function printTable(results, notes) {
	const rows = [['key', 'value', 'goal', '']];
	for (const [key, value] of Object.entries(results)) {
		const [goal, status] = goalText(key, value);
		rows.push([key, formatValue(value), goal, status]);
	}
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	const line = (r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
	console.log('');
	console.log(line(rows[0]));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const r of rows.slice(1)) console.log(line(r));
	for (const note of notes) console.log(`note: ${note}`);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const loadavg1mAtStart = os.loadavg()[0];
	const results = {};
	const details = {};
	const notes = [];
	let failed = false;

	for (const name of Object.keys(SECTIONS)) {
		if (!args.only.includes(name)) continue;
		const section = SECTIONS[name]();
		const t0 = Date.now();
		console.log(`[bench] ${name}: ${section.title}`);
		try {
			const out = await section.run({ log: (msg) => console.log(`[bench] ${name}: ${msg}`) });
			Object.assign(results, out.results);
			if (out.details) details[name] = out.details;
			for (const note of out.notes || []) notes.push(`${name}: ${note}`);
		} catch (error) {
			failed = true;
			for (const key of section.keys) results[key] = null;
			const reason = error && error.message ? error.message : String(error);
			details[name] = { error: reason };
			notes.push(`${name}: could not run: ${reason}`);
			console.error(`[bench] ${name} failed:`, error && error.stack ? error.stack : error);
		}
		console.log(`[bench] ${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	}

	const output = {
		...results,
		meta: {
			date: new Date().toISOString(),
			node: process.version,
			cpus: os.cpus().length,
			cpuModel: os.cpus()[0] && os.cpus()[0].model,
			loadavg1mAtStart,
			loadavg1mAtEnd: os.loadavg()[0],
			totalSeconds: (Date.now() - started) / 1000,
			sections: args.only,
			notes,
			details,
		},
	};
	const file = path.join(__dirname, 'results.json');
	fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
	printTable(results, notes);
	console.log(`\nwrote ${path.relative(process.cwd(), file)} in ${output.meta.totalSeconds.toFixed(1)} s`);
	// n8n-core and HTTP keep-alive agents may hold handles open: end explicitly once written.
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	console.error(error && error.message ? error.message : error);
	process.exit(1);
});
