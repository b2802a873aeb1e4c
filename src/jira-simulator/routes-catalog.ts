import { SIM_ISSUE_TYPES, SIM_PRIORITIES } from './dictionaries';
import {
	accountIdOf,
	renderFields,
	renderIssueType,
	renderPriority,
	renderProject,
	renderStatuses,
	renderStatusSearchValues,
	renderUser,
	renderUserRef,
	userCount,
} from './render';
import { intParam, type SimRequest, type SimResponse, type SimRoute, type SimState } from './route-types';

const BOTH = ['cloud' as const, 'datacenter' as const];
const V = '(2|3)';

function users(state: SimState, request: SimRequest): SimResponse {
	const startAt = Math.max(0, intParam(request, 'startAt', 0));
	const maxResults = Math.min(Math.max(1, intParam(request, 'maxResults', 50)), 1000);
	const ctx = state.render(request.apiVersion);
	const total = userCount(state.data);
	const page: unknown[] = [];
	for (let user = startAt; user < Math.min(total, startAt + maxResults); user += 1) page.push(renderUser(ctx, user));
	return { status: 200, body: page };
}

/** Data Center users carry `key` and `name` (there are no account ids). */
function dataCenterUsers(state: SimState, request: SimRequest): SimResponse {
	const response = users(state, request);
	const page = (response.body as Array<Record<string, unknown>>).map(({ accountId, accountType: _t, ...user }) => ({
		...user,
		key: `JIRAUSER${String(accountId).slice(-6)}`,
		name: String(user.emailAddress ?? user.displayName).split('@')[0],
	}));
	return { status: 200, body: page };
}

function paged(request: SimRequest, self: string, all: unknown[], defaultMax: number, cap: number): SimResponse {
	const startAt = Math.max(0, intParam(request, 'startAt', 0));
	const maxResults = Math.min(Math.max(1, intParam(request, 'maxResults', defaultMax)), cap);
	const isLast = startAt + maxResults >= all.length;
	return {
		status: 200,
		body: {
			self: `${self}?startAt=${startAt}&maxResults=${maxResults}`,
			...(isLast ? {} : { nextPage: `${self}?startAt=${startAt + maxResults}&maxResults=${maxResults}` }),
			maxResults,
			startAt,
			total: all.length,
			isLast,
			values: all.slice(startAt, startAt + maxResults),
		},
	};
}

function projectIndexes(state: SimState): number[] {
	return Array.from({ length: state.data.options.projects }, (_, p) => p);
}

function projectSearch(state: SimState, request: SimRequest): SimResponse {
	const ctx = state.render(request.apiVersion);
	const expandLead = (request.url.searchParams.get('expand') ?? '').split(',').includes('lead');
	const all = projectIndexes(state).map((p) => renderProject(ctx, p, expandLead));
	return paged(request, `${ctx.baseUrl}/rest/api/${request.apiVersion}/project/search`, all, 50, 100);
}

function statusSearch(state: SimState, request: SimRequest): SimResponse {
	const ctx = state.render(3);
	return paged(request, `${ctx.baseUrl}/rest/api/3/statuses/search`, renderStatusSearchValues(), 200, 200);
}

function myself(state: SimState, request: SimRequest): SimResponse {
	const ctx = state.render(request.apiVersion);
	return { status: 200, body: { ...renderUserRef(ctx, 0), accountId: accountIdOf(state.data, 0) } };
}

function serverInfo(state: SimState, request: SimRequest): SimResponse {
	const cloud = state.deployment === 'cloud';
	return {
		status: 200,
		body: {
			baseUrl: state.render(request.apiVersion).baseUrl,
			version: cloud ? '1001.0.0-SNAPSHOT' : '9.12.0',
			versionNumbers: cloud ? [1001, 0, 0] : [9, 12, 0],
			deploymentType: cloud ? 'Cloud' : 'Server',
			buildNumber: 100_000,
			serverTitle: 'Jira (simulated)',
		},
	};
}

const list = (render: (state: SimState, request: SimRequest) => unknown) => (state: SimState, request: SimRequest): SimResponse => ({
	status: 200,
	body: render(state, request),
});

export const catalogRoutes: SimRoute[] = [
	{ method: 'GET', name: '/rest/api/3/users/search', pattern: /^\/rest\/api\/(3)\/users\/search$/, deployments: ['cloud'], handle: users },
	{ method: 'GET', name: '/rest/api/2/user/search', pattern: /^\/rest\/api\/(2)\/user\/search$/, deployments: ['datacenter'], handle: dataCenterUsers },
	{ method: 'GET', name: '/rest/api/{v}/project/search', pattern: new RegExp(`^/rest/api/${V}/project/search$`), deployments: BOTH, handle: projectSearch },
	{
		method: 'GET',
		name: '/rest/api/{v}/project',
		pattern: new RegExp(`^/rest/api/${V}/project$`),
		deployments: BOTH,
		handle: list((state, request) => projectIndexes(state).map((p) => renderProject(state.render(request.apiVersion), p))),
	},
	{ method: 'GET', name: '/rest/api/3/statuses/search', pattern: /^\/rest\/api\/(3)\/statuses\/search$/, deployments: ['cloud'], handle: statusSearch },
	{ method: 'GET', name: '/rest/api/{v}/status', pattern: new RegExp(`^/rest/api/${V}/status$`), deployments: BOTH, handle: list((state, r) => renderStatuses(state.render(r.apiVersion))) },
	{
		method: 'GET',
		name: '/rest/api/{v}/issuetype',
		pattern: new RegExp(`^/rest/api/${V}/issuetype$`),
		deployments: BOTH,
		handle: list((state, r) => SIM_ISSUE_TYPES.map((type) => renderIssueType(state.render(r.apiVersion), type))),
	},
	{
		method: 'GET',
		name: '/rest/api/{v}/priority',
		pattern: new RegExp(`^/rest/api/${V}/priority$`),
		deployments: BOTH,
		handle: list((state, r) => SIM_PRIORITIES.map((priority) => renderPriority(state.render(r.apiVersion), priority))),
	},
	{ method: 'GET', name: '/rest/api/{v}/field', pattern: new RegExp(`^/rest/api/${V}/field$`), deployments: BOTH, handle: list(() => renderFields()) },
	{ method: 'GET', name: '/rest/api/{v}/myself', pattern: new RegExp(`^/rest/api/${V}/myself$`), deployments: BOTH, handle: myself },
	{ method: 'GET', name: '/rest/api/{v}/serverInfo', pattern: new RegExp(`^/rest/api/${V}/serverInfo$`), deployments: BOTH, handle: serverInfo },
];
