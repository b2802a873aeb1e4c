import { CdmError, CdmRowValidationError } from '../cdm/errors';
import { sanitizeError } from '../ingestion/sanitize-error';
import { ConfigValidationError } from '../ingestion/validation-error';
import { JiraHttpError, JiraResponseError, JiraRetriesExhaustedError } from '../jira/errors';
import { STORE_CONNECTION_CODES, storeErrorCode } from '../store/store-unreachable';

/**
 * How a node should report an error: `api` errors (Jira answered badly or not at all) become n8n NodeApiErrors,
 * everything else NodeOperationErrors. Messages and descriptions are sanitized: no secrets, SQL or stacks.
 */
export interface NodeErrorReport {
	kind: 'api' | 'operation';
	message: string;
	description?: string;
	/** HTTP status of an api error. */
	httpCode?: string;
	/** The input field at fault, when known. */
	field?: string;
}

/** Postgres SQLSTATEs of a refused login or a missing database. */
const STORE_LOGIN_STATES = new Set(['28P01', '28000', '3D000']);

const STORE_HINT = 'Check the Ingestion Store credential: host, port, database, user, password and SSL, or the connection URL.';

/** Describes any error a node may meet, for the user. */
export function describeNodeError(error: unknown, secrets: Array<string | undefined> = []): NodeErrorReport {
	const message = sanitizeError(error, { secrets });
	if (error instanceof ConfigValidationError) {
		return { kind: 'operation', message, field: error.field, description: `The field at fault is "${error.field}".` };
	}
	if (error instanceof CdmRowValidationError) {
		const row = error.cdmId ? `row ${error.cdmId}` : `row ${error.rowIndex + 1} of its batch`;
		return { kind: 'operation', message, field: error.field, description: `The ${row} has an invalid "${error.field}" for ${error.modelId}.` };
	}
	if (error instanceof CdmError) {
		return { kind: 'operation', message, field: error.field, description: error.field ? `The parameter at fault is "${error.field}".` : undefined };
	}
	if (error instanceof JiraHttpError) {
		const description =
			error.status === 401 || error.status === 403
				? 'Check the Jira Ingestion credential: the email and API token (Cloud) or the personal access token (Data Center), and the account\'s permissions.'
				: undefined;
		return { kind: 'api', message, httpCode: String(error.status), description };
	}
	if (error instanceof JiraRetriesExhaustedError || error instanceof JiraResponseError) {
		return { kind: 'api', message, description: 'Jira did not answer usefully; it may be down or rate limiting. Try again later.' };
	}
	const code = storeErrorCode(error);
	if (code && (STORE_CONNECTION_CODES.has(code) || STORE_LOGIN_STATES.has(code))) {
		return { kind: 'operation', message, description: STORE_HINT };
	}
	return { kind: 'operation', message };
}
