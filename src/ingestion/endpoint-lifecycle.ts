import type { Store } from '../store';
import { constraintViolation } from '../store';
import { disableEndpointConfigs } from './config-service';
import { badInput, notFound } from './validation-error';

/**
 * Enables or disables an endpoint. Disabling also disables all its unit configs (their schedules stop, with a
 * NOTIFY per config), updates their KB nodes and skips its queued runs, in one transaction. Enabling leaves the
 * unit configs disabled: each unit is switched back on deliberately.
 */
export async function setEndpointEnabled(store: Store, endpointId: string, enabled: boolean): Promise<void> {
	await store.sequelize.transaction(async (transaction) => {
		const [rows] = (await store.sequelize.query(
			`UPDATE metadata_endpoints SET enabled = $2, updated_at = now() WHERE id = $1 RETURNING id`,
			{ bind: [endpointId, enabled], transaction },
		)) as [unknown[], unknown];
		if (rows.length === 0) throw notFound('endpointId', `endpointId: endpoint "${endpointId}" does not exist`);
		if (!enabled) await disableEndpointConfigs(store, endpointId, transaction);
	});
}

/**
 * Deletes an endpoint; its catalog, configs, unit states, runs, KB nodes and edges, heartbeats and collection
 * requests go with it (foreign-key cascades), and each deleted config sends a NOTIFY so triggers drop its schedule.
 * A sink that configs still write to is refused.
 */
export async function deleteEndpoint(store: Store, endpointId: string): Promise<void> {
	try {
		const deleted = await store.models.MetadataEndpoint.destroy({ where: { id: endpointId } });
		if (deleted === 0) throw notFound('endpointId', `endpointId: endpoint "${endpointId}" does not exist`);
	} catch (error) {
		if (constraintViolation(error)?.constraint === 'ingestion_unit_configs_sink_fk') {
			throw badInput('endpointId', `endpointId: sink "${endpointId}" is still the sink of ingestion configs; point them elsewhere first`);
		}
		throw error;
	}
}
