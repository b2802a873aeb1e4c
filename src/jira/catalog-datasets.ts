import { jiraApiSurface } from './api-surface';
import type { JiraDeployment } from './endpoint-parameters';
import type { JiraDictionaries } from './readers/dictionaries';
import type { DatasetKind } from '../store/models/enums';

/** One field of a catalog dataset schema. `name` is what policies name (primary keys, cursor fields). */
export interface CatalogField {
	name: string;
	type: string;
	/** Where the value sits in Jira's JSON (`fields.updated`). */
	path?: string;
	/** Jira's field id (`customfield_10016`) and display name, for issue fields. */
	jiraId?: string;
	displayName?: string;
	custom?: boolean;
}

export interface CatalogDatasetRow {
	datasetId: string;
	name: string;
	kind: DatasetKind;
	physicalLocation: string;
	schema: { fields: CatalogField[]; values?: unknown[]; calls?: unknown[] };
	labels: Record<string, unknown>;
}

const f = (name: string, type: string, path = name): CatalogField => ({ name, type, path });

const PROJECT_FIELDS = [
	f('id', 'string'),
	f('key', 'string'),
	f('name', 'string'),
	f('projectTypeKey', 'string'),
	f('simplified', 'boolean'),
	f('style', 'string'),
	f('isPrivate', 'boolean'),
	f('lead', 'user'),
	f('description', 'string'),
	f('avatarUrls', 'json'),
	f('self', 'string'),
];

const USER_FIELDS = [
	f('accountId', 'string'),
	f('accountType', 'string'),
	f('emailAddress', 'string'),
	f('displayName', 'string'),
	f('active', 'boolean'),
	f('timeZone', 'string'),
	f('locale', 'string'),
	f('avatarUrls', 'json'),
	f('self', 'string'),
];

const COMMENT_FIELDS = [
	f('id', 'string'),
	f('issueId', 'string'),
	f('issueKey', 'string'),
	f('author', 'user'),
	f('updateAuthor', 'user'),
	f('body', 'adf'),
	f('created', 'datetime'),
	f('updated', 'datetime'),
	f('jsdPublic', 'boolean'),
	f('visibility', 'json'),
	f('self', 'string'),
];

const WORKLOG_FIELDS = [
	f('id', 'string'),
	f('issueId', 'string'),
	f('author', 'user'),
	f('updateAuthor', 'user'),
	f('comment', 'adf'),
	f('created', 'datetime'),
	f('updated', 'datetime'),
	f('started', 'datetime'),
	f('timeSpent', 'string'),
	f('timeSpentSeconds', 'number'),
	f('self', 'string'),
];

type Json = Record<string, unknown>;

function jiraType(field: Json): string {
	const schema = (field.schema ?? {}) as { type?: unknown; items?: unknown };
	if (typeof schema.type !== 'string') return 'unknown';
	return schema.type === 'array' && typeof schema.items === 'string' ? `array<${schema.items}>` : schema.type;
}

/**
 * Issue fields: `id`, `key`, `self`, then every field from `/field`. System fields are named by their id
 * (`updated`, `summary`); custom fields by their display name (made unique with the id when two share one),
 * keeping the id in `jiraId`.
 */
export function issueCatalogFields(fields: Json[]): CatalogField[] {
	const result: CatalogField[] = [f('id', 'string'), f('key', 'string'), f('self', 'string')];
	const taken = new Set(result.map((field) => field.name));
	const names = fields.map((field) => String(field.name ?? field.id));
	for (const field of fields) {
		const id = String(field.id);
		const displayName = String(field.name ?? id);
		const custom = field.custom === true;
		let name = custom ? displayName : id;
		if (taken.has(name) || (custom && names.filter((n) => n === displayName).length > 1)) name = `${displayName} (${id})`;
		taken.add(name);
		result.push({ name, type: jiraType(field), path: `fields.${id}`, jiraId: id, displayName, custom });
	}
	if (!result.some((field) => field.name === 'updated')) result.push({ name: 'updated', type: 'datetime', path: 'fields.updated', jiraId: 'updated' });
	return result;
}

function dictionaryFields(values: Json[]): CatalogField[] {
	const names = new Set<string>();
	for (const value of values) Object.keys(value).forEach((key) => names.add(key));
	return [...names].map((name) => {
		const sample = values.find((value) => value[name] !== undefined && value[name] !== null)?.[name];
		const type = Array.isArray(sample) ? 'array' : sample === null || sample === undefined ? 'unknown' : typeof sample === 'object' ? 'json' : typeof sample;
		return f(name, type);
	});
}

/** The catalog of a Jira endpoint, built from its dictionaries (pure; the subsystem writes it). */
export function jiraCatalogDatasets(deployment: JiraDeployment, dictionaries: JiraDictionaries): CatalogDatasetRow[] {
	const calls = jiraApiSurface(deployment);
	const location = (dataset: string) => {
		const call = calls.find((c) => c.datasets.includes(dataset));
		return call ? `${call.method} ${call.path}` : 'catalog only';
	};
	const labels = (extra: Record<string, unknown>) => ({ source: 'jira', deployment, ...extra });
	const entity = (datasetId: string, name: string, fields: CatalogField[], primaryKeys: string[], cursorFields: string[] = []): CatalogDatasetRow => ({
		datasetId,
		name,
		kind: 'ENTITY',
		physicalLocation: location(datasetId),
		schema: { fields },
		labels: labels({ primaryKeys, cursorFields }),
	});
	const dictionary = (datasetId: string, name: string, values: Json[]): CatalogDatasetRow => ({
		datasetId,
		name,
		kind: 'DICTIONARY',
		physicalLocation: location(datasetId),
		schema: { fields: dictionaryFields(values), values },
		labels: labels({ values: values.length }),
	});
	const customFields = dictionaries.fields.filter((field) => field.custom === true).length;
	return [
		entity('jira.projects', 'Jira projects', PROJECT_FIELDS, ['id']),
		entity('jira.users', 'Jira users', USER_FIELDS, ['accountId']),
		{ ...entity('jira.issues', 'Jira issues', issueCatalogFields(dictionaries.fields), ['id'], ['updated']), labels: labels({ primaryKeys: ['id'], cursorFields: ['updated'], customFields }) },
		entity('jira.comments', 'Jira issue comments', COMMENT_FIELDS, ['id'], ['updated']),
		entity('jira.worklogs', 'Jira worklogs', WORKLOG_FIELDS, ['id'], ['updated', 'started']),
		dictionary('jira.issue_types', 'Jira issue types', dictionaries.issueTypes),
		dictionary('jira.statuses', 'Jira statuses', dictionaries.statuses),
		dictionary('jira.priorities', 'Jira priorities', dictionaries.priorities),
		{
			datasetId: 'jira.api_surface',
			name: 'Jira REST API surface',
			kind: 'API_SURFACE',
			physicalLocation: deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2',
			schema: { fields: [f('method', 'string'), f('path', 'string'), f('purpose', 'string'), f('datasets', 'array')], calls },
			labels: labels({ calls: calls.length }),
		},
	];
}
