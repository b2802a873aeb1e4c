import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import getPort from 'get-port';

import { API_TOKEN_ENV, CONSOLE_PATH, createBridgeServer, type BridgeServer } from '../bridge';
import { JIRA_ENV } from '../jira/auth';
import type { JiraSimulator } from '../jira-simulator';
import { builtConsoleDir } from '../package-paths';
import { Store } from '../store';
import { setUpDemo } from './demo-setup';
import { startN8n, type N8nStack } from './n8n-process';
import { installWorkerWorkflow, type JiraCredentialInput } from './worker-workflow';

export interface LocalStackOptions {
	demo?: boolean;
	/** Port of the GraphQL bridge and console (default 4000, or a free one when taken). */
	bridgePort?: number;
	/** Port of n8n's editor (default 5678, or a free one when taken). */
	n8nPort?: number;
	/** Environment: DATABASE_URL (else the embedded Postgres), INGESTION_API_TOKEN, JIRA_* for a real Jira. */
	env?: NodeJS.ProcessEnv;
	/** Progress lines and the printed URLs. */
	log?: (line: string) => void;
	/** n8n's own output lines (default: dropped; they are kept for `logs()`). */
	n8nLog?: (line: string) => void;
}

export interface LocalStack {
	consoleUrl: string;
	graphqlUrl: string;
	n8nUrl: string;
	/** The n8n owner's email; the password is in `ownerLoginFile` only (never printed or logged). */
	ownerEmail: string;
	/** A file readable by this OS user only, holding the owner's email and password. */
	ownerLoginFile: string;
	workflowId: string;
	n8n: N8nStack;
	simulatorUrl?: string;
	stop(): Promise<void>;
}

const OWNER_EMAIL = 'owner@n8n-ingestion.local';
/** Sets the n8n owner's password (n8n asks for 8+ characters with a digit and an uppercase letter); else a random one. */
export const OWNER_PASSWORD_ENV = 'N8N_INGESTION_OWNER_PASSWORD';

/** The Jira credential for n8n: the demo's simulator, JIRA_SITE_URL + JIRA_EMAIL/JIRA_API_TOKEN or JIRA_PAT, else a placeholder to edit in n8n. */
function jiraCredentialFromEnv(env: NodeJS.ProcessEnv): { jira: JiraCredentialInput; placeholder: boolean } {
	const siteUrl = env.JIRA_SITE_URL?.trim();
	const pat = env[JIRA_ENV.pat]?.trim();
	const email = env[JIRA_ENV.email]?.trim();
	const apiToken = env[JIRA_ENV.apiToken]?.trim();
	if (siteUrl && pat) return { jira: { deployment: 'datacenter', siteUrl, personalAccessToken: pat }, placeholder: false };
	if (siteUrl && email && apiToken) return { jira: { deployment: 'cloud', siteUrl, email, apiToken }, placeholder: false };
	return { jira: { deployment: 'cloud', siteUrl: 'https://your-domain.atlassian.net', email: 'you@example.com', apiToken: 'replace-me' }, placeholder: true };
}

/**
 * The whole local stack in this process: the store (DATABASE_URL, else the embedded Postgres) migrated, the GraphQL
 * bridge with its console, and n8n (installed on first use) with this package, both credentials and the worker
 * workflow active. n8n's own state (owner, executions) lives in a fresh temporary user folder on SQLite, removed on
 * stop; the store keeps endpoints, configs and runs. With `demo`, the Jira simulator is the source.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
	const env = options.env ?? process.env;
	const log = options.log ?? (() => undefined);
	const stops: Array<() => Promise<unknown>> = [];
	let stopping: Promise<void> | undefined;
	const stop = () =>
		(stopping ??= (async () => {
			for (const step of stops.reverse()) await step().catch((error: unknown) => log(`while stopping: ${error instanceof Error ? error.message : String(error)}`));
		})());
	try {
		const store = await Store.open({ env, migrate: true, applicationName: 'n8n-ingestion-stack' });
		stops.push(() => store.close());
		log(`Store: ${store.displayUrl} (${store.source === 'embedded' ? 'embedded Postgres' : 'DATABASE_URL'}), migrations applied`);

		let simulator: JiraSimulator | undefined;
		let jira: JiraCredentialInput;
		let endpointId: string | undefined;
		if (options.demo) {
			const demo = await setUpDemo(store, { log });
			simulator = demo.simulator;
			stops.push(() => demo.simulator.stop());
			jira = demo.jira;
			endpointId = demo.endpointId;
		} else {
			const fromEnv = jiraCredentialFromEnv(env);
			jira = fromEnv.jira;
			if (fromEnv.placeholder) {
				log(`No Jira in the environment (JIRA_SITE_URL with ${JIRA_ENV.email} + ${JIRA_ENV.apiToken}, or ${JIRA_ENV.pat}): the "Jira Ingestion" credential in n8n is a placeholder to edit. Try --demo for a simulated Jira.`);
			}
		}

		const token = env[API_TOKEN_ENV]?.trim() || undefined;
		const bridge: BridgeServer = createBridgeServer({ store, token, insecureLocal: !token, staticDir: builtConsoleDir() });
		const bridgePort = options.bridgePort ?? (await getPort({ host: '127.0.0.1', port: 4000 }));
		const { url: graphqlUrl } = await bridge.listen(bridgePort, '127.0.0.1');
		stops.push(() => bridge.close());
		const consoleUrl = new URL(`${CONSOLE_PATH}/`, graphqlUrl).toString();

		const userFolder = mkdtempSync(path.join(os.tmpdir(), 'n8n-ingestion-stack-'));
		stops.push(async () => rmSync(userFolder, { recursive: true, force: true }));
		log('Starting n8n (installed into the cache on first use; that takes several minutes once)');
		const n8n = await startN8n({
			mode: 'single',
			userFolder,
			port: options.n8nPort ?? (await getPort({ host: '127.0.0.1', port: 5678 })),
			log: (line) => {
				options.n8nLog?.(line);
				if (line.startsWith('[stack]') || line.startsWith('[install]')) log(line);
			},
		});
		stops.push(() => n8n.stop());
		const owner = { email: OWNER_EMAIL, password: env[OWNER_PASSWORD_ENV] || `Local-${randomBytes(9).toString('base64url')}1` };
		await n8n.api.setupOwner({ ...owner, firstName: 'Local', lastName: 'Owner' });
		const ownerLoginFile = path.join(userFolder, 'owner-login.txt');
		writeFileSync(ownerLoginFile, `email: ${owner.email}\npassword: ${owner.password}\n`, { mode: 0o600 });
		await n8n.api.createApiKey();
		const { workflowId } = await installWorkerWorkflow(n8n.api, { storeUrl: store.connectionUrl, jira, endpointId });
		log(`n8n: credentials "Ingestion Store" and "Jira Ingestion" created, worker workflow ${workflowId} active`);
		return { consoleUrl, graphqlUrl, n8nUrl: n8n.baseUrl, ownerEmail: owner.email, ownerLoginFile, workflowId, n8n, simulatorUrl: simulator?.url, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
