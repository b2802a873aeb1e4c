import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTest, loadOptions } from '../shared/methods';
import { properties, router } from './actions/router';

export class IngestionRun implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ingestion Run',
		name: 'ingestionRun',
		icon: 'file:ingestionRun.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["source"] === "chosen" ? $parameter["unitId"] : "requests from input" }}',
		description: 'Runs ingestion units through the engine: reads Jira page by page into the unit\'s sink, or outputs the records of a custom unit',
		defaults: { name: 'Ingestion Run' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{ name: 'ingestionStoreApi', required: true, testedBy: 'ingestionStoreConnectionTest' },
			{ name: 'jiraIngestionApi', required: true },
		],
		properties,
	};

	methods = { loadOptions, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
