import { renderComment, renderWorklog } from './render';
import { BadRequest, intParam, jiraError, type SimRequest, type SimResponse, type SimRoute, type SimState } from './route-types';

const NO_ISSUE = 'Issue does not exist or you do not have permission to see it.';
const BOTH = ['cloud' as const, 'datacenter' as const];
/** The feeds leave out the last minute, as Jira does. */
export const FEED_LAG_MS = 60_000;
const FEED_PAGE = 1000;

function issueChildren(kind: 'comments' | 'worklogs') {
	return (state: SimState, request: SimRequest): SimResponse => {
		const issue = state.data.findIssue(request.params.issue);
		if (issue === undefined) return jiraError(404, NO_ISSUE);
		const startAt = Math.max(0, intParam(request, 'startAt', 0));
		const maxResults = Math.min(Math.max(1, intParam(request, 'maxResults', 5000)), 5000);
		let children = state.data[kind].list(issue);
		if (kind === 'comments' && request.url.searchParams.get('orderBy') === '-created') children = [...children].reverse();
		const ctx = state.render(request.apiVersion);
		const page = children.slice(startAt, startAt + maxResults);
		return {
			status: 200,
			body: {
				startAt,
				maxResults,
				total: children.length,
				[kind]: page.map((child) => (kind === 'comments' ? renderComment(ctx, child) : renderWorklog(ctx, child))),
			},
		};
	};
}

function feed(kind: 'updated' | 'deleted') {
	return (state: SimState, request: SimRequest): SimResponse => {
		const since = intParam(request, 'since', 0);
		const horizon = state.clock.now() - FEED_LAG_MS;
		const entries: Array<{ id: number; at: number }> = [];
		let more = false;
		if (kind === 'updated') {
			const { times, ids } = state.data.worklogFeed();
			let lo = 0;
			let hi = times.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (times[mid] < since) lo = mid + 1;
				else hi = mid;
			}
			for (let k = lo; k < times.length && times[k] <= horizon; k += 1) {
				if (entries.length === FEED_PAGE) {
					more = true;
					break;
				}
				entries.push({ id: ids[k], at: times[k] });
			}
		} else {
			for (const entry of state.data.deletedWorklogs) {
				if (entry.at < since || entry.at > horizon) continue;
				if (entries.length === FEED_PAGE) {
					more = true;
					break;
				}
				entries.push(entry);
			}
		}
		const until = entries.length > 0 ? entries[entries.length - 1].at : since;
		const path = `${state.render(request.apiVersion).baseUrl}/rest/api/${request.apiVersion}/worklog/${kind}`;
		return {
			status: 200,
			body: {
				values: entries.map((entry) => ({ worklogId: entry.id, updatedTime: entry.at, properties: [] })),
				since,
				until,
				self: `${path}?since=${since}`,
				...(more ? { nextPage: `${path}?since=${until}` } : {}),
				lastPage: !more,
			},
		};
	};
}

function worklogList(state: SimState, request: SimRequest): SimResponse {
	const ids = (request.body as { ids?: unknown } | undefined)?.ids;
	if (!Array.isArray(ids)) throw new BadRequest('ids: must be a list of worklog ids.');
	if (ids.length > 1000) throw new BadRequest('The number of worklog IDs must be less than or equal to 1000.');
	const ctx = state.render(request.apiVersion);
	const found = ids.map((id) => state.data.worklogs.get(Number(id))).filter((worklog) => worklog !== undefined);
	return { status: 200, body: found.map((worklog) => renderWorklog(ctx, worklog)) };
}

const V = '(2|3)';

export const childRoutes: SimRoute[] = [
	{ method: 'GET', name: '/rest/api/{v}/issue/{issueIdOrKey}/comment', pattern: new RegExp(`^/rest/api/${V}/issue/(?<issue>[^/]+)/comment$`), deployments: BOTH, handle: issueChildren('comments') },
	{ method: 'GET', name: '/rest/api/{v}/issue/{issueIdOrKey}/worklog', pattern: new RegExp(`^/rest/api/${V}/issue/(?<issue>[^/]+)/worklog$`), deployments: BOTH, handle: issueChildren('worklogs') },
	{ method: 'GET', name: '/rest/api/{v}/worklog/updated', pattern: new RegExp(`^/rest/api/${V}/worklog/updated$`), deployments: BOTH, handle: feed('updated') },
	{ method: 'GET', name: '/rest/api/{v}/worklog/deleted', pattern: new RegExp(`^/rest/api/${V}/worklog/deleted$`), deployments: BOTH, handle: feed('deleted') },
	{ method: 'POST', name: '/rest/api/{v}/worklog/list', pattern: new RegExp(`^/rest/api/${V}/worklog/list$`), deployments: BOTH, handle: worklogList },
];
