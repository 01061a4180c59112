'use strict';
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const WORK = process.env.E2E_WORK || path.join(REPO, '.e2e', 'run');
module.exports = {
	REPO,
	WORK,
	USER_FOLDER: path.join(WORK, 'user'),
	ARTIFACTS: path.join(REPO, 'artifacts'),
	HOURLY_FILE: path.join(REPO, 'workflows', 'hourly-breakouts.json'),
	WEEKLY_FILE: path.join(REPO, 'workflows', 'weekly-report.json'),
	OWNER: { email: 'e2e-owner@example.com', password: 'E2eOwnerPassw0rd', firstName: 'E2E', lastName: 'Owner' },
};
