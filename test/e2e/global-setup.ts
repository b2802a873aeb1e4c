import globalSetup from '../global-setup';
import { ensureN8nInstalled } from '../../src/stack/n8n-install';

/**
 * n8n installed once before any test file starts (a cold install takes minutes), then the usual setup (database):
 * in this order, a failed install leaves no embedded Postgres running, as jest skips the teardown then.
 */
export default async function e2eGlobalSetup(): Promise<void> {
	const started = Date.now();
	const { dir, version } = await ensureN8nInstalled({ log: (line) => process.stderr.write(`[n8n install] ${line}\n`) });
	process.stderr.write(`\n[e2e] n8n ${version} in ${dir} (ready after ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
	await globalSetup();
}
