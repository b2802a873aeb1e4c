import fc from 'fast-check';

import { upsertConfig } from '../../src/ingestion';
import { checkRefusal, checkRefusalsInBatches, send, serverLogProblems, startBadInputServer, type BadInputServer, type RefusalCase } from '../helpers/bad-input-server';
import { BAD_INPUT_WORLD, seedBadInputWorld } from '../helpers/bad-input-world';
import { deepJsonText, generate } from '../helpers/hostile-inputs';

const CONFIGS = `query($e: ID!) { ingestionUnitConfigs(endpointId: $e) { unitId mode } }`;
const VALID_QUERY = { query: CONFIGS, variables: { e: BAD_INPUT_WORLD.endpoint } };
const CONFIGURE = `mutation($input: IngestionUnitConfigInput!) { configureIngestionUnit(input: $input) { id } }`;
const MUTATION = `mutation { startIngestion(input: {endpointId: "jira-bad", unitId: "jira.issues"}) { runId } }`;
const VALID_BODY = JSON.stringify({ query: CONFIGURE, variables: { input: { endpointId: 'jira-bad', unitId: 'jira.issues', mode: 'FULL' } } });

const printable = (options: { minLength?: number; maxLength?: number } = {}) => fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), ...options });

/** Authorization headers that must all be refused: none of them carries the token. */
interface BadAuth {
	what: string;
	headers: Record<string, string>;
}

function badAuthorization(token: string): fc.Arbitrary<BadAuth> {
	return fc.oneof<fc.Arbitrary<BadAuth>[]>(
		printable({ minLength: 1, maxLength: 80 }).map((forged) => ({ what: 'a random bearer token', headers: { authorization: `Bearer ${forged}` } })),
		fc.nat({ max: token.length - 1 }).map((at) => ({
			what: 'the token with one character changed',
			headers: { authorization: `Bearer ${token.slice(0, at)}${token[at] === 'x' ? 'y' : 'x'}${token.slice(at + 1)}` },
		})),
		fc.nat({ max: token.length - 1 }).map((cut) => ({ what: 'a prefix of the token', headers: { authorization: `Bearer ${token.slice(0, cut)}` } })),
		printable({ minLength: 1, maxLength: 8 }).map((extra) => ({ what: 'the token with a suffix', headers: { authorization: `Bearer ${token}${extra}` } })),
		fc.constantFrom<BadAuth>(
			{ what: 'the token upper-cased', headers: { authorization: `Bearer ${token.toUpperCase()}` } },
			{ what: 'the token as Basic auth', headers: { authorization: `Basic ${Buffer.from(`user:${token}`).toString('base64')}` } },
			{ what: 'the token without a scheme', headers: { authorization: token } },
			{ what: 'an empty bearer', headers: { authorization: 'Bearer ' } },
			{ what: 'two tokens', headers: { authorization: `Bearer ${token} ${token}` } },
			{ what: 'the token in a cookie', headers: { authorization: '', cookie: `token=${token}` } },
			{ what: 'the token in another header', headers: { authorization: '', 'x-api-token': token } },
			{ what: 'no authorization header', headers: { authorization: '' } },
		),
	);
}

/** Request bodies that are not one well-formed GraphQL request, with the field the answer must name. */
const badEnvelope: fc.Arbitrary<{ what: string; body: string; field: string }> = fc.oneof(
	fc.nat({ max: VALID_BODY.length - 1 }).map((cut) => ({ what: 'a truncated body', body: VALID_BODY.slice(0, cut), field: 'body' })),
	fc.string({ maxLength: 60 }).filter((text) => {
		try {
			JSON.parse(text);
			return false;
		} catch {
			return true;
		}
	}).map((body) => ({ what: 'a body that is not JSON', body, field: 'body' })),
	fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.integer(), fc.constant(null), fc.boolean()).map((value) => ({
		what: 'a JSON body that is not an object',
		body: JSON.stringify(value),
		field: 'body',
	})),
	fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }), fc.constant(null)).map((query) => ({
		what: 'a query that is not a string',
		body: JSON.stringify({ query }),
		field: 'query',
	})),
	fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 })).map((variables) => ({
		what: 'variables that are not an object',
		body: JSON.stringify({ query: CONFIGS, variables }),
		field: 'variables',
	})),
	fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 })).map((operationName) => ({
		what: 'an operationName that is not a string',
		body: JSON.stringify({ query: CONFIGS, operationName }),
		field: 'operationName',
	})),
	fc
		.stringMatching(/^[a-z][A-Za-z]{0,12}$/)
		.filter((key) => !['query', 'variables', 'operationName', 'extensions'].includes(key))
		.map((key) => ({ what: 'an unknown request field', body: JSON.stringify({ query: CONFIGS, [key]: 1 }), field: key })),
);

