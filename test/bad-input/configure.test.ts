import fc from 'fast-check';

import { provisionCdmSink } from '../../src/cdm/provision';
import { upsertConfig } from '../../src/ingestion';
import { checkRefusalsInBatches, send, startBadInputServer, type BadInputServer, type RefusalCase } from '../helpers/bad-input-server';
import { generate, hostileString, nonBooleanValue, nonIntValue, nonStringValue, unknownKey } from '../helpers/hostile-inputs';
import { graphqlLiteral } from '../helpers/graphql-literal';
import { BAD_INPUT_WORLD, seedBadInputWorld } from '../helpers/bad-input-world';

const CONFIGURE = `mutation($input: IngestionUnitConfigInput!) { configureIngestionUnit(input: $input) { id mode policy } }`;
const VALID_QUERY = { query: `query($e: ID!) { ingestionUnitConfigs(endpointId: $e) { unitId mode policy } }`, variables: { e: BAD_INPUT_WORLD.endpoint } };
const INPUT_FIELDS = ['endpointId', 'unitId', 'enabled', 'mode', 'sinkId', 'scheduleKind', 'scheduleIntervalMinutes', 'policy', 'dataMode', 'cdmModelId'];
const BASE = { endpointId: BAD_INPUT_WORLD.endpoint, unitId: 'jira.issues' };

/** A config input with exactly one thing wrong, and the field the answer must name. */
interface BadConfig {
	what: string;
	input: Record<string, unknown>;
	field: string;
	codes?: string[];
}

const notOneOf = (values: readonly string[]) => (value: string) => !values.includes(value.trim());
const withInput = (what: string, field: string, patch: Record<string, unknown>, codes?: string[]): BadConfig => ({
	what,
	input: { ...BASE, ...patch },
	field,
	codes,
});

