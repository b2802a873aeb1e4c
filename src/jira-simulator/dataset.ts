import { Random } from './random';

/** Shape of the seeded data; every number has a default in {@link resolveDataOptions}. */
export interface SimDataOptions {
	seed: number;
	issues: number;
	projects: number;
	/** Human users (with email); app users (no email) come on top. */
	users: number;
	appUsers: number;
	/** Average comments and worklogs per issue, heavy issues included. */
	avgComments: number;
	avgWorklogs: number;
	/** Every Nth issue gets more than 20 comments and more than 20 worklogs (0: none). */
	heavyEvery: number;
	/** Every `tieEvery` issues, `tieSize` consecutive issues share one `updated` millisecond (0: none). */
	tieEvery: number;
	tieSize: number;
	/** Where the seeded timeline starts (epoch ms) and how many days it spans. */
	startMs: number;
	spanDays: number;
}

export function resolveDataOptions(options: Partial<SimDataOptions> = {}): SimDataOptions {
	return {
		seed: options.seed ?? 1,
		issues: options.issues ?? 120,
		projects: options.projects ?? 3,
		users: options.users ?? 12,
		appUsers: options.appUsers ?? 2,
		avgComments: options.avgComments ?? 3,
		avgWorklogs: options.avgWorklogs ?? 1.5,
		heavyEvery: options.heavyEvery ?? 25,
		tieEvery: options.tieEvery ?? 40,
		tieSize: options.tieSize ?? 9,
		startMs: options.startMs ?? Date.UTC(2024, 0, 1),
		spanDays: options.spanDays ?? 300,
	};
}

/** A comment or worklog whose state differs from (or is absent in) the seeded data. */
export interface ChildState {
	id: number;
	issue: number;
	/** Position among the seeded children of its issue (`-1` for children added later). */
	slot: number;
	created: number;
	updated: number;
	revision: number;
	deleted: boolean;
	/** Values set through the control API (comment text, timeSpentSeconds, started). */
	patch: Record<string, unknown>;
}

export const ISSUE_ID_BASE = 10_000;
const SLOTS_PER_ISSUE = 64;
const MAX_SEEDED_CHILDREN = 45;
const DAY = 86_400_000;

/**
 * Comments or worklogs of all issues, kept compact: seeded children are computed from (issue, slot) on demand;
 * only changed or added ones are stored.
 */
export class ChildStore {
	private readonly changed = new Map<number, ChildState>();
	private readonly added = new Map<number, number[]>();
	private nextAddedId: number;

	constructor(
		private readonly idBase: number,
		addedIdBase: number,
		private readonly seededCount: (issue: number) => number,
		private readonly seededTimes: (issue: number, slot: number, count: number) => { created: number; updated: number },
		private readonly seededIssues: number,
	) {
		this.nextAddedId = addedIdBase;
	}

	private seeded(issue: number, slot: number): ChildState {
		const id = this.idBase + issue * SLOTS_PER_ISSUE + slot;
		const times = this.seededTimes(issue, slot, this.seededCount(issue));
		return { id, issue, slot, created: times.created, updated: times.updated, revision: 0, deleted: false, patch: {} };
	}

	/** The current, not deleted children of an issue, oldest first. */
	list(issue: number): ChildState[] {
		const result: ChildState[] = [];
		const count = issue < this.seededIssues ? this.seededCount(issue) : 0;
		for (let slot = 0; slot < count; slot += 1) {
			const id = this.idBase + issue * SLOTS_PER_ISSUE + slot;
			const state = this.changed.get(id) ?? this.seeded(issue, slot);
			if (!state.deleted) result.push(state);
		}
		for (const id of this.added.get(issue) ?? []) {
			const state = this.changed.get(id);
			if (state && !state.deleted) result.push(state);
		}
		return result;
	}

	get(id: number): ChildState | undefined {
		const changed = this.changed.get(id);
		if (changed) return changed.deleted ? undefined : changed;
		const offset = id - this.idBase;
		if (offset < 0) return undefined;
		const issue = Math.floor(offset / SLOTS_PER_ISSUE);
		const slot = offset % SLOTS_PER_ISSUE;
		if (issue >= this.seededIssues || slot >= this.seededCount(issue)) return undefined;
		return this.seeded(issue, slot);
	}

	add(issue: number, now: number, patch: Record<string, unknown>): ChildState {
		const state: ChildState = { id: this.nextAddedId++, issue, slot: -1, created: now, updated: now, revision: 0, deleted: false, patch };
		this.changed.set(state.id, state);
		this.added.set(issue, [...(this.added.get(issue) ?? []), state.id]);
		return state;
	}

