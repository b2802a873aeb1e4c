import {
	issueFields,
	readComments,
	readDeletedWorklogs,
	readIssues,
	readWorklogs,
	type CommentsCheckpoint,
	type FeedCheckpoint,
	type IssueCursor,
} from '../../src/jira/readers';
import type { JiraSimulator } from '../../src/jira-simulator';
import { FEED_LAG_MS } from '../../src/jira-simulator';
import { byId, idsOf, readAll, simulatorClient, startSimulator } from '../helpers/jira';

/** Each test gets its own simulator: changes between runs are the point. */
describe('Jira readers: incremental reads return exactly what changed', () => {
	let sim: JiraSimulator;
	beforeEach(async () => {
		sim = await startSimulator({ seed: 11, issues: 90, heavyEvery: 20, tieEvery: 25, tieSize: 8 });
	});
	afterEach(() => sim.stop());

	const truthIssue = (key: string) => sim.control.truth.issues(issueFields()).find((issue) => issue.key === key);

	it('issues, comments, worklogs and deleted worklogs after updates, additions and deletions', async () => {
		const client = simulatorClient(sim);
		const issues0 = await readAll(readIssues(client, { pageSize: 10 }));
		const comments0 = await readAll(readComments(client, { pageSize: 10 }));
		const worklogs0 = await readAll(readWorklogs(client));
		const deleted0 = await readAll(readDeletedWorklogs(client));
		expect(deleted0.records).toEqual([]);

		const keys = sim.control.issueKeys();
		const [a, b, c, d, e, f, g] = [keys[3], keys[10], keys[20], keys[30], keys[40], keys[50], keys[60]];
		sim.control.advance(5 * 60_000);
		// two issues changed in the same millisecond (a tie right at the new cursor)
		sim.control.updateIssue(a, { summary: 'Renamed A' });
		sim.control.updateIssue(b, { summary: 'Renamed B' });
		sim.control.advance(1);
		const added = sim.control.addIssue({ project: 'OPS', fields: { summary: 'Brand new' } });
		const newComment = sim.control.addComment(c, { text: 'a new comment' });
		const editedComment = sim.control.commentIds(d)[0] ?? sim.control.addComment(d).id;
		sim.control.updateComment(editedComment, { text: 'edited' });
		sim.control.advance(1);
		const newWorklog = sim.control.addWorklog(e, { timeSpentSeconds: 1800 });
		const editedWorklog = sim.control.worklogIds(f)[0] ?? sim.control.addWorklog(f).id;
		sim.control.updateWorklog(editedWorklog, { timeSpentSeconds: 7200 });
		const removedWorklog = sim.control.worklogIds(g)[0] ?? sim.control.addWorklog(g).id;
		sim.control.advance(FEED_LAG_MS);
		sim.control.deleteWorklog(removedWorklog);
		sim.control.advance(FEED_LAG_MS + 1);

		const issues1 = await readAll(readIssues(client, { pageSize: 10, start: issues0.checkpoint as IssueCursor }));
		const changedKeys = [a, b, added.key, c, d, e, f, g];
		expect(byId(issues1.records)).toEqual(byId(changedKeys.map((key) => truthIssue(key))));

		const comments1 = await readAll(readComments(client, { pageSize: 10, start: comments0.checkpoint as CommentsCheckpoint }));
		const truthComments = sim.control.truth.comments();
		expect(byId(comments1.records)).toEqual(byId(truthComments.filter((comment) => [newComment.id, editedComment].includes(String(comment.id)))));

		const worklogs1 = await readAll(readWorklogs(client, { start: worklogs0.checkpoint as FeedCheckpoint }));
		const truthWorklogs = sim.control.truth.worklogs();
		expect(byId(worklogs1.records)).toEqual(byId(truthWorklogs.filter((worklog) => [newWorklog.id, editedWorklog].includes(String(worklog.id)))));

		const deleted1 = await readAll(readDeletedWorklogs(client, { start: deleted0.checkpoint as FeedCheckpoint }));
		expect(deleted1.records.map((record) => record.worklogId)).toEqual([String(removedWorklog)]);

		// nothing changed since: the next runs deliver nothing and do not move back
		const issues2 = await readAll(readIssues(client, { start: issues1.checkpoint as IssueCursor }));
		const comments2 = await readAll(readComments(client, { start: comments1.checkpoint as CommentsCheckpoint }));
		const worklogs2 = await readAll(readWorklogs(client, { start: worklogs1.checkpoint as FeedCheckpoint }));
		const deleted2 = await readAll(readDeletedWorklogs(client, { start: deleted1.checkpoint as FeedCheckpoint }));
		expect([issues2.records, comments2.records, worklogs2.records, deleted2.records]).toEqual([[], [], [], []]);
		expect(issues2.checkpoint).toEqual(issues1.checkpoint);
	});

	it('a worklog changed in the last minute is not in the feed yet, and comes in the next run', async () => {
		const client = simulatorClient(sim);
		const first = await readAll(readWorklogs(client));
		const key = sim.control.issueKeys()[5];
		const worklog = sim.control.addWorklog(key, { timeSpentSeconds: 600 });
		const tooSoon = await readAll(readWorklogs(client, { start: first.checkpoint }));
		expect(tooSoon.records).toEqual([]);
		sim.control.advance(FEED_LAG_MS + 1);
		const later = await readAll(readWorklogs(client, { start: tooSoon.checkpoint }));
		expect(idsOf(later.records)).toEqual([worklog.id]);
	});

	it('deleting an issue reports its worklogs as deleted', async () => {
		const client = simulatorClient(sim);
		const first = await readAll(readDeletedWorklogs(client));
		const key = sim.control.issueKeys().find((k) => sim.control.worklogIds(k).length > 1) as string;
		const ids = sim.control.worklogIds(key);
		sim.control.deleteIssue(key);
		sim.control.advance(FEED_LAG_MS + 1);
		const next = await readAll(readDeletedWorklogs(client, { start: first.checkpoint }));
		expect(next.records.map((r) => r.worklogId).sort()).toEqual([...ids].sort());
	});

	it('a tie cluster at the cursor: neither skipped nor repeated across runs, nor across a crash mid-cluster', async () => {
		const client = simulatorClient(sim);
		const base = await readAll(readIssues(client));
		sim.control.advance(60_000);
		const keys = sim.control.issueKeys().slice(0, 7);
		for (const key of keys) sim.control.updateIssue(key, { labels: ['bulk-edit'] }); // all in one millisecond

		// a run that stops after its first page of 3 (a crash), then resumes
		// (the re-query starts at the cursor's minute: issues the last run delivered are dropped from that page)
		const crashed = await readAll(readIssues(client, { pageSize: 3, start: base.checkpoint }), 1);
		expect(crashed.records.length).toBeGreaterThan(0);
		expect(crashed.records.length).toBeLessThan(keys.length);
		const resumed = await readAll(readIssues(client, { pageSize: 3, start: crashed.checkpoint }));
		expect([...crashed.records, ...resumed.records].map((issue) => issue.key).sort()).toEqual([...keys].sort());

		// another issue changes in that same millisecond after the run ended: the next run delivers it alone
		const late = sim.control.issueKeys()[20];
		sim.control.updateIssue(late, { labels: ['late'] });
		const next = await readAll(readIssues(client, { pageSize: 3, start: resumed.checkpoint }));
		expect(next.records.map((issue) => issue.key)).toEqual([late]);
		const cursor = next.checkpoint as IssueCursor;
		expect(cursor.idsAtUpdatedMs).toHaveLength(8);
		const after = await readAll(readIssues(client, { start: cursor }));
		expect(after.records).toEqual([]);
	});

	it('a lookback delivers the changes inside the window again', async () => {
		const client = simulatorClient(sim);
		const base = await readAll(readIssues(client));
		sim.control.advance(60_000);
		const key = sim.control.issueKeys()[0];
		sim.control.updateIssue(key, { summary: 'x' });
		const run = await readAll(readIssues(client, { start: base.checkpoint }));
		expect(run.records.map((issue) => issue.key)).toEqual([key]);
		const again = await readAll(readIssues(client, { start: run.checkpoint, lookbackMinutes: 5 }));
		expect(again.records.map((issue) => issue.key)).toEqual([key]);
	});

	it('a lookback skips what the checkpoint remembers delivering, and still delivers what it does not: a run with nothing new is one request per feed', async () => {
		const client = simulatorClient(sim);
		const lookback = { lookbackMinutes: 5, pageSize: 10 };
		// The newest issue gets more than 20 comments: a lookback would fetch its comment list apart.
		const heavyKey = sim.control.issueKeys()[2];
		for (let i = 0; i < 22; i++) sim.control.addComment(heavyKey, { text: `comment ${i}` });
		// A first read has no lookback, but remembers the window of the unit's lookback for the next run.
		const issues0 = await readAll(readIssues(client, { pageSize: 10, recentWindowMinutes: 5 }));
		const comments0 = await readAll(readComments(client, { pageSize: 10, recentWindowMinutes: 5 }));
		const worklogs0 = await readAll(readWorklogs(client, { recentWindowMinutes: 5 }));
		const cursor0 = issues0.checkpoint as IssueCursor;
		expect((cursor0.recent as unknown[]).length).toBeGreaterThan(0);
		// The window holds an issue with more than 20 comments, whose comments a lookback would fetch apart.
		const windowIds = new Set(((comments0.checkpoint as CommentsCheckpoint).issues?.recent as Array<[string, number]>).map(([id]) => id));
		const heavy = sim.control.truth.issues(['key']).filter((issue) => windowIds.has(String(issue.id)) && sim.control.commentIds(String(issue.key)).length > 20);
		expect(heavy.length).toBeGreaterThan(0);

		// Something changes: the lookback run delivers exactly that, not the window again.
		sim.control.advance(60_000);
		const key = sim.control.issueKeys()[7];
		sim.control.updateIssue(key, { summary: 'changed' });
		const worklog = sim.control.addWorklog(key, { timeSpentSeconds: 900 });
		sim.control.advance(FEED_LAG_MS + 1);
		const issues1 = await readAll(readIssues(client, { ...lookback, start: cursor0 }));
		expect(issues1.records.map((issue) => issue.key)).toEqual([key]);
		const worklogs1 = await readAll(readWorklogs(client, { ...lookback, start: worklogs0.checkpoint as FeedCheckpoint }));
		expect(idsOf(worklogs1.records)).toEqual([worklog.id]);

		// Nothing new: one search for issues and for comments (no comment list of a heavy issue), one feed request for worklogs.
		const before = client.stats().byRoute;
		const issues2 = await readAll(readIssues(client, { ...lookback, start: issues1.checkpoint as IssueCursor }));
		const comments1 = await readAll(readComments(client, { ...lookback, start: comments0.checkpoint as CommentsCheckpoint }));
		const comments2 = await readAll(readComments(client, { ...lookback, start: comments1.checkpoint as CommentsCheckpoint }));
		const worklogs2 = await readAll(readWorklogs(client, { ...lookback, start: worklogs1.checkpoint as FeedCheckpoint }));
		const after = client.stats().byRoute;
		expect([issues2.records, comments2.records, worklogs2.records]).toEqual([[], [], []]);
		const sent = Object.fromEntries(Object.entries(after).map(([route, n]) => [route, n - (before[route] ?? 0)]).filter(([, n]) => n !== 0));
		expect(sent).toEqual({ 'POST /rest/api/3/search/jql': 3, 'GET /rest/api/3/worklog/updated': 1 });

		// A record the checkpoint does not remember (Jira showed it late) is delivered by the lookback.
		const cursor2 = issues2.checkpoint as IssueCursor;
		const [forgotten, ...rest] = cursor2.recent as Array<[string, number]>;
		const late = await readAll(readIssues(client, { ...lookback, start: { ...cursor2, recent: rest } }));
		expect(late.records.map((issue) => issue.id)).toEqual([forgotten[0]]);
		const feed2 = worklogs2.checkpoint as FeedCheckpoint;
		const [forgottenWorklog, ...otherWorklogs] = feed2.recent as Array<[string, number]>;
		const lateWorklogs = await readAll(readWorklogs(client, { ...lookback, start: { ...feed2, recent: otherWorklogs } }));
		expect(idsOf(lateWorklogs.records)).toEqual([forgottenWorklog[0]]);
	});
});
