import { randomBytes } from 'node:crypto';

import { createBridgeServer, type BridgeServer, type BridgeServerOptions } from '../../src/bridge';
import { IngestionClient } from '../../src/client';
import type { Store } from '../../src/store';

export const TEST_TOKEN = `test-token-${randomBytes(16).toString('hex')}`;

export interface TestBridge {
	server: BridgeServer;
	url: string;
	client: IngestionClient;
	close(): Promise<void>;
}

const silentLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The bridge on a free loopback port, with a client holding the right token. The response cache is off unless asked
 * for: these tests also write the store directly (as the engine will), and such writes reach a cache through an
 * asynchronous NOTIFY; test/bridge/response-cache.test.ts covers the cache itself.
 */
export async function startTestBridge(store: Store, options: Partial<BridgeServerOptions> = {}): Promise<TestBridge> {
	const server = createBridgeServer({ store, token: TEST_TOKEN, logger: silentLogger, responseCache: false, ...options });
	const { url } = await server.listen(0, '127.0.0.1');
	return {
		server,
		url,
		client: new IngestionClient({ url, token: options.insecureLocal ? undefined : (options.token ?? TEST_TOKEN) }),
		close: () => server.close(),
	};
}

/** Posts a raw GraphQL request and returns status and parsed body (for auth and limit tests). */
export async function postGraphql(
	url: string,
	body: unknown,
	headers: Record<string, string> = { authorization: `Bearer ${TEST_TOKEN}` },
): Promise<{ status: number; body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : {} };
}

/** Collects values pushed by a callback and waits until one matches. */
export class Collector<T> {
	readonly items: T[] = [];
	private waiters: Array<{ match: (item: T) => boolean; resolve: (item: T) => void }> = [];

	push = (item: T): void => {
		this.items.push(item);
		for (const waiter of [...this.waiters]) {
			if (waiter.match(item)) {
				this.waiters = this.waiters.filter((w) => w !== waiter);
				waiter.resolve(item);
			}
		}
	};

	waitFor(match: (item: T) => boolean, timeoutMs = 5_000): Promise<T> {
		const found = this.items.find(match);
		if (found) return Promise.resolve(found);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`nothing matched within ${timeoutMs} ms; got ${JSON.stringify(this.items)}`)), timeoutMs);
			this.waiters.push({
				match,
				resolve: (item) => {
					clearTimeout(timer);
					resolve(item);
				},
			});
		});
	}
}
