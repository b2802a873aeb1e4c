import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import getPort from 'get-port';
import { Client } from 'pg';
import lockfile from 'proper-lockfile';

import { defaultDataRoot, firstClosedAncestor } from './data-root';
import { preparePostgresRuntime, type PostgresRuntime } from './postgres-runtime';

const execFileAsync = promisify(execFile);

/** Database created inside the embedded server for the store. */
export const EMBEDDED_DATABASE = 'n8n_ingestion';
const SUPERUSER = 'postgres';
const PREFERRED_PORT = 54329;

export interface EmbeddedPostgresOptions {
	/** Folder holding data/, the password file, the binaries copy and the log. Default: see `defaultDataRoot`. */
	dataRoot?: string;
	/** Port to start on; by default a free port (54329 when free). Ignored when the server already runs. */
	port?: number;
}

export interface EmbeddedPostgres {
	/** Connection URL of the store database, password included: never print it, use `redactDatabaseUrl`. */
	url: string;
	port: number;
	dataRoot: string;
	/** True when this process started the server; false when it joined one already running. */
	started: boolean;
	/**
	 * Leaves the server: the last process to leave stops it (whoever started it), so a short-lived CLI
	 * joining a long-running stack never pulls the database from under it.
	 */
	stop(): Promise<void>;
}

function layout(dataRoot: string) {
	return {
		dataDir: path.join(dataRoot, 'data'),
		passwordFile: path.join(dataRoot, 'superuser.password'),
		logFile: path.join(dataRoot, 'postgres.log'),
		runtimes: path.join(dataRoot, 'runtime'),
		clients: path.join(dataRoot, 'clients'),
		lock: path.join(dataRoot, 'start.lock'),
	};
}

function runAsOptions(runtime: PostgresRuntime) {
	return runtime.runAs ? { uid: runtime.runAs.uid, gid: runtime.runAs.gid } : {};
}

function chownForServer(target: string, runtime: PostgresRuntime): void {
	if (runtime.runAs) chownSync(target, runtime.runAs.uid, runtime.runAs.gid);
}

function readOrCreatePassword(passwordFile: string): string {
	if (existsSync(passwordFile)) return readFileSync(passwordFile, 'utf8').trim();
	const password = randomBytes(24).toString('base64url');
	writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
	return password;
}

/** Port of the server running on `dataDir`, read from postmaster.pid when its process is alive. */
function runningPort(dataDir: string): number | undefined {
	const pidFile = path.join(dataDir, 'postmaster.pid');
	if (!existsSync(pidFile)) return undefined;
	const lines = readFileSync(pidFile, 'utf8').split('\n');
	const pid = Number(lines[0]);
	const port = Number(lines[3]);
	if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return undefined;
	return port;
}

/** proper-lockfile's lockSync cannot retry; a short spin covers a concurrent start or stop. */
function acquireLockSync(dataRoot: string, options: lockfile.LockOptions): () => void {
	const deadline = Date.now() + 30_000;
	for (;;) {
		try {
			return lockfile.lockSync(dataRoot, options);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) throw error;
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
		}
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Processes using the server, one file per pid; files of dead processes are removed. */
function liveClients(clientsDir: string): number[] {
	if (!existsSync(clientsDir)) return [];
	const alive: number[] = [];
	for (const entry of readdirSync(clientsDir)) {
		const pid = Number(entry);
		if (Number.isInteger(pid) && isAlive(pid)) alive.push(pid);
		else rmSync(path.join(clientsDir, entry), { force: true });
	}
	return alive;
}

function registerClient(clientsDir: string): void {
	mkdirSync(clientsDir, { recursive: true });
	writeFileSync(path.join(clientsDir, String(process.pid)), '');
}

async function initdb(runtime: PostgresRuntime, dataDir: string, password: string, dataRoot: string): Promise<void> {
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	chownForServer(dataDir, runtime);
	const pwfile = path.join(dataRoot, `initdb-${process.pid}.pw`);
	writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
	chownForServer(pwfile, runtime);
	try {
		await execFileAsync(
			runtime.initdb,
			[
				`--pgdata=${dataDir}`,
				`--username=${SUPERUSER}`,
				`--pwfile=${pwfile}`,
				'--auth=scram-sha-256',
				'--encoding=UTF8',
				'--locale=C',
				'--lc-messages=C',
			],
			{ ...runAsOptions(runtime), env: { LC_ALL: 'C' } },
		);
	} catch (error) {
		rmSync(dataDir, { recursive: true, force: true });
		const stderr = (error as { stderr?: string }).stderr ?? '';
		throw new Error(`Could not initialise the embedded Postgres in ${dataDir}: ${stderr.trim() || (error as Error).message}`);
	} finally {
		rmSync(pwfile, { force: true });
	}
}

async function pgCtlStart(runtime: PostgresRuntime, dataDir: string, logFile: string, port: number): Promise<void> {
	if (!existsSync(logFile)) writeFileSync(logFile, '');
	chownForServer(logFile, runtime);
	const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
	try {
		await execFileAsync(runtime.pgCtl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', serverOptions], {
			...runAsOptions(runtime),
			env: { LC_ALL: 'C' },
		});
	} catch (error) {
		const tail = readFileSync(logFile, 'utf8').split('\n').slice(-8).join('\n');
		throw new Error(`The embedded Postgres did not start on port ${port}: ${(error as Error).message}\n${tail}`);
	}
}

