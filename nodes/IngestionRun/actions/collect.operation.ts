import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { runCollectionRequest } from '../../../src/ingestion/collection-execution';
import { defaultWorkerId } from '../../../src/ingestion/run-session';
import { loadJiraEndpoint } from '../../../src/jira/endpoint-client';
import { JiraMetadataSubsystem } from '../../../src/jira/metadata-subsystem';
import { assertCredentialFitsEndpoint } from '../../../src/n8n/jira-credential';
import { toJson } from '../../shared/items';
import type { RunContext } from './run.operation';

/** Carries out a queued metadata collection request (emitted by the Ingestion Trigger as `kind: 'collect'`). */
export async function runCollection(this: IExecuteFunctions, context: RunContext, requestId: string, itemIndex: number): Promise<IDataObject> {
	const outcome = await runCollectionRequest(context.store, requestId, {
		worker: defaultWorkerId(),
		secrets: context.secrets.values,
		collect: async (endpointId) => {
			const endpoint = await loadJiraEndpoint(context.store, endpointId);
			assertCredentialFitsEndpoint(context.jira, endpoint);
			return toJson(await new JiraMetadataSubsystem(context.store, { auth: context.jira.auth }).collect(endpointId));
		},
	});
	if (outcome.status === 'FAILED' && !this.continueOnFail()) {
		throw new NodeOperationError(this.getNode(), outcome.error ?? 'The metadata collection failed', {
			itemIndex,
			description: `Collection request ${requestId} of endpoint "${outcome.endpointId}" failed.`,
		});
	}
	return toJson({ kind: 'collect', ...outcome });
}
