import fc from 'fast-check';
import { Client } from 'pg';

import { findUnstorableText, isStorableText } from '../../src/store';
import { BAD_INPUT_SEED } from '../helpers/hostile-inputs';
import { openTestStore, type TestStore } from '../helpers/test-database';

/** Whether Postgres stores the string unchanged in a jsonb value (as the config service writes policies). */
async function postgresKeeps(client: Client, value: string): Promise<boolean> {
	try {
		const { rows } = await client.query<{ v: string[] }>('SELECT $1::jsonb AS v', [JSON.stringify([value])]);
		return rows[0].v[0] === value;
	} catch {
		return false;
	}
}

describe('text Postgres can store', () => {
	let ctx: TestStore;
	let client: Client;

	beforeAll(async () => {
		ctx = await openTestStore('storable_text', { migrate: false });
		client = new Client({ connectionString: ctx.database.url });
		await client.connect();
	});
	afterAll(async () => {
		await client?.end();
		await ctx?.cleanup();
	});

	it('agrees with Postgres on 300 generated strings: NUL and lone surrogates are refused, all else kept', async () => {
		const strings = fc.sample(
			fc.oneof(
				fc.string({ unit: 'grapheme', maxLength: 12 }),
				fc.string({ unit: 'binary', maxLength: 12 }),
				fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
				fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udc00', '\ud83d', '\ude42', 'a'), maxLength: 4 }),
			),
			{ seed: BAD_INPUT_SEED, numRuns: 300 },
		);
		const extras = ['\u0000', 'a\u0000b', '\ud800', '\udc00', 'x\ud83d', '\ud83d\ude42', '\udc00\ud800', 'plain'];
		const disagreements: string[] = [];
		for (const value of [...strings, ...extras]) {
			if (isStorableText(value) !== (await postgresKeeps(client, value))) disagreements.push(JSON.stringify(value));
		}
		expect(disagreements).toEqual([]);
		expect(strings.filter((value) => !isStorableText(value)).length).toBeGreaterThan(10);
	});

	it('finds the path of unstorable text in nested values, keys included, also 10,000 levels deep', () => {
		expect(findUnstorableText({ a: [1, 'ok', { b: 'x\u0000' }] })).toEqual(['a', 2, 'b']);
		expect(findUnstorableText({ filters: { ['k\ud800']: 1 } })).toEqual(['filters', 'k\ud800']);
		expect(findUnstorableText({ a: ['🙂', null, true, 3] })).toBeUndefined();
		let deep: unknown = 'end\u0000';
		for (let i = 0; i < 10_000; i++) deep = [deep];
		expect(findUnstorableText(deep)).toHaveLength(10_000);
	});
});
