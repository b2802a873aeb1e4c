import { cachedStore, cachedStoreCount, closeCachedStores } from '../../src/n8n/store-pool';
import { Store, type OpenStoreOptions } from '../../src/store';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

describe('the per-process store cache of the n8n nodes', () => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await createTestDatabase('n8n_store_pool');
	});
	afterAll(async () => {
		await closeCachedStores();
		await database.drop();
	});

	it('opens and migrates one store per connection, shared by concurrent callers; a failed open is tried again', async () => {
		const opened: OpenStoreOptions[] = [];
		const open = (options: OpenStoreOptions) => {
			opened.push(options);
			return Store.open(options);
		};
		const [a, b] = await Promise.all([cachedStore(database.url, { open }), cachedStore(database.url, { open })]);
		expect(a).toBe(b);
		expect(opened).toEqual([expect.objectContaining({ databaseUrl: database.url, migrate: true })]);
		expect((await a.migrationStatus()).pending).toEqual([]);
		expect(cachedStoreCount()).toBe(1);

		const badUrl = database.url.replace(/\/[^/]+$/, '/n8ni_missing_db');
		await expect(cachedStore(badUrl, { open })).rejects.toThrow(/n8ni_missing_db/);
		expect(cachedStoreCount()).toBe(1);
		await expect(cachedStore(badUrl, { open })).rejects.toThrow(/n8ni_missing_db/);
		expect(opened).toHaveLength(3);

		await closeCachedStores();
		expect(cachedStoreCount()).toBe(0);
		await expect(a.sequelize.query('SELECT 1')).rejects.toThrow();
	});
});
