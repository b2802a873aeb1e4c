import fc from 'fast-check';

import { provisionCdmSink } from '../../src/cdm/provision';
import { upsertConfig } from '../../src/ingestion';
import { checkRefusalsInBatches, send, startBadInputServer, type BadInputServer, type RefusalCase } from '../helpers/bad-input-server';
import { BAD_INPUT_WORLD, seedBadInputWorld } from '../helpers/bad-input-world';
import { graphqlLiteral } from '../helpers/graphql-literal';
import { generate, hostileString, nonStringValue, unknownKey } from '../helpers/hostile-inputs';

const START = `mutation($input: StartIngestionInput!) { startIngestion(input: $input) { runId queued } }`;
const PROVISION = `mutation($input: ProvisionCdmSinkInput!) { provisionCdmSink(input: $input) { table created } }`;
const VALID_QUERY = { query: `query($e: ID!) { ingestionRuns(endpointId: $e) { id } datasets(endpointId: $e) { id } }`, variables: { e: BAD_INPUT_WORLD.endpoint } };

interface BadAction {
	what: string;
	input: unknown;
	field: string;
	codes?: string[];
}

const notOneOf = (values: readonly string[]) => (value: string) => !values.includes(value.trim());
const either = ['NOT_FOUND', 'BAD_USER_INPUT'];

/** startIngestion of jira-bad/jira.issues (configured) is valid: each case gets one thing wrong. */
function badStart(): fc.Arbitrary<BadAction> {
	const base = { endpointId: BAD_INPUT_WORLD.endpoint, unitId: 'jira.issues' };
	return fc.oneof(
		hostileString()
			.filter(notOneOf(BAD_INPUT_WORLD.allEndpoints))
			.map((endpointId) => ({ what: 'unknown endpointId', input: { ...base, endpointId }, field: 'endpointId', codes: either })),
		fc.constantFrom(BAD_INPUT_WORLD.disabledEndpoint, 'warehouse', 'cdm', BAD_INPUT_WORLD.narrowCdmSink).map((endpointId) => ({
			what: 'a disabled endpoint or a sink',
			input: { ...base, endpointId },
			field: 'endpointId',
		})),
		nonStringValue().map((endpointId) => ({ what: 'endpointId of a wrong type', input: { ...base, endpointId }, field: 'endpointId' })),
		hostileString()
			.filter(notOneOf(BAD_INPUT_WORLD.units))
			.map((unitId) => ({ what: 'unknown unitId', input: { ...base, unitId }, field: 'unitId', codes: either })),
		fc.constantFrom('jira.users', 'jira.projects', 'jira.worklogs').map((unitId) => ({
			what: 'a unit without a config',
			input: { ...base, unitId },
			field: 'unitId',
			codes: ['NOT_FOUND'],
		})),
		nonStringValue().map((unitId) => ({ what: 'unitId of a wrong type', input: { ...base, unitId }, field: 'unitId' })),
		unknownKey(['endpointId', 'unitId']).map((key) => ({ what: 'an unknown field', input: { ...base, [key]: 'MANUAL' }, field: key })),
		fc.constantFrom('endpointId', 'unitId').map((field) => ({
			what: `missing ${field}`,
			input: Object.fromEntries(Object.entries(base).filter(([key]) => key !== field)),
			field,
		})),
		fc.constantFrom(null, 'jira-bad', 42, []).map((input) => ({ what: 'input not an object', input, field: 'input' })),
	);
}

