import { getConfig } from '../../src/ingestion';
import { runBuiltCli } from '../helpers/cli';
import { controlPlaneCounts, seedJiraEndpoint } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

describe('n8n-ingestion configure', () => {
	let ctx: TestStore;
	let env: NodeJS.ProcessEnv;

	beforeAll(async () => {
		ctx = await openTestStore('cli_configure');
		await seedJiraEndpoint(ctx.store, 'jira-cli');
		env = { DATABASE_URL: ctx.database.url };
	});
	afterAll(() => ctx.cleanup());

	const configure = (...args: string[]) => runBuiltCli(['configure', '--endpoint', 'jira-cli', ...args], env);

	it('creates a config with the unit defaults and prints it', async () => {
		const result = await configure('--unit', 'jira.issues');
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const [summary, policy, ...rest] = result.stdout.split('\n');
		expect(summary).toBe('Created jira-cli / jira.issues: INCREMENTAL, RAW → warehouse, manual runs only, enabled');
		expect(JSON.parse(policy.replace(/^policy: /, ''))).toEqual({ primaryKeys: ['id'], cursorField: 'updated', lookbackMinutes: 5 });
		expect(rest).toEqual(['']);
	});

	it('updates only the flags given and warns when no trigger will fire the schedule', async () => {
		const result = await configure('--unit', 'jira.issues', '--every', '30', '--mode', 'scd1', '--policy', '{"filters":{"projects":["ENG"]}}');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^Updated jira-cli \/ jira.issues: SCD1, RAW → warehouse, every 30 min, enabled/);
		expect(result.stderr).toMatch(/warning: no live ingestion trigger is watching jira-cli/);
		const stored = await getConfig(ctx.store, 'jira-cli', 'jira.issues');
		expect(stored).toMatchObject({ mode: 'SCD1', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 30 });
		expect(stored?.policy.filters).toEqual({ projects: ['ENG'] });

		const manual = await configure('--unit', 'jira.issues', '--manual', '--disable', '--json');
		expect(manual.code).toBe(0);
		expect(JSON.parse(manual.stdout)).toMatchObject({ created: false, scheduleKind: 'MANUAL', scheduleIntervalMinutes: null, enabled: false, mode: 'SCD1', triggerLive: false });
	});

	it.each([
		[['--unit', 'jira.issues', '--every', '0'], /scheduleIntervalMinutes must be within 1\.\.1440 \(got 0\) \(--every\)/],
		[['--unit', 'jira.issues', '--sink', 'lake'], /sinkId: endpoint "lake" does not exist \(--sink\)/],
		[['--unit', 'jira.sprints'], /"jira.sprints" is not an ingestion unit of endpoint "jira-cli".*\(--unit\)/],
		[['--unit', 'jira.issues', '--policy', '{"cursorField":"created"}'], /policy.cursorField must be one of updated \(--policy\)/],
		[['--unit', 'jira.issues', '--policy', '{oops'], /--policy: not valid JSON/],
		[['--unit', 'jira.issues', '--every', '5', '--manual'], /--every and --manual exclude each other/],
		[['--unit', 'jira.issues', '--every', 'soon'], /--every: "soon" is not a whole number of minutes/],
	])('refuses %j with a clear error naming the flag, writing nothing', async (args, message) => {
		const before = await controlPlaneCounts(ctx.store);
		const result = await configure(...args);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(message);
		expect(result.stderr).toMatch(/^error: /);
		expect(await controlPlaneCounts(ctx.store)).toEqual(before);
	});
});
