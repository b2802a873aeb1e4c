import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { RunUnitResult } from '../../src/ingestion/run-session';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/store';
import { checkpointTrail } from '../helpers/checkpoint-trail';
import { printFaultSummary } from '../helpers/fault-summary';
import { applyChanges } from '../helpers/jira-changes';
import {
	addJiraEndpoint,
	byKey,
	configureUnit,
	equalSets,
	liveRawRows,
	mappedTruth,
	openJiraE2E,
	rawVersions,
	readCdmRows,
	readRawRows,
	rowSetDiff,
	runUnit,
	truthOf,
	versionsOf,
	type JiraE2E,
	type UnitSetup,
} from '../helpers/jira-e2e';

const UNIT = 'jira.issues';
const LEASE = { ttlMs: 1500 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The store and sink on an embedded Postgres of this test's own (never the machine's shared one), stopped in the
 * middle of a run (after N committed pages) and started again on the same port: the interrupted run ends FAILED with
 * a clear error (or recovers), and the next run ends with exact data, no duplicates, the checkpoint never moving back.
 */
describe('fault: Postgres restarted in the middle of a run', () => {
	let dataRoot: string;
	let pg: EmbeddedPostgres;
	let env: JiraE2E;
	const sharedUrl = process.env.DATABASE_URL;

	beforeAll(async () => {
		// In /tmp: as root the server runs as an unprivileged user, who must be able to enter the folder.
		dataRoot = mkdtempSync(path.join(os.tmpdir(), 'n8ni-fault-pg-'));
		pg = await startEmbeddedPostgres({ dataRoot });
		// openJiraE2E creates its database on the server DATABASE_URL names: this file's embedded one.
		process.env.DATABASE_URL = pg.url;
		env = await openJiraE2E('f_pg_restart', { sim: { seed: 71, issues: 1200 } });
		// Every answer takes a few ms, so the run is still going when the database goes away.
		env.sim.control.setFaults({ latencyMs: 8 });
	}, 180_000);
	afterAll(async () => {
		await env?.close();
		await pg?.stop();
		process.env.DATABASE_URL = sharedUrl;
		rmSync(dataRoot, { recursive: true, force: true });
	});

	/** Stops the server (fast shutdown: every connection is cut) and starts it again on the same port after `downMs`. */
	async function restart(downMs: number): Promise<void> {
		const port = pg.port;
		await pg.stop();
		await sleep(downMs);
		pg = await startEmbeddedPostgres({ dataRoot, port });
		expect(pg.port).toBe(port);
	}

	interface Trial {
		endpointId: string;
		setup: UnitSetup;
		/** Committed pages before the database goes away. */
		afterPages: number;
		/** A complete run first (a FULL run then has a published table to keep), then this change in Jira. */
		warmUp?: () => void;
		/** A change in Jira while the database is away. */
		change?: () => void;
		check(at: JiraE2E): Promise<ReturnType<typeof rowSetDiff>>;
	}

	const trials: Trial[] = [
		{
			endpointId: 'jira-pg-incr',
			setup: { unitId: UNIT, mode: 'INCREMENTAL', dataMode: 'RAW', policy: { pageSize: 20 } },
			afterPages: 5,
			check: async (at) => rowSetDiff(versionsOf(UNIT, truthOf(env, UNIT)), rawVersions(await readRawRows(at, UNIT))),
		},
		{
			endpointId: 'jira-pg-scd1',
			setup: { unitId: UNIT, mode: 'SCD1', dataMode: 'CDM', policy: { pageSize: 20 } },
			afterPages: 11,
			change: () => applyChanges(env.sim.control, 801, 0.3, { deleteIssues: false }),
			check: async (at) => {
				const rows = await readCdmRows(at, UNIT);
				const truth = mappedTruth(at, UNIT, truthOf(env, UNIT));
				expect(rows.all).toBe(truth.size);
				return rowSetDiff(truth, rows.live);
			},
		},
		{
			endpointId: 'jira-pg-full',
			setup: { unitId: UNIT, mode: 'FULL', dataMode: 'RAW', policy: { pageSize: 20 } },
			afterPages: 23,
			warmUp: () => applyChanges(env.sim.control, 802, 0.3),
			check: async (at) => rowSetDiff(byKey(UNIT, truthOf(env, UNIT)), liveRawRows(await readRawRows(at, UNIT))),
		},
	];

	it.each(trials.map((trial) => [`${trial.setup.mode} ${trial.setup.dataMode}`, trial] as const))(
		'%s: the interrupted run ends FAILED (or recovers), the next run ends with exact data',
		async (_name, trial) => {
			const at = { ...env, endpointId: trial.endpointId };
			await addJiraEndpoint(env, trial.endpointId);
			await configureUnit(at, trial.setup);
			const trail = checkpointTrail(env.store, trial.endpointId, UNIT);
			if (trial.warmUp) {
				expect((await runUnit(at, UNIT, { lease: LEASE })).status).toBe('SUCCEEDED');
				await trail.record();
				trial.warmUp();
			}

			let restarting: Promise<void> | undefined;
			let interruptedId = '';
			const interrupted = await runUnit(at, UNIT, {
				lease: LEASE,
				progressIntervalMs: 0,
				onProgress: (progress) => {
					interruptedId = progress.runId;
					if (progress.pages === trial.afterPages && !restarting) {
						restarting = restart(1000);
						trial.change?.();
					}
				},
			}).then(
				(result) => ({ result, thrown: undefined }),
				(error: unknown) => ({ result: undefined as RunUnitResult | undefined, thrown: error as Error }),
			);
			expect(restarting).toBeDefined();
			await restarting;
			await trail.record();
			const firstRow = await env.store.models.IngestionRun.findByPk(interruptedId);

			// The next runs: SKIPPED while the interrupted run's lease has not lapsed, then SUCCEEDED.
			const statuses: string[] = [];
			let final: RunUnitResult | undefined;
			for (let tries = 0; final?.status !== 'SUCCEEDED'; tries++) {
				expect(tries).toBeLessThan(10);
				final = await runUnit(at, UNIT, { lease: LEASE });
				statuses.push(final.status);
				await trail.record();
				if (final.status === 'SKIPPED') await sleep(LEASE.ttlMs / 2);
				else expect(final.status).toBe('SUCCEEDED');
			}
			const runs = await env.store.models.IngestionRun.findAll({ where: { endpointId: trial.endpointId, unitId: UNIT } });
			const interruptedRow = runs.find((run) => run.id === interruptedId);
			if (!interruptedRow) throw new Error(`the interrupted run ${interruptedId} has no row`);
			// The interrupted run: FAILED, recorded by the run itself once the database was back, with the database's
			// error as the cause (not a lease takeover by the next run); or recovered.
			expect(['FAILED', 'SUCCEEDED']).toContain(interruptedRow.status);
			expect(firstRow?.status).toBe(interruptedRow.status);
			if (interruptedRow.status === 'FAILED') expect(interruptedRow.error).toMatch(/terminat|connect|shut|ECONNRE/i);
			expect(runs.filter((run) => run.status === 'RUNNING')).toEqual([]);
			const diff = await trial.check(at);
			printFaultSummary(`postgres restart, ${trial.setup.mode} ${trial.setup.dataMode}`, {
				restartAfterPages: trial.afterPages,
				interrupted: interrupted.result?.status ?? `threw: ${interrupted.thrown?.message.slice(0, 60)}`,
				ownError: String(interrupted.result?.error ?? '').slice(0, 90),
				storedStatus: `${firstRow?.status ?? '-'}→${interruptedRow.status}`,
				storedError: String(interruptedRow.error ?? '').slice(0, 90),
				next: statuses.join(','),
				checkpoints: trail.seen.length,
				missing: diff.missingCount,
				extra: diff.extraCount,
				changed: diff.changedCount,
			});
			expect(diff).toEqual(equalSets(diff.expected));
		},
		180_000,
	);
});
