import globalSetup from '../global-setup';
import { ensureN8nInstalled } from '../../src/stack/n8n-install';

/** The usual setup (database), then n8n installed once before any test file starts (a cold install takes minutes). */
export default async function e2eGlobalSetup(): Promise<void> {
	await globalSetup();
	const started = Date.now();
	const { dir, version } = await ensureN8nInstalled({ log: (line) => process.stderr.write(`[n8n install] ${line}\n`) });
	process.stderr.write(`\n[e2e] n8n ${version} in ${dir} (ready after ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
