import type { JiraSimulatorControl } from '../../src/jira-simulator';
import { FEED_LAG_MS } from '../../src/jira-simulator';
import { seededRandom } from './memory-source';

/** What a round of changes did that Jira reports nowhere but in a full read (or, for worklogs, `/worklog/deleted`). */
export interface SimChanges {
	deletedIssueIds: string[];
	/** Comments deleted one by one, and those that went with their deleted issue. */
	deletedCommentIds: string[];
	/** Worklogs deleted one by one, and those that went with their deleted issue. */
	deletedWorklogIds: string[];
	updatedIssueKeys: string[];
	addedIssueKeys: string[];
}

function pick<T>(random: () => number, items: readonly T[], count: number): T[] {
	const pool = [...items];
	const picked: T[] = [];
	while (picked.length < count && pool.length > 0) picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
	return picked;
}

/**
 * A seeded round of changes in the simulator: issue updates (several in the same millisecond, so a tie cluster
 * crosses page boundaries), new issues in every project, issue deletions, comment and worklog additions, edits and
 * deletions. Ends by moving the clock past the worklog feeds' one-minute lag, so the next run can see everything.
 */
export function applyChanges(control: JiraSimulatorControl, seed: number, scale = 1, options: { deleteIssues?: boolean } = {}): SimChanges {
	const random = seededRandom(seed);
	const n = (count: number) => Math.max(1, Math.round(count * scale));
	const changes: SimChanges = { deletedIssueIds: [], deletedCommentIds: [], deletedWorklogIds: [], updatedIssueKeys: [], addedIssueKeys: [] };
	control.advance(60_000);

	// One tie cluster: many issues updated in the same millisecond.
	const keys = control.issueKeys();
	for (const key of pick(random, keys, n(12))) {
		control.updateIssue(key, { summary: `Tie edit of ${key} (${seed})` });
		changes.updatedIssueKeys.push(key);
	}
	control.advance(1500);
	for (const key of pick(random, control.issueKeys(), n(6))) {
		control.advance(Math.floor(random() * 2000));
		control.updateIssue(key, { summary: `Edit of ${key} (${seed})`, labels: ['edited', `round-${seed}`] });
		changes.updatedIssueKeys.push(key);
	}
	for (const project of ['ENG', 'OPS', 'WEB']) {
		for (let i = 0; i < n(2); i++) {
			control.advance(700);
			const added = control.addIssue({ project, fields: { summary: `New ${project} work ${seed}.${i}` } });
			changes.addedIssueKeys.push(added.key);
			control.addComment(added.key, { text: `First comment on ${added.key}` });
			control.addWorklog(added.key, { timeSpentSeconds: 1800 + i * 60, text: `Set-up of ${added.key}` });
		}
	}

	const withChildren = (kind: 'comments' | 'worklogs') =>
		control.issueKeys().filter((key) => (kind === 'comments' ? control.commentIds(key) : control.worklogIds(key)).length > 0);
	// Comments: add, edit, delete.
	for (const key of pick(random, control.issueKeys(), n(5))) {
		control.advance(300);
		control.addComment(key, { text: `Late comment ${seed} on ${key}` });
	}
	for (const key of pick(random, withChildren('comments'), n(5))) {
		control.advance(300);
		control.updateComment(control.commentIds(key)[0], { text: `Edited comment ${seed}` });
	}
	for (const key of pick(random, withChildren('comments'), n(4))) {
		control.advance(300);
		const id = control.commentIds(key).at(-1) as string;
		control.deleteComment(id);
		changes.deletedCommentIds.push(id);
	}
	// Worklogs: add (two in one millisecond), edit, delete.
	for (const key of pick(random, control.issueKeys(), n(5))) {
		control.addWorklog(key, { timeSpentSeconds: 600, text: `Late work ${seed}` });
	}
	for (const key of pick(random, withChildren('worklogs'), n(5))) {
		control.advance(300);
		control.updateWorklog(control.worklogIds(key)[0], { timeSpentSeconds: 5400 });
	}
	for (const key of pick(random, withChildren('worklogs'), n(4))) {
		control.advance(300);
		const id = control.worklogIds(key).at(-1) as string;
		control.deleteWorklog(id);
		changes.deletedWorklogIds.push(id);
	}
	// Issue deletions, their comments and worklogs with them (pick issues that have both, to prove they go).
	const rich = control
		.issueKeys()
		.filter((key) => !changes.addedIssueKeys.includes(key) && control.commentIds(key).length > 0 && control.worklogIds(key).length > 0);
	for (const key of options.deleteIssues === false ? [] : pick(random, rich, n(3))) {
		control.advance(300);
		changes.deletedCommentIds.push(...control.commentIds(key));
		changes.deletedWorklogIds.push(...control.worklogIds(key));
		const id = control.truth.issues(['key']).find((issue) => issue.key === key)?.id;
		control.deleteIssue(key);
		changes.deletedIssueIds.push(String(id));
	}
	control.advance(FEED_LAG_MS + 60_000);
	return changes;
}
