import type { Store } from '../store';
import { jiraTemplateId, type JiraEndpointParameters } from './endpoint-parameters';

/** Why a Jira endpoint was not saved: the id is taken (without `replace`, or by an endpoint of another kind). */
export class JiraEndpointIdTakenError extends Error {
	constructor(
		readonly endpointId: string,
		/** `jira` when `replace` was not given, else the template id of the other kind of endpoint. */
		readonly takenBy: string,
	) {
		super(
			takenBy === 'jira'
				? `endpoint "${endpointId}" already exists (add --replace to change it)`
				: `endpoint "${endpointId}" is a ${takenBy} endpoint; pick another id`,
		);
		this.name = 'JiraEndpointIdTakenError';
	}
}

export interface JiraEndpointInput {
	id: string;
	name: string;
	/** Validated parameters (never secrets). */
	parameters: JiraEndpointParameters;
}

/**
 * Stores a Jira source endpoint in one transaction, the existing row locked: created, or updated when `replace` and the
 * id already names a Jira endpoint. Returns the template id (`jira.cloud` or `jira.datacenter`).
 */
export async function saveJiraEndpoint(store: Store, input: JiraEndpointInput, options: { replace: boolean }): Promise<'jira.cloud' | 'jira.datacenter'> {
	const templateId = jiraTemplateId(input.parameters.deployment);
	const { MetadataEndpoint } = store.models;
	await store.sequelize.transaction(async (transaction) => {
		const existing = await MetadataEndpoint.findByPk(input.id, { transaction, lock: transaction.LOCK.UPDATE });
		if (existing && !options.replace) throw new JiraEndpointIdTakenError(input.id, 'jira');
		if (existing && existing.templateId !== 'jira.cloud' && existing.templateId !== 'jira.datacenter') {
			throw new JiraEndpointIdTakenError(input.id, existing.templateId);
		}
		const values = { templateId, family: 'SOURCE' as const, name: input.name, parameters: input.parameters, capabilities: { supports_units: true } };
		if (existing) await existing.update(values, { transaction });
		else await MetadataEndpoint.create({ id: input.id, ...values }, { transaction });
	});
	return templateId;
}
