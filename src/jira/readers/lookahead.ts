/** Yields each item with `last: true` on the final one, by reading one item ahead. */
export async function* withLast<T>(source: AsyncIterable<T>): AsyncGenerator<{ item: T; last: boolean }> {
	const iterator = source[Symbol.asyncIterator]();
	let current = await iterator.next();
	while (!current.done) {
		const next = await iterator.next();
		yield { item: current.value, last: next.done === true };
		current = next;
	}
}
