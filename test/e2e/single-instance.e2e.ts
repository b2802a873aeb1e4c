import { describeRuns, equalSets, openStackWorld, runsOf, say, sinkDiff, waitFor, type StackWorld } from '../helpers/n8n-stack-e2e';

const LABEL = 'single';

/**
 * A real n8n (one process, its database on Postgres) with the package installed as a community package and the
 * worker template active. Everything is driven the way a user would: units configured through the GraphQL bridge,
 * schedules firing on their own, "run now" through startIngestion.
 */
describe('n8n single instance: schedules, a manual run and a disabled schedule', () => {
	let world: StackWorld;

	beforeAll(async () => {
		world = await openStackWorld(LABEL, { mode: 'single' });
	});
	afterAll(async () => {
		await world?.close();
	});

	it('runs INTERVAL units on their own, carries out startIngestion, and stops a disabled unit', async () => {
		const { env, bridge, stack, workflow } = world;
		const client = bridge.client;
		const endpointId = env.endpointId;
		const state = async () => `runs:\n${describeRuns(await runsOf(env))}\n--- n8n log tail:\n${stack.logs().split('\n').slice(-40).join('\n')}`;

		const provisioned = await client.provisionCdmSink({ sinkEndpointId: 'cdm', cdmModelId: 'cdm.work.project' });
		say(LABEL, `provisionCdmSink cdm.work.project → ${provisioned.physicalLocation} (created ${provisioned.created})`);
		await client.configureIngestionUnit({ endpointId, unitId: 'jira.issues', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 1, enabled: true });
		await client.configureIngestionUnit({
			endpointId,
			unitId: 'jira.projects',
			dataMode: 'CDM',
			scheduleKind: 'INTERVAL',
			scheduleIntervalMinutes: 1,
			enabled: true,
		});
		say(LABEL, 'configured jira.issues (RAW, every 1 min) and jira.projects (CDM, every 1 min) through the bridge');

		// Cron ticks come on whole minutes (at each unit's second within the minute): both run within about 2 minutes.
		for (const unitId of ['jira.issues', 'jira.projects']) {
			await waitFor(
				LABEL,
				`a scheduled ${unitId} run SUCCEEDED`,
				async () => (await runsOf(env, { unitId, trigger: 'SCHEDULE', status: 'SUCCEEDED' }))[0],
				{ timeoutMs: 180_000, intervalMs: 2_000, state },
			);
		}
		const issuesDiff = await sinkDiff(env, 'jira.issues', 'INCREMENTAL', 'RAW');
		const projectsDiff = await sinkDiff(env, 'jira.projects', 'FULL', 'CDM');
		say(LABEL, `sink rows: raw jira.issues ${issuesDiff.expected} expected, ${issuesDiff.missingCount} missing; CDM projects ${projectsDiff.expected} expected, ${projectsDiff.missingCount} missing`);
		expect(issuesDiff).toEqual(equalSets(issuesDiff.expected));
		expect(projectsDiff).toEqual(equalSets(projectsDiff.expected));
		expect(issuesDiff.expected).toBeGreaterThan(0);

		// Disable jira.issues: its cron stays registered in n8n (crons go only when the workflow deactivates) but
		// must not run again.
		await client.configureIngestionUnit({ endpointId, unitId: 'jira.issues', enabled: false });
		const disabledAt = Date.now();
		say(LABEL, `disabled jira.issues at ${new Date(disabledAt).toISOString()}`);

		// "Run now" of a manual unit while the minutes pass.
		await client.configureIngestionUnit({ endpointId, unitId: 'jira.users', scheduleKind: 'MANUAL', enabled: true });
		const started = await client.startIngestion({ endpointId, unitId: 'jira.users' });
		expect(started).toMatchObject({ ok: true, queued: true, triggerLive: true });
		const runId = started.runId as string;
		const statuses: string[] = [started.run?.status ?? 'QUEUED'];
		await waitFor(
			LABEL,
			`startIngestion run ${runId} finished`,
			async () => {
				const run = await client.ingestionRun(runId);
				if (run && statuses[statuses.length - 1] !== run.status) statuses.push(run.status);
				return run && ['SUCCEEDED', 'FAILED', 'SKIPPED'].includes(run.status) ? run : undefined;
			},
			{ timeoutMs: 90_000, intervalMs: 250, state },
		);
		say(LABEL, `manual run ${runId}: ${statuses.join(' → ')}`);
		expect(statuses[0]).toBe('QUEUED');
		expect(statuses[statuses.length - 1]).toBe('SUCCEEDED');
		const usersDiff = await sinkDiff(env, 'jira.users', 'FULL', 'RAW');
		say(LABEL, `sink rows: raw jira.users ${usersDiff.expected} expected, ${usersDiff.missingCount} missing`);
		expect(usersDiff).toEqual(equalSets(usersDiff.expected));

		// Two whole-minute ticks after disabling: jira.projects keeps running, jira.issues does not.
		const waitUntil = disabledAt + 125_000;
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, waitUntil - Date.now())));
		const runs = await runsOf(env);
		say(LABEL, `run history:\n${describeRuns(runs)}`);
		const issuesAfter = runs.filter((run) => run.unitId === 'jira.issues' && run.queuedAt.getTime() > disabledAt);
		const projectsAfter = runs.filter((run) => run.unitId === 'jira.projects' && run.trigger === 'SCHEDULE' && run.queuedAt.getTime() > disabledAt);
		expect(issuesAfter).toEqual([]);
		expect(projectsAfter.length).toBeGreaterThanOrEqual(1);
		expect(runs.every((run) => run.status === 'SUCCEEDED')).toBe(true);

		const executions = await stack.api.listExecutions({ workflowId: workflow.workflowId });
		say(LABEL, `n8n executions of the worker workflow: ${executions.length} (${executions.map((e) => `#${e.id} ${e.mode} ${e.status}`).join(', ')})`);
		expect(executions.length).toBe(runs.length);
		expect(executions.every((execution) => execution.status === 'success')).toBe(true);
	});
});
