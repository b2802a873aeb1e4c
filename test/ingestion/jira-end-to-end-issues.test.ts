import { ALL_COMBOS, describeUnitEndToEnd } from '../helpers/jira-e2e-scenario';

// Clusters of 9 issues share one `updated` millisecond, and every round of changes updates 12 issues in one
// millisecond; pages of 7 make those clusters cross page boundaries.
describeUnitEndToEnd('jira.issues', {
	label: 'e2e_issues',
	combos: ALL_COMBOS,
	sim: { seed: 11, issues: 160, tieEvery: 20, tieSize: 9 },
	policy: { pageSize: 7 },
});

// Pages of 45 issues (about 10 KB each with their embedded comments and worklogs) are big enough for the raw sink to
// load them with COPY instead of array parameters; tie clusters of 12 still cross page boundaries.
describeUnitEndToEnd('jira.issues', {
	label: 'e2e_issues_big_pages',
	combos: ALL_COMBOS.filter((combo) => combo.dataMode === 'RAW' && combo.mode !== 'CUSTOM'),
	sim: { seed: 16, issues: 200, tieEvery: 29, tieSize: 12 },
	policy: { pageSize: 45 },
});
