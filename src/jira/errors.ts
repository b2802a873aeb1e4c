/** Where a failed request went: never the auth header, never the full URL with a query that could carry data. */
export interface JiraRequestTarget {
	endpointId: string;
	method: string;
	path: string;
}

function describeTarget(target: JiraRequestTarget): string {
	return `Jira endpoint "${target.endpointId}": ${target.method} ${target.path}`;
}

/** Jira answered with an error status that retrying does not fix (400, 401, 403, 404, ...). */
export class JiraHttpError extends Error {
	constructor(
		readonly target: JiraRequestTarget,
		readonly status: number,
		readonly jiraMessages: string[],
	) {
		super(`${describeTarget(target)} failed with HTTP ${status}${hintFor(status)}${jiraMessages.length ? `: ${jiraMessages.join('; ')}` : ''}`);
		this.name = 'JiraHttpError';
	}
}

/** Retries ran out (429s, 5xx or dropped connections all the way). */
export class JiraRetriesExhaustedError extends Error {
	constructor(
		readonly target: JiraRequestTarget,
		readonly attempts: number,
		readonly lastProblem: string,
	) {
		super(`${describeTarget(target)} still failing after ${attempts} attempts: ${lastProblem}`);
		this.name = 'JiraRetriesExhaustedError';
	}
}

/** Jira answered 200 with a body that is not the JSON the reader expects. */
export class JiraResponseError extends Error {
	constructor(target: JiraRequestTarget, problem: string) {
		super(`${describeTarget(target)} returned an unexpected response: ${problem}`);
		this.name = 'JiraResponseError';
	}
}

function hintFor(status: number): string {
	switch (status) {
		case 400:
			return ' (Bad Request)';
		case 401:
			return ' (Unauthorized: check JIRA_EMAIL and JIRA_API_TOKEN, or JIRA_PAT for Data Center)';
		case 403:
			return ' (Forbidden: the account lacks permission)';
		case 404:
			return ' (Not Found)';
		case 410:
			return ' (Gone: this Jira API was removed)';
		default:
			return '';
	}
}

/** Jira's error body: `{ errorMessages: [...], errors: { field: message } }`, or plain text. */
export function jiraMessagesOf(body: string): string[] {
	try {
		const parsed = JSON.parse(body) as { errorMessages?: unknown; errors?: unknown; message?: unknown };
		const messages: string[] = [];
		if (Array.isArray(parsed.errorMessages)) messages.push(...parsed.errorMessages.map(String));
		if (parsed.errors && typeof parsed.errors === 'object') {
			for (const [field, message] of Object.entries(parsed.errors as Record<string, unknown>)) messages.push(`${field}: ${String(message)}`);
		}
		if (typeof parsed.message === 'string') messages.push(parsed.message);
		return messages;
	} catch {
		const text = body.trim().replace(/\s+/g, ' ');
		return text ? [text.slice(0, 300)] : [];
	}
}
