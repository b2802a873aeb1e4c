import { readAhead } from '../../src/ingestion/read-ahead';

describe('readAhead', () => {
	/** A source whose reads are logged, so the test sees what overlaps. */
	function source(items: number, log: string[], failAt?: number) {
		return (async function* () {
			try {
				for (let i = 1; i <= items; i++) {
					log.push(`read ${i}`);
					await new Promise((resolve) => setTimeout(resolve, 5));
					if (i === failAt) throw new Error(`read ${i} failed`);
					yield i;
				}
			} finally {
				log.push('closed');
			}
		})();
	}

	it('reads the next item while the caller works on the current one, in order', async () => {
		const log: string[] = [];
		const seen: number[] = [];
		for await (const item of readAhead(source(3, log))) {
			log.push(`work ${item} starts`);
			await new Promise((resolve) => setTimeout(resolve, 20));
			seen.push(item);
		}
		expect(seen).toEqual([1, 2, 3]);
		// "read 2" starts before the work on item 1 ends.
		expect(log.slice(0, 3)).toEqual(['read 1', 'read 2', 'work 1 starts']);
		// The source ran to its end (read ahead while item 3 was worked on) and closed once.
		expect(log.filter((line) => line === 'closed')).toHaveLength(1);
		expect(log.indexOf('closed')).toBeLessThan(log.indexOf('work 3 starts'));
	});

	it('closes the source when the caller stops early, after the read in flight', async () => {
		const log: string[] = [];
		for await (const item of readAhead(source(10, log))) if (item === 2) break;
		expect(log).toEqual(['read 1', 'read 2', 'read 3', 'closed']);
	});

	it('a failed read ahead is the failure of the item it was reading, not an unhandled rejection', async () => {
		const log: string[] = [];
		const seen: number[] = [];
		await expect(
			(async () => {
				for await (const item of readAhead(source(5, log, 3))) {
					await new Promise((resolve) => setTimeout(resolve, 20));
					seen.push(item);
				}
			})(),
		).rejects.toThrow('read 3 failed');
		expect(seen).toEqual([1, 2]);
	});
});
