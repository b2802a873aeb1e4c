import { createHash } from 'node:crypto';

import { Sequelize, type Transaction } from 'sequelize';

import { redactDatabaseUrl, scrubSecrets, type Store } from '../store';
import { decryptSecret, SecretBoxError } from '../store/secret-box';
import { CdmError } from './errors';
import { connectionUrlSecretContext, loadCdmSinkEndpoint, type CdmSinkConnectionRef, type CdmSinkSettings } from './sink-endpoint';

/**
 * An opened cdm.jdbc sink: its validated settings and the Sequelize connection its tables live on. When the sink uses
 * the store's database (the default) `sequelize` IS the store's, so the engine can commit a sink write and its
 * checkpoint in one transaction. Otherwise it is a pooled connection cached per sink and URL.
 */
export interface CdmSink extends CdmSinkSettings {
	store: Store;
	sequelize: Sequelize;
	sharesStoreDatabase: boolean;
	/** The sink database URL with its password hidden. */
	displayUrl: string;
	/** Models known to be provisioned on this sink (filled by the writer as it checks). */
	readonly provisionedModels: Set<string>;
}

export interface OpenCdmSinkOptions {
	/** Where connection_url_env and N8N_INGESTION_SECRET_KEY are read (default process.env). */
	env?: NodeJS.ProcessEnv;
	transaction?: Transaction;
}

const pools = new WeakMap<Store, Map<string, { urlHash: string; sequelize: Sequelize }>>();

function resolveUrl(endpointId: string, ref: CdmSinkConnectionRef, env: NodeJS.ProcessEnv): string | undefined {
	switch (ref.kind) {
		case 'store':
			return undefined;
		case 'env': {
			const url = env[ref.variable];
			if (!url || url.trim() === '') {
				throw new CdmError(
					'CONNECTION',
					`sink "${endpointId}": environment variable ${ref.variable} (connection_url_env) is not set`,
					'connection_url_env',
				);
			}
			return url.trim();
		}
		case 'encrypted':
			try {
				return decryptSecret(ref.ciphertext, connectionUrlSecretContext(endpointId), env);
			} catch (error) {
				const reason = error instanceof SecretBoxError ? error.message : 'decryption failed';
				throw new CdmError('CONNECTION', `sink "${endpointId}": connection_url: ${reason}`, 'connection_url');
			}
	}
}

function pooledSequelize(store: Store, endpointId: string, url: string): Sequelize {
	let byEndpoint = pools.get(store);
	if (!byEndpoint) pools.set(store, (byEndpoint = new Map()));
	const urlHash = createHash('sha256').update(url).digest('hex');
	const cached = byEndpoint.get(endpointId);
	if (cached?.urlHash === urlHash) return cached.sequelize;
	if (cached) void cached.sequelize.close().catch(() => undefined);
	const sequelize = new Sequelize(url, {
		dialect: 'postgres',
		logging: false,
		pool: { max: 5, min: 0, idle: 10_000, acquire: 60_000 },
		dialectOptions: { application_name: `n8n-nodes-ingestion:cdm:${endpointId}`.slice(0, 63) },
	});
	byEndpoint.set(endpointId, { urlHash, sequelize });
	return sequelize;
}

/** Gives already validated sink settings a connection (see CdmSink). */
export function connectCdmSink(store: Store, settings: CdmSinkSettings, env: NodeJS.ProcessEnv = process.env): CdmSink {
	const url = resolveUrl(settings.endpointId, settings.connection, env);
	const sharesStoreDatabase = url === undefined || url === store.connectionUrl;
	if (url !== undefined && !/^postgres(ql)?:\/\//i.test(url)) {
		throw new CdmError('CONNECTION', `sink "${settings.endpointId}": the connection URL is not a postgres:// URL`, 'connection_url');
	}
	return {
		...settings,
		store,
		sequelize: sharesStoreDatabase ? store.sequelize : pooledSequelize(store, settings.endpointId, url),
		sharesStoreDatabase,
		displayUrl: sharesStoreDatabase ? store.displayUrl : redactDatabaseUrl(url),
		provisionedModels: new Set(),
	};
}

/** Loads and validates a cdm.jdbc sink endpoint and gives it a connection (see CdmSink). */
export async function openCdmSink(store: Store, sinkEndpointId: string, options: OpenCdmSinkOptions = {}): Promise<CdmSink> {
	const { settings } = await loadCdmSinkEndpoint(store, sinkEndpointId, options.transaction);
	return connectCdmSink(store, settings, options.env);
}

/** Closes the pooled connections of sinks that do not use the store's database (call before closing the store). */
export async function closeCdmSinkConnections(store: Store): Promise<void> {
	const byEndpoint = pools.get(store);
	if (!byEndpoint) return;
	pools.delete(store);
	await Promise.all([...byEndpoint.values()].map(({ sequelize }) => sequelize.close().catch(() => undefined)));
}

/** Runs `work` with sink connection errors stripped of the sink's password. */
export async function withSinkErrorsScrubbed<T>(sink: CdmSink, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (!sink.sharesStoreDatabase && error instanceof Error) {
			const password = (sink.sequelize.config as { password?: string | null }).password ?? undefined;
			error.message = scrubSecrets(error.message, [password]);
		}
		throw error;
	}
}
