/**
 * Errors raised by the CDM sink. Each names the offending field or parameter (`field`) so adapters (CLI, GraphQL,
 * n8n) can show it without parsing the message. Messages never contain connection URLs or other secrets.
 */
export type CdmErrorCode =
	| 'INVALID_PARAMETER'
	| 'ENDPOINT_NOT_FOUND'
	| 'NOT_A_CDM_SINK'
	| 'MODEL_NOT_SUPPORTED'
	| 'NOT_PROVISIONED'
	| 'INVALID_ROW'
	| 'TABLE_CONFLICT'
	| 'CONNECTION';

export class CdmError extends Error {
	constructor(
		readonly code: CdmErrorCode,
		message: string,
		/** The parameter, field or column the error is about (e.g. `table_prefix`, `summary`). */
		readonly field?: string,
	) {
		super(message);
		this.name = 'CdmError';
	}
}

/** A CDM row failed its model's schema; the whole batch was rejected before anything was written. */
export class CdmRowValidationError extends CdmError {
	constructor(
		message: string,
		readonly modelId: string,
		/** cdm_id of the bad row, or null when the row has none. */
		readonly cdmId: string | null,
		/** Position of the row in the batch (0-based). */
		readonly rowIndex: number,
		field: string,
	) {
		super('INVALID_ROW', message, field);
		this.name = 'CdmRowValidationError';
	}
}
