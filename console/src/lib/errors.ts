import { BridgeRequestError } from '../../../src/client/client';

/** An error as the console shows it: the bridge's sanitized message, and the input field it names. */
export interface ShownError {
	message: string;
	field?: string;
	code?: string;
}

export function shownError(error: unknown): ShownError {
	if (error instanceof BridgeRequestError) return { message: error.message, field: error.field, code: error.code };
	if (error instanceof TypeError) return { message: 'The bridge cannot be reached (network error).', code: 'NETWORK' };
	return { message: error instanceof Error ? error.message : String(error) };
}

export function isUnauthenticated(error: unknown): boolean {
	return error instanceof BridgeRequestError && (error.code === 'UNAUTHENTICATED' || error.status === 401);
}
