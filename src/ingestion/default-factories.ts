import { createRawSink } from '../sinks/raw/raw-sink';
import { createCdmSink } from './sinks/cdm-sink';
import { createJiraUnitSource } from './sources/jira-unit-source';
import { resolveUnitSink, type UnitSinkFactories, type UnitSinkFactory } from './sink';
import { resolveUnitSource, type UnitSourceFactories, type UnitSourceFactory } from './source';

/** Sources by endpoint template id. */
export const DEFAULT_UNIT_SOURCE_FACTORIES: UnitSourceFactories = {
	'jira.cloud': createJiraUnitSource,
	'jira.datacenter': createJiraUnitSource,
};

/** Sinks by `<sink template id>:<data mode>`. */
export const DEFAULT_UNIT_SINK_FACTORIES: UnitSinkFactories = {
	'pg.raw:RAW': createRawSink,
	'cdm.jdbc:CDM': createCdmSink,
};

/** The source factory the engine uses unless one is injected. */
export const defaultUnitSourceFactory: UnitSourceFactory = (context) =>
	resolveUnitSource(context, DEFAULT_UNIT_SOURCE_FACTORIES);

/** The sink factory the engine uses unless one is injected. */
export const defaultUnitSinkFactory: UnitSinkFactory = (context) => resolveUnitSink(context, DEFAULT_UNIT_SINK_FACTORIES);
