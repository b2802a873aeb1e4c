import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface LoadResults {
	errors: number;
	operations: Record<string, { requests: number; errors: number }>;
	runs: { rowsByStatus: Record<string, number>; runs: Record<string, number> };
	lostUpdates: { units: number; acknowledgedWrites: number; brokenChains: number };
}

/**
 * The bridge load bench (bench/bridge-load.ts) in short: 32 clients for 10 s over 20 units while the worker runs
 * queued runs against the Jira simulator. Asserts what must hold at any load (no error, no lost update, runs done),
 * never timings; the full bench (64 clients, 60 s) is `npm run bench:bridge-load`.
 */
describe('bridge under concurrent reads, config writes and runs (short load bench)', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bridge-load-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('answers every request without error and loses no config update', async () => {
		const results = path.join(dir, 'bridge-load.json');
		const env = { ...process.env, BENCH_CLIENTS: '32', BENCH_SECONDS: '10', BENCH_ENDPOINTS: '4', BENCH_RESULTS: results };
		const outcome = await new Promise<{ code: number; output: string }>((resolve) => {
			execFile(path.join(ROOT, 'node_modules/.bin/tsx'), ['bench/bridge-load.ts'], { cwd: ROOT, env, timeout: 110_000 }, (error, stdout, stderr) =>
				resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
			);
		});
		expect({ code: outcome.code, tail: outcome.code === 0 ? '' : outcome.output.slice(-2_000) }).toEqual({ code: 0, tail: '' });
		const report = JSON.parse(readFileSync(results, 'utf8')) as LoadResults;
		expect(report.errors).toBe(0);
		for (const operation of ['ingestionUnitConfigs', 'datasets', 'ingestionRuns', 'dataset(id)', 'configureIngestionUnit', 'startIngestion']) {
			const { requests, errors } = report.operations[operation];
			expect({ operation, errors, answered: requests > 0 }).toEqual({ operation, errors: 0, answered: true });
		}
		expect(report.lostUpdates).toEqual({ units: 0, acknowledgedWrites: report.operations.configureIngestionUnit.requests, brokenChains: 0, details: [] });
		expect(report.runs.runs.SUCCEEDED).toBeGreaterThan(0);
		expect(report.runs.runs.FAILED ?? 0).toBe(0);
	}, 120_000);
});
