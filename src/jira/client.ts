import pRetry from 'p-retry';

import { authorizationHeader, authSecrets, type JiraAuth } from './auth';
import { endpointGate, type EndpointGate } from './endpoint-gate';
import type { JiraDeployment } from './endpoint-parameters';
import { JiraHttpError, JiraRetriesExhaustedError, jiraMessagesOf, type JiraRequestTarget } from './errors';
import { rateLimitWaitMs } from './rate-limit';
import { emptyRequestStats, routeOf, type JiraRequestStats } from './request-stats';
import { scrubSecrets } from '../store/database-url';

export interface JiraClientOptions {
	/** metadata_endpoints.id; named in every error and the key of the shared concurrency limit. */
	endpointId: string;
	baseUrl: string;
	deployment: JiraDeployment;
	auth: JiraAuth;
	/** Requests in flight at once for this endpoint, shared by every client of it in this process (default 4). */
	concurrency?: number;
	/** Attempts per request, the first included (default 6). */
	maxAttempts?: number;
	/** First retry delay; doubles each attempt, with jitter (default 500 ms). */
	retryBaseMs?: number;
	/** Largest backoff between attempts (default 30 s). */
	retryMaxMs?: number;
	/** Shortest wait after a 429, used when Retry-After is 0 or missing (default 1000 ms, as Jira documents). */
	rateLimitFloorMs?: number;
	/** Time limit of one attempt (default 60 s). */
	timeoutMs?: number;
}

export type QueryValue = string | number | boolean | undefined | null | ReadonlyArray<string | number>;

export interface JiraRequest {
	method: 'GET' | 'POST';
	/** Path below the base URL, starting with `/rest/`. */
	path: string;
	query?: Record<string, QueryValue>;
	body?: unknown;
}

/** A failure worth another attempt: 429, 5xx, a dropped connection or a timeout. */
class RetryableProblem extends Error {
	constructor(
		message: string,
		readonly rateLimited = false,
	) {
		super(message);
	}
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * Jira REST client for one endpoint: auth, retries with exponential backoff and jitter on 429/5xx/dropped
 * connections (at least Retry-After on 429), a concurrency limit shared per endpoint, and request counters.
 * Every non-retryable 4xx is a {@link JiraHttpError}; a request never silently yields "no data".
 */
export class JiraClient {
	readonly endpointId: string;
	readonly baseUrl: string;
	readonly deployment: JiraDeployment;
	private readonly authHeader: string;
	private readonly secrets: string[];
	private readonly gate: EndpointGate;
	private readonly counters: JiraRequestStats = emptyRequestStats();
	private readonly settings: Required<Pick<JiraClientOptions, 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs' | 'rateLimitFloorMs' | 'timeoutMs'>>;

	constructor(options: JiraClientOptions) {
		this.endpointId = options.endpointId;
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
		this.deployment = options.deployment;
		this.authHeader = authorizationHeader(options.auth);
		this.secrets = authSecrets(options.auth);
		this.gate = endpointGate(options.endpointId, options.concurrency ?? 4);
		this.settings = {
			maxAttempts: options.maxAttempts ?? 6,
			retryBaseMs: options.retryBaseMs ?? 500,
			retryMaxMs: options.retryMaxMs ?? 30_000,
			rateLimitFloorMs: options.rateLimitFloorMs ?? 1000,
			timeoutMs: options.timeoutMs ?? 60_000,
		};
	}

	/** REST API root for this deployment: `/rest/api/3` on Cloud, `/rest/api/2` on Data Center. */
	get apiRoot(): string {
		return this.deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
	}

	/** A copy of the counters so far. */
	stats(): JiraRequestStats {
		return { ...this.counters, byRoute: { ...this.counters.byRoute } };
	}

	get<T>(path: string, query?: Record<string, QueryValue>): Promise<T> {
		return this.request<T>({ method: 'GET', path, query });
	}

	post<T>(path: string, body: unknown, query?: Record<string, QueryValue>): Promise<T> {
		return this.request<T>({ method: 'POST', path, query, body });
	}

	async request<T>(request: JiraRequest): Promise<T> {
		const target: JiraRequestTarget = { endpointId: this.endpointId, method: request.method, path: request.path };
		const url = this.urlOf(request);
		const { maxAttempts, retryBaseMs, retryMaxMs } = this.settings;
		try {
			return await pRetry(() => this.attempt<T>(request, url, target), {
				retries: maxAttempts - 1,
				factor: 2,
				minTimeout: retryBaseMs,
				maxTimeout: retryMaxMs,
				randomize: true,
				onFailedAttempt: (error) => {
					if (error.retriesLeft > 0) this.counters.retries += 1;
				},
			});
		} catch (error) {
			if (error instanceof RetryableProblem) throw new JiraRetriesExhaustedError(target, maxAttempts, this.scrub(error.message));
			throw error;
		}
	}

	private urlOf(request: JiraRequest): string {
		if (!request.path.startsWith('/')) throw new Error(`Jira request path must start with "/": ${request.path}`);
		const url = new URL(this.baseUrl + request.path);
		for (const [key, value] of Object.entries(request.query ?? {})) {
			if (value === undefined || value === null) continue;
			url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
		}
		return url.toString();
	}

	private scrub(message: string): string {
		return scrubSecrets(message, this.secrets);
	}

	private attempt<T>(request: JiraRequest, url: string, target: JiraRequestTarget): Promise<T> {
		return this.gate.run(async () => {
			await this.gate.waitForPause();
			this.counters.requests += 1;
			const route = routeOf(request.method, request.path);
			this.counters.byRoute[route] = (this.counters.byRoute[route] ?? 0) + 1;
			let response: Response;
			let body: string;
			try {
				response = await fetch(url, {
					method: request.method,
					headers: {
						Authorization: this.authHeader,
						Accept: 'application/json',
						...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
					},
					body: request.body === undefined ? undefined : JSON.stringify(request.body),
					signal: AbortSignal.timeout(this.settings.timeoutMs),
				});
				const bytes = Buffer.from(await response.arrayBuffer());
				this.counters.bytes += bytes.length;
				body = bytes.toString('utf8');
			} catch (error) {
				throw new RetryableProblem(`connection failed (${describeNetworkError(error)})`);
			}
			if (response.status === 429) {
				this.counters.rateLimited += 1;
				const waitMs = rateLimitWaitMs(response.headers, this.settings.rateLimitFloorMs);
				this.gate.pauseUntil(Date.now() + waitMs);
				throw new RetryableProblem(`HTTP 429 Too Many Requests (asked to wait ${waitMs} ms)`, true);
			}
			if (RETRYABLE_STATUS.has(response.status)) {
				// a 503 may say when to come back; honour it like a 429's
				if (response.headers.has('retry-after')) this.gate.pauseUntil(Date.now() + rateLimitWaitMs(response.headers, 0));
				const messages = jiraMessagesOf(body);
				throw new RetryableProblem(`HTTP ${response.status}${messages.length ? `: ${this.scrub(messages.join('; '))}` : ''}`);
			}
			if (!response.ok) {
				throw new pRetry.AbortError(new JiraHttpError(target, response.status, jiraMessagesOf(body).map((m) => this.scrub(m))));
			}
			if (response.status === 204 || body.length === 0) return undefined as T;
			try {
				return JSON.parse(body) as T;
			} catch {
				throw new pRetry.AbortError(new JiraHttpError(target, response.status, ['response body is not JSON']));
			}
		});
	}
}

function describeNetworkError(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	return cause?.code ?? cause?.message ?? error.message;
}