/** Every way of getting one field of a config input wrong that the suite generates. */
const badConfig: fc.Arbitrary<BadConfig> = fc.oneof(
	hostileString()
		.filter(notOneOf(BAD_INPUT_WORLD.allEndpoints))
		.map((endpointId) => withInput('unknown endpointId', 'endpointId', { endpointId }, ['NOT_FOUND', 'BAD_USER_INPUT'])),
	nonStringValue().map((endpointId) => withInput('endpointId of a wrong type', 'endpointId', { endpointId })),
	hostileString()
		.filter(notOneOf(BAD_INPUT_WORLD.units))
		.map((unitId) => withInput('unknown unitId', 'unitId', { unitId }, ['NOT_FOUND', 'BAD_USER_INPUT'])),
	nonStringValue().map((unitId) => withInput('unitId of a wrong type', 'unitId', { unitId })),
	hostileString()
		.filter(notOneOf(['FULL', 'INCREMENTAL', 'SCD1', 'CUSTOM']))
		.map((mode) => withInput('unknown mode', 'mode', { mode })),
	nonStringValue().map((mode) => withInput('mode of a wrong type', 'mode', { mode })),
	fc
		.oneof(hostileString().filter(notOneOf(BAD_INPUT_WORLD.allEndpoints)), fc.constantFrom(BAD_INPUT_WORLD.endpoint, BAD_INPUT_WORLD.disabledCdmSink))
		.map((sinkId) => withInput('unusable sinkId', 'sinkId', { sinkId }, ['NOT_FOUND', 'BAD_USER_INPUT'])),
	hostileString()
		.filter(notOneOf(['MANUAL', 'INTERVAL']))
		.map((scheduleKind) => withInput('unknown scheduleKind', 'scheduleKind', { scheduleKind })),
	nonIntValue().map((minutes) => withInput('scheduleIntervalMinutes of a wrong type', 'scheduleIntervalMinutes', { scheduleKind: 'INTERVAL', scheduleIntervalMinutes: minutes })),
	fc
		.oneof(fc.integer({ min: -(2 ** 31), max: 0 }), fc.integer({ min: 1441, max: 2 ** 31 - 1 }))
		.map((minutes) => withInput('scheduleIntervalMinutes out of range', 'scheduleIntervalMinutes', { scheduleKind: 'INTERVAL', scheduleIntervalMinutes: minutes })),
	fc.integer({ min: 1, max: 1440 }).map((minutes) => withInput('an interval with a MANUAL schedule', 'scheduleIntervalMinutes', { scheduleKind: 'MANUAL', scheduleIntervalMinutes: minutes })),
	hostileString()
		.filter(notOneOf(['RAW', 'CDM']))
		.map((dataMode) => withInput('unknown dataMode', 'dataMode', { dataMode })),
	hostileString()
		.filter(notOneOf(['cdm.work.item']))
		.map((cdmModelId) => withInput('a cdmModelId the unit does not map to', 'cdmModelId', { cdmModelId })),
	nonBooleanValue().map((enabled) => withInput('enabled of a wrong type', 'enabled', { enabled })),
	fc
		.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.jsonValue(), { maxLength: 3 }))
		.map((policy) => withInput('a policy that is not an object', 'policy', { policy })),
	unknownKey(['primaryKeys', 'cursorField', 'lookbackMinutes', 'filters', 'pageSize']).map((key) =>
		withInput('an unknown policy key', `policy.${key}`, { policy: { [key]: 1 } }),
	),
	fc
		.oneof(
			hostileString().map((name) => [name]),
			fc.constant([] as string[]),
			fc.constant(['id', 'id']),
			fc.array(fc.constant('id'), { minLength: 17, maxLength: 20 }).map((keys) => keys.map((key, i) => (i === 0 ? key : `${key}${i}`))),
		)
		.filter((keys) => !(keys.length === 1 && BAD_INPUT_WORLD.issueFields.includes(keys[0])))
		.map((primaryKeys) => withInput('bad policy.primaryKeys', 'policy.primaryKeys', { policy: { primaryKeys } })),
	hostileString()
		.filter((field) => field !== 'updated')
		.map((cursorField) => withInput('unknown policy.cursorField', 'policy.cursorField', { policy: { cursorField } })),
	fc
		.oneof(fc.integer({ max: -1 }), fc.integer({ min: 7 * 24 * 60 + 1 }), fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 4 }))
		.map((lookbackMinutes) => withInput('bad policy.lookbackMinutes', 'policy.lookbackMinutes', { policy: { lookbackMinutes } })),
	fc
		.oneof(fc.integer({ max: 0 }), fc.integer({ min: 1001 }), fc.constant('100'))
		.map((pageSize) => withInput('bad policy.pageSize', 'policy.pageSize', { policy: { pageSize } })),
	unknownKey(['projects']).map((key) => withInput('an unknown filter key', `policy.filters.${key}`, { policy: { filters: { [key]: ['ENG'] } } })),
	fc
		.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 3 }), fc.string()), fc.array(fc.array(fc.string()), { minLength: 1, maxLength: 2 }))
		.map((projects) => withInput('bad policy.filters.projects', 'policy.filters.projects', { policy: { filters: { projects } } })),
	hostileString()
		.map((text) => `${text}\u0000`)
		.map((text) => withInput('a NUL character in a policy string', 'policy.filters.projects', { policy: { filters: { projects: [text] } } })),
	unknownKey(INPUT_FIELDS).map((key) => withInput('an unknown input field', key, { [key]: 'x' })),
	fc.constantFrom('endpointId', 'unitId').map((field) => {
		const input: Record<string, unknown> = { ...BASE };
		delete input[field];
		return { what: `missing ${field}`, input, field };
	}),
);

