import prand from 'pure-rand';

/** Folds numbers into one 32-bit seed (FNV-1a over their 32-bit halves). */
export function seedOf(...parts: number[]): number {
	let hash = 0x811c9dc5;
	for (const part of parts) {
		for (const word of [part >>> 0, Math.floor(part / 2 ** 32) >>> 0]) {
			hash ^= word;
			hash = Math.imul(hash, 0x01000193) >>> 0;
		}
	}
	return hash | 0;
}

/** A small deterministic random source: the same parts always give the same sequence. */
export class Random {
	private readonly rng: prand.RandomGenerator;

	constructor(...parts: number[]) {
		this.rng = prand.xoroshiro128plus(seedOf(...parts));
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return prand.unsafeUniformIntDistribution(min, max, this.rng);
	}

	/** A float in [0, 1). */
	next(): number {
		return this.int(0, 2 ** 30 - 1) / 2 ** 30;
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(0, items.length - 1)];
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}
}