	update(id: number, now: number, patch: Record<string, unknown>): ChildState {
		const current = this.get(id);
		if (!current) throw new Error(`no such child ${id}`);
		const next = { ...current, updated: now, revision: current.revision + 1, patch: { ...current.patch, ...patch } };
		this.changed.set(id, next);
		return next;
	}

	delete(id: number): ChildState {
		const current = this.get(id);
		if (!current) throw new Error(`no such child ${id}`);
		const next = { ...current, deleted: true };
		this.changed.set(id, next);
		return next;
	}
}

/**
 * All simulated Jira data. Issues are arrays of numbers (about 60 bytes each) and their content is derived
 * from (seed, index, revision) when rendered, so 100k issues fit easily in memory.
 */
export class SimDataset {
	readonly options: SimDataOptions;
	readonly created: number[] = [];
	readonly updated: number[] = [];
	readonly revision: number[] = [];
	readonly deleted: boolean[] = [];
	readonly project: number[] = [];
	readonly number: number[] = [];
	readonly overrides = new Map<number, Record<string, unknown>>();
	readonly comments: ChildStore;
	readonly worklogs: ChildStore;
	/** Worklogs deleted so far, in deletion order: what `/worklog/deleted` reports. */
	readonly deletedWorklogs: Array<{ id: number; at: number }> = [];
	private readonly commentCount: number[] = [];
	private readonly worklogCount: number[] = [];
	private readonly nextNumber: number[] = [];
	private readonly addedKeys = new Map<string, number>();
	private order: number[] | undefined;
	private feed: { times: number[]; ids: number[] } | undefined;

	constructor(options: Partial<SimDataOptions> = {}) {
		this.options = resolveDataOptions(options);
		const { issues, projects, seed, heavyEvery, startMs, spanDays } = this.options;
		if (projects < 1 || projects > 10) throw new Error('projects must be between 1 and 10');
		const heavyFraction = heavyEvery > 0 ? 1 / heavyEvery : 0;
		const lightMax = (average: number, heavyMean: number) =>
			Math.max(0, Math.round((2 * (average - heavyFraction * heavyMean)) / Math.max(1e-9, 1 - heavyFraction)));
		const commentMax = lightMax(this.options.avgComments, 33);
		const worklogMax = lightMax(this.options.avgWorklogs, 25.5);
		const spanMs = spanDays * DAY;
		for (let p = 0; p < projects; p += 1) this.nextNumber.push(Math.ceil(issues / projects) + 1);
		for (let i = 0; i < issues; i += 1) {
			const random = new Random(seed, 1, i);
			const created = startMs + Math.floor((i * spanMs) / Math.max(1, issues)) + random.int(0, 3_600_000);
			this.created.push(created);
			this.updated.push(created + random.int(60_000, 20 * DAY));
			this.revision.push(0);
			this.deleted.push(false);
			this.project.push(i % projects);
			this.number.push(Math.floor(i / projects) + 1);
			const heavy = heavyEvery > 0 && i % heavyEvery === heavyEvery - 1;
			this.commentCount.push(heavy ? random.int(21, MAX_SEEDED_CHILDREN) : random.int(0, commentMax));
			this.worklogCount.push(heavy ? random.int(21, 30) : random.int(0, worklogMax));
		}
		this.makeTieClusters();
		const childTimes = (kind: number) => (issue: number, slot: number, count: number) => {
			const from = this.created[issue];
			const until = this.seededUpdated(issue);
			const created = from + Math.floor(((until - from) * (slot + 1)) / (count + 2));
			const edited = new Random(seed, kind, issue, slot).chance(0.2);
			return { created, updated: edited ? created + Math.floor((until - created) / 2) : created };
		};
		this.comments = new ChildStore(1_000_000, 90_000_000, (i) => this.commentCount[i], childTimes(3), issues);
		this.worklogs = new ChildStore(20_000_000, 95_000_000, (i) => this.worklogCount[i], childTimes(4), issues);
	}

	private readonly seededUpdatedMs: number[] = [];

	/** The issue's `updated` as seeded (children of seeded issues are never younger). */
	private seededUpdated(issue: number): number {
		return this.seededUpdatedMs[issue];
	}

	private makeTieClusters(): void {
		const { tieEvery, tieSize, issues } = this.options;
		if (tieEvery > 0 && tieSize > 1) {
			for (let start = 0; start + tieSize <= issues; start += tieEvery) {
				let shared = 0;
				for (let i = start; i < start + tieSize; i += 1) shared = Math.max(shared, this.updated[i]);
				for (let i = start; i < start + tieSize; i += 1) this.updated[i] = shared;
			}
		}
		this.seededUpdatedMs.push(...this.updated);
	}

	get issueCount(): number {
		return this.created.length;
	}

	/** The latest timestamp in the seeded data. */
	latestSeededMs(): number {
		let latest = this.options.startMs;
		for (const ms of this.seededUpdatedMs) latest = Math.max(latest, ms);
		return latest;
	}

