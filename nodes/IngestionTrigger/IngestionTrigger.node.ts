import type { INodeType, INodeTypeDescription, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { credentialTest, loadOptions } from '../shared/methods';
import { activateIngestionTrigger } from './activate';

export class IngestionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ingestion Trigger',
		name: 'ingestionTrigger',
		icon: 'file:ingestionTrigger.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["endpointId"] ? "endpoint " + $parameter["endpointId"] : "all endpoints" }}',
		description: 'Starts a run for every due scheduled ingestion unit and every run or metadata collection requested in the store',
		eventTriggerDescription: 'Waiting for due schedules and requested runs',
		activationMessage: 'Scheduled units now run on their intervals, and requested runs start as they are queued.',
		defaults: { name: 'Ingestion Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'ingestionStoreApi', required: true, testedBy: 'ingestionStoreConnectionTest' }],
		properties: [
			{
				displayName:
					'Each request starts its own execution: connect an Ingestion Run node. Testing this node emits one sample request of a configured unit.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Endpoint Name or ID',
				name: 'endpointId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTriggerEndpoints' },
				default: '',
				description:
					'Watch one endpoint, or all. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Redispatch After (Minutes)',
						name: 'redispatchAfterMinutes',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 10,
						description: 'A requested run still waiting this long after it was emitted (its execution was lost) is emitted again',
					},
					{
						displayName: 'Resync Every (Seconds)',
						name: 'resyncSeconds',
						type: 'number',
						typeOptions: { minValue: 5 },
						default: 60,
						description: 'How often to re-read all schedules and queued requests, in case a change notification was missed',
					},
					{
						displayName: 'Spread Start Times',
						name: 'spreadStartTimes',
						type: 'boolean',
						default: true,
						description: 'Whether to give each unit its own fixed offset within its interval, so units do not all start at once',
					},
				],
			},
		],
	};

	methods = { loadOptions, credentialTest };

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return activateIngestionTrigger.call(this);
	}
}
