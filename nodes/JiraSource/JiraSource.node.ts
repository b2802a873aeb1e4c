import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTest, loadOptions } from '../shared/methods';
import { properties, router } from './actions/router';

export class JiraSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jira Source',
		name: 'jiraSource',
		icon: 'file:jiraSource.svg',
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Collects Jira metadata into the ingestion catalog, lists the units it defines and reads their records',
		defaults: { name: 'Jira Source' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{ name: 'ingestionStoreApi', required: true, testedBy: 'ingestionStoreConnectionTest' },
			{ name: 'jiraIngestionApi', required: true, displayOptions: { show: { operation: ['collectMetadata', 'readUnit'] } } },
		],
		properties,
	};

	methods = { loadOptions, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