/** Hand-written cases the generator does not reach. */
function handWritten(): BadConfig[] {
	const manyValues = Array.from({ length: 90_000 }, (_, i) => `P${i}`);
	return [
		withInput('a disabled endpoint', 'endpointId', { endpointId: BAD_INPUT_WORLD.disabledEndpoint }),
		withInput('CDM for a model not provisioned on the sink', 'cdmModelId', { unitId: 'jira.comments', dataMode: 'CDM' }),
		withInput('CDM on a sink that is not a CDM sink', 'sinkId', { dataMode: 'CDM', sinkId: 'warehouse' }),
		withInput('INTERVAL without an interval', 'scheduleIntervalMinutes', { unitId: 'jira.worklogs', scheduleKind: 'INTERVAL' }),
		withInput('SCD1 with primaryKeys null', 'policy.primaryKeys', { mode: 'SCD1', policy: { primaryKeys: null } }),
		withInput('a policy string longer than 512 characters', 'policy', { policy: { cursorField: 'u'.repeat(513) } }),
		withInput('a policy with 90,000 filter values (about 800 KB)', 'policy', { policy: { filters: { projects: manyValues } } }),
		withInput('a filter list of 501 values', 'policy.filters.projects', { policy: { filters: { projects: manyValues.slice(0, 501) } } }),
		withInput('a policy nested 5 levels deep', 'policy', { policy: { filters: { projects: [[['ENG']]] } } }),
		withInput('a lone surrogate in a policy key', 'policy.\ud800', { policy: { '\ud800': 1 } }),
		withInput('a 10,000-character endpointId', 'endpointId', { endpointId: 'e'.repeat(10_000) }),
		withInput('a whitespace-only unitId', 'unitId', { unitId: '   ' }),
		withInput('an empty mode', 'mode', { mode: '' }),
		withInput('SQL in the sinkId', 'sinkId', { sinkId: `warehouse'; DROP TABLE ingestion_runs; --` }, ['NOT_FOUND']),
		withInput('a path in the cdmModelId', 'cdmModelId', { cdmModelId: '../../../etc/passwd' }),
		{ what: 'input null', input: null as unknown as Record<string, unknown>, field: 'input' },
		{ what: 'input a string', input: 'jira-bad/jira.issues' as unknown as Record<string, unknown>, field: 'input' },
	];
}

function asRefusal(bad: BadConfig, index: number, literal: boolean): RefusalCase {
	const codes = bad.codes ?? ['BAD_USER_INPUT'];
	const name = `#${index} ${bad.what} (${literal ? 'literal' : 'variables'}) ${JSON.stringify(bad.input)?.slice(0, 120)}`;
	const rendered = literal ? graphqlLiteral(bad.input) : undefined;
	if (rendered !== undefined) {
		return { name, body: { query: `mutation { configureIngestionUnit(input: ${rendered}) { id } }` }, codes, field: bad.field };
	}
	return { name, body: { query: CONFIGURE, variables: { input: bad.input } }, codes, field: bad.field };
}

describe('bad input: configureIngestionUnit over HTTP', () => {
	let server: BadInputServer;

	beforeAll(async () => {
		server = await startBadInputServer('bad_configure', async ({ store }) => {
			await seedBadInputWorld(store);
			await provisionCdmSink(store, 'cdm', 'cdm.work.item');
			await upsertConfig(store, { ...BASE, mode: 'INCREMENTAL', scheduleKind: 'INTERVAL', scheduleIntervalMinutes: 30 });
		});
	});
	afterAll(async () => {
		await server?.close();
	});

	it('refuses 160 generated bad config inputs: code and field named, nothing written, no leak, still serving', async () => {
		const generated = generate(badConfig, 160);
		// One in three is sent as a GraphQL literal instead of a variable (when it can be written as one).
		const cases = generated.map((bad, i) => asRefusal(bad, i, i % 3 === 0));
		expect(new Set(generated.map((bad) => bad.what)).size).toBeGreaterThanOrEqual(20);
		expect(await checkRefusalsInBatches(server, cases, VALID_QUERY)).toEqual([]);
	});

	it('refuses hand-written nasty config inputs the same way', async () => {
		const cases = handWritten().map((bad, i) => asRefusal(bad, i, false));
		expect(await checkRefusalsInBatches(server, cases, VALID_QUERY)).toEqual([]);
	});

	it('still applies a valid change afterwards, and the stored config is the one seeded until then', async () => {
		const before = await send(server, { body: VALID_QUERY });
		expect(before.json?.data).toEqual({
			ingestionUnitConfigs: [{ unitId: 'jira.issues', mode: 'INCREMENTAL', policy: { primaryKeys: ['id'], cursorField: 'updated', lookbackMinutes: expect.any(Number) } }],
		});
		const changed = await send(server, { body: { query: CONFIGURE, variables: { input: { ...BASE, mode: 'SCD1' } } } });
		expect(changed.json).toEqual({ data: { configureIngestionUnit: { id: expect.any(String), mode: 'SCD1', policy: expect.any(Object) } } });
	});
});
