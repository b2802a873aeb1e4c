/**
 * Iterates `source` while already asking it for the next item: the source reads page n+1 (a Jira request) while the
 * caller writes page n, so reading and writing overlap instead of taking turns. At most one item waits in memory.
 * Items still come in order, one at a time; when the caller stops early (break, throw), the pending read is awaited
 * (its failure ignored) and the source is closed.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
	const iterator = source[Symbol.asyncIterator]();
	let pending: Promise<IteratorResult<T>> | undefined = iterator.next();
	try {
		for (;;) {
			const current: IteratorResult<T> = await (pending as Promise<IteratorResult<T>>);
			pending = undefined;
			if (current.done) return;
			pending = iterator.next();
			// A failure of the read ahead surfaces when the caller asks for that item, not as an unhandled rejection.
			pending.catch(() => undefined);
			yield current.value;
		}
	} finally {
		if (pending) {
			await pending.catch(() => undefined);
			await iterator.return?.(undefined);
		}
	}
}
