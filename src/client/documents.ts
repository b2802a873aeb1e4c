/** GraphQL documents of the typed client; each selects every field of its types (see src/bridge/schema.graphql). */

const STATUS = `fragment StatusFields on IngestionStatus {
  state lastRunId trigger queuedAt startedAt finishedAt recordsRead rowsWritten error
}`;

const CONFIG = `fragment ConfigFields on IngestionUnitConfig {
  id endpointId datasetId unitId enabled mode sinkId scheduleKind scheduleIntervalMinutes policy
  lastStatus { ...StatusFields } dataMode cdmModelId triggerLive scheduleLive createdAt updatedAt
}
${STATUS}`;

const RUN = `fragment RunFields on IngestionRun {
  id endpointId unitId configId trigger status mode dataMode sinkId cdmModelId policy queuedAt startedAt finishedAt
  recordsRead rowsWritten stats progress error
}`;

const DATASET = `fragment DatasetFields on Dataset {
  id endpointId datasetId name kind domain physicalLocation labels fields { name type attributes } collectedAt
  ingestionConfig { ...ConfigFields } lastRun { ...RunFields }
}
${CONFIG}
${RUN}`;

const ENDPOINT = `fragment EndpointFields on Endpoint {
  id templateId family name description enabled parameters capabilities triggerLive createdAt updatedAt
  supportedDataModes cdmModels { cdmModelId provisioned physicalLocation }
}`;

const COLLECTION = `fragment CollectionFields on MetadataCollectionRequest {
  id endpointId status requestedAt startedAt finishedAt error
}`;

export const INGESTION_UNIT_CONFIGS = `query IngestionUnitConfigs($endpointId: ID!) {
  ingestionUnitConfigs(endpointId: $endpointId) { ...ConfigFields }
}
${CONFIG}`;

export const INGESTION_UNIT_CONFIG = `query IngestionUnitConfig($endpointId: ID!, $unitId: ID!) {
  ingestionUnitConfig(endpointId: $endpointId, unitId: $unitId) { ...ConfigFields }
}
${CONFIG}`;

export const ENDPOINTS = `query Endpoints { endpoints { ...EndpointFields } }
${ENDPOINT}`;

export const ENDPOINT_BY_ID = `query Endpoint($id: ID!) { endpoint(id: $id) { ...EndpointFields } }
${ENDPOINT}`;

export const DATASETS = `query Datasets($endpointId: ID!) { datasets(endpointId: $endpointId) { ...DatasetFields } }
${DATASET}`;

export const DATASET_BY_ID = `query Dataset($id: ID!) { dataset(id: $id) { ...DatasetFields } }
${DATASET}`;

export const INGESTION_UNITS = `query IngestionUnits($endpointId: ID!) {
  ingestionUnits(endpointId: $endpointId) {
    endpointId unitId datasetId name defaultMode supportedModes defaultPolicy defaultSinkId defaultDataMode
    allowedCursorFields filterKeys fields cdmModelId config { ...ConfigFields }
  }
}
${CONFIG}`;

export const INGESTION_RUNS = `query IngestionRuns($endpointId: ID!, $unitId: ID, $limit: Int) {
  ingestionRuns(endpointId: $endpointId, unitId: $unitId, limit: $limit) { ...RunFields }
}
${RUN}`;

export const INGESTION_RUN = `query IngestionRun($id: ID!) { ingestionRun(id: $id) { ...RunFields } }
${RUN}`;

export const CONFIGURE_INGESTION_UNIT = `mutation ConfigureIngestionUnit($input: IngestionUnitConfigInput!) {
  configureIngestionUnit(input: $input) { ...ConfigFields }
}
${CONFIG}`;

export const START_INGESTION = `mutation StartIngestion($input: StartIngestionInput!) {
  startIngestion(input: $input) { ok runId status { ...StatusFields } message queued run { ...RunFields } triggerLive }
}
${STATUS}
${RUN}`;

export const PROVISION_CDM_SINK = `mutation ProvisionCdmSink($input: ProvisionCdmSinkInput!) {
  provisionCdmSink(input: $input) {
    ok sinkEndpointId cdmModelId schema table physicalLocation datasetId created message
    dataset { ...DatasetFields }
  }
}
${DATASET}`;

export const COLLECT_METADATA = `mutation CollectMetadata($endpointId: ID!) {
  collectMetadata(endpointId: $endpointId) { ok queued request { ...CollectionFields } message triggerLive }
}
${COLLECTION}`;

/** Every document, by name (the schema test validates each against the SDL). */
export const ALL_DOCUMENTS = {
	INGESTION_UNIT_CONFIGS,
	INGESTION_UNIT_CONFIG,
	ENDPOINTS,
	ENDPOINT_BY_ID,
	DATASETS,
	DATASET_BY_ID,
	INGESTION_UNITS,
	INGESTION_RUNS,
	INGESTION_RUN,
	CONFIGURE_INGESTION_UNIT,
	START_INGESTION,
	PROVISION_CDM_SINK,
	COLLECT_METADATA,
};
