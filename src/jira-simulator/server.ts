import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SimulatorClock } from './clock';
import { createControl, HTTP_CONTROL_OPS, type JiraSimulatorControl, type SimulatorTruth } from './control';
import { SimDataset, type SimDataOptions } from './dataset';
import { FaultInjector, type SimFaultSettings } from './faults';
import { BadRequest, jiraError, type SimResponse, type SimRoute, type SimState } from './route-types';
import { catalogRoutes } from './routes-catalog';
import { childRoutes } from './routes-children';
import { searchRoutes } from './routes-search';

/** Credentials the simulator accepts unless told otherwise. */
export const SIMULATOR_CREDENTIALS = { email: 'sim@example.com', apiToken: 'sim-api-token', pat: 'sim-personal-access-token' } as const;

export interface JiraSimulatorOptions extends Partial<SimDataOptions> {
	/** Port on 127.0.0.1 (default 0: a free one). */
	port?: number;
	host?: string;
	/** `cloud` (REST v3, Basic auth) or `datacenter` (REST v2 only, Bearer PAT). */
	deployment?: 'cloud' | 'datacenter';
	credentials?: { email: string; apiToken: string; pat: string };
	/** Let the clock follow the wall clock too (default false: it moves only through control.advance). */
	realTimeClock?: boolean;
	faults?: Partial<SimFaultSettings>;
}

export interface JiraSimulator {
	url: string;
	port: number;
	control: JiraSimulatorControl;
	stop(): Promise<void>;
}

const ROUTES: SimRoute[] = [...searchRoutes, ...childRoutes, ...catalogRoutes];

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function send(response: ServerResponse, result: SimResponse): void {
	const body = result.body === undefined ? '' : JSON.stringify(result.body);
	response.writeHead(result.status, { 'Content-Type': 'application/json;charset=UTF-8', ...(result.headers ?? {}) });
	response.end(body);
}

function authorized(header: string | undefined, options: Required<Pick<JiraSimulatorOptions, 'credentials' | 'deployment'>>): boolean {
	if (!header) return false;
	const [scheme, value] = header.split(' ');
	const { email, apiToken, pat } = options.credentials;
	if (scheme === 'Basic') return Buffer.from(value ?? '', 'base64').toString('utf8') === `${email}:${apiToken}`;
	return scheme === 'Bearer' && options.deployment === 'datacenter' && value === pat;
}

/** Sends the status, the headers and half the body, then destroys the socket: a connection dropped mid-response. */
function sendCut(response: ServerResponse, result: SimResponse): void {
	const body = Buffer.from(result.body === undefined ? '' : JSON.stringify(result.body));
	response.writeHead(result.status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(body.length), ...(result.headers ?? {}) });
	response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a Jira Cloud (or Data Center) simulator on a loopback port. */
export async function startJiraSimulator(options: JiraSimulatorOptions = {}): Promise<JiraSimulator> {
	const data = new SimDataset(options);
	const clock = new SimulatorClock(data.latestSeededMs() + 3_600_000, options.realTimeClock ?? false);
	const faults = new FaultInjector(options.faults ?? {}, data.options.seed);
	const counts = new Map<string, number>();
	const inFlight = { current: 0, max: 0 };
	const settings = { credentials: options.credentials ?? { ...SIMULATOR_CREDENTIALS }, deployment: options.deployment ?? 'cloud' };
	let baseUrl = '';
	const state: SimState = {
		data,
		clock,
		deployment: settings.deployment,
		render: (apiVersion) => ({ data, baseUrl, apiVersion }),
	};
	const control = createControl({ data, clock, faults, counts, inFlight, render: state.render });

	async function handleControl(path: string, request: IncomingMessage, raw: string): Promise<SimResponse> {
		if (request.method === 'POST' && path === '/_sim/control') {
			const { op, args } = JSON.parse(raw || '{}') as { op?: string; args?: unknown[] };
			if (!op || !(HTTP_CONTROL_OPS as readonly string[]).includes(op)) return jiraError(400, `unknown control op ${op}`);
			const fn = control[op as (typeof HTTP_CONTROL_OPS)[number]] as (...a: unknown[]) => unknown;
			return { status: 200, body: { result: fn(...(args ?? [])) ?? null } };
		}
		const truth = /^\/_sim\/truth\/(\w+)$/.exec(path);
		if (request.method === 'GET' && truth && truth[1] in control.truth) {
			return { status: 200, body: (control.truth[truth[1] as keyof SimulatorTruth] as () => unknown)() };
		}
		return jiraError(404, 'unknown simulator control path');
	}

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', baseUrl);
		const raw = await readBody(request);
		if (url.pathname.startsWith('/_sim/')) {
			try {
				return send(response, await handleControl(url.pathname, request, raw));
			} catch (error) {
				return send(response, jiraError(400, error instanceof Error ? error.message : String(error)));
			}
		}
		let match: RegExpExecArray | null = null;
		const route = ROUTES.find((r) => r.method === request.method && (match = r.pattern.exec(url.pathname)) !== null);
		const routeName = route ? `${route.method} ${route.name}` : `${request.method} (unknown)`;
		counts.set(routeName, (counts.get(routeName) ?? 0) + 1);
		inFlight.current += 1;
		inFlight.max = Math.max(inFlight.max, inFlight.current);
		response.once('close', () => {
			inFlight.current -= 1;
		});
		if (faults.settings.latencyMs > 0) await sleep(faults.settings.latencyMs);
		const decision = faults.decide(url.pathname);
		if (decision.kind === 'drop') {
			request.socket.destroy();
			return;
		}
		const reply = (result: SimResponse) => (decision.kind === 'cut' ? sendCut(response, result) : send(response, result));
		if (decision.kind === 'status') return reply({ ...jiraError(decision.status, ...decision.errorMessages), headers: decision.headers });
		if (!authorized(request.headers.authorization, settings)) {
			return reply(jiraError(401, 'You are not authenticated. Authentication required to perform this operation.'));
		}
		const version = /^\/rest\/api\/(2|3)\//.exec(url.pathname)?.[1];
		if (!route || !match || !route.deployments.includes(settings.deployment) || (settings.deployment === 'datacenter' && version === '3')) {
			return reply(jiraError(404, 'null for uri: ' + url.pathname));
		}
		let body: unknown;
		try {
			body = raw ? JSON.parse(raw) : undefined;
		} catch {
			return reply(jiraError(400, 'Unexpected character in the request body: not valid JSON.'));
		}
		const groups = (match as RegExpExecArray).groups ?? {};
		try {
			reply(route.handle(state, { method: request.method ?? 'GET', url, params: groups, body, apiVersion: version === '2' ? 2 : 3 }));
		} catch (error) {
			if (error instanceof BadRequest) return reply(jiraError(400, error.message));
			reply(jiraError(500, error instanceof Error ? error.message : String(error)));
		}
	}

	const server: Server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			if (!response.headersSent) send(response, jiraError(500, error instanceof Error ? error.message : String(error)));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
	return {
		url: baseUrl,
		port,
		control,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
