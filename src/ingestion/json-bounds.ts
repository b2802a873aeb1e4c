import { isStorableText } from '../store/storable-text';

export interface JsonBounds {
	/** Deepest nesting allowed (a flat object is depth 1). */
	maxDepth: number;
	/** Most values (objects, arrays, scalars and keys) allowed in total. */
	maxNodes: number;
	/** Longest string (key or value) allowed. */
	maxStringLength: number;
}

export type JsonBoundsViolation = { reason: 'depth' | 'size' | 'string' | 'text' | 'type'; limit?: number };

/**
 * Checks a parsed JSON value against size and depth limits without recursion, so a pathologically deep or huge
 * value is rejected cleanly (no stack overflow, no megabyte walk past the limit). Strings (keys too) must also be
 * text Postgres can store in jsonb (no NUL, no lone surrogate): reason `text`.
 */
export function checkJsonBounds(value: unknown, bounds: JsonBounds): JsonBoundsViolation | undefined {
	const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
	let nodes = 0;
	while (stack.length > 0) {
		const { value: current, depth } = stack.pop()!;
		if (++nodes > bounds.maxNodes) return { reason: 'size', limit: bounds.maxNodes };
		if (current === null || typeof current === 'number' || typeof current === 'boolean') continue;
		if (typeof current === 'string') {
			if (current.length > bounds.maxStringLength) return { reason: 'string', limit: bounds.maxStringLength };
			if (!isStorableText(current)) return { reason: 'text' };
			continue;
		}
		if (typeof current !== 'object') return { reason: 'type' };
		if (depth + 1 > bounds.maxDepth) return { reason: 'depth', limit: bounds.maxDepth };
		if (Array.isArray(current)) {
			if (nodes + stack.length + current.length > bounds.maxNodes) return { reason: 'size', limit: bounds.maxNodes };
			for (const item of current) stack.push({ value: item, depth: depth + 1 });
			continue;
		}
		const entries = Object.entries(current as Record<string, unknown>);
		if (nodes + stack.length + 2 * entries.length > bounds.maxNodes) return { reason: 'size', limit: bounds.maxNodes };
		for (const [key, inner] of entries) {
			if (key.length > bounds.maxStringLength) return { reason: 'string', limit: bounds.maxStringLength };
			if (!isStorableText(key)) return { reason: 'text' };
			nodes++;
			stack.push({ value: inner, depth: depth + 1 });
		}
	}
	return undefined;
}
