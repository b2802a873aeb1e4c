/** The error a promise rejects with; fails the test when it resolves instead. */
export async function rejection<E extends Error = Error & { code?: string; field?: string }>(promise: Promise<unknown>): Promise<E> {
	try {
		await promise;
	} catch (error) {
		return error as E;
	}
	throw new Error('expected an error, got success');
}
