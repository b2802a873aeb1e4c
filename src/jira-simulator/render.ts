import { jiraDate, jiraDateTime } from './clock';
import { adfDocument, adfFromText, adfToText, sentence, summaryText } from './content';
import type { ChildState, SimDataset } from './dataset';
import {
	APP_NAMES,
	COMPONENTS,
	FIRST_NAMES,
	LAST_NAMES,
	PROJECT_NAMES,
	SIM_FIELDS,
	SIM_ISSUE_TYPES,
	SIM_PRIORITIES,
	SIM_RESOLUTION,
	SIM_SEVERITY_OPTIONS,
	SIM_STATUSES,
} from './dictionaries';
import { Random, seedOf } from './random';

type Json = Record<string, unknown>;

/** How JSON is rendered: the site's base URL and the REST version (3 renders ADF; 2 renders plain text). */
export interface RenderContext {
	data: SimDataset;
	baseUrl: string;
	apiVersion: 2 | 3;
}

const hex = (parts: number[], length: number) => {
	let out = '';
	for (let k = 0; out.length < length; k += 1) out += (seedOf(...parts, k) >>> 0).toString(16).padStart(8, '0');
	return out.slice(0, length);
};

export function userCount(data: SimDataset): number {
	return data.options.users + data.options.appUsers;
}

export function accountIdOf(data: SimDataset, user: number): string {
	const seed = data.options.seed;
	if (user < data.options.users) return `5b10a2844c2016${hex([seed, 11, user], 10)}`;
	const h = hex([seed, 12, user], 32);
	return `557058:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function avatarUrls(id: string): Json {
	const url = `https://avatar-management.example/${encodeURIComponent(id)}`;
	return { '48x48': `${url}/48`, '24x24': `${url}/24`, '16x16': `${url}/16`, '32x32': `${url}/32` };
}

/** A user as `/users/search` returns it; app users have no email address. */
export function renderUser(ctx: RenderContext, user: number): Json {
	const { data } = ctx;
	const accountId = accountIdOf(data, user);
	const app = user >= data.options.users;
	const random = new Random(data.options.seed, 10, user);
	const displayName = app
		? APP_NAMES[(user - data.options.users) % APP_NAMES.length]
		: `${FIRST_NAMES[user % FIRST_NAMES.length]} ${LAST_NAMES[(user + Math.floor(user / FIRST_NAMES.length)) % LAST_NAMES.length]}${user >= FIRST_NAMES.length ? ` ${Math.floor(user / FIRST_NAMES.length) + 1}` : ''}`;
	const base: Json = {
		self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/user?accountId=${accountId}`,
		accountId,
		accountType: app ? 'app' : 'atlassian',
	};
	if (!app) base.emailAddress = `${displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`;
	return {
		...base,
		avatarUrls: avatarUrls(accountId),
		displayName,
		active: app || random.chance(0.9),
		...(app ? {} : { timeZone: random.pick(['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC']), locale: 'en_US' }),
	};
}

/** The short user object embedded in issues, comments and worklogs. */
export function renderUserRef(ctx: RenderContext, user: number): Json {
	const full = renderUser(ctx, user);
	const { locale: _locale, ...ref } = full;
	return ref;
}

export function renderProject(ctx: RenderContext, project: number, expandLead = false): Json {
	const { data } = ctx;
	const id = String(10_000 + project);
	const key = data.projectKey(project);
	return {
		expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
		self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/project/${id}`,
		id,
		key,
		name: PROJECT_NAMES[project],
		avatarUrls: avatarUrls(`project-${id}`),
		projectTypeKey: project % 3 === 2 ? 'service_desk' : 'software',
		simplified: project % 2 === 1,
		style: project % 2 === 1 ? 'next-gen' : 'classic',
		isPrivate: false,
		properties: {},
		...(expandLead ? { lead: renderUserRef(ctx, project % data.options.users), description: `${PROJECT_NAMES[project]} work.` } : {}),
	};
}

function renderStatus(ctx: RenderContext, status: (typeof SIM_STATUSES)[number]): Json {
	return {
		self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/status/${status.id}`,
		description: '',
		iconUrl: `${ctx.baseUrl}/images/icons/statuses/generic.png`,
		name: status.name,
		id: status.id,
		statusCategory: {
			self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/statuscategory/${status.category.id}`,
			id: status.category.id,
			key: status.category.key,
			colorName: status.category.colorName,
			name: status.category.name,
		},
	};
}

