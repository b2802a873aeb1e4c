import type { Store } from '../../src/store';
import { controlPlaneCounts } from './seed';

/**
 * Runs a call that must be refused: asserts it throws an instance of `errorClass` and that the store's
 * control-plane tables (configs, runs, KB, collection requests) are exactly as before. Returns the error.
 */
export async function rejectsWithoutWrites<E>(
	store: Store,
	call: () => Promise<unknown>,
	errorClass: abstract new (...args: never[]) => E,
): Promise<E> {
	const before = await controlPlaneCounts(store);
	const error = await call().then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(errorClass);
	expect(await controlPlaneCounts(store)).toEqual(before);
	return error as E;
}
