import type { JiraDeployment } from './endpoint-parameters';

export interface JiraApiCall {
	method: 'GET' | 'POST';
	path: string;
	purpose: string;
	datasets: string[];
}

/** The Jira REST calls this source makes, per deployment: the `jira.api_surface` dataset. */
export function jiraApiSurface(deployment: JiraDeployment): JiraApiCall[] {
	const v = deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
	const search: JiraApiCall =
		deployment === 'cloud'
			? { method: 'POST', path: '/rest/api/3/search/jql', purpose: 'issues by bounded JQL, nextPageToken pages', datasets: ['jira.issues', 'jira.comments'] }
			: { method: 'POST', path: '/rest/api/2/search', purpose: 'issues by bounded JQL, startAt pages', datasets: ['jira.issues', 'jira.comments'] };
	return [
		search,
		{ method: 'GET', path: `${v}/issue/{issueIdOrKey}/comment`, purpose: 'comments beyond the 20 embedded in search results', datasets: ['jira.comments'] },
		{ method: 'GET', path: `${v}/issue/{issueIdOrKey}/worklog`, purpose: 'worklogs beyond the 20 embedded (issue-tree reads)', datasets: ['jira.worklogs'] },
		{ method: 'GET', path: `${v}/worklog/updated`, purpose: 'worklog change feed (ids since a time)', datasets: ['jira.worklogs'] },
		{ method: 'POST', path: `${v}/worklog/list`, purpose: 'worklogs by id, up to 1000 a call', datasets: ['jira.worklogs'] },
		{ method: 'GET', path: `${v}/worklog/deleted`, purpose: 'deleted worklog ids since a time', datasets: ['jira.worklogs'] },
		deployment === 'cloud'
			? { method: 'GET', path: '/rest/api/3/users/search', purpose: 'all users, paged until an empty page', datasets: ['jira.users'] }
			: { method: 'GET', path: '/rest/api/2/user/search', purpose: 'all users (username=.)', datasets: ['jira.users'] },
		{ method: 'GET', path: `${v}/project/search`, purpose: 'projects, paged', datasets: ['jira.projects'] },
		{ method: 'GET', path: `${v}/issuetype`, purpose: 'issue types', datasets: ['jira.issue_types'] },
		deployment === 'cloud'
			? { method: 'GET', path: '/rest/api/3/statuses/search', purpose: 'statuses with their category', datasets: ['jira.statuses'] }
			: { method: 'GET', path: '/rest/api/2/status', purpose: 'statuses with their category', datasets: ['jira.statuses'] },
		{ method: 'GET', path: `${v}/priority`, purpose: 'priorities', datasets: ['jira.priorities'] },
		{ method: 'GET', path: `${v}/field`, purpose: 'system and custom fields of issues', datasets: ['jira.issues'] },
	];
}
