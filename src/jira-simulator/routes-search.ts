import { isUpdatedAscending, JqlError, matches, parseJql, sortedMatches, type ParsedJql } from './jql';
import { renderIssue } from './render';
import { BadRequest, intParam, jiraError, type SimRequest, type SimResponse, type SimRoute, type SimState } from './route-types';
import { seedOf } from './random';

const REMOVED =
	'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

function searchInput(request: SimRequest): { jql?: string; fields?: string[]; nextPageToken?: string } {
	if (request.method === 'POST') {
		const body = (request.body ?? {}) as { jql?: unknown; fields?: unknown; nextPageToken?: unknown };
		return {
			jql: typeof body.jql === 'string' ? body.jql : undefined,
			fields: Array.isArray(body.fields) ? body.fields.map(String) : undefined,
			nextPageToken: typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined,
		};
	}
	const q = request.url.searchParams;
	return {
		jql: q.get('jql') ?? undefined,
		fields: q.get('fields')?.split(',') ?? undefined,
		nextPageToken: q.get('nextPageToken') ?? undefined,
	};
}

/** Search pages are small when fields are asked for; only id/key searches reach 5000. */
function pageLimit(requested: number, fields: string[] | undefined): number {
	if (requested < 1 || requested > 5000) throw new BadRequest('The max results parameter has to be between 1 and 5,000.');
	const heavy = (fields ?? []).some((field) => !['id', 'key', ''].includes(field.trim()));
	return Math.min(requested, heavy ? 100 : 5000);
}

interface PageToken {
	h: number;
	u?: number;
	i?: number;
	o?: number;
}

/** An opaque continuation token bound to its query (base64url of a position; clients must not parse it). */
function encodeToken(token: PageToken): string {
	return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(raw: string, hash: number): PageToken {
	try {
		const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageToken;
		if (token.h !== hash) throw new Error('query changed');
		return token;
	} catch {
		throw new BadRequest('The provided next page token is invalid or expired.');
	}
}

const hashOf = (text: string) => seedOf(...Array.from(text, (c) => c.charCodeAt(0)));

/** First position in the (updated, id) order after the token's issue, or at the lower `updated` bound. */
function startPosition(state: SimState, jql: ParsedJql, token: PageToken | undefined): number {
	const { data } = state;
	const order = data.issueOrder();
	const before = (issue: number) => {
		if (token?.u !== undefined && token.i !== undefined) return data.updated[issue] < token.u || (data.updated[issue] === token.u && issue <= token.i);
		const lower = jql.updated.filter((c) => c.op === '>=' || c.op === '>' || c.op === '=');
		return lower.some(({ op, ms }) => (op === '>' ? data.updated[issue] <= ms : data.updated[issue] < ms));
	};
	let lo = 0;
	let hi = order.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (before(order[mid])) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * `GET|POST /rest/api/{2,3}/search/jql`: token pages, no total, `isLast`; the token is absent on the last page.
 * REST v2 (which n8n's built-in Jira node calls) renders rich text as wiki markup, v3 as ADF.
 */
function searchJql(state: SimState, request: SimRequest): SimResponse {
	const input = searchInput(request);
	const limit = pageLimit(intParam(request, 'maxResults', 50), input.fields);
	const jql = parseJql(state.data, input.jql);
	const hash = hashOf(input.jql ?? '');
	const token = input.nextPageToken ? decodeToken(input.nextPageToken, hash) : undefined;
	const picked: number[] = [];
	let more = false;
	if (isUpdatedAscending(jql)) {
		const order = state.data.issueOrder();
		for (let pos = startPosition(state, jql, token); pos < order.length; pos += 1) {
			if (!matches(state.data, jql, order[pos])) continue;
			if (picked.length === limit) {
				more = true;
				break;
			}
			picked.push(order[pos]);
		}
	} else {
		const all = sortedMatches(state.data, jql);
		const offset = token?.o ?? 0;
		picked.push(...all.slice(offset, offset + limit));
		more = offset + limit < all.length;
	}
	const ctx = state.render(request.apiVersion);
	const last = picked[picked.length - 1];
	const next: PageToken = isUpdatedAscending(jql) ? { h: hash, u: state.data.updated[last], i: last } : { h: hash, o: (token?.o ?? 0) + limit };
	return {
		status: 200,
		body: {
			issues: picked.map((issue) => renderIssue(ctx, issue, input.fields)),
			...(more ? { nextPageToken: encodeToken(next) } : {}),
			isLast: !more,
		},
	};
}

/** Data Center `GET|POST /rest/api/2/search`: offset pages with a total. */
function searchDataCenter(state: SimState, request: SimRequest): SimResponse {
	const input = searchInput(request);
	const startAt = intParam(request, 'startAt', 0);
	const maxResults = Math.min(Math.max(intParam(request, 'maxResults', 50), 0), 1000);
	const all = sortedMatches(state.data, parseJql(state.data, input.jql));
	const ctx = state.render(2);
	return {
		status: 200,
		body: {
			expand: 'schema,names',
			startAt,
			maxResults,
			total: all.length,
			issues: all.slice(startAt, startAt + maxResults).map((issue) => renderIssue(ctx, issue, input.fields ?? ['*navigable'])),
		},
	};
}

function withJqlErrors(handler: (state: SimState, request: SimRequest) => SimResponse) {
	return (state: SimState, request: SimRequest): SimResponse => {
		try {
			return handler(state, request);
		} catch (error) {
			if (error instanceof JqlError) return jiraError(400, error.message);
			throw error;
		}
	};
}

export const searchRoutes: SimRoute[] = [
	...([3, 2] as const).flatMap((version) =>
		(['GET', 'POST'] as const).map((method) => ({
			method,
			name: `/rest/api/${version}/search/jql`,
			pattern: new RegExp(`^/rest/api/${version}/search/jql$`),
			deployments: ['cloud' as const],
			handle: withJqlErrors(searchJql),
		})),
	),
	...(['GET', 'POST'] as const).map((method) => ({
		method,
		name: '/rest/api/{v}/search',
		pattern: /^\/rest\/api\/(?:2|3|latest)\/search$/,
		deployments: ['cloud' as const, 'datacenter' as const],
		handle: withJqlErrors((state: SimState, request: SimRequest) =>
			state.deployment === 'cloud' ? jiraError(410, REMOVED) : searchDataCenter(state, request),
		),
	})),
];
