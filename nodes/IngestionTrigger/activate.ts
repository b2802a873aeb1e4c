import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import type { CronExpression, IDataObject, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { sampleRunRequest } from '../../src/scheduling/sample-request';
import { IngestionTriggerService } from '../../src/scheduling/trigger-service';
import type { TriggerRequest } from '../../src/scheduling/trigger-request';
import { Secrets, storeOf } from '../shared/credentials';
import { toNodeError } from '../shared/node-error';

interface TriggerOptions {
	spreadStartTimes?: boolean;
	resyncSeconds?: number;
	redispatchAfterMinutes?: number;
}

/**
 * The Ingestion Trigger's `trigger()`. Activated (not in the editor), it runs the IngestionTriggerService: one n8n
 * cron per scheduled unit, LISTEN plus periodic resync, dispatch of queued runs and collections, a heartbeat; one
 * execution per emitted request. In the editor ("manual" mode) it registers nothing and emits one sample request.
 */
export async function activateIngestionTrigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
	const endpointId = (this.getNodeParameter('endpointId', '') as string) || null;
	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	const secrets = new Secrets();
	const emit = (request: TriggerRequest) => this.emit([this.helpers.returnJsonArray([request as unknown as IDataObject])]);

	if (this.getMode() === 'manual') {
		return {
			manualTriggerFunction: async () => {
				try {
					emit(await sampleRunRequest(await storeOf(this, secrets), endpointId));
				} catch (error) {
					throw toNodeError(this.getNode(), error, secrets);
				}
			},
		};
	}

	let service: IngestionTriggerService;
	try {
		const store = await storeOf(this, secrets);
		service = new IngestionTriggerService({
			store,
			endpointId,
			instanceId: `n8n:${this.getWorkflow().id ?? 'workflow'}:${this.getNode().id}:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
			registerCron: (expression, onTick) => this.helpers.registerCron({ expression: expression as CronExpression }, onTick),
			emit,
			logger: this.logger,
			secrets: secrets.values,
			spread: options.spreadStartTimes ?? true,
			resyncMs: (options.resyncSeconds ?? 60) * 1000,
			redispatchAfterSeconds: (options.redispatchAfterMinutes ?? 10) * 60,
		});
		await service.start();
	} catch (error) {
		throw toNodeError(this.getNode(), error, secrets);
	}
	return { closeFunction: () => service.stop() };
}
