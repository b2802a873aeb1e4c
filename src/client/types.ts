/** TypeScript shapes of the bridge's GraphQL answers (see src/bridge/schema.graphql). Dates arrive as ISO strings. */

export type IngestionState = 'NEVER_RUN' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
export type IngestionRunStatus = Exclude<IngestionState, 'NEVER_RUN'>;

export interface IngestionStatus {
	state: IngestionState;
	lastRunId: string | null;
	trigger: string | null;
	queuedAt: string | null;
	startedAt: string | null;
	finishedAt: string | null;
	recordsRead: number | null;
	rowsWritten: number | null;
	error: string | null;
}

export interface IngestionUnitConfig {
	id: string;
	endpointId: string;
	datasetId: string;
	unitId: string;
	enabled: boolean;
	mode: string;
	sinkId: string;
	scheduleKind: string;
	scheduleIntervalMinutes: number | null;
	policy: Record<string, unknown> | null;
	lastStatus: IngestionStatus | null;
	dataMode: string;
	cdmModelId: string | null;
	triggerLive: boolean;
	scheduleLive: boolean;
	createdAt: string;
	updatedAt: string;
}

export interface DatasetField {
	name: string;
	type: string | null;
	attributes: Record<string, unknown> | null;
}

export interface IngestionRun {
	id: string;
	endpointId: string;
	unitId: string;
	configId: string | null;
	trigger: string;
	status: IngestionRunStatus;
	mode: string;
	dataMode: string;
	sinkId: string;
	cdmModelId: string | null;
	policy: Record<string, unknown>;
	queuedAt: string;
	startedAt: string | null;
	finishedAt: string | null;
	recordsRead: number | null;
	rowsWritten: number | null;
	stats: Record<string, unknown>;
	progress: Record<string, unknown>;
	error: string | null;
}

export interface Dataset {
	id: string;
	endpointId: string;
	datasetId: string;
	name: string;
	kind: string;
	domain: string | null;
	physicalLocation: string | null;
	labels: Record<string, unknown>;
	fields: DatasetField[];
	collectedAt: string | null;
	ingestionConfig: IngestionUnitConfig | null;
	lastRun: IngestionRun | null;
}

export interface Endpoint {
	id: string;
	templateId: string;
	family: string;
	name: string;
	description: string | null;
	enabled: boolean;
	parameters: Record<string, unknown>;
	capabilities: Record<string, unknown>;
	triggerLive: boolean;
	createdAt: string;
	updatedAt: string;
	/** Data modes a sink accepts (RAW, CDM); empty for a source. */
	supportedDataModes: string[];
	/** For a sink: the CDM models it lists or has provisioned. */
	cdmModels: SinkCdmModel[];
}

export interface SinkCdmModel {
	cdmModelId: string;
	provisioned: boolean;
	physicalLocation: string | null;
}

export interface IngestionUnit {
	endpointId: string;
	unitId: string;
	datasetId: string;
	name: string;
	defaultMode: string;
	supportedModes: string[];
	defaultPolicy: Record<string, unknown>;
	defaultSinkId: string;
	defaultDataMode: string;
	allowedCursorFields: string[];
	filterKeys: string[];
	fields: string[];
	cdmModelId: string | null;
	config: IngestionUnitConfig | null;
}

export interface MetadataCollectionRequest {
	id: string;
	endpointId: string;
	status: string;
	requestedAt: string;
	startedAt: string | null;
	finishedAt: string | null;
	error: string | null;
}

export interface IngestionUnitConfigInput {
	endpointId: string;
	unitId: string;
	enabled?: boolean | null;
	mode?: string | null;
	sinkId?: string | null;
	scheduleKind?: string | null;
	scheduleIntervalMinutes?: number | null;
	policy?: unknown;
	dataMode?: string | null;
	cdmModelId?: string | null;
}

export interface StartIngestionInput {
	endpointId: string;
	unitId: string;
}

export interface IngestionActionResult {
	ok: boolean;
	runId: string | null;
	status: IngestionStatus | null;
	message: string | null;
	queued: boolean;
	run: IngestionRun | null;
	triggerLive: boolean;
}

export interface ProvisionCdmSinkInput {
	sinkEndpointId: string;
	cdmModelId: string;
}

export interface ProvisionCdmSinkResult {
	ok: boolean;
	sinkEndpointId: string;
	cdmModelId: string;
	schema: string;
	table: string;
	physicalLocation: string;
	datasetId: string;
	created: boolean;
	dataset: Dataset | null;
	message: string | null;
}

export interface CollectMetadataResult {
	ok: boolean;
	queued: boolean;
	request: MetadataCollectionRequest;
	message: string | null;
	triggerLive: boolean;
}
