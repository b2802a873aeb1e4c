import { CURSORLESS_COMBOS, describeUnitEndToEnd } from '../helpers/jira-e2e-scenario';

// Projects and users have no cursor: FULL, SCD1 and CUSTOM, read by offset in pages of 3.
describeUnitEndToEnd('jira.projects', {
	label: 'e2e_projects',
	combos: CURSORLESS_COMBOS,
	sim: { seed: 14, issues: 30, projects: 8 },
	policy: { pageSize: 3 },
});

describeUnitEndToEnd('jira.users', {
	label: 'e2e_users',
	combos: CURSORLESS_COMBOS,
	sim: { seed: 15, issues: 30, users: 40, appUsers: 5 },
	policy: { pageSize: 3 },
});
