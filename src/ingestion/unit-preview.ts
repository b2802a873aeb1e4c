import { QueryTypes } from 'sequelize';

import type { Store } from '../store';
import { checkpointFor, checkpointTarget, parseUnitCheckpoint } from './checkpoint';
import { getConfigOrDefaults } from './config-or-defaults';
import { defaultUnitSourceFactory } from './default-factories';
import type { JsonValue } from './json-value';
import type { CredentialsProvider, SourceRecord, UnitSourceFactory } from './source';

/** Where a preview read starts. */
export type PreviewStart = { from: 'checkpoint' } | { from: 'beginning' } | { from: 'cursor'; cursor: JsonValue };

export interface ReadUnitRecordsRequest {
	endpointId: string;
	unitId: string;
	start: PreviewStart;
	/** Most records returned (1..10,000). */
	limit: number;
}

export interface UnitRecordsPreview {
	records: SourceRecord[];
	/** The source checkpoint the read started from (null: the beginning). */
	startCursor: JsonValue | null;
	/** Where a further read continues: the checkpoint after the last page returned in full (the start when none was). */
	nextCursor: JsonValue | null;
	/** True when the source had nothing more. */
	complete: boolean;
	pages: number;
}

export interface ReadUnitRecordsDeps {
	credentials?: CredentialsProvider;
	sourceFactory?: UnitSourceFactory;
}

export const MAX_PREVIEW_RECORDS = 10_000;

async function storedSourceCheckpoint(store: Store, endpointId: string, unitId: string, target: string): Promise<JsonValue | null> {
	const [row] = await store.sequelize.query<{ checkpoint: unknown }>(
		'SELECT checkpoint FROM ingestion_unit_states WHERE endpoint_id = $1 AND unit_id = $2',
		{ bind: [endpointId, unitId], type: QueryTypes.SELECT },
	);
	return checkpointFor(parseUnitCheckpoint(row?.checkpoint ?? null), target).source;
}

/**
 * Reads up to `limit` records of a unit with its config's policy (or the unit's defaults), without a run, a lease or
 * any write: the stored checkpoint never moves. `from: 'checkpoint'` starts where the unit's next run would (FULL
 * units from the beginning, others from the checkpoint less the lookback).
 */
export async function readUnitRecords(store: Store, request: ReadUnitRecordsRequest, deps: ReadUnitRecordsDeps = {}): Promise<UnitRecordsPreview> {
	if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_PREVIEW_RECORDS) {
		throw new Error(`limit must be a whole number within 1..${MAX_PREVIEW_RECORDS} (got ${request.limit})`);
	}
	const config = await getConfigOrDefaults(store, request.endpointId, request.unitId);
	const endpoint = await store.models.MetadataEndpoint.findByPk(request.endpointId);
	if (!endpoint) throw new Error(`Endpoint "${request.endpointId}" does not exist`);
	const source = { id: endpoint.id, templateId: endpoint.templateId, parameters: endpoint.parameters ?? {} };

	let startCursor: JsonValue | null = null;
	if (request.start.from === 'cursor') startCursor = request.start.cursor;
	else if (request.start.from === 'checkpoint' && config.mode !== 'FULL') {
		startCursor = await storedSourceCheckpoint(store, request.endpointId, request.unitId, checkpointTarget(config));
	}

	const abort = new AbortController();
	const credentials = (await deps.credentials?.(source)) ?? {};
	const unitSource = await (deps.sourceFactory ?? defaultUnitSourceFactory)({
		store,
		endpoint: source,
		unitId: request.unitId,
		mode: config.mode,
		policy: config.policy,
		credentials,
		signal: abort.signal,
	});
	const records: SourceRecord[] = [];
	let nextCursor = startCursor;
	let complete = true;
	let pages = 0;
	try {
		const lookbackMinutes = startCursor === null || request.start.from === 'cursor' ? 0 : (config.policy.lookbackMinutes ?? 0);
		const pageStream = unitSource.pages({ mode: config.mode, policy: config.policy, checkpoint: startCursor, lookbackMinutes, signal: abort.signal });
		for await (const page of pageStream) {
			pages += 1;
			const room = request.limit - records.length;
			records.push(...page.records.slice(0, room));
			if (page.records.length > room) {
				complete = false;
				break;
			}
			nextCursor = page.checkpoint;
			if (records.length >= request.limit) {
				complete = false;
				break;
			}
		}
	} finally {
		abort.abort();
		await unitSource.close?.().catch(() => undefined);
	}
	return { records, startCursor, nextCursor, complete, pages };
}
