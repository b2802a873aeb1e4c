import { ClientError, GraphQLClient } from 'graphql-request';

import * as doc from './documents';
import type {
	CollectMetadataResult,
	Dataset,
	Endpoint,
	IngestionActionResult,
	IngestionRun,
	IngestionUnit,
	IngestionUnitConfig,
	IngestionUnitConfigInput,
	ProvisionCdmSinkInput,
	ProvisionCdmSinkResult,
	StartIngestionInput,
} from './types';

export interface IngestionClientOptions {
	/** The bridge's GraphQL URL, e.g. http://127.0.0.1:4000/graphql. */
	url: string;
	/** Bearer token (INGESTION_API_TOKEN); omit only for a server started with --insecure-local. */
	token?: string;
	/** Custom fetch (tests, proxies); the global fetch by default. */
	fetch?: typeof fetch;
}

/** A GraphQL error answered by the bridge, with its `extensions.code` and `extensions.field`. */
export class BridgeRequestError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined,
		readonly field: string | undefined,
		readonly status: number,
		readonly errors: Array<{ message: string; extensions?: Record<string, unknown> }>,
	) {
		super(message);
		this.name = 'BridgeRequestError';
	}
}

function toBridgeError(error: unknown): unknown {
	if (!(error instanceof ClientError)) return error;
	const errors = (error.response.errors ?? []) as Array<{ message: string; extensions?: Record<string, unknown> }>;
	const first = errors[0];
	const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
	const field = typeof first?.extensions?.field === 'string' ? first.extensions.field : undefined;
	return new BridgeRequestError(first?.message ?? `HTTP ${error.response.status}`, code, field, error.response.status, errors);
}

/** Typed functions for every query and mutation of the bridge. Errors are thrown as `BridgeRequestError`. */
export class IngestionClient {
	private readonly client: GraphQLClient;

	constructor(options: IngestionClientOptions) {
		this.client = new GraphQLClient(options.url, {
			headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
			fetch: options.fetch,
		});
	}

	/** Runs any document against the bridge (for callers that select their own fields). */
	async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
		try {
			return await this.client.request<T>(document, variables);
		} catch (error) {
			throw toBridgeError(error);
		}
	}

	async ingestionUnitConfigs(endpointId: string): Promise<IngestionUnitConfig[]> {
		return (await this.request<{ ingestionUnitConfigs: IngestionUnitConfig[] }>(doc.INGESTION_UNIT_CONFIGS, { endpointId }))
			.ingestionUnitConfigs;
	}

	async ingestionUnitConfig(endpointId: string, unitId: string): Promise<IngestionUnitConfig | null> {
		return (await this.request<{ ingestionUnitConfig: IngestionUnitConfig | null }>(doc.INGESTION_UNIT_CONFIG, { endpointId, unitId }))
			.ingestionUnitConfig;
	}

	async endpoints(): Promise<Endpoint[]> {
		return (await this.request<{ endpoints: Endpoint[] }>(doc.ENDPOINTS)).endpoints;
	}

	async endpoint(id: string): Promise<Endpoint | null> {
		return (await this.request<{ endpoint: Endpoint | null }>(doc.ENDPOINT_BY_ID, { id })).endpoint;
	}

	async datasets(endpointId: string): Promise<Dataset[]> {
		return (await this.request<{ datasets: Dataset[] }>(doc.DATASETS, { endpointId })).datasets;
	}

	async dataset(id: string): Promise<Dataset | null> {
		return (await this.request<{ dataset: Dataset | null }>(doc.DATASET_BY_ID, { id })).dataset;
	}

	async ingestionUnits(endpointId: string): Promise<IngestionUnit[]> {
		return (await this.request<{ ingestionUnits: IngestionUnit[] }>(doc.INGESTION_UNITS, { endpointId })).ingestionUnits;
	}

	async ingestionRuns(endpointId: string, options: { unitId?: string; limit?: number } = {}): Promise<IngestionRun[]> {
		return (await this.request<{ ingestionRuns: IngestionRun[] }>(doc.INGESTION_RUNS, { endpointId, ...options })).ingestionRuns;
	}

	async ingestionRun(id: string): Promise<IngestionRun | null> {
		return (await this.request<{ ingestionRun: IngestionRun | null }>(doc.INGESTION_RUN, { id })).ingestionRun;
	}

	async configureIngestionUnit(input: IngestionUnitConfigInput): Promise<IngestionUnitConfig> {
		return (await this.request<{ configureIngestionUnit: IngestionUnitConfig }>(doc.CONFIGURE_INGESTION_UNIT, { input }))
			.configureIngestionUnit;
	}

	async startIngestion(input: StartIngestionInput): Promise<IngestionActionResult> {
		return (await this.request<{ startIngestion: IngestionActionResult }>(doc.START_INGESTION, { input })).startIngestion;
	}

	async provisionCdmSink(input: ProvisionCdmSinkInput): Promise<ProvisionCdmSinkResult> {
		return (await this.request<{ provisionCdmSink: ProvisionCdmSinkResult }>(doc.PROVISION_CDM_SINK, { input })).provisionCdmSink;
	}

	async collectMetadata(endpointId: string): Promise<CollectMetadataResult> {
		return (await this.request<{ collectMetadata: CollectMetadataResult }>(doc.COLLECT_METADATA, { endpointId })).collectMetadata;
	}
}

export function createIngestionClient(options: IngestionClientOptions): IngestionClient {
	return new IngestionClient(options);
}
