import type { SimulatorClock } from './clock';
import type { SimDataset } from './dataset';
import type { RenderContext } from './render';

export interface SimRequest {
	method: string;
	url: URL;
	params: Record<string, string>;
	body: unknown;
	/** REST version in the path (2 or 3). */
	apiVersion: 2 | 3;
}

export interface SimResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export interface SimState {
	data: SimDataset;
	clock: SimulatorClock;
	deployment: 'cloud' | 'datacenter';
	render(apiVersion: 2 | 3): RenderContext;
}

export interface SimRoute {
	method: 'GET' | 'POST';
	/** Path template for counters, e.g. `/rest/api/3/issue/{issueIdOrKey}/comment`. */
	name: string;
	pattern: RegExp;
	/** Deployments that serve this route. */
	deployments: Array<'cloud' | 'datacenter'>;
	handle(state: SimState, request: SimRequest): SimResponse;
}

export function jiraError(status: number, ...errorMessages: string[]): SimResponse {
	return { status, body: { errorMessages, errors: {} } };
}

export function intParam(request: SimRequest, name: string, fallback: number): number {
	const body = request.body as Record<string, unknown> | undefined;
	const raw = request.url.searchParams.get(name) ?? (body && body[name] !== undefined ? String(body[name]) : null);
	if (raw === null || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value)) throw new BadRequest(`The '${name}' parameter must be an integer.`);
	return value;
}

export class BadRequest extends Error {}
