import { LRUCache } from 'lru-cache';

/** A finished HTTP answer of the bridge, as bytes. */
export interface BridgeResponse {
	status: number;
	headers: Array<[string, string]>;
	body: Buffer;
	/** The body gzip-compressed, for clients that accept it (large answers only). */
	gzipped?: Buffer;
}

/**
 * Only complete successes are kept: answers with errors are cheap, and may turn on a change that sends no event
 * (an endpoint created by another process). A `"errors":[` inside data merely skips caching.
 */
function isCacheable(response: BridgeResponse): boolean {
	return response.status === 200 && !response.body.includes('"errors":[');
}

interface Entry extends BridgeResponse {
	storedAt: number;
}

export interface ResponseCacheOptions {
	/** After this age an answer is refreshed in the background (stale-while-revalidate); 5,000 ms by default. */
	ttlMs?: number;
	/** Memory bound of the cached bodies; 64 MiB by default. */
	maxBytes?: number;
}

/**
 * Caches successful query answers by their exact request body, so a hot list (1,000 configs) is served from memory.
 * Consistency rules:
 * - any change invalidates everything: every mutation answered by this server (before its answer is sent), and every
 *   event on the store's NOTIFY channel (config, run, collection and heartbeat writes by any process);
 * - an answer computed across an invalidation is not stored (generation check), and requests never join a
 *   computation that started before the last invalidation;
 * - changes that send no event (run progress counters, catalog rows, a heartbeat growing old) show up within
 *   `ttlMs`: older answers are served once more while one refresh runs;
 * - while the NOTIFY listener is down the cache is bypassed (`setEnabled(false)`).
 */
export class ResponseCache {
	private generation = 0;
	private enabled = false;
	private readonly ttlMs: number;
	private readonly entries: LRUCache<string, Entry>;
	private readonly inflight = new Map<string, Promise<BridgeResponse>>();

	constructor(options: ResponseCacheOptions = {}) {
		this.ttlMs = options.ttlMs ?? 5_000;
		this.entries = new LRUCache<string, Entry>({
			maxSize: options.maxBytes ?? 64 * 1024 * 1024,
			sizeCalculation: (entry) => Math.max(1, entry.body.length),
		});
	}

	get isEnabled(): boolean {
		return this.enabled;
	}

	setEnabled(enabled: boolean): void {
		this.enabled = enabled;
		this.invalidate();
	}

	invalidate(): void {
		this.generation++;
		this.entries.clear();
	}

	/** The cached answer for `key`, or the result of `compute` (shared by concurrent identical requests). */
	async get(key: string, compute: () => Promise<BridgeResponse>): Promise<BridgeResponse> {
		if (!this.enabled) return compute();
		const entry = this.entries.get(key);
		if (entry) {
			if (Date.now() - entry.storedAt >= this.ttlMs) this.load(key, compute).catch(() => undefined);
			return entry;
		}
		return this.load(key, compute);
	}

	private load(key: string, compute: () => Promise<BridgeResponse>): Promise<BridgeResponse> {
		const generation = this.generation;
		const flightKey = `${generation}\u0000${key}`;
		const running = this.inflight.get(flightKey);
		if (running) return running;
		const flight = compute()
			.then((response) => {
				if (this.enabled && generation === this.generation && isCacheable(response)) {
					this.entries.set(key, { ...response, storedAt: Date.now() });
				}
				return response;
			})
			.finally(() => this.inflight.delete(flightKey));
		this.inflight.set(flightKey, flight);
		return flight;
	}
}
