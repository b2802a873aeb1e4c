import { isStorableText } from '../../src/store';

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const MAX_LITERAL_LENGTH = 1_500;

function render(value: unknown): string | undefined {
	if (value === null) return 'null';
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined;
	// JSON escapes are GraphQL escapes too, except a lone surrogate (a GraphQL syntax error, not an input error).
	if (typeof value === 'string') return isStorableText(value.split('\u0000').join('')) ? JSON.stringify(value) : undefined;
	if (Array.isArray(value)) {
		const items = value.map(render);
		return items.every((item) => item !== undefined) ? `[${items.join(', ')}]` : undefined;
	}
	if (typeof value === 'object') {
		const fields: string[] = [];
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
			const rendered = render(inner);
			if (!NAME.test(key) || rendered === undefined) return undefined;
			fields.push(`${key}: ${rendered}`);
		}
		return `{${fields.join(', ')}}`;
	}
	return undefined;
}

/** A JSON-like value written as a GraphQL input literal, or undefined when it cannot be one (or is too long). */
export function graphqlLiteral(value: unknown): string | undefined {
	const literal = render(value);
	return literal !== undefined && literal.length <= MAX_LITERAL_LENGTH ? literal : undefined;
}
