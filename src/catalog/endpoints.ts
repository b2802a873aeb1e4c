import { QueryTypes } from 'sequelize';

import { withoutSecrets } from '../security/secret-keys';
import type { Store } from '../store';
import type { EndpointFamily, EndpointTemplateId } from '../store/models/enums';

/** An endpoint as any API shows it: parameters without any secret-named key. */
export interface PublicEndpointRecord {
	id: string;
	templateId: EndpointTemplateId;
	family: EndpointFamily;
	name: string;
	description: string | null;
	enabled: boolean;
	parameters: Record<string, unknown>;
	capabilities: Record<string, unknown>;
	createdAt: Date;
	updatedAt: Date;
}

interface EndpointRow {
	id: string;
	template_id: EndpointTemplateId;
	family: EndpointFamily;
	name: string;
	description: string | null;
	enabled: boolean;
	parameters: Record<string, unknown>;
	capabilities: Record<string, unknown>;
	created_at: Date;
	updated_at: Date;
}

const COLUMNS = 'id, template_id, family, name, description, enabled, parameters, capabilities, created_at, updated_at';

function toPublicRecord(row: EndpointRow): PublicEndpointRecord {
	return {
		id: row.id,
		templateId: row.template_id,
		family: row.family,
		name: row.name,
		description: row.description,
		enabled: row.enabled,
		parameters: withoutSecrets(row.parameters),
		capabilities: withoutSecrets(row.capabilities),
		createdAt: row.created_at,
		updatedAt: row.updated_at,
	};
}

/** Every endpoint, sources first, then by id. */
export async function listPublicEndpoints(store: Store): Promise<PublicEndpointRecord[]> {
	const rows = await store.sequelize.query<EndpointRow>(`SELECT ${COLUMNS} FROM metadata_endpoints ORDER BY family DESC, id`, {
		type: QueryTypes.SELECT,
	});
	return rows.map(toPublicRecord);
}

/** Endpoints by id, in one statement for any number; unknown ids are left out. */
export async function publicEndpointsByIds(store: Store, ids: readonly string[]): Promise<PublicEndpointRecord[]> {
	if (ids.length === 0) return [];
	const rows = await store.sequelize.query<EndpointRow>(`SELECT ${COLUMNS} FROM metadata_endpoints WHERE id = ANY($1::text[])`, {
		bind: [ids],
		type: QueryTypes.SELECT,
	});
	return rows.map(toPublicRecord);
}
