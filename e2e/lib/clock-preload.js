'use strict';
// Preloaded into every n8n process of `npm run test:queue` (NODE_OPTIONS=--require): the current
// time of `Date` / `Date.now()` is shifted by the number of milliseconds written in
// $E2E_CLOCK_FILE, so that "hour after hour" runs in seconds while the package stamps and compares
// real-looking hourly samples (as bench/lib/shifted-clock.js does in-process). Explicit dates and
// timers are untouched. The file is re-read at most every 100 ms.
const fs = require('node:fs');

const file = process.env.E2E_CLOCK_FILE;
if (file) {
	const RealDate = Date;
	let offsetMs = 0;
	let readAt = -Infinity;
	const offset = () => {
		const now = RealDate.now();
		if (now - readAt > 100) {
			readAt = now;
			try {
				offsetMs = Number(fs.readFileSync(file, 'utf8')) || 0;
			} catch {
				/* keep the last offset */
			}
		}
		return offsetMs;
	};
	class ShiftedDate extends RealDate {
		constructor(...args) {
			if (args.length === 0) super(RealDate.now() + offset());
			else super(...args);
		}

		static now() {
			return RealDate.now() + offset();
		}
	}
	globalThis.Date = ShiftedDate;
}