export function renderStatuses(ctx: RenderContext): Json[] {
	return SIM_STATUSES.map((status) => renderStatus(ctx, status));
}

/** `/statuses/search` values: a flatter shape with the category as an enum. */
export function renderStatusSearchValues(): Json[] {
	const category = { new: 'TODO', indeterminate: 'IN_PROGRESS', done: 'DONE' } as const;
	return SIM_STATUSES.map((status) => ({
		id: status.id,
		name: status.name,
		statusCategory: category[status.category.key],
		scope: { type: 'GLOBAL' },
		description: '',
	}));
}

export function renderIssueType(ctx: RenderContext, type: (typeof SIM_ISSUE_TYPES)[number]): Json {
	return {
		self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/issuetype/${type.id}`,
		id: type.id,
		description: type.description,
		iconUrl: `${ctx.baseUrl}/images/icons/issuetypes/${type.name.toLowerCase()}.svg`,
		name: type.name,
		untranslatedName: type.name,
		subtask: type.subtask,
		avatarId: Number(type.id),
		hierarchyLevel: type.hierarchyLevel,
	};
}

export function renderPriority(ctx: RenderContext, priority: (typeof SIM_PRIORITIES)[number]): Json {
	return {
		self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/priority/${priority.id}`,
		statusColor: priority.statusColor,
		description: priority.description,
		iconUrl: `${ctx.baseUrl}/images/icons/priorities/${priority.name.toLowerCase()}.svg`,
		name: priority.name,
		id: priority.id,
	};
}

export function renderFields(): Json[] {
	return SIM_FIELDS.map((field) => ({
		id: field.id,
		key: field.id,
		name: field.name,
		untranslatedName: field.name,
		custom: field.custom,
		orderable: field.id !== 'created' && field.id !== 'updated',
		navigable: field.navigable,
		searchable: true,
		clauseNames: field.custom ? [`cf[${field.id.split('_')[1]}]`, field.name] : [field.id],
		schema: field.schema,
	}));
}

function body(ctx: RenderContext, adf: Record<string, unknown>): unknown {
	return ctx.apiVersion === 3 ? adf : adfToText(adf);
}

