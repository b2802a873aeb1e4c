import type { IngestionMode } from '../store/models/enums';
import type { Store } from '../store';
import type { JsonValue } from './json-value';
import type { IngestionPolicy } from './policy';

/** One record as the source returns it (a Jira issue, a worklog, ...). */
export type SourceRecord = Record<string, unknown>;

/**
 * One page of records. `checkpoint` resumes the read right after this page: a run started with it reads
 * no record of this page or earlier pages again, except what the lookback deliberately re-reads. So a crash
 * between pages repeats at most the one page whose write was not committed (at-least-once).
 *
 * Checkpoints never go back: a page's checkpoint is never before the checkpoint the read started from,
 * also while a lookback re-reads older records (report the starting checkpoint until the read passes it).
 * A source without a cursor (it can only read everything) ends its read with a checkpoint that means
 * "start over" (`null`, or like the Jira full readers `{ startAt, complete: true }`), so the next
 * INCREMENTAL/SCD1 run reads everything again instead of resuming after the end.
 * Pages may be empty (only the checkpoint moved); the engine commits their checkpoint all the same.
 */
export interface SourcePage {
	records: SourceRecord[];
	checkpoint: JsonValue;
}

/**
 * One page of deletions reported by the source (Jira: `/worklog/deleted`). Each key holds the unit's
 * primary-key fields of a deleted record (`{ id: '10042' }`), at the same paths as in the records.
 */
export interface SourceDeletionPage {
	keys: SourceRecord[];
	checkpoint: JsonValue;
}

/** Counters a source keeps while reading; read once at the end of a run (and for progress). */
export interface SourceStats {
	/** HTTP requests sent (including retries). */
	requests: number;
	/** Requests repeated after a transient failure. */
	retries: number;
	/** Answers with status 429. */
	rateLimited: number;
	/** Response bytes received. */
	bytes: number;
}

/** What a read starts from, as planned by the engine. */
export interface SourceReadRequest {
	mode: IngestionMode;
	policy: IngestionPolicy;
	/** Where to resume; `null` reads from the beginning (always `null` for FULL runs). */
	checkpoint: JsonValue | null;
	/** Minutes to re-read before `checkpoint` (0 when `checkpoint` is null). */
	lookbackMinutes: number;
	signal: AbortSignal;
}

/** The part of a unit's records a read covers, when a filter restricts it (absent: all of them). */
export interface SourceReadScope {
	/** Only records of these projects (Jira project keys). */
	projects?: readonly string[];
}

/** A unit's records, read page by page. Made per run by a {@link UnitSourceFactory}. */
export interface UnitSource {
	/** What the read covers when a filter restricts it; a FULL run treats only missing records in scope as deleted. */
	readonly scope?: SourceReadScope;
	pages(request: SourceReadRequest): AsyncGenerator<SourcePage>;
	/** Deletions since `request.checkpoint` (its own checkpoint, kept apart from the pages' one). */
	deletions?(request: SourceReadRequest): AsyncGenerator<SourceDeletionPage>;
	/** Orders two checkpoints (negative when `a` is before `b`); lets the engine refuse to move a checkpoint back. */
	compareCheckpoints?(a: JsonValue, b: JsonValue): number;
	stats(): SourceStats;
	/** Frees what the source holds (sockets, timers); called once after the run, also after a failure. */
	close?(): Promise<void>;
}

/**
 * Secrets of a source endpoint, as given by a credentials provider (for Jira a `JiraAuth`: `{ kind, email,
 * apiToken }` or `{ kind, token }`). Values of keys that name a secret (token, password, secret, key, pat) are
 * scrubbed from every error the run records.
 */
export type SourceCredentials = Record<string, string | undefined>;

/** The values of `credentials` that must never appear in output. */
export function secretValuesOf(credentials: SourceCredentials): string[] {
	return Object.entries(credentials)
		.filter(([key, value]) => typeof value === 'string' && /token|password|secret|key|pat$/i.test(key))
		.map(([, value]) => value as string);
}

/** Supplies the secrets of a source endpoint (env vars for the CLI, n8n credentials in the node). */
export type CredentialsProvider = (endpoint: SourceEndpoint) => Promise<SourceCredentials> | SourceCredentials;

/** The source endpoint as the factory sees it (no secrets: those come from the credentials provider). */
export interface SourceEndpoint {
	id: string;
	templateId: string;
	parameters: Record<string, unknown>;
}

export interface UnitSourceContext {
	store: Store;
	endpoint: SourceEndpoint;
	unitId: string;
	mode: IngestionMode;
	policy: IngestionPolicy;
	credentials: SourceCredentials;
	signal: AbortSignal;
}

export type UnitSourceFactory = (context: UnitSourceContext) => Promise<UnitSource> | UnitSource;

/** Source factories by endpoint template id. */
export type UnitSourceFactories = Readonly<Record<string, UnitSourceFactory>>;

/** Makes the source of one unit for one run, dispatched on the endpoint's template. */
export async function resolveUnitSource(context: UnitSourceContext, factories: UnitSourceFactories): Promise<UnitSource> {
	const factory = Object.prototype.hasOwnProperty.call(factories, context.endpoint.templateId)
		? factories[context.endpoint.templateId]
		: undefined;
	if (!factory) {
		throw new Error(
			`No ingestion source is available for endpoint "${context.endpoint.id}" (template ${context.endpoint.templateId})`,
		);
	}
	return factory(context);
}
