import type { Transaction } from 'sequelize';

import type { Store } from '../store';

/**
 * Provisioning registers each CDM table as a catalog dataset of the sink endpoint:
 * (endpoint_id = sink id, dataset_id = CDM model id, kind = CDM_TABLE). That row is the record of
 * "this sink has provisioned this model".
 */
export async function provisionedCdmModels(store: Store, sinkId: string, transaction?: Transaction): Promise<string[]> {
	const rows = await store.models.CatalogDataset.findAll({
		where: { endpointId: sinkId, kind: 'CDM_TABLE' },
		attributes: ['datasetId'],
		transaction,
	});
	return rows.map((row) => row.datasetId).sort();
}

export async function isCdmModelProvisioned(
	store: Store,
	sinkId: string,
	cdmModelId: string,
	transaction?: Transaction,
): Promise<boolean> {
	const count = await store.models.CatalogDataset.count({
		where: { endpointId: sinkId, kind: 'CDM_TABLE', datasetId: cdmModelId },
		transaction,
	});
	return count > 0;
}

/** One CDM table provisioned on a sink (its CDM_TABLE catalog row). */
export interface ProvisionedCdmTable {
	sinkId: string;
	cdmModelId: string;
	/** `schema.table` */
	physicalLocation: string | null;
}

/** The CDM tables provisioned on each of `sinkIds`, in one statement for any number of sinks. */
export async function provisionedCdmTablesOf(store: Store, sinkIds: readonly string[]): Promise<ProvisionedCdmTable[]> {
	if (sinkIds.length === 0) return [];
	const rows = await store.models.CatalogDataset.findAll({
		where: { endpointId: [...sinkIds], kind: 'CDM_TABLE' },
		attributes: ['endpointId', 'datasetId', 'physicalLocation'],
		order: [['datasetId', 'ASC']],
		raw: true,
	});
	return rows.map((row) => ({ sinkId: row.endpointId, cdmModelId: row.datasetId, physicalLocation: row.physicalLocation ?? null }));
}

/** A CDM model as a sink offers it: listed in its capabilities and/or provisioned there. */
export interface SinkCdmModelState {
	cdmModelId: string;
	provisioned: boolean;
	physicalLocation: string | null;
}

/** The models a sink lists (in its order), then any provisioned model it no longer lists, each with its provisioned state. */
export function sinkCdmModelStates(listed: readonly string[], tables: readonly ProvisionedCdmTable[]): SinkCdmModelState[] {
	const byModel = new Map(tables.map((table) => [table.cdmModelId, table]));
	const ids = [...new Set([...listed, ...tables.map((table) => table.cdmModelId)])];
	return ids.map((cdmModelId) => {
		const table = byModel.get(cdmModelId);
		return { cdmModelId, provisioned: table !== undefined, physicalLocation: table?.physicalLocation ?? null };
	});
}
