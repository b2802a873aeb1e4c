import { UniqueConstraintError } from 'sequelize';
import { z } from 'zod';

import type { Store } from '../store';
import { encryptSecret, SecretBoxError } from '../store/secret-box';
import { CDM_DEFAULT_SCHEMA, CDM_DEFAULT_TABLE_PREFIX } from './ddl';
import { CdmError } from './errors';
import { CDM_WORK_MODEL_IDS, isCdmWorkModelId } from './model-ids';
import {
	CDM_JDBC_TEMPLATE_ID,
	CDM_SINK_CAPABILITIES,
	connectionUrlSecretContext,
	ENV_VAR_NAME_PATTERN,
	parseCdmSinkParameters,
	publicCdmSinkParameters,
} from './sink-endpoint';
import { firstZodIssue } from './zod-issue';

/** Same rule as the metadata_endpoints_id_format constraint. */
const ENDPOINT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

const registerInputSchema = z
	.object({
		id: z.string().regex(ENDPOINT_ID_PATTERN, 'must be 1-63 letters, digits, "_", "." or "-", starting with a letter or digit'),
		name: z.string().trim().min(1, 'must not be blank').optional(),
		description: z.string().optional(),
		schema: z.string().default(CDM_DEFAULT_SCHEMA),
		tablePrefix: z.string().default(CDM_DEFAULT_TABLE_PREFIX),
		models: z
			.array(z.string().refine(isCdmWorkModelId, { message: `must be one of ${CDM_WORK_MODEL_IDS.join(', ')}` }))
			.min(1, 'must list at least one model')
			.optional(),
		/** A Postgres URL, stored encrypted with N8N_INGESTION_SECRET_KEY. */
		connectionUrl: z.string().optional(),
		/** Name of an environment variable holding the Postgres URL where the sink is used. */
		connectionUrlEnv: z.string().regex(ENV_VAR_NAME_PATTERN, 'must be an environment variable name').optional(),
	})
	.strict();

export type RegisterCdmSinkInput = z.input<typeof registerInputSchema>;

/** A cdm.jdbc endpoint as it may be shown: parameters without the connection URL. */
export interface CdmSinkEndpointView {
	id: string;
	templateId: string;
	family: 'SINK';
	name: string;
	description: string | null;
	parameters: Record<string, unknown>;
	capabilities: Record<string, unknown>;
	enabled: boolean;
}

/**
 * Registers another cdm.jdbc sink endpoint. Its connection URL is never stored in clear: give `connectionUrlEnv` (the
 * variable is read where the sink is used) or `connectionUrl` (stored AES-256-GCM encrypted with the key in
 * N8N_INGESTION_SECRET_KEY). Without either, the sink writes to the store's database. Fails if the id is taken.
 */
export async function registerCdmSinkEndpoint(
	store: Store,
	input: RegisterCdmSinkInput,
	env: NodeJS.ProcessEnv = process.env,
): Promise<CdmSinkEndpointView> {
	const parsed = registerInputSchema.safeParse(input);
	if (!parsed.success) {
		const { field, reason } = firstZodIssue(parsed.error);
		throw new CdmError('INVALID_PARAMETER', `${field} ${reason}`, field);
	}
	const value = parsed.data;
	const { schema, tablePrefix } = value;
	if (value.connectionUrl !== undefined && value.connectionUrlEnv !== undefined) {
		throw new CdmError('INVALID_PARAMETER', 'give either connectionUrl or connectionUrlEnv, not both', 'connectionUrl');
	}
	const parameters: Record<string, unknown> = {
		schema,
		table_prefix: tablePrefix,
		models: value.models ? [...new Set(value.models)] : [...CDM_WORK_MODEL_IDS],
	};
	if (value.connectionUrlEnv) parameters.connection_url_env = value.connectionUrlEnv;
	// validates schema, prefix and every table/index name they lead to, before any secret is handled
	parseCdmSinkParameters(value.id, parameters);
	if (value.connectionUrl !== undefined) {
		if (!/^postgres(ql)?:\/\/\S+$/i.test(value.connectionUrl)) {
			throw new CdmError('INVALID_PARAMETER', 'connectionUrl must be a postgres:// URL', 'connectionUrl');
		}
		try {
			parameters.connection_url_encrypted = encryptSecret(value.connectionUrl, connectionUrlSecretContext(value.id), env);
		} catch (error) {
			const reason = error instanceof SecretBoxError ? error.message : 'encryption failed';
			throw new CdmError('INVALID_PARAMETER', `connectionUrl cannot be stored: ${reason} (or use connectionUrlEnv)`, 'connectionUrl');
		}
	}

	try {
		const endpoint = await store.models.MetadataEndpoint.create({
			id: value.id,
			templateId: CDM_JDBC_TEMPLATE_ID,
			family: 'SINK',
			name: value.name ?? `CDM sink ${value.id}`,
			description: value.description ?? `Common-data-model work tables in schema ${schema}.`,
			parameters,
			capabilities: { ...CDM_SINK_CAPABILITIES, supported_cdm_models: [...CDM_SINK_CAPABILITIES.supported_cdm_models] },
		});
		return cdmSinkEndpointView(endpoint);
	} catch (error) {
		if (error instanceof UniqueConstraintError) {
			throw new CdmError('INVALID_PARAMETER', `an endpoint with id "${value.id}" already exists`, 'id');
		}
		throw error;
	}
}

export function cdmSinkEndpointView(endpoint: {
	id: string;
	templateId: string;
	name: string;
	description: string | null;
	parameters: Record<string, unknown>;
	capabilities: Record<string, unknown>;
	enabled: boolean;
}): CdmSinkEndpointView {
	return {
		id: endpoint.id,
		templateId: endpoint.templateId,
		family: 'SINK',
		name: endpoint.name,
		description: endpoint.description,
		parameters: publicCdmSinkParameters(endpoint.parameters),
		capabilities: endpoint.capabilities,
		enabled: endpoint.enabled,
	};
}
