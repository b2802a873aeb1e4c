/** n8n's REST API (owner setup, API keys) and public API (`/api/v1`), as far as the stack and the e2e tests use them. */

export interface N8nOwner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface N8nExecution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	/** With `includeData`: n8n's run data (`resultData.runData[node][run].data.main[0][i].json`). */
	data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>; error?: unknown } };
}

export interface ListExecutionsQuery {
	workflowId?: string;
	status?: 'canceled' | 'error' | 'running' | 'success' | 'waiting';
	includeData?: boolean;
	/** Default 250 (n8n's maximum per page); every page is read. */
	limit?: number;
}

/** An error answer from n8n, with the method, path and status (never the request body, which may hold secrets). */
export class N8nApiError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		detail: string,
	) {
		super(`n8n ${method} ${path} answered ${status}: ${detail.slice(0, 500)}`);
		this.name = 'N8nApiError';
	}
}

const SESSION_COOKIE = 'n8n-auth';

export class N8nApi {
	private cookie: string | undefined;
	private apiKey: string | undefined;

	constructor(readonly baseUrl: string) {}

	private async request<T>(method: string, path: string, options: { body?: unknown; auth: 'cookie' | 'apiKey' | 'none' }): Promise<{ status: number; body: T; headers: Headers }> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (options.body !== undefined) headers['content-type'] = 'application/json';
		if (options.auth === 'cookie') {
			if (!this.cookie) throw new Error(`n8n ${method} ${path}: no session; call setupOwner() first`);
			headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
		}
		if (options.auth === 'apiKey') {
			if (!this.apiKey) throw new Error(`n8n ${method} ${path}: no API key; call createApiKey() first`);
			headers['x-n8n-api-key'] = this.apiKey;
		}
		const response = await fetch(new URL(path, this.baseUrl), {
			method,
			headers,
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
			signal: AbortSignal.timeout(60_000),
		});
		const text = await response.text();
		if (!response.ok) throw new N8nApiError(method, path, response.status, text);
		return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
	}

	/** POST /rest/owner/setup: creates the instance owner and keeps its session cookie for the REST calls after it. */
	async setupOwner(owner: N8nOwner): Promise<void> {
		const { headers } = await this.request('POST', '/rest/owner/setup', { body: owner, auth: 'none' });
		this.cookie = sessionCookieOf(headers);
	}

	/** POST /rest/api-keys with every scope the owner may grant (n8n 1.123 requires scopes); keeps the key for /api/v1. */
	async createApiKey(label = 'n8n-nodes-ingestion'): Promise<string> {
		const { body: scopes } = await this.request<{ data: string[] }>('GET', '/rest/api-keys/scopes', { auth: 'cookie' });
		const { body } = await this.request<{ data: { rawApiKey: string } }>('POST', '/rest/api-keys', {
			body: { label, scopes: scopes.data, expiresAt: null },
			auth: 'cookie',
		});
		this.apiKey = body.data.rawApiKey;
		return this.apiKey;
	}

	async createCredential(type: string, name: string, data: Record<string, unknown>): Promise<{ id: string }> {
		const { body } = await this.request<{ id: string }>('POST', '/api/v1/credentials', { body: { type, name, data }, auth: 'apiKey' });
		return { id: body.id };
	}

	async createWorkflow(workflow: object): Promise<{ id: string }> {
		const { body } = await this.request<{ id: string }>('POST', '/api/v1/workflows', { body: workflow, auth: 'apiKey' });
		return { id: body.id };
	}

	async activateWorkflow(id: string): Promise<void> {
		await this.request('POST', `/api/v1/workflows/${encodeURIComponent(id)}/activate`, { auth: 'apiKey' });
	}

	/** GET /api/v1/executions, every page, newest first. */
	async listExecutions(query: ListExecutionsQuery = {}): Promise<N8nExecution[]> {
		const all: N8nExecution[] = [];
		let cursor: string | undefined;
		do {
			const params = new URLSearchParams({ limit: String(query.limit ?? 250) });
			if (query.workflowId) params.set('workflowId', query.workflowId);
			if (query.status) params.set('status', query.status);
			if (query.includeData) params.set('includeData', 'true');
			if (cursor) params.set('cursor', cursor);
			const { body } = await this.request<{ data: N8nExecution[]; nextCursor: string | null }>('GET', `/api/v1/executions?${params}`, { auth: 'apiKey' });
			all.push(...body.data.map((execution) => ({ ...execution, id: String(execution.id), workflowId: String(execution.workflowId) })));
			cursor = body.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}
}

function sessionCookieOf(headers: Headers): string {
	for (const cookie of headers.getSetCookie()) {
		const [pair] = cookie.split(';');
		const [name, value] = pair.split('=');
		if (name.trim() === SESSION_COOKIE && value) return value.trim();
	}
	throw new Error(`n8n answered without a ${SESSION_COOKIE} session cookie`);
}
