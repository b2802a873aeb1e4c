import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface GraphqlAnswer<T> {
	/** Milliseconds from sending to the last byte of the answer. */
	ms: number;
	data?: T;
	/** Why the request failed (HTTP status, GraphQL errors, network); undefined when it succeeded. */
	error?: string;
}

/** A lean keep-alive GraphQL client for load tests: one POST per call, timed to the last byte, never throws. */
export class GraphqlHttp {
	private readonly agent: Agent;

	constructor(
		private readonly url: string,
		private readonly token: string,
		maxSockets: number,
	) {
		this.agent = new Agent({ keepAlive: true, maxSockets });
	}

	post<T>(query: string, variables: Record<string, unknown>): Promise<GraphqlAnswer<T>> {
		const body = JSON.stringify({ query, variables });
		const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${this.token}` };
		const started = performance.now();
		return new Promise((resolve) => {
			const done = (answer: Omit<GraphqlAnswer<T>, 'ms'>) => resolve({ ms: performance.now() - started, ...answer });
			const req = httpRequest(this.url, { method: 'POST', agent: this.agent, headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', (error) => done({ error: `response: ${error.message}` }));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					if (res.statusCode !== 200) return done({ error: `HTTP ${res.statusCode}: ${text.slice(0, 200)}` });
					try {
						const answer = JSON.parse(text) as { data?: T; errors?: Array<{ message: string }> };
						if (answer.errors?.length) return done({ error: answer.errors.map((e) => e.message).join('; ').slice(0, 300) });
						done({ data: answer.data });
					} catch {
						done({ error: `not JSON: ${text.slice(0, 200)}` });
					}
				});
			});
			req.on('error', (error) => done({ error: `request: ${error.message}` }));
			req.end(body);
		});
	}

	close(): void {
		this.agent.destroy();
	}
}
