import type { INodeProperties } from 'n8n-workflow';

/** A source endpoint of the store, chosen from a list. */
export function endpointField(displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Endpoint Name or ID',
		name: 'endpointId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSourceEndpoints' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** One ingestion unit of the chosen endpoint. */
export function unitField(displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Unit Name or ID',
		name: 'unitId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUnits', loadOptionsDependsOn: ['endpointId'] },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** A sink endpoint of the store. */
export function sinkField(name: string, loadOptionsMethod: 'getSinks' | 'getCdmSinks', displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Sink Name or ID',
		name,
		type: 'options',
		typeOptions: { loadOptionsMethod },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** A CDM work model. */
export function cdmModelField(displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Model Name or ID',
		name: 'cdmModelId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCdmModels' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		...(displayOptions ? { displayOptions } : {}),
	};
}
