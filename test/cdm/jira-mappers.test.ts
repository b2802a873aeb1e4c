import comments from '../fixtures/jira/comments.json';
import issuesPage from '../fixtures/jira/issues-search-jql.json';
import projectsPage from '../fixtures/jira/projects-search.json';
import users from '../fixtures/jira/users-search.json';
import worklogs from '../fixtures/jira/worklogs-list.json';
import { JIRA_CDM_MAPPERS, mapJiraComment, mapJiraIssue, mapJiraProject, mapJiraUser, mapJiraWorklog } from '../../src/cdm/mappers/jira';
import { CDM_WORK_MODELS } from '../../src/cdm/models';
import { CDM_WORK_MODEL_IDS } from '../../src/cdm/model-ids';

const context = { endpointId: 'acme-cloud' };
const issueByKey = (key: string) => issuesPage.issues.find((issue) => issue.key === key) as unknown;

describe('Jira → CDM mappers (recorded-shape fixtures)', () => {
	it('maps an issue with an ADF description to readable text and keeps the ADF in properties', () => {
		const row = mapJiraIssue(issueByKey('PROJ-1'), context);
		expect(row).toMatchSnapshot();
		expect(row.cdm_id).toBe('jira:acme-cloud:issue:10001');
		expect(row.project_cdm_id).toBe('jira:acme-cloud:project:10000');
		expect(row.reporter_cdm_id).toBe('jira:acme-cloud:user:557058:f58131cb-b67d-43c7-b30d-6b58d40bd077');
		expect(row.status_category).toBe('in_progress');
		expect(row.description).toContain('@Emma Richards');
		expect(row.description).toContain('1. Add 101 items to the cart');
		expect(row.properties.description_adf).toEqual((issueByKey('PROJ-1') as { fields: { description: unknown } }).fields.description);
		expect(row.updated_at).toBe('2024-03-05T16:40:02.118Z');
	});

	it('maps an issue without a description, assignee or labels', () => {
		const row = mapJiraIssue(issueByKey('PROJ-2'), context);
		expect(row).toMatchSnapshot();
		expect(row).toMatchObject({ description: null, assignee_cdm_id: null, labels: [], status_category: 'todo', closed_at: null });
		expect(row.properties).not.toHaveProperty('description_adf');
	});

	it('maps a sub-task with its parent', () => {
		const row = mapJiraIssue(issueByKey('PROJ-3'), context);
		expect(row).toMatchSnapshot();
		expect(row.properties).toMatchObject({ is_subtask: true, parent_cdm_id: 'jira:acme-cloud:issue:10001', parent_key: 'PROJ-1' });
	});

	it('maps a resolved issue: done, closed_at from resolutiondate (normalised to UTC)', () => {
		const row = mapJiraIssue(issueByKey('PROJ-4'), context);
		expect(row).toMatchSnapshot();
		expect(row.status_category).toBe('done');
		expect(row.closed_at).toBe('2024-02-28T16:45:10.000Z');
		expect(row.properties.resolution).toBe('Done');
	});

	it('maps an issue with null and unknown fields without throwing', () => {
		const row = mapJiraIssue(issueByKey('PROJ-5'), context);
		expect(row).toMatchSnapshot();
		expect(row).toMatchObject({ summary: null, issue_type: null, project_cdm_id: null, status_category: null, created_at: null, labels: [] });
		expect(row.description).toBe('text inside an unknown node');
	});

	it('maps users, including app users and users without email', () => {
		const rows = users.map((user) => mapJiraUser(user, context));
		expect(rows).toMatchSnapshot();
		const app = rows.find((row) => row.account_type === 'app');
		expect(app).toMatchObject({ email: null, display_name: 'Automation for Jira', timezone: null, active: true });
		expect(rows.map((row) => row.account_type)).toEqual(['person', 'person', 'app', 'customer', 'unknown']);
		expect(rows[1].email).toBeNull();
	});

	it('maps projects with lead, category and browse URL', () => {
		const rows = projectsPage.values.map((project) => mapJiraProject(project, context));
		expect(rows).toMatchSnapshot();
		expect(rows[0]).toMatchObject({
			project_key: 'PROJ',
			lead_cdm_id: 'jira:acme-cloud:user:5b10ac8d82e05b22cc7d4ef5',
			url: 'https://acme.atlassian.net/browse/PROJ',
			category: 'Products',
			updated_at: null,
		});
		expect(rows[1]).toMatchObject({ description: null, lead_cdm_id: null, is_archived: true, is_private: true });
	});

	it('maps comments: ADF body, restricted visibility, missing author', () => {
		const rows = comments.map((comment) => mapJiraComment(comment, context));
		expect(rows).toMatchSnapshot();
		expect(rows[0]).toMatchObject({ item_cdm_id: 'jira:acme-cloud:issue:10001', body: '@Emma Richards reproduced, fix in progress 👍', is_public: true });
		expect(rows[1].is_public).toBe(false);
		expect(rows[2]).toMatchObject({ author_cdm_id: null, body: null, is_public: false, updated_at: null });
	});

	it('maps worklogs from /worklog/list', () => {
		const rows = worklogs.map((worklog) => mapJiraWorklog(worklog, context));
		expect(rows).toMatchSnapshot();
		expect(rows[0]).toMatchObject({ time_spent_seconds: 14400, comment: '- reproduced the failure\n- wrote a failing test' });
		expect(rows[1]).toMatchObject({ started_at: '2024-03-05T06:30:00.000Z', item_cdm_id: 'jira:acme-cloud:issue:10003', comment: null });
	});

	it('produces rows that pass each model schema (except a record without id)', () => {
		const cases: Array<[keyof typeof JIRA_CDM_MAPPERS, unknown[]]> = [
			['cdm.work.item', issuesPage.issues],
			['cdm.work.user', users],
			['cdm.work.project', projectsPage.values],
			['cdm.work.comment', comments],
			['cdm.work.worklog', worklogs],
		];
		for (const [modelId, records] of cases) {
			for (const record of records) {
				const row = JIRA_CDM_MAPPERS[modelId](record, context);
				const result = CDM_WORK_MODELS[modelId].schema.safeParse(row);
				expect(result.success ? 'ok' : `${modelId} ${row.cdm_id}: ${result.error.message}`).toBe('ok');
			}
		}
	});

	it('is deterministic and never throws on garbage', () => {
		for (const modelId of CDM_WORK_MODEL_IDS) {
			const map = JIRA_CDM_MAPPERS[modelId];
			for (const garbage of [null, undefined, 42, 'x', [], {}, { id: {}, fields: 'nope' }, { id: 7, fields: { labels: [1, 'ok'], created: {} } }]) {
				expect(() => map(garbage, context)).not.toThrow();
			}
			expect(map({}, context).cdm_id).toBeNull();
			expect(CDM_WORK_MODELS[modelId].schema.safeParse(map({}, context)).success).toBe(false);
		}
		expect(mapJiraIssue(issueByKey('PROJ-1'), context)).toEqual(mapJiraIssue(JSON.parse(JSON.stringify(issueByKey('PROJ-1'))), context));
		expect(mapJiraIssue({ id: 7, fields: { labels: [1, 'ok'] } }, context)).toMatchObject({ cdm_id: 'jira:acme-cloud:issue:7', labels: ['ok'] });
	});
});
