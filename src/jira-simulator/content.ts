import type { Random } from './random';

const VERBS = ['Fix', 'Add', 'Improve', 'Refactor', 'Investigate', 'Document', 'Remove', 'Migrate', 'Speed up', 'Harden'];
const THINGS = ['login timeout', 'billing export', 'search index', 'audit log', 'webhook retries', 'CSV import', 'dark mode', 'rate limiter', 'session cache', 'PDF report'];
const PLACES = ['in the API', 'for mobile', 'on the dashboard', 'in the worker', 'for admins', 'in onboarding', 'behind the proxy', 'in staging'];
const WORDS = ['the', 'service', 'fails', 'when', 'users', 'retry', 'after', 'a', 'deploy', 'and', 'logs', 'show', 'timeouts', 'we', 'should', 'check', 'config', 'before', 'release', 'customers', 'reported', 'this', 'twice', 'today'];

export function summaryText(random: Random): string {
	return `${random.pick(VERBS)} ${random.pick(THINGS)} ${random.pick(PLACES)}`;
}

export function sentence(random: Random, minWords = 6, maxWords = 14): string {
	const count = random.int(minWords, maxWords);
	const words = Array.from({ length: count }, () => random.pick(WORDS));
	const text = words.join(' ');
	return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** An Atlassian Document Format document: paragraphs, sometimes a bullet list and a code block. */
export function adfDocument(random: Random, paragraphs: number): Record<string, unknown> {
	const content: Record<string, unknown>[] = [];
	for (let p = 0; p < paragraphs; p += 1) {
		content.push({ type: 'paragraph', content: [{ type: 'text', text: sentence(random) }] });
	}
	if (random.chance(0.3)) {
		content.push({
			type: 'bulletList',
			content: Array.from({ length: random.int(2, 3) }, () => ({
				type: 'listItem',
				content: [{ type: 'paragraph', content: [{ type: 'text', text: sentence(random, 3, 6) }] }],
			})),
		});
	}
	if (random.chance(0.15)) {
		content.push({ type: 'codeBlock', attrs: { language: 'bash' }, content: [{ type: 'text', text: 'npm run deploy -- --env staging' }] });
	}
	return { type: 'doc', version: 1, content };
}

export function adfFromText(text: string): Record<string, unknown> {
	return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

/** What REST v2 (Data Center) shows instead of ADF: the plain text. */
export function adfToText(node: unknown): string {
	if (!node || typeof node !== 'object') return '';
	const { text, content } = node as { text?: unknown; content?: unknown };
	if (typeof text === 'string') return text;
	if (!Array.isArray(content)) return '';
	const block = (node as { type?: string }).type;
	const parts = content.map(adfToText);
	return block === 'doc' || block === 'bulletList' ? parts.join('\n') : parts.join('');
}
