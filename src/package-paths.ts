import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'n8n-nodes-ingestion';

let cachedRoot: string | undefined;

/** The package's root folder, found from this file whether it runs from src/ (ts-jest) or dist/src/ (built). */
export function packageRoot(): string {
	if (cachedRoot) return cachedRoot;
	let dir = __dirname;
	for (;;) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest)) {
			const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
			if (name === PACKAGE_NAME) return (cachedRoot = dir);
		}
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`Cannot find the ${PACKAGE_NAME} package root above ${__dirname}`);
		dir = parent;
	}
}

export function migrationsDir(): string {
	return path.join(packageRoot(), 'migrations');
}

export function packageVersion(): string {
	const { version } = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
	return version;
}

/** The built ingestion console (`npm run build` writes it; the published package ships it). */
export function builtConsoleDir(): string {
	return path.join(packageRoot(), 'dist', 'console');
}
