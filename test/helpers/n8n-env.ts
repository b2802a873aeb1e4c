import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Must be imported before n8n-core: InstanceSettings writes `<N8N_USER_FOLDER>/.n8n/config` (with an encryption key)
 * on first use, so each test file gets a temporary folder of its own, removed when the process exits.
 */
if (!process.env.N8N_USER_FOLDER?.includes('n8n-nodes-test-')) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-test-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
}
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'true';
process.env.N8N_LOG_LEVEL ??= 'error';
