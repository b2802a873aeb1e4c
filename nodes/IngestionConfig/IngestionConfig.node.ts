import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTest, loadOptions } from '../shared/methods';
import { properties, router } from './actions/router';

export class IngestionConfig implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ingestion Config',
		name: 'ingestionConfig',
		icon: 'file:ingestionConfig.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Read and change how each ingestion unit runs: mode, schedule, sink and policy',
		defaults: { name: 'Ingestion Config' },
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