/** provisionCdmSink of cdm/cdm.work.item is valid: each case gets one thing wrong. */
function badProvision(): fc.Arbitrary<BadAction> {
	const base = { sinkEndpointId: 'cdm', cdmModelId: 'cdm.work.item' };
	return fc.oneof(
		hostileString()
			.filter(notOneOf(BAD_INPUT_WORLD.allEndpoints))
			.map((sinkEndpointId) => ({ what: 'unknown sinkEndpointId', input: { ...base, sinkEndpointId }, field: 'sinkEndpointId', codes: either })),
		fc.constantFrom('warehouse', BAD_INPUT_WORLD.endpoint, BAD_INPUT_WORLD.disabledEndpoint, BAD_INPUT_WORLD.disabledCdmSink).map((sinkEndpointId) => ({
			what: 'not a usable CDM sink',
			input: { ...base, sinkEndpointId },
			field: 'sinkEndpointId',
		})),
		nonStringValue().map((sinkEndpointId) => ({ what: 'sinkEndpointId of a wrong type', input: { ...base, sinkEndpointId }, field: 'sinkEndpointId' })),
		hostileString()
			.filter(notOneOf(BAD_INPUT_WORLD.cdmModels))
			.map((cdmModelId) => ({ what: 'unknown cdmModelId', input: { ...base, cdmModelId }, field: 'cdmModelId' })),
		fc.constantFrom('cdm.work.user', 'cdm.work.comment').map((cdmModelId) => ({
			what: 'a model the sink does not list',
			input: { sinkEndpointId: BAD_INPUT_WORLD.narrowCdmSink, cdmModelId },
			field: 'cdmModelId',
		})),
		nonStringValue().map((cdmModelId) => ({ what: 'cdmModelId of a wrong type', input: { ...base, cdmModelId }, field: 'cdmModelId' })),
		unknownKey(['sinkEndpointId', 'cdmModelId']).map((key) => ({ what: 'an unknown field', input: { ...base, [key]: 'x' }, field: key })),
		fc.constantFrom('sinkEndpointId', 'cdmModelId').map((field) => ({
			what: `missing ${field}`,
			input: Object.fromEntries(Object.entries(base).filter(([key]) => key !== field)),
			field,
		})),
	);
}

function asRefusal(mutation: 'startIngestion' | 'provisionCdmSink', bad: BadAction, index: number, literal: boolean): RefusalCase {
	const name = `${mutation} #${index} ${bad.what} (${literal ? 'literal' : 'variables'}) ${JSON.stringify(bad.input)?.slice(0, 120)}`;
	const codes = bad.codes ?? ['BAD_USER_INPUT'];
	const rendered = literal ? graphqlLiteral(bad.input) : undefined;
	const selection = mutation === 'startIngestion' ? '{ runId }' : '{ table }';
	if (rendered !== undefined) return { name, body: { query: `mutation { ${mutation}(input: ${rendered}) ${selection} }` }, codes, field: bad.field };
	return { name, body: { query: mutation === 'startIngestion' ? START : PROVISION, variables: { input: bad.input } }, codes, field: bad.field };
}

describe('bad input: startIngestion and provisionCdmSink over HTTP', () => {
	let server: BadInputServer;

	beforeAll(async () => {
		server = await startBadInputServer('bad_actions', async ({ store }) => {
			await seedBadInputWorld(store);
			await provisionCdmSink(store, 'cdm', 'cdm.work.item');
			await upsertConfig(store, { endpointId: BAD_INPUT_WORLD.endpoint, unitId: 'jira.issues' });
			await upsertConfig(store, { endpointId: BAD_INPUT_WORLD.endpoint, unitId: 'jira.comments', mode: 'FULL' });
		});
	});
	afterAll(async () => {
		await server?.close();
	});

	it('refuses 70 generated bad startIngestion inputs: code and field named, no run queued, no leak, still serving', async () => {
		const cases = generate(badStart(), 70).map((bad, i) => asRefusal('startIngestion', bad, i, i % 3 === 0));
		expect(await checkRefusalsInBatches(server, cases, VALID_QUERY)).toEqual([]);
	});

	it('refuses 70 generated bad provisionCdmSink inputs: no table, schema or catalog row created', async () => {
		const cases = generate(badProvision(), 70).map((bad, i) => asRefusal('provisionCdmSink', bad, i, i % 3 === 0));
		expect(await checkRefusalsInBatches(server, cases, VALID_QUERY)).toEqual([]);
	});

	it('still queues a valid run and provisions a valid model afterwards', async () => {
		const started = await send(server, { body: { query: START, variables: { input: { endpointId: BAD_INPUT_WORLD.endpoint, unitId: 'jira.comments' } } } });
		expect(started.json).toEqual({ data: { startIngestion: { runId: expect.any(String), queued: true } } });
		const provisioned = await send(server, { body: { query: PROVISION, variables: { input: { sinkEndpointId: 'cdm', cdmModelId: 'cdm.work.user' } } } });
		expect(provisioned.json).toEqual({ data: { provisionCdmSink: { table: 'cdm_work_user', created: true } } });
	});
});
