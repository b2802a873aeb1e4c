import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTest, loadOptions } from '../shared/methods';
import { properties, router } from './actions/router';

export class CdmSink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CDM Sink',
		name: 'cdmSink',
		icon: 'file:cdmSink.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Provisions common-data-model tables and upserts rows into them, from CDM rows or Jira records',
		defaults: { name: 'CDM Sink' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'ingestionStoreApi', required: true, testedBy: 'ingestionStoreConnectionTest' }],
		properties,
	};

	methods = { loadOptions, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
