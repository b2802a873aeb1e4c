import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { packageRoot } from '../package-paths';

export const PACKAGE_NAME = 'n8n-nodes-ingestion';

/** Node type prefix of the package when n8n loads it as a community package. */
export const COMMUNITY_TYPE_PREFIX = PACKAGE_NAME;

/**
 * Makes this package an installed community package of the n8n whose user folder is `userFolder`, the way n8n's
 * "Install community node" leaves it: `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-ingestion` with package.json,
 * `dist`, `migrations` and `workflows`. n8n loads every `n8n-nodes-*` folder there at start. The folders are links to
 * this package's built files, and `node_modules` links to the package's own dependencies so they resolve.
 */
export function stageCommunityPackage(userFolder: string, root = packageRoot()): string {
	const built = path.join(root, 'dist', 'nodes');
	if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first`);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
	writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
	for (const entry of ['dist', 'migrations', 'workflows', 'node_modules']) {
		// node_modules is absent when npm hoisted the dependencies; they then resolve from the real path of dist.
		if (existsSync(path.join(root, entry))) symlinkSync(path.join(root, entry), path.join(target, entry), 'dir');
	}
	const nodesManifest = path.join(nodesDir, 'package.json');
	if (!existsSync(nodesManifest)) {
		writeFileSync(nodesManifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: manifest.version } }, null, 2));
	}
	return target;
}