	issueId(issue: number): string {
		return String(ISSUE_ID_BASE + issue);
	}

	projectKey(project: number): string {
		return PROJECT_KEY_OF(project);
	}

	issueKey(issue: number): string {
		return `${this.projectKey(this.project[issue])}-${this.number[issue]}`;
	}

	/** An issue index from an id or key, or undefined when it does not exist (or was deleted). */
	findIssue(idOrKey: string): number | undefined {
		let index: number | undefined;
		if (/^\d+$/.test(idOrKey)) index = Number(idOrKey) - ISSUE_ID_BASE;
		else {
			const match = /^([A-Z][A-Z0-9_]*)-(\d+)$/.exec(idOrKey);
			if (!match) return undefined;
			const project = PROJECT_INDEX_OF(match[1]);
			const number = Number(match[2]);
			if (project === undefined || project >= this.options.projects) return undefined;
			const seeded = (number - 1) * this.options.projects + project;
			index = seeded < this.options.issues && this.number[seeded] === number ? seeded : this.addedKeys.get(idOrKey);
		}
		if (index === undefined || index < 0 || index >= this.issueCount || this.deleted[index]) return undefined;
		return index;
	}

	/** Live issues ordered by (updated, id): the order of `ORDER BY updated ASC, id ASC`. */
	issueOrder(): number[] {
		if (!this.order) {
			const order: number[] = [];
			for (let i = 0; i < this.issueCount; i += 1) if (!this.deleted[i]) order.push(i);
			order.sort((a, b) => this.updated[a] - this.updated[b] || a - b);
			this.order = order;
		}
		return this.order;
	}

	/** Live worklogs ordered by (updated, id): what `/worklog/updated` pages through. */
	worklogFeed(): { times: number[]; ids: number[] } {
		if (!this.feed) {
			const entries: Array<[number, number]> = [];
			for (const issue of this.issueOrder()) for (const worklog of this.worklogs.list(issue)) entries.push([worklog.updated, worklog.id]);
			entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
			this.feed = { times: entries.map((e) => e[0]), ids: entries.map((e) => e[1]) };
		}
		return this.feed;
	}

	private touch(issue: number, now: number): void {
		this.updated[issue] = now;
		this.order = undefined;
		this.feed = undefined;
	}

	updateIssue(issue: number, now: number, fields: Record<string, unknown> = {}): void {
		this.revision[issue] += 1;
		this.overrides.set(issue, { ...(this.overrides.get(issue) ?? {}), ...fields });
		this.touch(issue, now);
	}

	addIssue(project: number, now: number, fields: Record<string, unknown> = {}): number {
		const issue = this.issueCount;
		this.created.push(now);
		this.updated.push(now);
		this.seededUpdatedMs.push(now);
		this.revision.push(0);
		this.deleted.push(false);
		this.project.push(project);
		this.number.push(this.nextNumber[project]++);
		this.commentCount.push(0);
		this.worklogCount.push(0);
		if (Object.keys(fields).length > 0) this.overrides.set(issue, fields);
		this.addedKeys.set(this.issueKey(issue), issue);
		this.touch(issue, now);
		return issue;
	}

	deleteIssue(issue: number, now: number): void {
		for (const worklog of this.worklogs.list(issue)) {
			this.worklogs.delete(worklog.id);
			this.deletedWorklogs.push({ id: worklog.id, at: now });
		}
		for (const comment of this.comments.list(issue)) this.comments.delete(comment.id);
		this.deleted[issue] = true;
		this.touch(issue, now);
	}

	addChild(kind: 'comments' | 'worklogs', issue: number, now: number, patch: Record<string, unknown>): ChildState {
		const state = this[kind].add(issue, now, patch);
		this.touch(issue, now);
		return state;
	}

	updateChild(kind: 'comments' | 'worklogs', id: number, now: number, patch: Record<string, unknown>): ChildState {
		const state = this[kind].update(id, now, patch);
		this.touch(state.issue, now);
		return state;
	}

	deleteChild(kind: 'comments' | 'worklogs', id: number, now: number): ChildState {
		const state = this[kind].delete(id);
		if (kind === 'worklogs') this.deletedWorklogs.push({ id, at: now });
		this.touch(state.issue, now);
		return state;
	}
}

export const PROJECT_KEYS = ['ENG', 'OPS', 'WEB', 'DATA', 'MOB', 'SEC', 'INFRA', 'QA', 'HR', 'FIN'];
const PROJECT_KEY_OF = (project: number) => PROJECT_KEYS[project];
const PROJECT_INDEX_OF = (key: string): number | undefined => {
	const index = PROJECT_KEYS.indexOf(key);
	return index < 0 ? undefined : index;
};