/** GET requests that try to run a mutation (GET may only read). */
const getMutations: RefusalCase[] = [
	MUTATION,
	`mutation M { configureIngestionUnit(input: {endpointId: "jira-bad", unitId: "jira.issues", mode: "FULL"}) { id } }`,
	`query Q { endpoints { id } } mutation M { collectMetadata(endpointId: "jira-bad") { ok } }&operationName=M`,
	`mutation { provisionCdmSink(input: {sinkEndpointId: "cdm", cdmModelId: "cdm.work.item"}) { table } }`,
].map((query, i) => {
	const [text, extra] = query.split('&');
	return { name: `GET mutation #${i}`, method: 'GET', body: '', search: `?query=${encodeURIComponent(text)}${extra ? `&${extra}` : ''}`, codes: ['BAD_REQUEST'] };
});

function documentAbuse(): RefusalCase[] {
	let deep = 'id';
	for (let i = 0; i < 6; i++) deep = `ingestionConfig { dataset { ${deep} } }`;
	const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: endpoints { id }`).join(' ');
	const tokens = Array.from({ length: 3_000 }, () => 'id').join(' ');
	const longString = `mutation { startIngestion(input: {endpointId: "${'x'.repeat(900_000)}", unitId: "jira.issues"}) { runId } }`;
	const fragments = `query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }`;
	const validation = ['GRAPHQL_VALIDATION_FAILED'];
	return [
		{ name: 'a query deeper than the limit', body: { query: `query($id: ID!) { dataset(id: $id) { ${deep} } }`, variables: { id: 'x' } }, codes: validation },
		{ name: 'a query with 20 aliases', body: { query: `{ ${aliases} }` }, codes: validation },
		{ name: 'a query of 3,000 tokens', body: { query: `{ endpoints { ${tokens} } }` }, codes: ['GRAPHQL_PARSE_FAILED'] },
		{ name: 'a 900 KB string literal', body: { query: longString }, codes: ['BAD_USER_INPUT'], field: 'endpointId' },
		{ name: 'cyclic fragments', body: { query: fragments }, codes: validation },
		{ name: 'a subscription', body: { query: `subscription { endpoints { id } }` }, codes: validation },
		{ name: 'a syntax error', body: { query: `mutation { configureIngestionUnit(input: {endpointId: "jira-bad" ` }, codes: ['GRAPHQL_PARSE_FAILED'] },
		{ name: 'an empty query', body: { query: '' }, codes: ['GRAPHQL_PARSE_FAILED', 'BAD_REQUEST'] },
		{ name: 'two operations without a name', body: { query: `query A { endpoints { id } } mutation B { collectMetadata(endpointId: "jira-bad") { ok } }` }, codes: ['OPERATION_RESOLUTION_FAILURE'] },
		{ name: 'an unknown operationName', body: { query: MUTATION, operationName: 'Nope' }, codes: ['OPERATION_RESOLUTION_FAILURE'] },
		{ name: 'an unknown field', body: { query: `{ endpoints { id password } }` }, codes: validation },
		{ name: 'an unknown argument', body: { query: `mutation { startIngestion(input: {endpointId: "jira-bad", unitId: "jira.issues"}, force: true) { runId } }` }, codes: ['BAD_USER_INPUT'], field: 'force' },
		{ name: 'a missing argument', body: { query: `mutation { startIngestion { runId } }` }, codes: ['BAD_USER_INPUT'], field: 'input' },
		{ name: 'a variable of the wrong type in the document', body: { query: `mutation($u: Int) { startIngestion(input: {endpointId: "jira-bad", unitId: $u}) { runId } }`, variables: { u: 1 } }, codes: validation },
		{ name: 'a mutation as text/plain', body: JSON.stringify({ query: MUTATION }), headers: { 'content-type': 'text/plain' }, codes: ['BAD_REQUEST'], field: 'content-type' },
		{ name: 'a mutation as a form', body: `query=${encodeURIComponent(MUTATION)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, codes: ['BAD_REQUEST'], field: 'content-type' },
		{ name: 'a mutation without a content type', body: JSON.stringify({ query: MUTATION }), headers: { 'content-type': '' }, codes: ['BAD_REQUEST'], field: 'content-type' },
	];
}

function hugeBodies(): RefusalCase[] {
	const policyBody = (policyText: string) =>
		`{"query":${JSON.stringify(CONFIGURE)},"variables":{"input":{"endpointId":"jira-bad","unitId":"jira.issues","policy":${policyText}}}}`;
	return [
		{ name: 'a 10 MB body', body: policyBody(JSON.stringify({ filters: { projects: Array.from({ length: 1_100_000 }, (_, i) => `P${i}`) } })), codes: ['BAD_REQUEST'], field: 'body' },
		{ name: 'a body just over 1 MiB', body: policyBody(JSON.stringify({ cursorField: 'u'.repeat(1024 * 1024) })), codes: ['BAD_REQUEST'], field: 'body' },
		{ name: 'a policy nested 10,000 arrays deep', body: policyBody(deepJsonText(10_000, 'array')), codes: ['BAD_USER_INPUT'], field: 'policy' },
		{ name: 'a policy nested 10,000 objects deep', body: policyBody(deepJsonText(10_000, 'object')), codes: ['BAD_USER_INPUT'], field: 'policy' },
		{ name: 'a filter nested 10,000 objects deep', body: policyBody(`{"filters":{"projects":${deepJsonText(10_000)}}}`), codes: ['BAD_USER_INPUT'], field: 'policy' },
		{
			name: 'an endpointId nested 10,000 arrays deep',
			body: `{"query":${JSON.stringify(CONFIGURE)},"variables":{"input":{"endpointId":${deepJsonText(10_000, 'array')},"unitId":"jira.issues"}}}`,
			codes: ['BAD_USER_INPUT'],
			field: 'endpointId',
		},
		{ name: 'a body nested 200,000 levels deep', body: `{"query":${JSON.stringify(CONFIGS)},"variables":{"e":${deepJsonText(200_000)}}}`, codes: ['BAD_USER_INPUT', 'BAD_REQUEST'] },
		{ name: 'a policy of 100,000 values (just under 1 MiB)', body: policyBody(JSON.stringify({ filters: { projects: Array.from({ length: 100_000 }, () => 'P') } })), codes: ['BAD_USER_INPUT'], field: 'policy' },
	];
}

describe('bad input: the HTTP layer of the bridge (tokens, bodies, methods, documents)', () => {
	let server: BadInputServer;

	beforeAll(async () => {
		server = await startBadInputServer('bad_http', async ({ store }) => {
			await seedBadInputWorld(store);
			await upsertConfig(store, { endpointId: BAD_INPUT_WORLD.endpoint, unitId: 'jira.issues' });
		});
	});
	afterAll(async () => {
		await server?.close();
	});

	it('refuses 40 generated missing, forged or misplaced tokens with 401 UNAUTHENTICATED, a mutation included', async () => {
		const cases: RefusalCase[] = generate(badAuthorization(server.token), 40).map(({ what, headers }, i) => ({
			name: `auth #${i} ${what}`,
			body: i % 2 === 0 ? { query: MUTATION } : VALID_QUERY,
			headers,
			codes: ['UNAUTHENTICATED'],
			field: 'authorization',
		}));
		expect(await checkRefusalsInBatches(server, cases, VALID_QUERY)).toEqual([]);
		const get = await send(server, { method: 'GET', body: '', search: `?query=${encodeURIComponent('{ endpoints { id } }')}`, headers: { authorization: '' } });
		expect([get.status, get.json?.errors?.[0].extensions]).toEqual([401, { code: 'UNAUTHENTICATED', field: 'authorization' }]);
	});

	it('refuses 40 generated malformed request bodies with 400 BAD_REQUEST naming the part at fault', async () => {
		const cases: RefusalCase[] = generate(badEnvelope, 40).map(({ what, body, field }, i) => ({
			name: `body #${i} ${what} ${JSON.stringify(body).slice(0, 80)}`,
			body,
			codes: ['BAD_REQUEST'],
			field,
		}));
		expect(await checkRefusalsInBatches(server, cases, VALID_QUERY)).toEqual([]);
	});

	it('refuses mutations sent with GET, and abusive documents (depth, aliases, tokens, cycles, subscriptions)', async () => {
		expect(await checkRefusalsInBatches(server, [...getMutations, ...documentAbuse()], VALID_QUERY)).toEqual([]);
	});

	it('refuses huge and deeply nested bodies (10 MB, 10,000 levels) cleanly and keeps serving', async () => {
		const problems: string[] = [];
		for (const refusal of hugeBodies()) {
			problems.push(...(await checkRefusal(server, refusal)));
			const alive = await send(server, { body: VALID_QUERY });
			if (alive.json?.errors || !alive.json?.data) problems.push(`after ${refusal.name}: a valid query failed: ${alive.text.slice(0, 200)}`);
		}
		expect([...problems, ...serverLogProblems(server, [])]).toEqual([]);
		expect((await fetch(server.url.replace('/graphql', '/healthz'))).status).toBe(200);
	});
});
