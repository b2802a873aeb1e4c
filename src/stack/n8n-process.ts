import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import getPort from 'get-port';

import { stageCommunityPackage } from './community-package';
import { N8nApi } from './n8n-api';
import { ensureN8nInstalled, type N8nInstallOptions } from './n8n-install';

export interface StartN8nOptions {
	mode: 'single' | 'queue';
	/** Queue mode: number of `n8n worker` processes (default 2). */
	workers?: number;
	/** Port of the main process (default: a free one). */
	port?: number;
	/** n8n's user folder (N8N_USER_FOLDER): its settings, and the community package staged in `.n8n/nodes`. */
	userFolder: string;
	/**
	 * n8n's own database, `postgres://user:pass@host:port/db` (`?schema=name` for a schema of its own); required in
	 * queue mode. Unset in single mode: n8n's SQLite file in the user folder.
	 */
	databaseUrl?: string;
	/** Bull queue prefix in Redis (default: a random one, so stacks never share a queue). */
	redisPrefix?: string;
	/** Redis of queue mode (default 127.0.0.1:6379). */
	redis?: { host: string; port: number; db?: number };
	/** Shared by all processes (default: a random one). */
	encryptionKey?: string;
	/** Extra environment for every n8n process (wins over the defaults). */
	env?: Record<string, string>;
	/** n8n version and cache folder (installed on first use). */
	install?: Omit<N8nInstallOptions, 'log'>;
	/** Concurrency of each worker (default 5). */
	workerConcurrency?: number;
	/** Seconds to wait for every process to answer its health check (default 180). */
	startTimeoutSeconds?: number;
	/** Each output line of every process, prefixed with its name, and the harness's own messages. */
	log?: (line: string) => void;
}

export interface N8nStack {
	baseUrl: string;
	mainPid: number;
	workerPids: number[];
	api: N8nApi;
	/** Every process's output so far, each line prefixed `[main]`, `[worker1]`, ... */
	logs(): string;
	stop(): Promise<void>;
}

interface ManagedProcess {
	name: string;
	child: ChildProcess;
	exited: Promise<void>;
}

/** Every process any stack of this Node process started and has not seen exit: killed when this process exits. */
const livePids = new Set<number>();
let exitHookInstalled = false;

/**
 * Signals the process group `pid` leads; with `leaderToo`, the leader alone when it has no group. Never the bare pid
 * once the leader has exited: the pid may belong to another process by then.
 */
function killGroup(pid: number, signal: NodeJS.Signals, leaderToo = true): void {
	try {
		process.kill(-pid, signal);
	} catch {
		if (!leaderToo) return;
		try {
			process.kill(pid, signal);
		} catch {
			// already gone
		}
	}
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const pid of livePids) killGroup(pid, 'SIGKILL');
	});
}

const MAX_LOG_CHARS = 4_000_000;

/** n8n's environment for one stack: what all its processes share. */
function sharedEnv(options: StartN8nOptions, ports: { main: number }): Record<string, string> {
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '',
		HOME: process.env.HOME ?? '',
		...(process.env.LANG ? { LANG: process.env.LANG } : {}),
		...(process.env.TZ ? { TZ: process.env.TZ, GENERIC_TIMEZONE: process.env.TZ } : {}),
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: options.encryptionKey ?? randomBytes(24).toString('hex'),
		N8N_PORT: String(ports.main),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://127.0.0.1:${ports.main}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${ports.main}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_PRUNE: 'false',
		NODE_ENV: 'production',
	};
	if (options.databaseUrl) Object.assign(env, postgresEnv(options.databaseUrl));
	if (options.mode === 'queue') {
		const redis = options.redis ?? { host: '127.0.0.1', port: 6379 };
		Object.assign(env, {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			...(redis.db !== undefined ? { QUEUE_BULL_REDIS_DB: String(redis.db) } : {}),
			QUEUE_BULL_PREFIX: options.redisPrefix ?? `n8n-ingestion-${randomBytes(4).toString('hex')}`,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		});
	}
	return { ...env, ...options.env };
}

/** DB_POSTGRESDB_* from a postgres URL; the password goes only into the child's environment. */
export function postgresEnv(databaseUrl: string): Record<string, string> {
	let url: URL;
	try {
		url = new URL(databaseUrl);
	} catch {
		throw new Error('databaseUrl: not a postgres:// URL');
	}
	if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error('databaseUrl: not a postgres:// URL');
	const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
	if (!database) throw new Error('databaseUrl: names no database');
	const schema = url.searchParams.get('schema');
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: url.hostname,
		DB_POSTGRESDB_PORT: url.port || '5432',
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: decodeURIComponent(url.username || 'postgres'),
		DB_POSTGRESDB_PASSWORD: decodeURIComponent(url.password),
		...(schema ? { DB_POSTGRESDB_SCHEMA: schema } : {}),
		DB_POSTGRESDB_POOL_SIZE: '4',
	};
}

