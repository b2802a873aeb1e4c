import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

import { listenIngestionEvents, type IngestionEventListener } from '../ingestion/events';
import type { Store } from '../store';
import { passwordOf } from '../store/database-url';
import { MIN_TOKEN_LENGTH, bearerAuthPlugin, bearerToken, tokenMatches } from './auth';
import { defaultCdmSinkProvisioner, type CdmSinkProvisioner } from './cdm-provisioner';
import { createBridgeContext, type BridgeContext } from './context';
import { createMaskError } from './errors';
import { inputErrorsPlugin } from './input-errors';
import { safeLogger } from './safe-logger';
import { DEFAULT_BRIDGE_LIMITS, limitPlugins, type BridgeLimits } from './limits';
import { OperationClassifier, type GraphqlRequestBody } from './operation-kind';
import { parseRequestEnvelope } from './request-envelope';
import { ResponseCache, type BridgeResponse, type ResponseCacheOptions } from './response-cache';
import { buildBridgeSchema } from './schema';
import { consoleStaticHandler, isConsolePath } from './static-files';

export const GRAPHQL_PATH = '/graphql';
export const HEALTH_PATH = '/healthz';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);
const LISTENER_RETRY_MS = 5_000;
/** Answers larger than this are also kept gzip-compressed (compressed once, off the event loop). */
const GZIP_MIN_BYTES = 16 * 1024;
const gzipAsync = promisify(gzip);

export interface BridgeServerOptions {
	store: Store;
	/** Bearer token every GraphQL request must present. Required unless `insecureLocal`. */
	token?: string;
	/** Serve without a token; then `listen` binds loopback only. For local development. */
	insecureLocal?: boolean;
	/** Folder served at /console (the ingestion console page), when given. */
	staticDir?: string;
	/** Provisions CDM models on sinks for `provisionCdmSink`; see cdm-provisioner.ts. */
	cdmProvisioner?: CdmSinkProvisioner;
	limits?: Partial<BridgeLimits>;
	/** Cache of query answers, invalidated by mutations and store events (see response-cache.ts); `false` disables it. */
	responseCache?: ResponseCacheOptions | false;
	/** Where unexpected errors are logged (messages only, never SQL or secrets); warnings and errors to the console by default. */
	logger?: YogaLogger;
}

export interface BridgeServer {
	yoga: YogaServerInstance<Record<string, never>, BridgeContext>;
	http: Server;
	/** Starts listening; port 0 picks a free port. Resolves with the GraphQL URL once the server answers. */
	listen(port: number, host?: string): Promise<{ url: string; port: number; host: string }>;
	close(): Promise<void>;
}

const quietLogger: YogaLogger = { debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error };

function json(status: number, body: unknown, headers: Record<string, string> = {}): BridgeResponse {
	return { status, headers: [['content-type', 'application/json'], ...Object.entries(headers)], body: Buffer.from(JSON.stringify(body)) };
}

