import type { SourcePage, SourceReadRequest, SourceStats, UnitSource } from '../src/ingestion/source';

const EPOCH = Date.parse('2024-01-01T00:00:00.000Z');

/** A Jira-like issue (about 1 KiB of JSON), the same for the same number. */
export function syntheticIssue(n: number): Record<string, unknown> {
	const updated = new Date(EPOCH + Math.floor(n / 5) * 1000).toISOString().replace('Z', '+0000');
	return {
		id: String(10_000 + n),
		key: `ENG-${n}`,
		self: `https://example.atlassian.net/rest/api/3/issue/${10_000 + n}`,
		updated,
		fields: {
			summary: `Synthetic issue ${n}: make the ingestion engine fast\tand correct`,
			status: { id: String(n % 5), name: ['To Do', 'In Progress', 'Review', 'Done', 'Closed'][n % 5] },
			priority: { id: String(n % 3), name: ['High', 'Medium', 'Low'][n % 3] },
			issuetype: { id: '10001', name: 'Task' },
			project: { id: '10000', key: 'ENG', name: 'Engineering' },
			assignee: { accountId: `5b10a2844c20165700ede${(n % 97).toString().padStart(3, '0')}`, displayName: `User ${n % 97}` },
			reporter: { accountId: '5b10a2844c20165700ede21g', displayName: 'Reporter' },
			created: new Date(EPOCH - 86_400_000 + n * 1000).toISOString().replace('Z', '+0000'),
			updated,
			labels: n % 2 === 0 ? ['backend', 'ingestion'] : ['frontend'],
			description: `A description of issue ${n} with a few sentences of text, "quotes", a back\\slash and unicode ✓. `.repeat(3),
			customfield_10016: n % 13,
		},
	};
}

/** Reads `count` synthetic issues in pages, generating each page on demand (nothing is held in memory). */
export class SyntheticIssueSource implements UnitSource {
	private readonly counters: SourceStats = { requests: 0, retries: 0, rateLimited: 0, bytes: 0 };

	constructor(
		private readonly count: number,
		private readonly pageSize: number,
	) {}

	async *pages(_request: SourceReadRequest): AsyncGenerator<SourcePage> {
		for (let offset = 0; offset < this.count; offset += this.pageSize) {
			const records = [];
			for (let n = offset; n < Math.min(this.count, offset + this.pageSize); n++) records.push(syntheticIssue(n));
			this.counters.requests += 1;
			const last = records[records.length - 1];
			yield { records, checkpoint: { updated: String(last.updated), id: String(last.id) } };
		}
	}

	stats(): SourceStats {
		return { ...this.counters };
	}
}
