import { createHash } from 'node:crypto';

import { closeCdmSinkConnections } from '../cdm/sink-connection';
import { Store, type OpenStoreOptions } from '../store';

/**
 * One Store per store connection per process, shared by every node execution, trigger and load-options call of an
 * n8n process (a pool each, not one per execution). The first use migrates the store; migrations hold an advisory
 * lock, so n8n mains and workers starting together apply each migration once. A failed open is forgotten, so the next
 * use tries again. Pools close when the process is about to exit on its own, or through `closeCachedStores()`.
 */
const stores = new Map<string, Promise<Store>>();
let exitHookInstalled = false;

export type StoreOpener = (options: OpenStoreOptions) => Promise<Store>;

export interface CachedStoreOptions {
	/** Opens a store (default `Store.open`); tests inject one. */
	open?: StoreOpener;
	/** Pool size of a newly opened store (default 10). */
	poolMax?: number;
}

function keyOf(url: string): string {
	return createHash('sha256').update(url).digest('hex');
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('beforeExit', () => {
		void closeCachedStores();
	});
}

/** The cached Store of `url`, opened and migrated on first use. */
export function cachedStore(url: string, options: CachedStoreOptions = {}): Promise<Store> {
	const key = keyOf(url);
	const cached = stores.get(key);
	if (cached) return cached;
	const open = options.open ?? ((openOptions: OpenStoreOptions) => Store.open(openOptions));
	const opening = open({ databaseUrl: url, migrate: true, poolMax: options.poolMax ?? 10, applicationName: 'n8n-nodes-ingestion (n8n)' });
	stores.set(key, opening);
	opening.catch(() => {
		if (stores.get(key) === opening) stores.delete(key);
	});
	installExitHook();
	return opening;
}

/** How many stores are cached (open or opening). */
export function cachedStoreCount(): number {
	return stores.size;
}

/** Closes every cached store (and the CDM sink pools opened through it) and empties the cache. */
export async function closeCachedStores(): Promise<void> {
	const all = [...stores.values()];
	stores.clear();
	await Promise.all(
		all.map(async (opening) => {
			const store = await opening.catch(() => undefined);
			if (!store) return;
			await closeCdmSinkConnections(store).catch(() => undefined);
			await store.close().catch(() => undefined);
		}),
	);
}
