import type { SimulatorClock } from './clock';
import type { SimDataset } from './dataset';
import { SIM_ISSUE_TYPES, SIM_PRIORITIES } from './dictionaries';
import type { FaultInjector, ScriptedFailure, SimFaultCounts, SimFaultSettings } from './faults';
import {
	renderComment,
	renderFields,
	renderIssue,
	renderIssueType,
	renderPriority,
	renderProject,
	renderStatuses,
	renderUser,
	renderWorklog,
	userCount,
	type RenderContext,
} from './render';

type Json = Record<string, unknown>;

/** What the simulator knows right now, in the shapes the readers deliver (comments carry issueId and issueKey). */
export interface SimulatorTruth {
	/** Live issues in (updated, id) order, rendered with these fields (default `*all`) for REST v3 (or v2). */
	issues(fields?: string[], apiVersion?: 2 | 3): Json[];
	comments(): Json[];
	worklogs(): Json[];
	deletedWorklogIds(): string[];
	users(): Json[];
	projects(): Json[];
	issueTypes(): Json[];
	statuses(): Json[];
	priorities(): Json[];
	fields(): Json[];
}

/** How tests and benchmarks steer the simulator between runs. Every change stamps the simulator clock's now. */
export interface JiraSimulatorControl {
	now(): number;
	/** Moves the clock forward (the worklog feeds hide the last minute). */
	advance(ms: number): number;
	updateIssue(key: string, fields?: Json): { id: string; key: string; updatedMs: number };
	addIssue(input?: { project?: string; fields?: Json }): { id: string; key: string };
	deleteIssue(key: string): void;
	addComment(issueKey: string, input?: { text?: string }): { id: string };
	updateComment(id: string | number, input?: { text?: string }): void;
	deleteComment(id: string | number): void;
	addWorklog(issueKey: string, input?: { timeSpentSeconds?: number; startedMs?: number; text?: string }): { id: string };
	updateWorklog(id: string | number, input?: { timeSpentSeconds?: number; startedMs?: number; text?: string }): void;
	deleteWorklog(id: string | number): void;
	/** Ids of the comments / worklogs of an issue, oldest first. */
	commentIds(issueKey: string): string[];
	worklogIds(issueKey: string): string[];
	/** Keys of live issues in (updated, id) order. */
	issueKeys(): string[];
	setFaults(settings: Partial<SimFaultSettings>): void;
	failNext(failure: ScriptedFailure): void;
	/** Faulted answers given so far (429s, 5xx, dropped and cut connections). */
	faultCounts(): SimFaultCounts;
	/** Requests being answered now, and the most at once since the last reset. */
	inFlight(): { current: number; max: number };
	/** Requests received per route template (faulted ones included). */
	requestCounts(): Record<string, number>;
	totalRequests(): number;
	resetRequestCounts(): void;
	truth: SimulatorTruth;
}

export interface ControlDeps {
	data: SimDataset;
	clock: SimulatorClock;
	faults: FaultInjector;
	counts: Map<string, number>;
	inFlight: { current: number; max: number };
	render(apiVersion: 2 | 3): RenderContext;
}

export function createControl({ data, clock, faults, counts, inFlight, render }: ControlDeps): JiraSimulatorControl {
	const issueOf = (key: string): number => {
		const issue = data.findIssue(key);
		if (issue === undefined) throw new Error(`simulator: no issue ${key}`);
		return issue;
	};
	const childPatch = (input: Json = {}) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
	const ctx = () => render(3);
	const withIssue = (record: Json, issue: number) => ({ ...record, issueId: data.issueId(issue), issueKey: data.issueKey(issue) });

	return {
		now: () => clock.now(),
		advance: (ms) => clock.advance(ms),
		updateIssue(key, fields = {}) {
			const issue = issueOf(key);
			data.updateIssue(issue, clock.now(), fields);
			return { id: data.issueId(issue), key: data.issueKey(issue), updatedMs: data.updated[issue] };
		},
		addIssue(input = {}) {
			const project = input.project ? Array.from({ length: data.options.projects }, (_, p) => data.projectKey(p)).indexOf(input.project) : 0;
			if (project < 0) throw new Error(`simulator: no project ${input.project}`);
			const issue = data.addIssue(project, clock.now(), input.fields ?? {});
			return { id: data.issueId(issue), key: data.issueKey(issue) };
		},
		deleteIssue(key) {
			data.deleteIssue(issueOf(key), clock.now());
		},
		addComment(issueKey, input = {}) {
			return { id: String(data.addChild('comments', issueOf(issueKey), clock.now(), childPatch(input)).id) };
		},
		updateComment(id, input = {}) {
			data.updateChild('comments', Number(id), clock.now(), childPatch(input));
		},
		deleteComment(id) {
			data.deleteChild('comments', Number(id), clock.now());
		},
		addWorklog(issueKey, input = {}) {
			return { id: String(data.addChild('worklogs', issueOf(issueKey), clock.now(), childPatch(input)).id) };
		},
		updateWorklog(id, input = {}) {
			data.updateChild('worklogs', Number(id), clock.now(), childPatch(input));
		},
		deleteWorklog(id) {
			data.deleteChild('worklogs', Number(id), clock.now());
		},
		commentIds: (key) => data.comments.list(issueOf(key)).map((c) => String(c.id)),
		worklogIds: (key) => data.worklogs.list(issueOf(key)).map((w) => String(w.id)),
		issueKeys: () => data.issueOrder().map((issue) => data.issueKey(issue)),
		setFaults: (settings) => faults.update(settings),
		failNext: (failure) => faults.failNext(failure),
		faultCounts: () => ({ ...faults.counts }),
		requestCounts: () => Object.fromEntries([...counts.entries()].sort()),
		totalRequests: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
		resetRequestCounts: () => {
			counts.clear();
			inFlight.max = inFlight.current;
		},
		inFlight: () => ({ ...inFlight }),
		truth: {
			issues: (fields = ['*all'], apiVersion = 3) => data.issueOrder().map((issue) => renderIssue(render(apiVersion), issue, fields)),
			comments: () => data.issueOrder().flatMap((issue) => data.comments.list(issue).map((c) => withIssue(renderComment(ctx(), c), issue))),
			worklogs: () => data.issueOrder().flatMap((issue) => data.worklogs.list(issue).map((w) => renderWorklog(ctx(), w))),
			deletedWorklogIds: () => data.deletedWorklogs.map((entry) => String(entry.id)),
			users: () => Array.from({ length: userCount(data) }, (_, user) => renderUser(ctx(), user)),
			projects: () => Array.from({ length: data.options.projects }, (_, p) => renderProject(ctx(), p, true)),
			issueTypes: () => SIM_ISSUE_TYPES.map((type) => renderIssueType(ctx(), type)),
			statuses: () => renderStatuses(ctx()),
			priorities: () => SIM_PRIORITIES.map((priority) => renderPriority(ctx(), priority)),
			fields: () => renderFields(),
		},
	};
}

/** Control operations reachable over HTTP (`POST /_sim/control {op, args}`) for out-of-process tests. */
export const HTTP_CONTROL_OPS = [
	'now',
	'advance',
	'updateIssue',
	'addIssue',
	'deleteIssue',
	'addComment',
	'updateComment',
	'deleteComment',
	'addWorklog',
	'updateWorklog',
	'deleteWorklog',
	'commentIds',
	'worklogIds',
	'issueKeys',
	'setFaults',
	'failNext',
	'faultCounts',
	'requestCounts',
	'totalRequests',
	'resetRequestCounts',
	'inFlight',
] as const;