async function waitHealthy(name: string, url: string, managed: ManagedProcess, deadline: number, tail: () => string): Promise<void> {
	let exited = false;
	void managed.exited.then(() => (exited = true));
	for (;;) {
		if (exited) throw new Error(`n8n ${name} exited (${managed.child.exitCode ?? managed.child.signalCode}) before answering ${url}:\n${tail()}`);
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`n8n ${name} did not answer ${url} in time:\n${tail()}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/**
 * Starts n8n (installed on first use) with this package loaded as a community package: one main process, plus in
 * queue mode `workers` worker processes on Redis and n8n's database on Postgres. Resolves once every process
 * answers its health check (and the main process its REST API). `stop()` ends them all; so does this process's exit.
 */
export async function startN8n(options: StartN8nOptions): Promise<N8nStack> {
	const log = options.log ?? (() => undefined);
	if (options.mode !== 'single' && options.mode !== 'queue') throw new Error(`mode: "${String(options.mode)}" is neither single nor queue`);
	if (options.mode === 'queue' && !options.databaseUrl) throw new Error('databaseUrl: queue mode needs n8n\'s database on Postgres');
	const workerCount = options.mode === 'queue' ? (options.workers ?? 2) : 0;
	if (!Number.isInteger(workerCount) || workerCount < 0 || workerCount > 16) throw new Error(`workers: ${options.workers} is not 0..16`);
	const { n8nBin, version } = await ensureN8nInstalled({ ...options.install, log: (line) => log(`[install] ${line}`) });
	mkdirSync(options.userFolder, { recursive: true });
	stageCommunityPackage(options.userFolder);

	const mainPort = options.port ?? (await getPort({ host: '127.0.0.1' }));
	const env = sharedEnv(options, { main: mainPort });
	const deadline = Date.now() + (options.startTimeoutSeconds ?? 180) * 1000;
	installExitHook();

	const chunks: string[] = [];
	let logChars = 0;
	const record = (line: string) => {
		chunks.push(line);
		logChars += line.length + 1;
		while (logChars > MAX_LOG_CHARS && chunks.length > 1) logChars -= (chunks.shift() as string).length + 1;
		log(line);
	};
	const logs = () => chunks.join('\n');
	const tail = () => chunks.slice(-40).join('\n');
	const processes: ManagedProcess[] = [];

	const launch = (name: string, args: string[], userFolder: string, extraEnv: Record<string, string> = {}): ManagedProcess => {
		const child = spawn(process.execPath, [n8nBin, ...args], {
			cwd: userFolder,
			env: { ...env, N8N_USER_FOLDER: userFolder, ...extraEnv },
			stdio: ['ignore', 'pipe', 'pipe'],
			// Its own process group, so stop() also reaches anything n8n starts, and a terminal's Ctrl-C reaches
			// only the parent, which stops n8n in order.
			detached: true,
		});
		if (child.pid === undefined) throw new Error(`could not start n8n ${name}`);
		livePids.add(child.pid);
		const exited = new Promise<void>((resolve) =>
			child.once('exit', (code, signal) => {
				livePids.delete(child.pid as number);
				record(`[${name}] exited (${signal ?? `code ${code}`})`);
				resolve();
			}),
		);
		let partial = { stdout: '', stderr: '' };
		for (const stream of ['stdout', 'stderr'] as const) {
			child[stream]!.on('data', (chunk: Buffer) => {
				const text = partial[stream] + chunk.toString('utf8');
				const lines = text.split('\n');
				partial = { ...partial, [stream]: lines.pop() ?? '' };
				for (const line of lines) if (line.trim()) record(`[${name}] ${line.trimEnd()}`);
			});
		}
		const managed = { name, child, exited };
		processes.push(managed);
		record(`[stack] started n8n ${version} ${name} (pid ${child.pid}): n8n ${args.join(' ')}`);
		return managed;
	};

	const stop = async () => {
		// Workers first (they finish or hand back their jobs), then the main process.
		const order = [...processes.filter((p) => p.name !== 'main'), ...processes.filter((p) => p.name === 'main')];
		for (const { child } of order) if (child.exitCode === null && child.signalCode === null) killGroup(child.pid as number, 'SIGTERM');
		const killer = setTimeout(() => {
			for (const { child } of order) if (child.exitCode === null && child.signalCode === null) killGroup(child.pid as number, 'SIGKILL');
		}, 20_000);
		await Promise.all(order.map((p) => p.exited));
		clearTimeout(killer);
		// Anything left in the groups (a process n8n started) goes too; the leaders have exited.
		for (const { child } of order) killGroup(child.pid as number, 'SIGKILL', false);
	};

	try {
		const main = launch('main', ['start'], options.userFolder);
		const baseUrl = `http://127.0.0.1:${mainPort}`;
		await waitHealthy('main', `${baseUrl}/healthz/readiness`, main, deadline, tail);
		await waitHealthy('main', `${baseUrl}/rest/settings`, main, deadline, tail);
		// Workers start after the main process has migrated n8n's database.
		const workers: Array<{ managed: ManagedProcess; port: number }> = [];
		for (let i = 1; i <= workerCount; i += 1) {
			const port = await getPort({ host: '127.0.0.1' });
			// A user folder of its own (n8n keeps a crash journal there), with the package staged like the main's.
			const userFolder = path.join(options.userFolder, `worker${i}`);
			mkdirSync(userFolder, { recursive: true });
			stageCommunityPackage(userFolder);
			const concurrency = `--concurrency=${options.workerConcurrency ?? 5}`;
			const managed = launch(`worker${i}`, ['worker', concurrency], userFolder, { QUEUE_HEALTH_CHECK_PORT: String(port) });
			workers.push({ managed, port });
		}
		await Promise.all(workers.map(({ managed, port }) => waitHealthy(managed.name, `http://127.0.0.1:${port}/healthz/readiness`, managed, deadline, tail)));
		record(`[stack] n8n ${options.mode === 'queue' ? `queue mode, main + ${workerCount} workers` : 'single instance'} ready at ${baseUrl}`);
		return {
			baseUrl,
			mainPid: main.child.pid as number,
			workerPids: workers.map(({ managed }) => managed.child.pid as number),
			api: new N8nApi(baseUrl),
			logs,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