function pgCtlStopSync(runtime: PostgresRuntime, dataDir: string): void {
	spawnSync(runtime.pgCtl, ['stop', '-w', '-m', 'fast', '-D', dataDir], {
		...runAsOptions(runtime),
		env: { LC_ALL: 'C' },
		stdio: 'ignore',
	});
}

async function ensureDatabase(port: number, password: string): Promise<void> {
	const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
	await client.connect();
	try {
		const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
		if (!rowCount) {
			try {
				await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
			} catch (error) {
				if ((error as { code?: string }).code !== '42P04') throw error; // created concurrently
			}
		}
	} finally {
		await client.end();
	}
}

function assertReachable(dataRoot: string, runtime: PostgresRuntime): void {
	if (!runtime.runAs) return;
	const closed = firstClosedAncestor(dataRoot);
	if (closed) {
		throw new Error(
			`The embedded Postgres runs as OS user "${runtime.runAs.name}", who cannot enter ${closed}. ` +
				`Choose a data folder outside it with N8N_INGESTION_PG_DIR, or set DATABASE_URL.`,
		);
	}
}

/**
 * Starts the embedded Postgres on `dataRoot` (initialising it on first use), or joins the one already running there.
 * A file lock makes concurrent starts safe: one starts the server, the others join it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
	const dataRoot = path.resolve(options.dataRoot ?? defaultDataRoot());
	mkdirSync(dataRoot, { recursive: true, mode: 0o755 });
	const files = layout(dataRoot);
	const lockOptions = { lockfilePath: files.lock, realpath: false, stale: 30_000 };
	const release = await lockfile.lock(dataRoot, { ...lockOptions, retries: { retries: 240, minTimeout: 250, maxTimeout: 500 } });
	let runtime: PostgresRuntime;
	let password: string;
	let port: number;
	let started = false;
	try {
		runtime = preparePostgresRuntime(files.runtimes);
		if (runtime.runAs) chmodSync(dataRoot, 0o755);
		assertReachable(dataRoot, runtime);
		password = readOrCreatePassword(files.passwordFile);
		if (!existsSync(path.join(files.dataDir, 'PG_VERSION'))) await initdb(runtime, files.dataDir, password, dataRoot);
		const running = runningPort(files.dataDir);
		if (running !== undefined) {
			port = running;
		} else {
			port = options.port ?? (await getPort({ port: PREFERRED_PORT, host: '127.0.0.1' }));
			await pgCtlStart(runtime, files.dataDir, files.logFile, port);
			started = true;
		}
		await ensureDatabase(port, password);
		registerClient(files.clients);
	} catch (error) {
		if (started && liveClients(files.clients).length === 0) pgCtlStopSync(runtime!, files.dataDir);
		throw error;
	} finally {
		await release();
	}

	let left = false;
	const leaveSync = () => {
		if (left) return;
		left = true;
		rmSync(path.join(files.clients, String(process.pid)), { force: true });
		let releaseSync: (() => void) | undefined;
		try {
			releaseSync = acquireLockSync(dataRoot, lockOptions);
			if (liveClients(files.clients).length === 0 && runningPort(files.dataDir) !== undefined) {
				pgCtlStopSync(runtime, files.dataDir);
			}
		} finally {
			releaseSync?.();
		}
	};
	process.once('exit', leaveSync);

	const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
	return {
		url,
		port,
		dataRoot,
		started,
		async stop() {
			process.removeListener('exit', leaveSync);
			leaveSync();
		},
	};
}
