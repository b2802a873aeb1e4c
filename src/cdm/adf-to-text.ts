/**
 * Atlassian Document Format (ADF, Jira Cloud rich text) → readable plain text.
 *
 * Paragraphs and block nodes are separated by a blank line; headings become their text; bullet lists use `- `,
 * ordered lists `1. ` (honouring `attrs.order`), task lists `[ ] ` / `[x] `, nested lists are indented under their
 * item; code blocks keep their text verbatim; blockquotes get `> `; panels get a label (`Note: ...`); tables become
 * one line per row with cells joined by ` | `; mentions become `@Name`, emoji their character (or `:shortname:`),
 * links `text (url)`, cards their URL, dates `YYYY-MM-DD`, status lozenges their text, hard breaks a newline.
 * Unknown nodes degrade to the text they contain. Never throws: anything that is not ADF yields what text it can.
 *
 * A string input (Jira Data Center / API v2 wiki markup) is returned as it is; null/undefined give null.
 *
 * Why not a package: adf-to-md (the maintained option) produces Markdown, drops mentions, panels and unknown nodes
 * (logging to the console), and mutates its input; the @atlaskit transformers pull in the whole editor stack.
 */

interface AdfNode {
	type?: unknown;
	text?: unknown;
	content?: unknown;
	attrs?: unknown;
	marks?: unknown;
}

/** Deeper documents are flattened to their text instead of recursing further. */
const MAX_DEPTH = 64;

const INLINE_TYPES = new Set([
	'text',
	'hardBreak',
	'mention',
	'emoji',
	'inlineCard',
	'status',
	'date',
	'placeholder',
	'mediaInline',
	'inlineExtension',
]);

const LIST_TYPES = new Set(['bulletList', 'orderedList', 'taskList', 'decisionList']);

const PANEL_LABELS: Record<string, string> = {
	info: 'Info',
	note: 'Note',
	warning: 'Warning',
	error: 'Error',
	success: 'Success',
	tip: 'Tip',
};

