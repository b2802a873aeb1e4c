import type { JsonValue } from '../../src/ingestion/json-value';
import type { SourceDeletionPage, SourcePage, SourceReadRequest, SourceStats, UnitSource } from '../../src/ingestion/source';

/** A small deterministic PRNG (mulberry32), so datasets and kill points repeat from a seed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface MemoryRecord {
	id: string;
	key: string;
	/** Jira's timestamp format, e.g. 2024-01-01T00:00:00.000+0000. */
	updated: string;
	fields: { summary: string; status: string; version: number; labels: string[]; description: string | null };
}

const EPOCH = Date.parse('2024-01-01T00:00:00.000Z');

function jiraTime(ms: number): string {
	return new Date(ms).toISOString().replace('Z', '+0000');
}

function updatedMs(record: MemoryRecord): number {
	return Date.parse(record.updated.replace('+0000', 'Z'));
}

/** Orders records as the source reads them: by updated, then id (as text, like Jira's tie order). */
function compareRecords(a: { updatedMs: number; id: string }, b: { updatedMs: number; id: string }): number {
	return a.updatedMs - b.updatedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const STATUSES = ['To Do', 'In Progress', 'Done'];
/** Text that COPY must escape. */
const AWKWARD = ['tab\there', 'line\nbreak', 'back\\slash', 'quote "x" \'y\'', 'unicode ✓ 𝄞', 'cr\rreturn', '\\N'];

/**
 * An in-memory dataset that tests mutate between runs: records updated in clusters that share one
 * `updated` value (ties across page boundaries), plus a log of deletions.
 */
export class MemoryDataset {
	readonly records = new Map<string, MemoryRecord>();
	readonly deletions: Array<{ seq: number; id: string }> = [];
	private nowMs = EPOCH;
	private nextId = 1;
	private readonly random: () => number;

	constructor(
		seed: number,
		private readonly tieCluster = 7,
	) {
		this.random = seededRandom(seed);
	}

	static generate(seed: number, size: number, tieCluster = 7): MemoryDataset {
		const dataset = new MemoryDataset(seed, tieCluster);
		dataset.insert(size);
		return dataset;
	}

	private tick(index: number): string {
		if (index % this.tieCluster === 0) this.nowMs += 1000 + Math.floor(this.random() * 5) * 1000;
		return jiraTime(this.nowMs);
	}

	private makeRecord(id: string, version: number, updated: string): MemoryRecord {
		const pick = <T>(list: T[]) => list[Math.floor(this.random() * list.length)];
		return {
			id,
			key: `ENG-${id}`,
			updated,
			fields: {
				summary: `${pick(AWKWARD)} #${id} v${version}`,
				status: pick(STATUSES),
				version,
				labels: version % 2 === 0 ? ['even'] : [],
				description: this.random() < 0.3 ? null : `desc ${id}`,
			},
		};
	}

	insert(count: number): string[] {
		const ids: string[] = [];
		for (let i = 0; i < count; i++) {
			const id = String(this.nextId++);
			this.records.set(id, this.makeRecord(id, 1, this.tick(i)));
			ids.push(id);
		}
		return ids;
	}

	/** Updates `count` random live records (new version, later `updated`). */
	update(count: number): string[] {
		const ids = this.pickLive(count);
		ids.forEach((id, i) => {
			const current = this.records.get(id)!;
			this.records.set(id, this.makeRecord(id, current.fields.version + 1, this.tick(i)));
		});
		return ids;
	}

	delete(count: number): string[] {
		const ids = this.pickLive(count);
		for (const id of ids) {
			this.records.delete(id);
			this.deletions.push({ seq: this.deletions.length + 1, id });
		}
		return ids;
	}

	/** Lets time pass, so the next changes are later than the lookback window of earlier ones. */
	advance(minutes: number): void {
		this.nowMs += minutes * 60_000;
	}

	private pickLive(count: number): string[] {
		const live = [...this.records.keys()].sort((a, b) => Number(a) - Number(b));
		const chosen = new Set<string>();
		while (chosen.size < Math.min(count, live.length)) chosen.add(live[Math.floor(this.random() * live.length)]);
		return [...chosen];
	}

	/** A deep copy of the live records. */
	snapshot(): MemoryRecord[] {
		return [...this.records.values()].map((record) => structuredClone(record));
	}
}

export interface MemorySourceOptions {
	pageSize?: number;
	/** Called before each page is handed out (1-based); may wait, or throw to simulate a failing source. */
	beforePage?: (pageNumber: number) => Promise<void> | void;
	/** Report deletions from the dataset's log. */
	withDeletions?: boolean;
}

interface Cursor {
	updated: number;
	id: string;
}

function cursorOf(checkpoint: JsonValue | null): Cursor | null {
	if (checkpoint === null || typeof checkpoint !== 'object' || Array.isArray(checkpoint)) return null;
	return { updated: Number(checkpoint.updated), id: String(checkpoint.id) };
}

/**
 * A source over a MemoryDataset, read like Jira's search: ordered by (updated, id), one page per request.
 * Checkpoint `{ updated, id }` of a page's last record; a lookback re-reads from `updated - lookback`
 * but reports the starting checkpoint until the read passes it. Deletions use checkpoint `{ seq }`.
 */
export class MemorySource implements UnitSource {
	private readonly counters: SourceStats = { requests: 0, retries: 0, rateLimited: 0, bytes: 0 };
	readonly pageSize: number;

	constructor(
		private readonly dataset: MemoryDataset,
		private readonly options: MemorySourceOptions = {},
	) {
		this.pageSize = options.pageSize ?? 50;
	}

	async *pages(request: SourceReadRequest): AsyncGenerator<SourcePage> {
		const start = cursorOf(request.checkpoint);
		const ordered = [...this.dataset.records.values()]
			.map((record) => ({ updatedMs: updatedMs(record), id: record.id, record }))
			.sort(compareRecords);
		const from = start
			? request.lookbackMinutes > 0
				? ordered.filter((r) => r.updatedMs >= start.updated - request.lookbackMinutes * 60_000)
				: ordered.filter((r) => compareRecords(r, { updatedMs: start.updated, id: start.id }) > 0)
			: ordered;
		let pageNumber = 0;
		for (let offset = 0; offset < from.length; offset += this.pageSize) {
			const slice = from.slice(offset, offset + this.pageSize);
			pageNumber += 1;
			await this.options.beforePage?.(pageNumber);
			if (request.signal.aborted) return;
			const last = slice[slice.length - 1];
			let checkpoint: JsonValue = { updated: last.updatedMs, id: last.id };
			if (start && compareRecords(last, { updatedMs: start.updated, id: start.id }) < 0) {
				checkpoint = { updated: start.updated, id: start.id };
			}
			const records = slice.map((r) => structuredClone(r.record) as unknown as Record<string, unknown>);
			this.counters.requests += 1;
			this.counters.bytes += JSON.stringify(records).length;
			yield { records, checkpoint };
		}
	}

	async *deletions(request: SourceReadRequest): AsyncGenerator<SourceDeletionPage> {
		if (!this.options.withDeletions) return;
		const after = request.checkpoint && typeof request.checkpoint === 'object' && !Array.isArray(request.checkpoint)
			? Number(request.checkpoint.seq)
			: 0;
		const pending = this.dataset.deletions.filter((d) => d.seq > after);
		this.counters.requests += 1;
		for (let offset = 0; offset < pending.length; offset += this.pageSize) {
			const slice = pending.slice(offset, offset + this.pageSize);
			yield { keys: slice.map((d) => ({ id: d.id })), checkpoint: { seq: slice[slice.length - 1].seq } };
		}
	}

	compareCheckpoints(a: JsonValue, b: JsonValue): number {
		const x = a as Record<string, number | string>;
		const y = b as Record<string, number | string>;
		if ('seq' in x && 'seq' in y) return Number(x.seq) - Number(y.seq);
		return compareRecords({ updatedMs: Number(x.updated), id: String(x.id) }, { updatedMs: Number(y.updated), id: String(y.id) });
	}

	stats(): SourceStats {
		return { ...this.counters };
	}
}
