import type { EndpointUnitDescriptor } from '../ingestion/unit-descriptor';
import type { Store } from '../store';
import type { IngestionMode } from '../store/models/enums';
import type { CdmWorkModelId } from '../cdm/model-ids';

/** What the Jira source knows about each ingestable dataset: the defaults of the architecture brief. */
interface JiraUnitDefaults {
	defaultMode: IngestionMode;
	supportedModes: IngestionMode[];
	primaryKeys: string[];
	cursorField?: string;
	allowedCursorFields: string[];
	cdmModelId: CdmWorkModelId;
}

const WITHOUT_CURSOR: IngestionMode[] = ['FULL', 'SCD1', 'CUSTOM'];
const WITH_CURSOR: IngestionMode[] = ['FULL', 'INCREMENTAL', 'SCD1', 'CUSTOM'];

/** Default lookback (minutes) re-read before the saved cursor on incremental runs. */
export const JIRA_DEFAULT_LOOKBACK_MINUTES = 5;

/** Filter keys accepted in `policy.filters` for Jira units. */
export const JIRA_FILTER_KEYS = ['projects'];

export const JIRA_UNIT_DEFAULTS: Readonly<Record<string, JiraUnitDefaults>> = {
	'jira.projects': {
		defaultMode: 'FULL',
		supportedModes: WITHOUT_CURSOR,
		primaryKeys: ['id'],
		allowedCursorFields: [],
		cdmModelId: 'cdm.work.project',
	},
	'jira.users': {
		defaultMode: 'FULL',
		supportedModes: WITHOUT_CURSOR,
		primaryKeys: ['accountId'],
		allowedCursorFields: [],
		cdmModelId: 'cdm.work.user',
	},
	'jira.issues': {
		defaultMode: 'INCREMENTAL',
		supportedModes: WITH_CURSOR,
		primaryKeys: ['id'],
		cursorField: 'updated',
		allowedCursorFields: ['updated'],
		cdmModelId: 'cdm.work.item',
	},
	'jira.comments': {
		defaultMode: 'INCREMENTAL',
		supportedModes: WITH_CURSOR,
		primaryKeys: ['id'],
		cursorField: 'updated',
		allowedCursorFields: ['updated'],
		cdmModelId: 'cdm.work.comment',
	},
	'jira.worklogs': {
		defaultMode: 'INCREMENTAL',
		supportedModes: WITH_CURSOR,
		primaryKeys: ['id'],
		cursorField: 'updated',
		allowedCursorFields: ['updated', 'started'],
		cdmModelId: 'cdm.work.worklog',
	},
};

export const JIRA_UNIT_IDS = Object.keys(JIRA_UNIT_DEFAULTS);

/** Field names recorded in a catalog dataset's schema (`{ fields: [{ name, ... }] }`). */
export function catalogFieldNames(schema: unknown): string[] {
	const fields = (schema as { fields?: unknown } | null)?.fields;
	if (!Array.isArray(fields)) return [];
	return fields
		.map((field) => (field as { name?: unknown })?.name)
		.filter((name): name is string => typeof name === 'string');
}

/** Units of a Jira endpoint: one per ingestable ENTITY dataset in its catalog; none before collection ran. */
export async function listJiraUnits(store: Store, endpointId: string): Promise<EndpointUnitDescriptor[]> {
	const datasets = await store.models.CatalogDataset.findAll({
		where: { endpointId, kind: 'ENTITY', datasetId: JIRA_UNIT_IDS },
		order: [['datasetId', 'ASC']],
	});
	return datasets.map((dataset) => {
		const defaults = JIRA_UNIT_DEFAULTS[dataset.datasetId];
		return {
			unitId: dataset.datasetId,
			datasetId: dataset.datasetId,
			datasetUuid: dataset.id,
			name: dataset.name,
			defaultMode: defaults.defaultMode,
			supportedModes: [...defaults.supportedModes],
			defaultPolicy: {
				primaryKeys: [...defaults.primaryKeys],
				...(defaults.cursorField
					? { cursorField: defaults.cursorField, lookbackMinutes: JIRA_DEFAULT_LOOKBACK_MINUTES }
					: {}),
			},
			allowedCursorFields: [...defaults.allowedCursorFields],
			filterKeys: [...JIRA_FILTER_KEYS],
			fields: catalogFieldNames(dataset.schema),
			cdmModelId: defaults.cdmModelId,
		};
	});
}
