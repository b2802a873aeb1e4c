import type { Transaction } from 'sequelize';
import { z } from 'zod';

import type { MetadataEndpoint, Store } from '../store';
import { isEncryptedSecret } from '../store/secret-box';
import { CDM_DEFAULT_SCHEMA, CDM_DEFAULT_TABLE_PREFIX, validateCdmLayout } from './ddl';
import { CdmError } from './errors';
import { CDM_WORK_MODEL_IDS, isCdmWorkModelId, type CdmWorkModelId } from './model-ids';
import { CDM_WORK_MODELS } from './models';
import { firstZodIssue } from './zod-issue';

export const CDM_JDBC_TEMPLATE_ID = 'cdm.jdbc';

/** Capabilities of every cdm.jdbc endpoint (the built-in `cdm` sink seeded by migration 0002 has exactly these). */
export const CDM_SINK_CAPABILITIES = Object.freeze({
	supports_raw: false,
	supports_cdm_work: true,
	supported_cdm_models: [...CDM_WORK_MODEL_IDS],
	'sink.autoprovision': true,
});

/** Environment variable names a sink may reference for its connection URL. */
export const ENV_VAR_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export interface EndpointParameterDescriptor {
	name: string;
	type: 'string' | 'string[]';
	required: boolean;
	secret: boolean;
	default?: unknown;
	description: string;
}

/** The cdm.jdbc endpoint template: what a UI needs to offer a form for a new CDM sink. */
export const CDM_JDBC_TEMPLATE = Object.freeze({
	id: CDM_JDBC_TEMPLATE_ID,
	family: 'SINK' as const,
	name: 'Common data model (Postgres)',
	description: 'Writes Jira data as common-data-model work tables (project, user, item, comment, worklog) in Postgres.',
	parameters: [
		{
			name: 'connection_url',
			type: 'string',
			required: false,
			secret: true,
			description:
				'Postgres URL of the target database; default is the store database. Kept encrypted (N8N_INGESTION_SECRET_KEY) or as the name of an environment variable (connection_url_env), never in clear and never returned.',
		},
		{ name: 'schema', type: 'string', required: false, secret: false, default: CDM_DEFAULT_SCHEMA, description: 'Schema of the CDM tables' },
		{
			name: 'table_prefix',
			type: 'string',
			required: false,
			secret: false,
			default: CDM_DEFAULT_TABLE_PREFIX,
			description: 'Prefix of the table names (cdm_ gives cdm_work_item)',
		},
		{
			name: 'models',
			type: 'string[]',
			required: false,
			secret: false,
			default: [...CDM_WORK_MODEL_IDS],
			description: 'CDM models this sink accepts',
		},
	] satisfies EndpointParameterDescriptor[],
	capabilities: CDM_SINK_CAPABILITIES,
});

/** Where a sink's connection comes from. The URL itself is only resolved when a connection is opened. */
export type CdmSinkConnectionRef =
	| { kind: 'store' }
	| { kind: 'env'; variable: string }
	| { kind: 'encrypted'; ciphertext: string };

export interface CdmSinkSettings {
	endpointId: string;
	schema: string;
	tablePrefix: string;
	models: CdmWorkModelId[];
	connection: CdmSinkConnectionRef;
}

const storedParametersSchema = z
	.object({
		schema: z.string().default(CDM_DEFAULT_SCHEMA),
		table_prefix: z.string().default(CDM_DEFAULT_TABLE_PREFIX),
		models: z
			.array(z.string().refine(isCdmWorkModelId, { message: `must be one of ${CDM_WORK_MODEL_IDS.join(', ')}` }))
			.min(1, 'must list at least one model')
			.default([...CDM_WORK_MODEL_IDS]),
		connection_url_env: z.string().regex(ENV_VAR_NAME_PATTERN, 'must be an environment variable name').optional(),
		connection_url_encrypted: z.string().refine(isEncryptedSecret, 'is not an encrypted value').optional(),
	})
	.passthrough();

