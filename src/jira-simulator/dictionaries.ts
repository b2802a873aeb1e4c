/** The fixed dictionaries of the simulated site (issue types, statuses, priorities, fields). */

export interface SimStatus {
	id: string;
	name: string;
	category: { id: number; key: 'new' | 'indeterminate' | 'done'; colorName: string; name: string };
}

const TODO = { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' } as const;
const IN_PROGRESS = { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' } as const;
const DONE = { id: 3, key: 'done', colorName: 'green', name: 'Done' } as const;

export const SIM_STATUSES: SimStatus[] = [
	{ id: '10000', name: 'To Do', category: TODO },
	{ id: '10001', name: 'In Progress', category: IN_PROGRESS },
	{ id: '10002', name: 'In Review', category: IN_PROGRESS },
	{ id: '10003', name: 'Done', category: DONE },
];

export const SIM_ISSUE_TYPES = [
	{ id: '10001', name: 'Epic', subtask: false, hierarchyLevel: 1, description: 'A big user story that needs to be broken down.' },
	{ id: '10002', name: 'Story', subtask: false, hierarchyLevel: 0, description: 'Functionality or a feature expressed as a user goal.' },
	{ id: '10003', name: 'Task', subtask: false, hierarchyLevel: 0, description: 'A small, distinct piece of work.' },
	{ id: '10004', name: 'Bug', subtask: false, hierarchyLevel: 0, description: 'A problem or error.' },
	{ id: '10005', name: 'Subtask', subtask: true, hierarchyLevel: -1, description: 'A small piece of work that is part of a larger task.' },
];

export const SIM_PRIORITIES = [
	{ id: '1', name: 'Highest', statusColor: '#d04437', description: 'This problem will block progress.' },
	{ id: '2', name: 'High', statusColor: '#f15C75', description: 'Serious problem that could block progress.' },
	{ id: '3', name: 'Medium', statusColor: '#f79232', description: 'Has the potential to affect progress.' },
	{ id: '4', name: 'Low', statusColor: '#707070', description: 'Minor problem or easily worked around.' },
	{ id: '5', name: 'Lowest', statusColor: '#999999', description: 'Trivial problem with little or no impact on progress.' },
];

export const SIM_RESOLUTION = { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' };

export const SIM_SEVERITY_OPTIONS = [
	{ id: '10100', value: 'S1 - Critical' },
	{ id: '10101', value: 'S2 - Major' },
	{ id: '10102', value: 'S3 - Minor' },
];

interface SimField {
	id: string;
	name: string;
	custom: boolean;
	schema: Record<string, unknown>;
	/** Shown by `*navigable`; comment and worklog are not navigable in Jira. */
	navigable: boolean;
}

const system = (id: string, name: string, type: string, extra: Record<string, unknown> = {}, navigable = true): SimField => ({
	id,
	name,
	custom: false,
	schema: { type, system: id, ...extra },
	navigable,
});

const custom = (id: string, name: string, type: string, customType: string, extra: Record<string, unknown> = {}): SimField => ({
	id,
	name,
	custom: true,
	schema: { type, custom: `com.atlassian.jira.plugin.system.customfieldtypes:${customType}`, customId: Number(id.split('_')[1]), ...extra },
	navigable: true,
});

export const SIM_FIELDS: SimField[] = [
	system('summary', 'Summary', 'string'),
	system('description', 'Description', 'string'),
	system('status', 'Status', 'status'),
	system('issuetype', 'Issue Type', 'issuetype'),
	system('priority', 'Priority', 'priority'),
	system('project', 'Project', 'project'),
	system('assignee', 'Assignee', 'user'),
	system('reporter', 'Reporter', 'user'),
	system('creator', 'Creator', 'user'),
	system('created', 'Created', 'datetime'),
	system('updated', 'Updated', 'datetime'),
	system('resolution', 'Resolution', 'resolution'),
	system('resolutiondate', 'Resolved', 'datetime'),
	system('duedate', 'Due date', 'date'),
	system('labels', 'Labels', 'array', { items: 'string' }),
	system('components', 'Components', 'array', { items: 'component' }),
	system('fixVersions', 'Fix versions', 'array', { items: 'version' }),
	system('parent', 'Parent', 'issuelink'),
	system('timespent', 'Time Spent', 'number'),
	system('comment', 'Comment', 'comments-page', {}, false),
	system('worklog', 'Log Work', 'array', { items: 'worklog' }, false),
	custom('customfield_10016', 'Story point estimate', 'number', 'float'),
	custom('customfield_10020', 'Sprint', 'array', 'gh-sprint', { items: 'json' }),
	custom('customfield_10050', 'Severity', 'option', 'select'),
	custom('customfield_10060', 'Customer Impact', 'string', 'textfield'),
];

export { PROJECT_KEYS } from './dataset';
export const PROJECT_NAMES = ['Engineering', 'Operations', 'Website', 'Data Platform', 'Mobile', 'Security', 'Infrastructure', 'Quality', 'People', 'Finance'];
export const COMPONENTS = ['API', 'Backend', 'Frontend', 'Database', 'Auth'];
export const FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Guido', 'Radia', 'Tim', 'Hedy'];
export const LAST_NAMES = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'van Rossum', 'Perlman', 'Berners-Lee', 'Lamarr'];
export const APP_NAMES = ['Automation for Jira', 'Slack', 'GitHub for Jira', 'Jira Service Management Widget'];
