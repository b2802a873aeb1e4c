import { accessSync, constants, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Environment variable that overrides where the embedded Postgres keeps its data. */
export const EMBEDDED_DIR_ENV = 'N8N_INGESTION_PG_DIR';

/** Folder used when running as root and the home folder is closed to other users. */
export const ROOT_FALLBACK_DIR = '/var/lib/n8n-ingestion/pg';

export function isRoot(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * The first ancestor of `target` (including itself, if it exists) that users other than its
 * owner cannot enter, or undefined when the whole existing chain is open (o+x).
 * Postgres refuses to run as root, so as root the server runs as an unprivileged user who must reach the folder.
 */
export function firstClosedAncestor(target: string): string | undefined {
	let dir = path.resolve(target);
	const chain: string[] = [];
	for (;;) {
		chain.unshift(dir);
		const parent = path.dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}
	for (const folder of chain) {
		let mode: number;
		try {
			mode = statSync(folder).mode;
		} catch {
			return undefined; // the rest is yet to be created by us, with open permissions
		}
		if ((mode & 0o001) === 0) return folder;
	}
	return undefined;
}

/** Where the embedded Postgres lives: the override, else `~/.n8n-ingestion/pg`, else (as root with a closed home) /var/lib. */
export function defaultDataRoot(env: NodeJS.ProcessEnv = process.env): string {
	const override = env[EMBEDDED_DIR_ENV];
	if (override && override.trim() !== '') return path.resolve(override);
	const home = path.join(os.homedir(), '.n8n-ingestion', 'pg');
	if (isRoot() && firstClosedAncestor(home) !== undefined) return ROOT_FALLBACK_DIR;
	return home;
}

export function assertWritable(folder: string): void {
	accessSync(folder, constants.W_OK);
}