/** Validates a cdm.jdbc endpoint's stored parameters; errors name the parameter. */
export function parseCdmSinkParameters(endpointId: string, parameters: unknown): CdmSinkSettings {
	const raw = (parameters ?? {}) as Record<string, unknown>;
	if (raw.connection_url !== undefined && raw.connection_url !== null) {
		throw new CdmError(
			'INVALID_PARAMETER',
			`sink "${endpointId}": parameters.connection_url must not be stored in clear; register the sink with an encrypted URL or connection_url_env`,
			'connection_url',
		);
	}
	const parsed = storedParametersSchema.safeParse(raw);
	if (!parsed.success) {
		const { field, reason } = firstZodIssue(parsed.error);
		throw new CdmError('INVALID_PARAMETER', `sink "${endpointId}": parameter ${field} ${reason}`, field);
	}
	const { schema, table_prefix, models, connection_url_env, connection_url_encrypted } = parsed.data;
	if (connection_url_env && connection_url_encrypted) {
		throw new CdmError(
			'INVALID_PARAMETER',
			`sink "${endpointId}": set either connection_url_env or an encrypted connection_url, not both`,
			'connection_url',
		);
	}
	const connection: CdmSinkConnectionRef = connection_url_env
		? { kind: 'env', variable: connection_url_env }
		: connection_url_encrypted
			? { kind: 'encrypted', ciphertext: connection_url_encrypted }
			: { kind: 'store' };
	const modelIds = [...new Set(models as CdmWorkModelId[])];
	validateCdmLayout(schema, table_prefix, modelIds.map((id) => CDM_WORK_MODELS[id]));
	return { endpointId, schema, tablePrefix: table_prefix, models: modelIds, connection };
}

/** Parameters of a cdm.jdbc endpoint safe to show: the connection URL is replaced by where it comes from. */
export function publicCdmSinkParameters(parameters: unknown): Record<string, unknown> {
	const raw = { ...((parameters ?? {}) as Record<string, unknown>) };
	const source = raw.connection_url_env ? 'env' : raw.connection_url_encrypted || raw.connection_url ? 'encrypted' : 'store';
	delete raw.connection_url;
	delete raw.connection_url_encrypted;
	return { ...raw, connection_url_source: source };
}

/** Additional authenticated data binding an encrypted URL to its endpoint. */
export function connectionUrlSecretContext(endpointId: string): string {
	return `cdm.jdbc:${endpointId}:connection_url`;
}

/** The endpoint and its validated settings; fails unless it exists and is a cdm.jdbc SINK (errors name the field). */
export async function loadCdmSinkEndpoint(
	store: Store,
	sinkEndpointId: string,
	transaction?: Transaction,
): Promise<{ endpoint: MetadataEndpoint; settings: CdmSinkSettings }> {
	if (typeof sinkEndpointId !== 'string' || sinkEndpointId.trim() === '') {
		throw new CdmError('INVALID_PARAMETER', 'sinkEndpointId is required', 'sinkEndpointId');
	}
	const endpoint = await store.models.MetadataEndpoint.findByPk(sinkEndpointId, { transaction });
	if (!endpoint) {
		throw new CdmError('ENDPOINT_NOT_FOUND', `sink endpoint "${sinkEndpointId}" does not exist`, 'sinkEndpointId');
	}
	if (endpoint.family !== 'SINK') {
		throw new CdmError('NOT_A_CDM_SINK', `endpoint "${sinkEndpointId}" is a ${endpoint.family}, not a SINK`, 'family');
	}
	if (endpoint.templateId !== CDM_JDBC_TEMPLATE_ID) {
		throw new CdmError(
			'NOT_A_CDM_SINK',
			`endpoint "${sinkEndpointId}" has template ${endpoint.templateId}; CDM tables need a ${CDM_JDBC_TEMPLATE_ID} sink`,
			'template_id',
		);
	}
	return { endpoint, settings: parseCdmSinkParameters(endpoint.id, endpoint.parameters) };
}

/** Fails unless `modelId` is a CDM work model that the sink lists (parameters.models and capabilities). */
export function assertSinkListsModel(endpoint: MetadataEndpoint, settings: CdmSinkSettings, modelId: unknown): CdmWorkModelId {
	if (!isCdmWorkModelId(modelId)) {
		throw new CdmError(
			'MODEL_NOT_SUPPORTED',
			`${JSON.stringify(modelId)} is not a CDM work model; use one of ${CDM_WORK_MODEL_IDS.join(', ')}`,
			'cdmModelId',
		);
	}
	const supported = (endpoint.capabilities as { supported_cdm_models?: unknown }).supported_cdm_models;
	if (!Array.isArray(supported) || !supported.includes(modelId)) {
		throw new CdmError(
			'MODEL_NOT_SUPPORTED',
			`sink "${endpoint.id}" does not support ${modelId}: capabilities.supported_cdm_models does not list it`,
			'capabilities.supported_cdm_models',
		);
	}
	if (!settings.models.includes(modelId)) {
		throw new CdmError(
			'MODEL_NOT_SUPPORTED',
			`sink "${endpoint.id}" does not list ${modelId} in parameters.models (${settings.models.join(', ')})`,
			'parameters.models',
		);
	}
	return modelId;
}
