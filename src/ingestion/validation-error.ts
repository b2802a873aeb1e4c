/** Codes shared with the GraphQL bridge (`extensions.code`). */
export type ValidationErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND';

/**
 * A rejected request to the ingestion control plane (config upsert, run request, collection request).
 * `field` names the input field at fault (dotted for nested policy keys, e.g. `policy.cursorField`);
 * the message names it too and never carries secrets, SQL or stacks.
 */
export class ConfigValidationError extends Error {
	constructor(
		readonly code: ValidationErrorCode,
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'ConfigValidationError';
	}
}

export function badInput(field: string, message: string): ConfigValidationError {
	return new ConfigValidationError('BAD_USER_INPUT', field, message);
}

export function notFound(field: string, message: string): ConfigValidationError {
	return new ConfigValidationError('NOT_FOUND', field, message);
}

export function isConfigValidationError(error: unknown): error is ConfigValidationError {
	return error instanceof ConfigValidationError;
}
