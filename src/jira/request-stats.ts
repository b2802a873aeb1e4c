/** Counters of one client (one run): what the engine puts in the run's stats. */
export interface JiraRequestStats {
	/** HTTP requests sent, retries included. */
	requests: number;
	/** Attempts repeated after a 429, a 5xx or a dropped connection. */
	retries: number;
	/** Responses with status 429. */
	rateLimited: number;
	/** Response body bytes received. */
	bytes: number;
	/** Requests per route (method + path template, e.g. `GET /rest/api/3/issue/{key}/comment`). */
	byRoute: Record<string, number>;
}

export function emptyRequestStats(): JiraRequestStats {
	return { requests: 0, retries: 0, rateLimited: 0, bytes: 0, byRoute: {} };
}

/** A path with its variable parts (numbers, issue keys) replaced, so counters group by route. */
export function routeOf(method: string, path: string): string {
	const template = path
		.split('/')
		.map((segment, index, all) =>
			all[index - 1] === 'api' ? segment : /^\d+$/.test(segment) ? '{id}' : /^[A-Z][A-Z0-9_]*-\d+$/.test(segment) ? '{key}' : segment,
		)
		.join('/');
	return `${method} ${template}`;
}
