import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	buildSchema,
	isInputObjectType,
	isObjectType,
	parse,
	printSchema,
	validate,
	type GraphQLField,
	type GraphQLInputField,
	type GraphQLSchema,
} from 'graphql';

import { buildBridgeSchema } from '../../src/bridge/schema';
import { ALL_DOCUMENTS } from '../../src/client';

/** The contract of the bridge issue, verbatim: these names, types and nullabilities may never change. */
const CONTRACT = `
scalar JSON
scalar DateTime

type IngestionUnitConfig {
  id: ID!
  endpointId: ID!
  datasetId: ID!
  unitId: ID!
  enabled: Boolean!
  mode: String!
  sinkId: String!
  scheduleKind: String!
  scheduleIntervalMinutes: Int
  policy: JSON
  lastStatus: IngestionStatus
  dataMode: String!
  cdmModelId: String
}

type IngestionStatus { state: IngestionState! }
enum IngestionState { QUEUED RUNNING SUCCEEDED FAILED SKIPPED }

type Dataset {
  id: ID!
  ingestionConfig: IngestionUnitConfig
}

type Query {
  ingestionUnitConfigs(endpointId: ID!): [IngestionUnitConfig!]!
}

input IngestionUnitConfigInput {
  endpointId: ID!
  unitId: ID!
  enabled: Boolean
  mode: String
  sinkId: String
  scheduleKind: String
  scheduleIntervalMinutes: Int
  policy: JSON
  dataMode: String
  cdmModelId: String
}

input StartIngestionInput { endpointId: ID!, unitId: ID! }
type IngestionActionResult { ok: Boolean!, runId: ID, status: IngestionStatus, message: String }
input ProvisionCdmSinkInput { sinkEndpointId: ID!, cdmModelId: String! }
type ProvisionCdmSinkResult { ok: Boolean! }

type Mutation {
  configureIngestionUnit(input: IngestionUnitConfigInput!): IngestionUnitConfig!
  startIngestion(input: StartIngestionInput!): IngestionActionResult!
  provisionCdmSink(input: ProvisionCdmSinkInput!): ProvisionCdmSinkResult!
}
`;

function signature(field: GraphQLField<unknown, unknown> | GraphQLInputField): string {
	const args = 'args' in field && field.args.length > 0 ? `(${field.args.map((a) => `${a.name}: ${String(a.type)}`).join(', ')})` : '';
	return `${field.name}${args}: ${String(field.type)}`;
}

function signatures(schema: GraphQLSchema): Map<string, string> {
	const found = new Map<string, string>();
	for (const type of Object.values(schema.getTypeMap())) {
		if (type.name.startsWith('__')) continue;
		if (isObjectType(type) || isInputObjectType(type)) {
			for (const field of Object.values(type.getFields())) found.set(`${type.name}.${field.name}`, signature(field));
		}
	}
	return found;
}

describe('bridge schema contract', () => {
	const schema = buildBridgeSchema();

	it('keeps every field of the issue’s contract with its exact type, nullability and arguments', () => {
		const actual = signatures(schema);
		const expected = signatures(buildSchema(CONTRACT));
		const mismatches = [...expected].filter(([key, sig]) => actual.get(key) !== sig).map(([key, sig]) => `${key}: want ${sig}, got ${actual.get(key)}`);
		expect(mismatches).toEqual([]);
		const state = schema.getType('IngestionState');
		expect(state && 'getValues' in state ? state.getValues().map((v) => v.name) : []).toEqual(
			expect.arrayContaining(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED']),
		);
		expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(
			expect.arrayContaining(['endpoints', 'endpoint', 'datasets', 'dataset', 'ingestionUnits', 'ingestionRuns']),
		);
		expect(Object.keys(schema.getMutationType()!.getFields())).toContain('collectMetadata');
	});

	it('matches the committed snapshot (any change to the SDL must be deliberate and additive)', () => {
		const snapshot = readFileSync(path.join(__dirname, 'schema.snapshot.graphql'), 'utf8');
		// On a deliberate, additive change: npx tsx scripts/print-bridge-schema.ts > test/bridge/schema.snapshot.graphql
		expect(`${printSchema(schema)}\n`).toBe(snapshot);
	});

	it.each(Object.entries(ALL_DOCUMENTS))('the typed client’s %s document is valid against the schema', (_name, document) => {
		expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
	});
});
