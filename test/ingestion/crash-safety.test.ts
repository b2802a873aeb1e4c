import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import type { JsonValue } from '../../src/ingestion/json-value';
import type { Store } from '../../src/store';
import { crashDataset } from '../fixtures/crash-dataset';
import { byId, liveRows, normalizedUpdated, readRaw, seedUnit, unitState } from '../helpers/engine-fixtures';
import { MemorySource, seededRandom, type MemoryDataset } from '../helpers/memory-source';
import { openTestStore, type TestStore } from '../helpers/test-database';

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(ROOT, 'test/fixtures/engine-child.ts');
const SIZE = 3000;
const LEASE_TTL_MS = 700;

interface ChildOutcome {
	killed: boolean;
	result?: { status: string; stats: { recordsRead: number } };
	code: number | null;
	stderr: string;
}

/**
 * Runs the engine in a child process; when `killAtPage` is set, SIGKILLs it `delayMs` after it reports
 * that page committed (so the kill lands anywhere in the next page: reading, COPY, merge or commit).
 */
function runChild(env: Record<string, string>, killAtPage?: number, delayMs = 0): Promise<ChildOutcome> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD], {
			cwd: ROOT,
			env: { ...process.env, ...env, LEASE_TTL_MS: String(LEASE_TTL_MS) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let killed = false;
		let result: ChildOutcome['result'];
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		createInterface({ input: child.stdout }).on('line', (line) => {
			if (line.startsWith('result ')) result = JSON.parse(line.slice(7));
			const page = /^page (\d+)$/.exec(line);
			if (page && killAtPage !== undefined && Number(page[1]) >= killAtPage && !killed) {
				killed = true;
				setTimeout(() => child.kill('SIGKILL'), delayMs);
			}
		});
		child.on('error', reject);
		child.on('exit', (code) => resolve({ killed: killed && code === null, result, code, stderr }));
	});
}

describe('crash safety (SIGKILL at random points)', () => {
	let ctx: TestStore;
	let store: Store;

	beforeAll(async () => {
		ctx = await openTestStore('crash');
		store = ctx.store;
	});
	afterAll(() => ctx.cleanup());

	async function crashLoop(endpointId: string, seed: number, generationOf: (attempt: number) => number): Promise<{ dataset: MemoryDataset; checkpoints: JsonValue[] }> {
		const random = seededRandom(seed);
		const comparer = new MemorySource(crashDataset(seed, 10, 0));
		const checkpoints: JsonValue[] = [];
		let kills = 0;
		for (let attempt = 0; kills < 10; attempt++) {
			expect(attempt).toBeLessThan(30);
			const env = { DATABASE_URL: ctx.database.url, ENDPOINT_ID: endpointId, SEED: String(seed), SIZE: String(SIZE), GENERATION: String(generationOf(attempt)) };
			const outcome = await runChild(env, 1 + Math.floor(random() * 8), Math.floor(random() * 15));
			if (!outcome.killed) expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
			if (outcome.killed) kills += 1;
			const checkpoint = ((await unitState(store, endpointId))?.checkpoint as { source: JsonValue } | null)?.source ?? null;
			if (checkpoint !== null) {
				// The checkpoint never moves back.
				if (checkpoints.length > 0) expect(comparer.compareCheckpoints(checkpoint, checkpoints[checkpoints.length - 1])).toBeGreaterThanOrEqual(0);
				checkpoints.push(checkpoint);
			}
		}
		const finalGeneration = generationOf(Number.MAX_SAFE_INTEGER);
		const final = await runChild({ DATABASE_URL: ctx.database.url, ENDPOINT_ID: endpointId, SEED: String(seed), SIZE: String(SIZE), GENERATION: String(finalGeneration) });
		expect({ code: final.code, stderr: final.stderr, status: final.result?.status }).toEqual({ code: 0, stderr: '', status: 'SUCCEEDED' });
		// Every killed run was ended by the run that took over; none is left RUNNING.
		expect(await store.models.IngestionRun.count({ where: { endpointId, status: 'RUNNING' } })).toBe(0);
		expect(await store.models.IngestionRun.count({ where: { endpointId, status: 'FAILED' } })).toBeGreaterThanOrEqual(9);
		return { dataset: crashDataset(seed, SIZE, finalGeneration), checkpoints };
	}

	it('INCREMENTAL: after ten kills and a last run, every version is there once and nothing is missing', async () => {
		await seedUnit(store, { endpointId: 'crash-inc', mode: 'INCREMENTAL' });
		const { dataset, checkpoints } = await crashLoop('crash-inc', 71, () => 0);
		expect(checkpoints.length).toBeGreaterThanOrEqual(5);
		const rows = await readRaw(store, 'crash-inc');
		const expected = dataset.snapshot().map((r) => `${r.id}@${normalizedUpdated(r)}`).sort();
		expect(rows.map((row) => `${row.pk_id}@${row.cursor_value}`).sort()).toEqual(expected);
		expect(byId(rows.map((row) => row.record))).toEqual(byId(dataset.snapshot()));
	}, 300_000);

	it('SCD1 with the source changing between kills: the table ends equal to the source, deletions marked', async () => {
		await seedUnit(store, { endpointId: 'crash-scd', mode: 'SCD1' });
		const { dataset } = await crashLoop('crash-scd', 72, (attempt) => Math.min(4, Math.floor(attempt / 3)));
		const rows = await readRaw(store, 'crash-scd');
		expect(liveRows(rows)).toEqual(byId(dataset.snapshot()));
		const deleted = new Set(dataset.deletions.map((d) => d.id));
		const marked = rows.filter((row) => row.deleted_at !== null).map((row) => row.pk_id);
		expect(marked.length).toBeGreaterThan(0);
		expect(marked.filter((id) => !deleted.has(id))).toEqual([]);
		expect(rows.filter((row) => row.deleted_at === null && deleted.has(row.pk_id))).toEqual([]);
	}, 300_000);
});
