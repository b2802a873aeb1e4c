import { openJiraUnitReader, resolveProjects } from '../../src/jira/readers';
import type { JiraSimulator } from '../../src/jira-simulator';
import { byId, readAll, simulatorClient, startSimulator } from '../helpers/jira';

describe('openJiraUnitReader: one call per unit, configured from the policy', () => {
	let sim: JiraSimulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: 21, issues: 40 });
	});
	afterAll(() => sim.stop());

	it('reads each of the five units and resumes from its own checkpoints', async () => {
		const client = simulatorClient(sim);
		const counts: Record<string, number> = {};
		for (const unit of ['jira.projects', 'jira.users', 'jira.issues', 'jira.comments', 'jira.worklogs']) {
			const first = await readAll(openJiraUnitReader(client, unit, { policy: { pageSize: 10 } }));
			counts[unit] = first.records.length;
			// a saved final checkpoint is accepted back; incremental units then find nothing new
			const next = await readAll(openJiraUnitReader(client, unit, { start: first.checkpoint ?? null, policy: { pageSize: 10 } }));
			if (unit === 'jira.projects' || unit === 'jira.users') expect(next.records.length).toBe(first.records.length);
			else expect(next.records).toEqual([]);
		}
		expect(counts).toEqual({
			'jira.projects': 3,
			'jira.users': sim.control.truth.users().length,
			'jira.issues': 40,
			'jira.comments': sim.control.truth.comments().length,
			'jira.worklogs': sim.control.truth.worklogs().length,
		});
	});

	it('applies policy.filters.projects within the endpoint restriction and asks for custom fields', async () => {
		const client = simulatorClient(sim);
		const { records } = await readAll(
			openJiraUnitReader(client, 'jira.issues', { endpointProjects: ['ENG', 'OPS'], policy: { filters: { projects: ['OPS', 'WEB'] } }, customFieldIds: ['customfield_10016'] }),
		);
		expect(records.length).toBeGreaterThan(0);
		expect(records.every((issue) => String((issue as { key: string }).key).startsWith('OPS-'))).toBe(true);
		expect(records.every((issue) => 'customfield_10016' in (issue as { fields: object }).fields)).toBe(true);
		const comments = await readAll(openJiraUnitReader(client, 'jira.comments', { endpointProjects: ['WEB'] }));
		expect(byId(comments.records)).toEqual(byId(sim.control.truth.comments().filter((c) => String(c.issueKey).startsWith('WEB-'))));
	});

	it('rejects unknown units, foreign checkpoints and bad filters with clear errors', () => {
		const client = simulatorClient(sim);
		expect(() => openJiraUnitReader(client, 'jira.sprints')).toThrow('Jira has no reader for unit "jira.sprints"');
		expect(() => openJiraUnitReader(client, 'jira.issues', { start: { startAt: 3, complete: false } })).toThrow(
			/^jira\.issues: the saved checkpoint is not this reader's \(checkpoint\.updatedMs: Required/,
		);
		expect(() => resolveProjects('jira.issues', undefined, { filters: { projects: 'ENG' } })).toThrow('jira.issues: invalid filter policy.filters.projects: Expected array, received string');
		expect(() => resolveProjects('jira.issues', ['ENG'], { filters: { projects: ['OPS'] } })).toThrow("names none of the endpoint's projects (ENG)");
		expect(resolveProjects('jira.issues', ['ENG'], undefined)).toEqual(['ENG']);
	});
});
