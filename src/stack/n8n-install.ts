import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import lockfile from 'proper-lockfile';

/** The n8n release the package is tested against (n8n-workflow 1.120, n8n-core 1.122). */
export const DEFAULT_N8N_VERSION = '1.123.81';

/**
 * npm overrides n8n 1.123 needs on Node 20: isolated-vm 6 requires Node 22, and the xlsx n8n pins is fetched from a
 * CDN tarball that only the npm registry's 0.18.5 replaces.
 */
export const N8N_INSTALL_OVERRIDES = { 'isolated-vm': '5.0.4', xlsx: '0.18.5' } as const;

const INSTALLED_MARKER = '.installed';

export interface N8nInstallOptions {
	version?: string;
	/** Default `N8N_INGESTION_CACHE_DIR`, else `~/.cache/n8n-nodes-ingestion`. */
	cacheDir?: string;
	log?: (line: string) => void;
}

export interface N8nInstallation {
	/** `<cacheDir>/n8n-<version>`. */
	dir: string;
	/** n8n's CLI script (run it with `node`). */
	n8nBin: string;
	version: string;
}

export function defaultN8nCacheDir(env: NodeJS.ProcessEnv = process.env): string {
	return env.N8N_INGESTION_CACHE_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-ingestion');
}

function installationAt(dir: string, version: string): N8nInstallation {
	return { dir, n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), version };
}

/**
 * A finished install: ours leaves a marker; one made by hand (`npm install` in that folder) counts once npm linked
 * n8n's bin, which it does last, and n8n's manifest names the version.
 */
function isInstalled(dir: string, version: string): boolean {
	if (existsSync(path.join(dir, INSTALLED_MARKER))) return true;
	const manifest = path.join(dir, 'node_modules', 'n8n', 'package.json');
	if (!existsSync(manifest) || !existsSync(path.join(dir, 'node_modules', '.bin', 'n8n'))) return false;
	try {
		return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version === version;
	} catch {
		return false;
	}
}

/** npm settings a user sets on purpose (where the registry is, how to reach it, which config files to read). */
const KEPT_NPM_SETTINGS = new Set([
	'registry',
	'cafile',
	'ca',
	'proxy',
	'https_proxy',
	'noproxy',
	'strict_ssl',
	'userconfig',
	'globalconfig',
	'cache',
	// How n8n's native modules (sqlite3, isolated-vm) are built when no prebuilt binary can be fetched.
	'nodedir',
	'python',
	'build_from_source',
]);

/**
 * The environment of the n8n install. Run from `npm start` or `npx jest`, this process carries npm's view of this
 * package (`npm_config_local_prefix`, `npm_config_allow_scripts`, `npm_package_*`, ...), which would make the nested
 * install act on or like this package (skipping n8n's native builds, for one): only deliberate settings pass on.
 */
export function installEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const kept: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(env)) {
		const npmSetting = /^npm_config_(.+)$/i.exec(key)?.[1].toLowerCase();
		if (npmSetting !== undefined ? KEPT_NPM_SETTINGS.has(npmSetting) : !/^npm_/i.test(key)) kept[key] = value;
	}
	return kept;
}

function runNpmInstall(cwd: string, log: (line: string) => void): Promise<void> {
	return new Promise((resolve, reject) => {
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		const child = spawn(npm, ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: installEnv(process.env),
		});
		let tail = '';
		const onData = (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			tail = (tail + text).slice(-4000);
			for (const line of text.split('\n')) if (line.trim()) log(`npm: ${line.trimEnd()}`);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('error', reject);
		child.once('close', (code, signal) =>
			code === 0 ? resolve() : reject(new Error(`npm install of n8n failed (${signal ?? `exit ${code}`}):\n${tail}`)),
		);
	});
}

/**
 * Installs n8n into `<cacheDir>/n8n-<version>` on first use and reuses it afterwards. The install goes into a temp
 * folder renamed into place when complete, under a lock, so concurrent callers wait for one install instead of
 * running two, and an interrupted install leaves nothing that looks finished.
 */
export async function ensureN8nInstalled(options: N8nInstallOptions = {}): Promise<N8nInstallation> {
	const version = options.version ?? DEFAULT_N8N_VERSION;
	if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`n8n version: "${version}" is not an exact version like ${DEFAULT_N8N_VERSION}`);
	const cacheDir = path.resolve(options.cacheDir ?? defaultN8nCacheDir());
	const log = options.log ?? (() => undefined);
	const dir = path.join(cacheDir, `n8n-${version}`);
	if (isInstalled(dir, version)) return installationAt(dir, version);

	mkdirSync(cacheDir, { recursive: true });
	log(`Installing n8n ${version} into ${dir} (first use only; several minutes)`);
	const release = await lockfile.lock(dir, {
		realpath: false,
		lockfilePath: `${dir}.install.lock`,
		// An install takes minutes (6 on a quiet machine, up to 15 on a busy one, native modules built from source): the
		// lock's mtime is refreshed every 15 s, a lock 60 s stale is taken over, and a waiter waits up to 45 minutes.
		stale: 60_000,
		update: 15_000,
		retries: { retries: 540, factor: 1, minTimeout: 5_000, maxTimeout: 5_000 },
	});
	try {
		if (isInstalled(dir, version)) return installationAt(dir, version);
		const staging = path.join(cacheDir, `.n8n-${version}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`);
		mkdirSync(staging, { recursive: true });
		try {
			const manifest = { name: 'n8n-runtime-cache', private: true, dependencies: { n8n: version }, overrides: N8N_INSTALL_OVERRIDES };
			writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
			const started = Date.now();
			await runNpmInstall(staging, log);
			writeFileSync(path.join(staging, INSTALLED_MARKER), `${version}\n`);
			rmSync(dir, { recursive: true, force: true }); // a half-made folder of an older, non-atomic install
			renameSync(staging, dir);
			log(`Installed n8n ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
		} catch (error) {
			rmSync(staging, { recursive: true, force: true });
			throw error;
		}
		return installationAt(dir, version);
	} finally {
		await release();
	}
}
