import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { loadJiraEndpoint } from '../../../src/jira/endpoint-client';
import { JiraMetadataSubsystem } from '../../../src/jira/metadata-subsystem';
import { assertCredentialFitsEndpoint } from '../../../src/n8n/jira-credential';
import { forEachItem, toJson } from '../../shared/items';
import { endpointField } from '../../shared/descriptions';
import type { SourceContext } from './router';

const show = { show: { operation: ['collectMetadata'] } };

export const description: INodeProperties[] = [endpointField(show)];

/** Reads the endpoint's Jira metadata into the catalog (datasets and fields); one report item per input item. */
export async function execute(this: IExecuteFunctions, context: SourceContext): Promise<INodeExecutionData[]> {
	const jira = await context.jira();
	return forEachItem(this, context.secrets, async (itemIndex) => {
		const endpointId = this.getNodeParameter('endpointId', itemIndex) as string;
		const endpoint = await loadJiraEndpoint(context.store, endpointId);
		assertCredentialFitsEndpoint(jira, endpoint);
		return toJson(await new JiraMetadataSubsystem(context.store, { auth: jira.auth }).collect(endpointId));
	});
}