export function renderComment(ctx: RenderContext, comment: ChildState): Json {
	const { data } = ctx;
	const random = new Random(data.options.seed, 20, comment.id, comment.revision);
	const author = random.chance(0.1) ? data.options.users + random.int(0, Math.max(0, data.options.appUsers - 1)) : random.int(0, data.options.users - 1);
	const text = typeof comment.patch.text === 'string' ? adfFromText(comment.patch.text) : adfDocument(random, random.int(1, 2));
	const authorRef = renderUserRef(ctx, data.options.appUsers > 0 || author < data.options.users ? author : 0);
	return {
		self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/issue/${data.issueId(comment.issue)}/comment/${comment.id}`,
		id: String(comment.id),
		author: authorRef,
		body: body(ctx, text),
		updateAuthor: authorRef,
		created: jiraDateTime(comment.created),
		updated: jiraDateTime(comment.updated),
		jsdPublic: true,
	};
}

function formatTimeSpent(seconds: number): string {
	const hours = Math.floor(seconds / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	return [hours ? `${hours}h` : '', minutes ? `${minutes}m` : ''].filter(Boolean).join(' ') || '0m';
}

export function worklogSeconds(ctx: RenderContext, worklog: ChildState): number {
	if (typeof worklog.patch.timeSpentSeconds === 'number') return worklog.patch.timeSpentSeconds;
	return new Random(ctx.data.options.seed, 30, worklog.id, worklog.revision).int(1, 16) * 900;
}

export function renderWorklog(ctx: RenderContext, worklog: ChildState): Json {
	const { data } = ctx;
	const random = new Random(data.options.seed, 31, worklog.id, worklog.revision);
	const author = renderUserRef(ctx, random.int(0, data.options.users - 1));
	const seconds = worklogSeconds(ctx, worklog);
	const started = typeof worklog.patch.startedMs === 'number' ? worklog.patch.startedMs : worklog.created - random.int(0, 3) * 3_600_000;
	return {
		self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/issue/${data.issueId(worklog.issue)}/worklog/${worklog.id}`,
		author,
		updateAuthor: author,
		comment: body(ctx, typeof worklog.patch.text === 'string' ? adfFromText(worklog.patch.text) : adfFromText(sentence(random, 3, 8))),
		created: jiraDateTime(worklog.created),
		updated: jiraDateTime(worklog.updated),
		started: jiraDateTime(started),
		timeSpent: formatTimeSpent(seconds),
		timeSpentSeconds: seconds,
		id: String(worklog.id),
		issueId: data.issueId(worklog.issue),
	};
}

/** Embedded comment and worklog lists stop at 20 entries, like Jira's search results. */
export const EMBEDDED_CHILD_LIMIT = 20;

const fieldSeed = (field: string) => seedOf(...Array.from(field, (c) => c.charCodeAt(0)));

/** The value of every field of an issue (the caller keeps the requested ones). */
function issueFieldValues(ctx: RenderContext, issue: number, wanted: (field: string) => boolean): Json {
	const { data } = ctx;
	const { seed, users } = data.options;
	const stable = new Random(seed, 40, issue);
	const revision = data.revision[issue];
	const status = SIM_STATUSES[new Random(seed, 41, issue, revision).int(0, SIM_STATUSES.length - 1)];
	const type = SIM_ISSUE_TYPES[stable.int(0, 3)];
	const reporter = stable.int(0, users - 1);
	const done = status.category.key === 'done';
	const fields: Json = {};
	// One random source per field, so a field's value never depends on which other fields were asked for.
	const set = (field: string, value: (random: Random) => unknown) => {
		if (wanted(field)) fields[field] = value(new Random(seed, 42, issue, revision, fieldSeed(field)));
	};
	set('summary', (random) => summaryText(random));
	set('description', (random) => body(ctx, adfDocument(random, random.int(1, 3))));
	set('status', () => renderStatus(ctx, status));
	set('issuetype', () => renderIssueType(ctx, type));
	set('priority', (random) => renderPriority(ctx, SIM_PRIORITIES[random.int(0, SIM_PRIORITIES.length - 1)]));
	set('project', () => {
		const { expand: _expand, properties: _p, style: _s, isPrivate: _i, ...ref } = renderProject(ctx, data.project[issue]);
		return ref;
	});
	set('assignee', (random) => (random.chance(0.15) ? null : renderUserRef(ctx, random.int(0, users - 1))));
	set('reporter', () => renderUserRef(ctx, reporter));
	set('creator', () => renderUserRef(ctx, reporter));
	set('created', () => jiraDateTime(data.created[issue]));
	set('updated', () => jiraDateTime(data.updated[issue]));
	set('resolution', () => (done ? { self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/resolution/${SIM_RESOLUTION.id}`, ...SIM_RESOLUTION } : null));
	set('resolutiondate', () => (done ? jiraDateTime(data.updated[issue]) : null));
	set('duedate', (random) => (random.chance(0.4) ? jiraDate(data.created[issue] + random.int(7, 60) * 86_400_000) : null));
	set('labels', (random) => (random.chance(0.5) ? ['backend', 'customer', 'tech-debt'].slice(0, random.int(1, 3)) : []));
	set('components', (random) =>
		random.chance(0.6) ? [{ self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/component/1000${issue % 5}`, id: `1000${issue % 5}`, name: COMPONENTS[issue % 5] }] : [],
	);
	set('fixVersions', () => []);
	set('parent', () => undefined);
	set('timespent', () => {
		const total = data.worklogs.list(issue).reduce((sum, worklog) => sum + worklogSeconds(ctx, worklog), 0);
		return total > 0 ? total : null;
	});
	set('customfield_10016', (random) => (random.chance(0.7) ? random.pick([1, 2, 3, 5, 8, 13]) : null));
	set('customfield_10020', (random) =>
		random.chance(0.5) ? [{ id: 1 + (issue % 7), name: `Sprint ${1 + (issue % 7)}`, state: issue % 7 === 6 ? 'active' : 'closed', boardId: 1 }] : null,
	);
	set('customfield_10050', (random) => {
		if (type.name !== 'Bug') return null;
		const option = SIM_SEVERITY_OPTIONS[random.int(0, SIM_SEVERITY_OPTIONS.length - 1)];
		return { self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/customFieldOption/${option.id}`, ...option };
	});
	set('customfield_10060', (random) => (random.chance(0.3) ? sentence(random, 3, 6) : null));
	set('comment', () => {
		const comments = data.comments.list(issue);
		return {
			comments: comments.slice(0, EMBEDDED_CHILD_LIMIT).map((comment) => renderComment(ctx, comment)),
			self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/issue/${data.issueId(issue)}/comment`,
			maxResults: EMBEDDED_CHILD_LIMIT,
			total: comments.length,
			startAt: 0,
		};
	});
	set('worklog', () => {
		const worklogs = data.worklogs.list(issue);
		return {
			startAt: 0,
			maxResults: EMBEDDED_CHILD_LIMIT,
			total: worklogs.length,
			worklogs: worklogs.slice(0, EMBEDDED_CHILD_LIMIT).map((worklog) => renderWorklog(ctx, worklog)),
		};
	});
	if (fields.parent === undefined) delete fields.parent;
	for (const [field, value] of Object.entries(data.overrides.get(issue) ?? {})) {
		if (wanted(field)) fields[field] = field === 'description' && typeof value === 'string' ? body(ctx, adfFromText(value)) : value;
	}
	return fields;
}

