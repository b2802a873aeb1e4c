import type { Endpoint, IngestionUnit, IngestionUnitConfig } from '../../src/client/types';
import { cdmModelOn, configInput, initialForm, sinkForDataMode, sinksFor } from '../../console/src/lib/config-form';
import { scheduleChoices, scheduleText } from '../../console/src/lib/schedule';
import { hasActiveRun, unitView } from '../../console/src/lib/unit-view';

const unit: IngestionUnit = {
	endpointId: 'jira-x',
	unitId: 'jira.issues',
	datasetId: 'jira.issues',
	name: 'Jira issues',
	defaultMode: 'INCREMENTAL',
	supportedModes: ['FULL', 'INCREMENTAL', 'SCD1', 'CUSTOM'],
	defaultPolicy: { primaryKeys: ['id'], cursorField: 'updated', lookbackMinutes: 5 },
	defaultSinkId: 'warehouse',
	defaultDataMode: 'RAW',
	allowedCursorFields: ['updated'],
	filterKeys: ['projects'],
	fields: ['id', 'key', 'updated'],
	cdmModelId: 'cdm.work.item',
	config: null,
};

function sink(id: string, modes: string[], extra: Partial<Endpoint> = {}): Endpoint {
	return {
		id,
		templateId: 'pg.raw',
		family: 'SINK',
		name: id,
		description: null,
		enabled: true,
		parameters: {},
		capabilities: {},
		triggerLive: false,
		createdAt: '',
		updatedAt: '',
		supportedDataModes: modes,
		cdmModels: [],
		...extra,
	};
}

const config: IngestionUnitConfig = {
	id: 'c1',
	endpointId: 'jira-x',
	datasetId: 'jira.issues',
	unitId: 'jira.issues',
	enabled: false,
	mode: 'SCD1',
	sinkId: 'lake',
	scheduleKind: 'INTERVAL',
	scheduleIntervalMinutes: 30,
	policy: { primaryKeys: ['key'], cursorField: 'updated', filters: { projects: ['ENG'] } },
	lastStatus: { state: 'RUNNING', lastRunId: 'r1', trigger: 'MANUAL', queuedAt: null, startedAt: null, finishedAt: null, recordsRead: 3, rowsWritten: 0, error: null },
	dataMode: 'RAW',
	cdmModelId: 'cdm.work.item',
	triggerLive: false,
	scheduleLive: false,
	createdAt: '',
	updatedAt: '',
};

describe('console: units table view', () => {
	it('shows the defaults and "not configured" for a unit without a config', () => {
		expect(unitView(unit)).toEqual({
			unitId: 'jira.issues',
			name: 'Jira issues',
			configured: false,
			enabled: false,
			mode: 'INCREMENTAL',
			schedule: 'Manual only',
			sinkId: 'warehouse',
			dataMode: 'RAW',
			lastStatus: null,
		});
		expect(hasActiveRun(unit)).toBe(false);
	});

	it('shows the config of a configured unit and knows its run is in progress', () => {
		const configured = { ...unit, config };
		expect(unitView(configured)).toMatchObject({ configured: true, enabled: false, mode: 'SCD1', schedule: 'Every 30 min', sinkId: 'lake' });
		expect(hasActiveRun(configured)).toBe(true);
		expect(hasActiveRun({ ...unit, config: { ...config, lastStatus: { ...config.lastStatus!, state: 'SUCCEEDED' } } })).toBe(false);
	});

	it('words schedules and keeps an interval the selector does not offer', () => {
		expect([scheduleText('MANUAL', null), scheduleText('INTERVAL', 15)]).toEqual(['Manual only', 'Every 15 min']);
		expect(scheduleChoices(15)).toEqual(['MANUAL', 5, 15, 60]);
		expect(scheduleChoices(30)).toEqual(['MANUAL', 5, 15, 30, 60]);
	});
});

describe('console: configure drawer values', () => {
	it('prefills an unconfigured unit from its defaults, enabled as the bridge does on create', () => {
		expect(initialForm(unit)).toEqual({
			enabled: true,
			mode: 'INCREMENTAL',
			schedule: 'MANUAL',
			dataMode: 'RAW',
			sinkId: 'warehouse',
			primaryKeys: 'id',
			cursorField: 'updated',
		});
	});

	it('turns the form into a configureIngestionUnit input, keeping the other policy keys', () => {
		const configured = { ...unit, config };
		const form = { ...initialForm(configured), schedule: 15 as const, primaryKeys: ' id , key ,', cursorField: '' };
		expect(configInput(configured, form)).toEqual({
			endpointId: 'jira-x',
			unitId: 'jira.issues',
			enabled: false,
			mode: 'SCD1',
			scheduleKind: 'INTERVAL',
			scheduleIntervalMinutes: 15,
			dataMode: 'RAW',
			sinkId: 'lake',
			cdmModelId: null,
			// an emptied cursor field is left out, so the bridge completes it from the unit's default
			policy: { primaryKeys: ['id', 'key'], filters: { projects: ['ENG'] } },
		});
		expect(configInput(unit, { ...initialForm(unit), dataMode: 'CDM', sinkId: 'cdm' })).toMatchObject({
			dataMode: 'CDM',
			sinkId: 'cdm',
			cdmModelId: 'cdm.work.item',
			scheduleKind: 'MANUAL',
			scheduleIntervalMinutes: null,
		});
	});

	it('offers the enabled sinks of the data mode and moves off a sink that does not accept it', () => {
		const endpoints = [
			sink('warehouse', ['RAW']),
			sink('cdm', ['CDM'], { cdmModels: [{ cdmModelId: 'cdm.work.item', provisioned: true, physicalLocation: 'cdm_work.cdm_work_item' }] }),
			sink('lake', ['RAW', 'CDM']),
			sink('off', ['RAW'], { enabled: false }),
			{ ...sink('jira-x', []), family: 'SOURCE' },
		];
		expect(sinksFor(endpoints, 'RAW').map((e) => e.id)).toEqual(['warehouse', 'lake']);
		expect(sinksFor(endpoints, 'CDM').map((e) => e.id)).toEqual(['cdm', 'lake']);
		expect(sinkForDataMode('warehouse', sinksFor(endpoints, 'CDM'))).toBe('cdm');
		expect(sinkForDataMode('lake', sinksFor(endpoints, 'CDM'))).toBe('lake');
		expect(sinkForDataMode('warehouse', [])).toBe('');
		expect(cdmModelOn(endpoints[1], 'cdm.work.item')).toMatchObject({ provisioned: true });
		expect(cdmModelOn(endpoints[2], 'cdm.work.item')).toBeUndefined();
	});
});
