import { ALL_COMBOS, describeUnitEndToEnd } from '../helpers/jira-e2e-scenario';

// About 1,600 worklogs: the change feed serves 1,000 a page, so every read crosses a feed page boundary.
describeUnitEndToEnd('jira.worklogs', {
	label: 'e2e_worklogs',
	combos: ALL_COMBOS,
	sim: { seed: 13, issues: 400, avgWorklogs: 4, avgComments: 0.5, heavyEvery: 50 },
	policy: {},
});
