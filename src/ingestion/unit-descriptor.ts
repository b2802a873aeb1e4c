import type { IngestionMode } from '../store/models/enums';
import type { IngestionPolicy } from './policy';

/** One ingestion unit an endpoint offers, derived from its catalog (`SupportsIngestionUnits.listUnits`). */
export interface EndpointUnitDescriptor {
	/** Unit id; equals the catalog dataset id (`jira.issues`). */
	unitId: string;
	/** Catalog dataset key (`jira.issues`). */
	datasetId: string;
	/** catalog_datasets.id of that dataset. */
	datasetUuid: string;
	/** Display name from the catalog. */
	name: string;
	defaultMode: IngestionMode;
	supportedModes: IngestionMode[];
	defaultPolicy: IngestionPolicy;
	/** Cursor fields an INCREMENTAL or SCD1 policy may name; empty when the unit has no cursor. */
	allowedCursorFields: string[];
	/** Keys allowed in `policy.filters`. */
	filterKeys: string[];
	/** Field names of the dataset (from the catalog schema); primary keys must be among them. */
	fields: string[];
	/** CDM model the unit maps to in `dataMode: CDM`. */
	cdmModelId: string | null;
}

/** A source that exposes ingestion units. */
export interface SupportsIngestionUnits {
	listUnits(endpointId: string): Promise<EndpointUnitDescriptor[]>;
}