function isNode(value: unknown): value is AdfNode {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function children(node: AdfNode): AdfNode[] {
	return Array.isArray(node.content) ? node.content.filter(isNode) : [];
}

function attrs(node: AdfNode): Record<string, unknown> {
	return isNode(node.attrs) ? (node.attrs as Record<string, unknown>) : {};
}

function str(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function typeOf(node: AdfNode): string {
	return typeof node.type === 'string' ? node.type : '';
}

function prefixLines(text: string, first: string, rest = first): string {
	return text
		.split('\n')
		.map((line, index) => (index === 0 ? first + line : line === '' ? rest.trimEnd() : rest + line))
		.join('\n');
}

/** All text below `node`, without structure (used past MAX_DEPTH); iterative so it cannot overflow the stack. */
function flatText(node: AdfNode): string {
	const parts: string[] = [];
	const stack: AdfNode[] = [node];
	while (stack.length > 0) {
		const current = stack.pop() as AdfNode;
		const own = str(current.text) || str(attrs(current).text);
		if (own) parts.push(own);
		stack.push(...children(current).reverse());
	}
	return parts.join(' ');
}

function linkHref(node: AdfNode): string | undefined {
	if (!Array.isArray(node.marks)) return undefined;
	for (const mark of node.marks) {
		if (isNode(mark) && mark.type === 'link') {
			const href = str(attrs(mark).href);
			if (href) return href;
		}
	}
	return undefined;
}

function textNode(node: AdfNode): string {
	const text = str(node.text);
	const href = linkHref(node);
	if (!href || href === text || href === `mailto:${text}`) return text || href || '';
	return text ? `${text} (${href})` : href;
}

function dateText(timestamp: unknown): string {
	const ms = Number(timestamp);
	if (!Number.isFinite(ms)) return '';
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

function inline(node: AdfNode, depth: number): string {
	if (depth > MAX_DEPTH) return flatText(node);
	const a = attrs(node);
	switch (typeOf(node)) {
		case 'text':
			return textNode(node);
		case 'hardBreak':
			return '\n';
		case 'mention': {
			const name = str(a.text);
			return name.startsWith('@') ? name : `@${name || 'user'}`;
		}
		case 'emoji':
			return str(a.text) || str(a.shortName);
		case 'inlineCard':
			return str(a.url) || str(isNode(a.data) ? (a.data as Record<string, unknown>).url : undefined);
		case 'status':
			return str(a.text);
		case 'date':
			return dateText(a.timestamp);
		case 'placeholder':
		case 'mediaInline':
			return '';
		default:
			return mixed(node, depth);
	}
}

/** Content whose kind is not known: inline children are concatenated, block children separated by blank lines. */
function mixed(node: AdfNode, depth: number): string {
	const nodes = children(node);
	if (nodes.length === 0) return str(node.text) || str(attrs(node).text);
	if (nodes.every((child) => INLINE_TYPES.has(typeOf(child)))) return inlines(nodes, depth);
	return blocks(nodes, depth);
}

function inlines(nodes: AdfNode[], depth: number): string {
	return nodes
		.map((child) => (INLINE_TYPES.has(typeOf(child)) ? inline(child, depth + 1) : block(child, depth + 1)))
		.join('');
}

function blocks(nodes: AdfNode[], depth: number, separator = '\n\n'): string {
	return nodes
		.map((child) => block(child, depth + 1).replace(/\s+$/, ''))
		.filter((text) => text !== '')
		.join(separator);
}

function listItemMarker(list: AdfNode, item: AdfNode, index: number, start: number): string {
	switch (typeOf(list)) {
		case 'orderedList':
			return `${start + index}. `;
		case 'taskList':
			return attrs(item).state === 'DONE' ? '[x] ' : '[ ] ';
		default:
			return '- ';
	}
}

function list(node: AdfNode, depth: number): string {
	const order = Number(attrs(node).order);
	const start = Number.isInteger(order) && order >= 0 ? order : 1;
	let index = 0;
	return children(node)
		.map((item) => {
			// task lists nest a taskList directly inside the list, without an item around it
			if (LIST_TYPES.has(typeOf(item))) return prefixLines(list(item, depth + 1), '  ');
			const marker = listItemMarker(node, item, index++, start);
			const parts = children(item);
			const body = parts.every((child) => INLINE_TYPES.has(typeOf(child)))
				? inlines(parts, depth + 1)
				: blocks(parts, depth + 1, '\n');
			return body.trim() === '' ? '' : prefixLines(body, marker, ' '.repeat(marker.length));
		})
		.filter((line) => line !== '')
		.join('\n');
}

function table(node: AdfNode, depth: number): string {
	return children(node)
		.map((row) =>
			children(row)
				.map((cell) =>
					blocks(children(cell), depth + 2, ' ')
						.replace(/\s*\n\s*/g, ' ')
						.trim(),
				)
				.join(' | '),
		)
		.filter((line) => line.replace(/[|\s]/g, '') !== '')
		.join('\n');
}

function block(node: AdfNode, depth: number): string {
	if (depth > MAX_DEPTH) return flatText(node);
	const type = typeOf(node);
	if (INLINE_TYPES.has(type)) return inline(node, depth);
	if (LIST_TYPES.has(type)) return list(node, depth);
	const a = attrs(node);
	switch (type) {
		case 'doc':
			return blocks(children(node), depth);
		case 'paragraph':
		case 'heading':
			return inlines(children(node), depth);
		case 'codeBlock':
			return children(node)
				.map((child) => str(child.text))
				.join('');
		case 'blockquote':
			return prefixLines(blocks(children(node), depth), '> ');
		case 'panel': {
			const label = PANEL_LABELS[str(a.panelType)];
			const body = blocks(children(node), depth);
			return label && body ? `${label}: ${body}` : body;
		}
		case 'rule':
			return '---';
		case 'table':
			return table(node, depth);
		case 'expand':
		case 'nestedExpand':
			return [str(a.title), blocks(children(node), depth)].filter((part) => part !== '').join('\n');
		case 'blockCard':
		case 'embedCard':
			return str(a.url) || str(isNode(a.data) ? (a.data as Record<string, unknown>).url : undefined);
		case 'mediaSingle':
		case 'mediaGroup':
		case 'media':
			return blocks(children(node), depth, '\n').trim() || str(a.alt);
		default:
			return mixed(node, depth);
	}
}

/** Readable plain text of an ADF document (see the module comment); null when there is no text. */
export function adfToText(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') return value;
	if (!isNode(value)) return null;
	const text = block(value, 0)
		.replace(/[ \t]+$/gm, '')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	return text === '' ? null : text;
}

/** True when `value` looks like an ADF document (`{ type: 'doc', content: [...] }`). */
export function isAdfDocument(value: unknown): boolean {
	return isNode(value) && value.type === 'doc' && Array.isArray(value.content);
}
