import type { Store } from '../store';

/**
 * Record paths of a unit's fields as its catalog dataset describes them (`schema.fields[].path`), e.g. Jira's
 * issue field `updated` at `fields.updated`. Fields without a recorded path are left out (they sit at their name).
 */
export async function loadRecordFieldPaths(store: Store, endpointId: string, datasetId: string): Promise<Record<string, string>> {
	const dataset = await store.models.CatalogDataset.findOne({ where: { endpointId, datasetId }, attributes: ['schema'] });
	const fields = (dataset?.schema as { fields?: unknown } | undefined)?.fields;
	const paths: Record<string, string> = {};
	if (!Array.isArray(fields)) return paths;
	for (const field of fields as Array<{ name?: unknown; path?: unknown }>) {
		if (typeof field?.name === 'string' && typeof field.path === 'string' && field.path !== field.name) paths[field.name] = field.path;
	}
	return paths;
}
