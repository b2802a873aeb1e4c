import { randomBytes } from 'node:crypto';

import { findLeaks, stringsIn } from './leak-scan';
import { startServeProcess, withPassword, type ServeProcess } from './serve-process';
import { snapshotDatabase, type DatabaseSnapshot } from './store-snapshot';
import { openTestStore, type TestStore } from './test-database';

/** The real `serve` process over a seeded test store, and what the bad-input suite checks its answers against. */
export interface BadInputServer {
	ctx: TestStore;
	serve: ServeProcess;
	url: string;
	token: string;
	/** The bridge token and the store password: neither may appear in an answer or a log line. */
	secrets: string[];
	/** The database as seeded: every refused request must leave it exactly so. */
	baseline: DatabaseSnapshot;
	close(): Promise<void>;
}

export async function startBadInputServer(label: string, seed: (ctx: TestStore) => Promise<void>): Promise<BadInputServer> {
	const ctx = await openTestStore(label);
	try {
		await seed(ctx);
		const token = `bad-input-token-${randomBytes(16).toString('hex')}`;
		const { url: databaseUrl, password } = withPassword(ctx.database.url);
		const serve = await startServeProcess({ DATABASE_URL: databaseUrl, INGESTION_API_TOKEN: token });
		return {
			ctx,
			serve,
			url: serve.url,
			token,
			secrets: [token, password],
			baseline: await snapshotDatabase(ctx.store),
			async close() {
				await serve.stop();
				await ctx.cleanup();
			},
		};
	} catch (error) {
		await ctx.cleanup();
		throw error;
	}
}

/** One request that must be refused. */
export interface RefusalCase {
	name: string;
	/** A GraphQL request (sent as JSON) or a raw body text. */
	body: { query: string; variables?: Record<string, unknown>; operationName?: string } | string;
	headers?: Record<string, string>;
	method?: string;
	/** Appended to the URL (`?query=...` for GET requests). */
	search?: string;
	/** Codes an answer may carry in `errors[0].extensions.code`. */
	codes: string[];
	/** The field `errors[0].extensions.field` must name; omitted when the request has none to name. */
	field?: string;
}

export interface Answer {
	status: number;
	text: string;
	json?: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

export async function send(
	server: Pick<BadInputServer, 'url' | 'token'>,
	refusal: Pick<RefusalCase, 'body' | 'headers' | 'method' | 'search'>,
): Promise<Answer> {
	const method = refusal.method ?? 'POST';
	const response = await fetch(`${server.url}${refusal.search ?? ''}`, {
		method,
		headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, ...refusal.headers },
		body: method === 'GET' ? undefined : typeof refusal.body === 'string' ? refusal.body : JSON.stringify(refusal.body),
	});
	const text = await response.text();
	let json: Answer['json'];
	try {
		json = JSON.parse(text) as Answer['json'];
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json };
}

/**
 * Sends a refused request and returns what is wrong with its handling (empty when it was refused as it must be):
 * no data, the first error with an allowed code and the expected field, nothing written anywhere in the database,
 * and no secret, stack, SQL or internal path in the answer.
 */
export async function checkRefusal(server: BadInputServer, refusal: RefusalCase): Promise<string[]> {
	const problems: string[] = [];
	const answer = await send(server, refusal);
	const error = answer.json?.errors?.[0];
	const data = answer.json?.data;
	if (!error) problems.push(`no error in the answer (HTTP ${answer.status}): ${answer.text.slice(0, 300)}`);
	if (data && Object.values(data).some((value) => value !== null)) problems.push(`data in the answer: ${JSON.stringify(data).slice(0, 200)}`);
	const code = error?.extensions?.code;
	if (error && !refusal.codes.includes(String(code))) problems.push(`code ${String(code)} (expected ${refusal.codes.join(' or ')}): ${error.message.slice(0, 300)}`);
	if (error && refusal.field !== undefined && error.extensions?.field !== refusal.field) {
		problems.push(`field ${JSON.stringify(error.extensions?.field)} (expected ${refusal.field}): ${error.message.slice(0, 300)}`);
	}
	if (error && !error.message.trim()) problems.push('an empty error message');
	const echoed = typeof refusal.body === 'string' ? [] : stringsIn(refusal.body.variables ?? {});
	for (const leak of findLeaks(answer.text, { secrets: server.secrets, echoed })) problems.push(`leaked ${leak}`);
	const after = await snapshotDatabase(server.ctx.store);
	if (JSON.stringify(after) !== JSON.stringify(server.baseline)) problems.push(`the database changed: ${describeChange(server.baseline, after)}`);
	return problems.map((problem) => `${refusal.name}: ${problem}`);
}

function describeChange(before: DatabaseSnapshot, after: DatabaseSnapshot): string {
	const names = new Set([...Object.keys(before), ...Object.keys(after)]);
	return [...names]
		.filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]))
		.map((name) => `${name} ${before[name]?.rows ?? 'absent'} → ${after[name]?.rows ?? 'absent'} rows`)
		.join(', ');
}

/**
 * Checks cases in batches; after each batch the server must still answer a valid query, and its log so far must
 * hold no leak and no unexpected error. Returns every problem found (empty when all is well).
 */
export async function checkRefusalsInBatches(
	server: BadInputServer,
	cases: RefusalCase[],
	validQuery: { query: string; variables?: Record<string, unknown> },
	batchSize = 25,
): Promise<string[]> {
	const problems: string[] = [];
	for (let start = 0; start < cases.length; start += batchSize) {
		const batch = cases.slice(start, start + batchSize);
		for (const refusal of batch) problems.push(...(await checkRefusal(server, refusal)));
		const alive = await send(server, { body: validQuery });
		if (alive.status !== 200 || alive.json?.errors || !alive.json?.data) {
			problems.push(`after cases ${start + 1}..${start + batch.length} a valid query failed: HTTP ${alive.status} ${alive.text.slice(0, 200)}`);
		}
		problems.push(...serverLogProblems(server, cases.slice(0, start + batch.length)));
	}
	return [...new Set(problems)];
}

/** Leaks and unexpected errors in the server's stdout and stderr so far. */
export function serverLogProblems(server: BadInputServer, sent: RefusalCase[]): string[] {
	const log = server.serve.output();
	const echoed = sent.flatMap((refusal) => (typeof refusal.body === 'string' ? [] : stringsIn(refusal.body.variables ?? {})));
	const problems = findLeaks(log, { secrets: server.secrets, echoed }).map((leak) => `server log: leaked ${leak}`);
	const unexpected = log.split('\n').filter((line) => /unexpected error|bridge request failed/i.test(line));
	if (unexpected.length > 0) problems.push(`server log: unexpected errors: ${unexpected.slice(0, 3).join(' | ').slice(0, 500)}`);
	return problems;
}
