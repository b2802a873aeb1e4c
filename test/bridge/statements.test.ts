import { countStatements } from '../../src/store/statement-counter';
import { postGraphql, startTestBridge, type TestBridge } from '../helpers/bridge';
import { seedSyntheticUnits } from '../helpers/seed';
import { openTestStore, type TestStore } from '../helpers/test-database';

const CONFIGS = `query($endpointId: ID!) {
  ingestionUnitConfigs(endpointId: $endpointId) {
    id endpointId datasetId unitId enabled mode sinkId scheduleKind scheduleIntervalMinutes policy dataMode cdmModelId
    triggerLive scheduleLive lastStatus { state lastRunId recordsRead rowsWritten error }
    dataset { id name kind fields { name } ingestionConfig { id } lastRun { id status } }
  }
}`;

const DATASETS = `query($endpointId: ID!) {
  datasets(endpointId: $endpointId) { id datasetId ingestionConfig { id unitId lastStatus { state } triggerLive } lastRun { id status } }
}`;

describe('statements per request do not grow with the number of configs (DataLoader)', () => {
	let ctx: TestStore;
	let bridge: TestBridge;

	beforeAll(async () => {
		ctx = await openTestStore('bridge_statements');
		await seedSyntheticUnits(ctx.store, 'few', 4);
		await seedSyntheticUnits(ctx.store, 'many', 300);
		bridge = await startTestBridge(ctx.store);
	});
	afterAll(async () => {
		await bridge?.close();
		await ctx.cleanup();
	});

	async function statementsFor(query: string, endpointId: string): Promise<{ statements: number; rows: number }> {
		const counter = countStatements(ctx.store.sequelize);
		try {
			const answer = await postGraphql(bridge.url, { query, variables: { endpointId } });
			expect(answer.body.errors).toBeUndefined();
			const data = answer.body.data as Record<string, unknown[]>;
			return { statements: counter.count, rows: Object.values(data)[0].length };
		} finally {
			counter.stop();
		}
	}

	it('ingestionUnitConfigs with nested status, dataset and trigger liveness', async () => {
		const few = await statementsFor(CONFIGS, 'few');
		const many = await statementsFor(CONFIGS, 'many');
		expect([few.rows, many.rows]).toEqual([4, 300]);
		expect(many.statements).toBe(few.statements);
		// endpoint check, configs, latest runs, trigger heartbeats, datasets, configs by dataset
		expect(many.statements).toBe(6);
	});

	it('datasets with their configs and last runs', async () => {
		const few = await statementsFor(DATASETS, 'few');
		const many = await statementsFor(DATASETS, 'many');
		expect([few.rows, many.rows]).toEqual([4, 300]);
		expect(many.statements).toBe(few.statements);
		// endpoint check, datasets, configs by dataset, latest runs, trigger heartbeats
		expect(many.statements).toBe(5);
	});
});