const ALL_FIELD_IDS = new Set(SIM_FIELDS.map((field) => field.id));
const NAVIGABLE_FIELD_IDS = new Set(SIM_FIELDS.filter((field) => field.navigable).map((field) => field.id));

/**
 * Which fields a `fields` parameter asks for: explicit ids, `*all`, `*navigable`, `-field` exclusions.
 * Unknown ids are ignored, as Jira does.
 */
export function fieldSelector(fields: string[] | undefined): (field: string) => boolean {
	const list = (fields ?? []).map((f) => f.trim()).filter(Boolean);
	const include = new Set<string>();
	const exclude = new Set<string>();
	for (const entry of list) {
		if (entry === '*all') ALL_FIELD_IDS.forEach((f) => include.add(f));
		else if (entry === '*navigable') NAVIGABLE_FIELD_IDS.forEach((f) => include.add(f));
		else if (entry.startsWith('-')) exclude.add(entry.slice(1));
		else include.add(entry);
	}
	return (field) => include.has(field) && !exclude.has(field);
}

/** An issue as search returns it: only `id`, `key` and `self` unless fields are asked for. */
export function renderIssue(ctx: RenderContext, issue: number, fields: string[] | undefined): Json {
	const { data } = ctx;
	const wanted = fieldSelector(fields);
	const rendered: Json = {
		expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
		id: data.issueId(issue),
		self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/issue/${data.issueId(issue)}`,
		key: data.issueKey(issue),
	};
	const values = issueFieldValues(ctx, issue, wanted);
	if (Object.keys(values).length > 0) rendered.fields = values;
	return rendered;
}
