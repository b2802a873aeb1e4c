import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { runCustomUnit } from '../../../src/ingestion/custom-run';
import { runInputForRequest } from '../../../src/ingestion/run-request-input';
import { runIngestionUnit } from '../../../src/ingestion/run-unit';
import type { RunUnitDeps, RunUnitResult } from '../../../src/ingestion/run-session';
import type { RunUnitInput } from '../../../src/ingestion/run-input';
import { jiraCredentialsProvider, type JiraCredential } from '../../../src/n8n/jira-credential';
import { parseRunRequestItem, type RunRequestItem } from '../../../src/n8n/run-request-item';
import type { Store } from '../../../src/store';
import type { Secrets } from '../../shared/credentials';
import { endpointField, unitField } from '../../shared/descriptions';
import { forEachItem, toJson } from '../../shared/items';
import { runCollection } from './collect.operation';

const chosen = { show: { source: ['chosen'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Run',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Requests From the Input',
				value: 'input',
				description:
					'Each input item is a request: from an Ingestion Trigger, or any item with endpointId and unitId (and runId for a queued run)',
			},
			{ name: 'The Unit Chosen Below', value: 'chosen', description: 'Run one unit by its stored config, once per input item' },
		],
		default: 'input',
	},
	endpointField(chosen),
	unitField(chosen),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Records (Custom Mode)',
				name: 'maxRecords',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description:
					'Most records a CUSTOM unit outputs per run; whole pages only (the first page always). The next run continues after the last page output.',
			},
		],
	},
];

export interface RunContext {
	store: Store;
	jira: JiraCredential;
	secrets: Secrets;
}

function summary(input: RunUnitInput, result: RunUnitResult): IDataObject {
	return toJson({
		kind: 'run',
		runId: result.runId,
		endpointId: input.endpointId,
		unitId: input.unitId,
		trigger: input.trigger ?? 'MANUAL',
		mode: input.mode,
		dataMode: input.dataMode ?? 'RAW',
		sinkId: input.sinkId,
		status: result.status,
		stats: result.stats,
		checkpoint: result.checkpoint,
		...(result.error ? { error: result.error } : {}),
		...(result.skippedReason ? { skippedReason: result.skippedReason } : {}),
	});
}

/**
 * A CUSTOM run: its records become output items. Inside one execution a node cannot know whether the nodes after it
 * will succeed, so a page counts as confirmed (the unit's checkpoint moves past it) once its records are part of this
 * node's output; the next run continues after the last page output. Pages beyond `maxRecords` stay unread.
 */
async function runCustom(input: RunUnitInput, deps: RunUnitDeps, maxRecords: number): Promise<{ records: IDataObject[]; result: RunUnitResult }> {
	const run = runCustomUnit(input, deps);
	const records: IDataObject[] = [];
	try {
		for await (const page of run) {
			if (records.length > 0 && records.length + page.records.length > maxRecords) break;
			for (const record of page.records) records.push(toJson(record));
			await page.confirm();
			if (records.length >= maxRecords) break;
		}
	} catch {
		// The run ended FAILED; its result says why.
	}
	return { records, result: await run.result };
}

function failure(ctx: IExecuteFunctions, input: RunUnitInput, result: RunUnitResult, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), result.error ?? 'The run failed', {
		itemIndex,
		description: `Run ${result.runId} of unit ${input.unitId} (endpoint "${input.endpointId}") failed; its committed pages and checkpoint are kept.`,
	});
}

async function runOne(this: IExecuteFunctions, context: RunContext, request: Extract<RunRequestItem, { kind: 'run' }>, itemIndex: number) {
	const input = await runInputForRequest(context.store, request);
	const deps: RunUnitDeps = {
		store: context.store,
		credentials: jiraCredentialsProvider(context.jira),
		signal: this.getExecutionCancelSignal?.(),
	};
	if (input.mode === 'CUSTOM') {
		const maxRecords = this.getNodeParameter('options.maxRecords', itemIndex, 10000) as number;
		const { records, result } = await runCustom(input, deps, maxRecords);
		if (result.status === 'FAILED') {
			if (!this.continueOnFail()) throw failure(this, input, result, itemIndex);
			return [summary(input, result)];
		}
		return records;
	}
	const result = await runIngestionUnit(input, deps);
	if (result.status === 'FAILED' && !this.continueOnFail()) throw failure(this, input, result, itemIndex);
	return summary(input, result);
}

/** Carries out each request: runs through the engine (one summary item each, or a CUSTOM unit's records) or collections. */
export async function execute(this: IExecuteFunctions, context: RunContext): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', 0) as 'input' | 'chosen';
	return forEachItem(this, context.secrets, async (itemIndex) => {
		const request: RunRequestItem =
			source === 'chosen'
				? {
						kind: 'run',
						runId: null,
						endpointId: this.getNodeParameter('endpointId', itemIndex) as string,
						unitId: this.getNodeParameter('unitId', itemIndex) as string,
					}
				: parseRunRequestItem(this.getInputData()[itemIndex].json);
		if (request.kind === 'collect') return runCollection.call(this, context, request.requestId, itemIndex);
		return runOne.call(this, context, request, itemIndex);
	});
}
