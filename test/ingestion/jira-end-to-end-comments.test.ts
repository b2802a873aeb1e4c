import { ALL_COMBOS, describeUnitEndToEnd } from '../helpers/jira-e2e-scenario';

// Comments ride along the issue search (pages of 7 issues, tie clusters across page boundaries); issues with more
// than 20 comments (every 10th) cost an extra call.
describeUnitEndToEnd('jira.comments', {
	label: 'e2e_comments',
	combos: ALL_COMBOS,
	sim: { seed: 12, issues: 140, tieEvery: 20, tieSize: 9, heavyEvery: 10 },
	policy: { pageSize: 7 },
});
