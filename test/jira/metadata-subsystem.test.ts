import { JiraMetadataSubsystem } from '../../src/jira/metadata-subsystem';
import { JIRA_DEFAULT_LOOKBACK_MINUTES } from '../../src/jira/units';
import { listEndpointUnits } from '../../src/ingestion/units';
import type { JiraSimulator } from '../../src/jira-simulator';
import { SIMULATOR_CREDENTIALS, startSimulator } from '../helpers/jira';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('JiraMetadataSubsystem: collect into the catalog, then list units', () => {
	let sim: JiraSimulator;
	let db: TestStore;
	const env = { JIRA_EMAIL: SIMULATOR_CREDENTIALS.email, JIRA_API_TOKEN: SIMULATOR_CREDENTIALS.apiToken };
	const fast = { retryBaseMs: 5, rateLimitFloorMs: 10 };

	beforeAll(async () => {
		sim = await startSimulator({ issues: 20 });
		db = await openTestStore('jira_metadata');
		const { MetadataEndpoint } = db.store.models;
		for (const id of ['jira-a', 'jira-never', 'jira-bad']) {
			await MetadataEndpoint.create({ id, templateId: 'jira.cloud', family: 'SOURCE', name: id, parameters: { baseUrl: sim.url, deployment: 'cloud' } });
		}
	});
	afterAll(async () => {
		await db.cleanup();
		await sim.stop();
	});

	const catalog = (endpointId: string) =>
		db.store.models.CatalogDataset.findAll({ where: { endpointId }, order: [['datasetId', 'ASC']] });

	it('collect writes the nine datasets with kinds, schemas and dictionary values', async () => {
		const report = await new JiraMetadataSubsystem(db.store, { env, client: fast }).collect('jira-a');
		expect(report.datasets.map((d) => [d.datasetId, d.kind, d.created])).toEqual([
			['jira.projects', 'ENTITY', true],
			['jira.users', 'ENTITY', true],
			['jira.issues', 'ENTITY', true],
			['jira.comments', 'ENTITY', true],
			['jira.worklogs', 'ENTITY', true],
			['jira.issue_types', 'DICTIONARY', true],
			['jira.statuses', 'DICTIONARY', true],
			['jira.priorities', 'DICTIONARY', true],
			['jira.api_surface', 'API_SURFACE', true],
		]);
		expect(report.requests.requests).toBe(4);
		const rows = await catalog('jira-a');
		expect(rows).toHaveLength(9);
		const byId = Object.fromEntries(rows.map((row) => [row.datasetId, row]));
		const issueFields = (byId['jira.issues'].schema as { fields: Array<{ name: string; jiraId?: string; custom?: boolean }> }).fields;
		expect(issueFields.map((field) => field.name)).toEqual(expect.arrayContaining(['id', 'key', 'updated', 'summary', 'Story point estimate', 'Sprint', 'Severity']));
		expect(issueFields.find((field) => field.name === 'Story point estimate')).toMatchObject({ jiraId: 'customfield_10016', custom: true, type: 'number' });
		const statuses = byId['jira.statuses'].schema as { values: Array<{ name: string; statusCategory: string }> };
		expect(statuses.values.map((s) => `${s.name}:${s.statusCategory}`)).toEqual(['To Do:TODO', 'In Progress:IN_PROGRESS', 'In Review:IN_PROGRESS', 'Done:DONE']);
		expect((byId['jira.priorities'].schema as { values: unknown[] }).values).toEqual(sim.control.truth.priorities());
		expect((byId['jira.issue_types'].schema as { values: unknown[] }).values).toEqual(sim.control.truth.issueTypes());
		expect((byId['jira.api_surface'].schema as { calls: Array<{ path: string }> }).calls.map((c) => c.path)).toContain('/rest/api/3/search/jql');
		expect(byId['jira.issues'].physicalLocation).toBe('POST /rest/api/3/search/jql');
		expect(byId['jira.worklogs'].labels).toMatchObject({ primaryKeys: ['id'], cursorFields: ['updated', 'started'] });
		expect(rows.every((row) => row.collectedAt instanceof Date && row.domain === 'jira')).toBe(true);
	});

	it('re-running updates the same rows and never duplicates', async () => {
		const before = await catalog('jira-a');
		const report = await new JiraMetadataSubsystem(db.store, { env, client: fast }).collect('jira-a');
		expect(report.datasets.every((d) => d.created === false)).toBe(true);
		const after = await catalog('jira-a');
		expect(after.map((row) => row.id)).toEqual(before.map((row) => row.id));
		expect(after[0].collectedAt!.getTime()).toBeGreaterThan(before[0].collectedAt!.getTime());
	});

	it('listUnits gives the five units with the defaults of the architecture brief', async () => {
		const units = await new JiraMetadataSubsystem(db.store).listUnits('jira-a');
		const summary = units.map((u) => ({
			unit: u.unitId,
			mode: u.defaultMode,
			pk: u.defaultPolicy.primaryKeys,
			cursor: u.defaultPolicy.cursorField ?? null,
			allowed: u.allowedCursorFields,
			cdm: u.cdmModelId,
		}));
		expect(summary).toEqual([
			{ unit: 'jira.comments', mode: 'INCREMENTAL', pk: ['id'], cursor: 'updated', allowed: ['updated'], cdm: 'cdm.work.comment' },
			{ unit: 'jira.issues', mode: 'INCREMENTAL', pk: ['id'], cursor: 'updated', allowed: ['updated'], cdm: 'cdm.work.item' },
			{ unit: 'jira.projects', mode: 'FULL', pk: ['id'], cursor: null, allowed: [], cdm: 'cdm.work.project' },
			{ unit: 'jira.users', mode: 'FULL', pk: ['accountId'], cursor: null, allowed: [], cdm: 'cdm.work.user' },
			{ unit: 'jira.worklogs', mode: 'INCREMENTAL', pk: ['id'], cursor: 'updated', allowed: ['updated', 'started'], cdm: 'cdm.work.worklog' },
		]);
		for (const unit of units) {
			for (const key of [...(unit.defaultPolicy.primaryKeys ?? []), ...unit.allowedCursorFields]) expect(unit.fields).toContain(key);
			if (unit.defaultPolicy.cursorField) expect(unit.defaultPolicy.lookbackMinutes).toBe(JIRA_DEFAULT_LOOKBACK_MINUTES);
		}
		expect(await listEndpointUnits(db.store, 'jira-a')).toEqual(units);
	});

	it('an endpoint whose metadata was never collected has no units', async () => {
		expect(await new JiraMetadataSubsystem(db.store).listUnits('jira-never')).toEqual([]);
	});

	it('a failed collection writes nothing and names the problem', async () => {
		const subsystem = new JiraMetadataSubsystem(db.store, { env: { ...env, JIRA_API_TOKEN: 'not-the-token' }, client: fast });
		await expect(subsystem.collect('jira-bad')).rejects.toThrow(/Jira endpoint "jira-bad": GET \/rest\/api\/3\/\w+(\/\w+)? failed with HTTP 401/);
		expect(await catalog('jira-bad')).toEqual([]);
		await expect(new JiraMetadataSubsystem(db.store, { env: {} }).collect('jira-bad')).rejects.toThrow('JIRA_EMAIL and JIRA_API_TOKEN are not set');
		await expect(new JiraMetadataSubsystem(db.store, { env }).collect('warehouse')).rejects.toThrow('Endpoint "warehouse" is a pg.raw endpoint, not a Jira source');
		await expect(new JiraMetadataSubsystem(db.store, { env }).collect('nope')).rejects.toThrow('No endpoint "nope"');
	});
});
