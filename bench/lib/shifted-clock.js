'use strict';
// Simulated wall clock for the hourly credits measurement. The pipeline stamps each fetch with the
// current time and the analyzer computes views per hour from those stamps, so running "hour after
// hour" in a few seconds needs the process clock to move forward by an hour between runs.
// `install()` replaces the global Date with a subclass whose *current* time is shifted by
// `advanceHours()`; explicit dates (`new Date(x)`) and timers are untouched, and `uninstall()`
// restores the real Date. The loopback mock's own clock is advanced in step by the caller.
const RealDate = Date;
let offsetMs = 0;
let installed = false;

class ShiftedDate extends RealDate {
	constructor(...args) {
		if (args.length === 0) super(RealDate.now() + offsetMs);
		else super(...args);
	}

	static now() {
		return RealDate.now() + offsetMs;
	}
}

function install() {
	if (installed) return;
	installed = true;
	offsetMs = 0;
	globalThis.Date = ShiftedDate;
}

function uninstall() {
	if (!installed) return;
	installed = false;
	offsetMs = 0;
	globalThis.Date = RealDate;
}

function advanceHours(hours) {
	offsetMs += hours * 3600 * 1000;
}

module.exports = { install, uninstall, advanceHours, RealDate };
