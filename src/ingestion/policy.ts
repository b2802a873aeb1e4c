/**
 * The policy stored on a unit config (`ingestion_unit_configs.policy`). The per-unit strict validation
 * (primary keys among the dataset's fields, an allowed cursor field, known filter keys) lives in the config service.
 */
export interface IngestionPolicy {
	/** Fields that identify a record; SCD1 merges on them. */
	primaryKeys?: string[];
	/** Field whose value orders and resumes incremental reads (`updated`, or `started` for worklogs). */
	cursorField?: string;
	/** Minutes re-read before the saved cursor on each incremental run, to catch late writes. */
	lookbackMinutes?: number;
	/** Source-specific filters, e.g. `{ projects: ['ENG'] }` for Jira. */
	filters?: Record<string, unknown>;
	/** Records per page requested from the source. */
	pageSize?: number;
}
