import type { SimDataset } from './dataset';

/** A JQL error, answered with 400 and Jira's message. */
export class JqlError extends Error {}

type Comparison = '>=' | '>' | '<=' | '<' | '=';

export interface ParsedJql {
	projects?: Set<number>;
	ids?: Set<number>;
	updated: Array<{ op: Comparison; ms: number }>;
	created: Array<{ op: Comparison; ms: number }>;
	order: Array<{ field: 'updated' | 'created' | 'id'; descending: boolean }>;
}

const UNBOUNDED = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

/**
 * Dates in JQL: a number is epoch milliseconds; a quoted "yyyy/MM/dd HH:mm" or "yyyy-MM-dd[ HH:mm]" is read in UTC
 * with minute precision, as Jira does (seconds cannot be written in JQL).
 */
function parseDate(raw: string): number {
	if (/^-?\d+$/.test(raw)) return Number(raw);
	const text = raw.replace(/^["']|["']$/g, '');
	const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text);
	if (!match) throw new JqlError(`Date value '${text}' for field 'updated' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`);
	const [, y, mo, d, h, mi] = match;
	return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
}

function parseProjects(data: SimDataset, list: string): Set<number> {
	const keys = list.split(',').map((k) => k.trim().replace(/^["']|["']$/g, '')).filter(Boolean);
	const projects = new Set<number>();
	for (const key of keys) {
		const index = Array.from({ length: data.options.projects }, (_, p) => data.projectKey(p)).indexOf(key.toUpperCase());
		if (index < 0) throw new JqlError(`The value '${key}' does not exist for the field 'project'.`);
		projects.add(index);
	}
	return projects;
}

/** The subset of JQL the simulator understands: project, updated and created restrictions joined by AND, and ORDER BY. */
export function parseJql(data: SimDataset, jql: string | undefined): ParsedJql {
	const text = (jql ?? '').trim();
	const orderAt = text.search(/\border\s+by\b/i);
	const where = (orderAt >= 0 ? text.slice(0, orderAt) : text).trim();
	const orderText = orderAt >= 0 ? text.slice(orderAt).replace(/^order\s+by\s+/i, '') : '';
	if (!where) throw new JqlError(UNBOUNDED);
	const parsed: ParsedJql = { updated: [], created: [], order: [] };
	for (const clause of where.split(/\s+AND\s+/i)) {
		const c = clause.trim();
		let match = /^project\s+in\s+\((.*)\)$/i.exec(c) ?? /^project\s*=\s*(\S+)$/i.exec(c);
		if (match) {
			parsed.projects = parseProjects(data, match[1]);
			continue;
		}
		match = /^(?:id|issue|issuekey)\s+in\s+\((.*)\)$/i.exec(c);
		if (match) {
			const ids = match[1].split(',').map((v) => v.trim()).filter(Boolean);
			parsed.ids = new Set(ids.map((v) => data.findIssue(v.replace(/^["']|["']$/g, '')) ?? -1));
			continue;
		}
		match = /^(updated|created)\s*(>=|<=|>|<|=)\s*("[^"]*"|'[^']*'|-?\d+)$/i.exec(c);
		if (match) {
			parsed[match[1].toLowerCase() as 'updated' | 'created'].push({ op: match[2] as Comparison, ms: parseDate(match[3]) });
			continue;
		}
		throw new JqlError(`Error in the JQL Query: the simulator cannot parse '${c}'.`);
	}
	for (const part of orderText.split(',').map((p) => p.trim()).filter(Boolean)) {
		const match = /^(updated|created|id|key|issuekey)(?:\s+(asc|desc))?$/i.exec(part);
		if (!match) throw new JqlError(`Not able to sort using field '${part.split(/\s+/)[0]}'.`);
		const field = match[1].toLowerCase();
		parsed.order.push({ field: field === 'updated' || field === 'created' ? field : 'id', descending: match[2]?.toLowerCase() === 'desc' });
	}
	return parsed;
}

function compare(value: number, op: Comparison, bound: number): boolean {
	switch (op) {
		case '>=':
			return value >= bound;
		case '>':
			return value > bound;
		case '<=':
			return value <= bound;
		case '<':
			return value < bound;
		default:
			return value === bound;
	}
}

export function matches(data: SimDataset, jql: ParsedJql, issue: number): boolean {
	if (jql.projects && !jql.projects.has(data.project[issue])) return false;
	if (jql.ids && !jql.ids.has(issue)) return false;
	for (const { op, ms } of jql.updated) if (!compare(data.updated[issue], op, ms)) return false;
	for (const { op, ms } of jql.created) if (!compare(data.created[issue], op, ms)) return false;
	return true;
}

/** True when the order is `updated ASC, id ASC` (or just `updated ASC`): the simulator's prebuilt order. */
export function isUpdatedAscending(jql: ParsedJql): boolean {
	const [first, second] = jql.order;
	return !!first && first.field === 'updated' && !first.descending && (!second || (second.field === 'id' && !second.descending)) && jql.order.length <= 2;
}

/** All matching issues in the query's order. */
export function sortedMatches(data: SimDataset, jql: ParsedJql): number[] {
	const base = data.issueOrder().filter((issue) => matches(data, jql, issue));
	if (isUpdatedAscending(jql) || jql.order.length === 0) return base;
	const value = (issue: number, field: 'updated' | 'created' | 'id') => (field === 'id' ? issue : data[field][issue]);
	return [...base].sort((a, b) => {
		for (const { field, descending } of jql.order) {
			const diff = value(a, field) - value(b, field);
			if (diff !== 0) return descending ? -diff : diff;
		}
		return a - b;
	});
}