function send(res: ServerResponse, response: BridgeResponse, acceptEncoding = ''): void {
	const headers = Object.fromEntries(response.headers.filter(([name]) => name !== 'content-length' && name !== 'content-encoding'));
	if (response.gzipped && /\bgzip\b/.test(acceptEncoding)) {
		res.writeHead(response.status, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' });
		res.end(response.gzipped);
		return;
	}
	res.writeHead(response.status, headers);
	res.end(response.body);
}

async function withGzip(response: BridgeResponse): Promise<BridgeResponse> {
	if (response.body.length < GZIP_MIN_BYTES) return response;
	return { ...response, gzipped: await gzipAsync(response.body) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** The request headers yoga needs to answer (the rest stays out of the cache key and the internal request). */
function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const forwarded: Record<string, string> = {};
	for (const name of ['content-type', 'accept', 'authorization', 'origin']) {
		const value = headers[name];
		if (typeof value === 'string') forwarded[name] = value;
	}
	return forwarded;
}

/**
 * The GraphQL bridge as a Node HTTP server: POST /graphql (bearer auth, depth/cost/alias/token limits, sanitized
 * errors, DataLoader batching, compiled execution, a cache of query answers), GET /healthz, and the console's
 * static files under /console when `staticDir` is set. It reads and writes the store only.
 */
export function createBridgeServer(options: BridgeServerOptions): BridgeServer {
	const token = options.token?.trim();
	if (!token && !options.insecureLocal) {
		throw new Error('The bridge needs a bearer token (INGESTION_API_TOKEN); use --insecure-local to serve on 127.0.0.1 without one');
	}
	if (token && token.length < MIN_TOKEN_LENGTH) throw new Error(`The bearer token must be at least ${MIN_TOKEN_LENGTH} characters long`);
	const { store } = options;
	const limits = { ...DEFAULT_BRIDGE_LIMITS, ...options.limits };
	const secrets = [token, passwordOf(store.connectionUrl)].filter((s): s is string => !!s);
	const handledErrors = new WeakSet<object>();
	const logger = safeLogger(options.logger ?? quietLogger, secrets, handledErrors);
	const cdmProvisioner = options.cdmProvisioner ?? defaultCdmSinkProvisioner;
	const cache = options.responseCache === false ? undefined : new ResponseCache(options.responseCache);
	const classifier = new OperationClassifier(limits.maxTokens);

	const yoga = createYoga<Record<string, never>, BridgeContext>({
		schema: buildBridgeSchema(),
		graphqlEndpoint: GRAPHQL_PATH,
		graphiql: false,
		landingPage: false,
		logging: logger,
		maskedErrors: { maskError: createMaskError(logger, secrets, handledErrors) },
		context: () => createBridgeContext(store, cdmProvisioner),
		plugins: [
			...(token ? [bearerAuthPlugin(token)] : []),
			...limitPlugins(limits),
			inputErrorsPlugin(),
			// Compiled execution: several times faster than graphql-js's interpreter on long lists (1,000 configs).
			useGraphQlJit({}, { cache: new LRUCache({ max: 500 }) }) as Plugin,
		],
	});
	const serveConsole = options.staticDir ? consoleStaticHandler(options.staticDir) : undefined;

	async function execute(headers: Record<string, string>, body: string): Promise<BridgeResponse> {
		const response = await yoga.fetch(`http://bridge${GRAPHQL_PATH}`, { method: 'POST', headers, body });
		return { status: response.status, headers: [...response.headers], body: Buffer.from(await response.arrayBuffer()) };
	}

	async function answerPost(req: IncomingMessage): Promise<BridgeResponse> {
		const length = Number(req.headers['content-length']);
		if (!Number.isFinite(length)) {
			return json(411, { errors: [{ message: 'Content-Length required', extensions: { code: 'BAD_REQUEST', field: 'body' } }] });
		}
		// CORS headers let a browser UI on another origin read a refusal instead of seeing a network error.
		const origin = req.headers.origin;
		const cors: Record<string, string> = origin ? { 'access-control-allow-origin': origin, vary: 'origin' } : {};
		if (length > limits.maxBodyBytes) {
			return json(413, { errors: [{ message: 'Request body too large', extensions: { code: 'BAD_REQUEST', field: 'body' } }] }, cors);
		}
		const presented = bearerToken(req.headers.authorization ?? null);
		if (token && !(presented !== undefined && tokenMatches(presented, token))) {
			const message = presented === undefined ? 'Missing bearer token' : 'Invalid bearer token';
			const extensions = { code: 'UNAUTHENTICATED', field: 'authorization' };
			return json(401, { errors: [{ message, extensions }] }, { 'www-authenticate': 'Bearer', ...cors });
		}
		const body = (await readBody(req)).toString('utf8');
		const headers = forwardedHeaders(req.headers);
		const contentType = headers['content-type'] ?? '';
		if (!/\bjson\b|^\s*application\/graphql\s*(;|$)/i.test(contentType)) {
			const error = { message: 'content-type must be application/json', extensions: { code: 'BAD_REQUEST', field: 'content-type' } };
			return json(415, { errors: [error] }, cors);
		}
		let request: GraphqlRequestBody | undefined;
		if (/\bjson\b/i.test(contentType)) {
			const envelope = parseRequestEnvelope(body);
			if ('error' in envelope) return json(400, { errors: [envelope.error] }, cors);
			request = envelope.request;
		}
		const kind = request ? classifier.kindOf(request) : undefined;
		if (kind === 'query') {
			const answer = async () => withGzip(await execute(headers, body));
			// The answer's headers depend on Accept (content type) and Origin (CORS) besides the body.
			return cache ? cache.get(`${headers.accept ?? ''}\n${headers.origin ?? ''}\n${body}`, answer) : answer();
		}
		// Mutations (and anything unrecognized) may change what queries answer.
		const response = await execute(headers, body);
		cache?.invalidate();
		return response;
	}

	const http = createServer((req: IncomingMessage, res: ServerResponse) => {
		if (serveConsole && isConsolePath(req.url)) return serveConsole(req, res);
		const pathname = (req.url ?? '/').split('?')[0];
		if (pathname === HEALTH_PATH) return send(res, json(200, { ok: true }));
		if (pathname !== GRAPHQL_PATH) return send(res, json(404, { errors: [{ message: 'Not found' }] }));
		// n8n-workflow (compiled in with the nodes) augments http.IncomingMessage with `req?: ClientRequest`, which yoga's
		// NodeRequest type does not accept; yoga never reads that member.
		if (req.method !== 'POST') return void yoga(req as Omit<IncomingMessage, 'req'>, res);
		answerPost(req).then(
			(response) => send(res, response, String(req.headers['accept-encoding'] ?? '')),
			(error: unknown) => {
				logger.error(`bridge request failed: ${error instanceof Error ? error.message : String(error)}`);
				if (!res.headersSent) send(res, json(500, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
			},
		);
	});

	let listener: IngestionEventListener | undefined;
	let retry: NodeJS.Timeout | undefined;
	let closed = false;
	/** Keeps the cache in step with the store: on while LISTEN works, off (and retried) while it does not. */
	async function startInvalidation(): Promise<void> {
		if (!cache || closed) return;
		const restart = () => {
			cache.setEnabled(false);
			listener = undefined;
			if (!closed) retry = setTimeout(() => void startInvalidation(), LISTENER_RETRY_MS).unref();
		};
		try {
			listener = await listenIngestionEvents(
				store.connectionUrl,
				() => cache.invalidate(),
				(error) => logger.warn(`bridge: store event listener failed (${error.message}); answering uncached`),
				restart,
			);
			cache.setEnabled(true);
		} catch (error) {
			logger.warn(`bridge: cannot listen for store events (${(error as Error).message}); answering uncached`);
			restart();
		}
	}

	return {
		yoga,
		http,
		async listen(port, host = '127.0.0.1') {
			if (!token && !LOOPBACK_HOSTS.has(host)) {
				throw new Error(`Without a bearer token the bridge only binds to 127.0.0.1 (asked for ${host})`);
			}
			await startInvalidation();
			return new Promise((resolve, reject) => {
				http.once('error', reject);
				http.listen(port, host, () => {
					http.off('error', reject);
					const address = http.address() as AddressInfo;
					const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
					resolve({ url: `http://${shownHost}:${address.port}${GRAPHQL_PATH}`, port: address.port, host: address.address });
				});
			});
		},
		async close() {
			closed = true;
			if (retry) clearTimeout(retry);
			await listener?.close();
			await new Promise<void>((resolve, reject) => {
				http.close((error) => (error ? reject(error) : resolve()));
				http.closeAllConnections();
			});
		},
	};
}
