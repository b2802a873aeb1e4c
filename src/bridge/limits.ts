import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { Plugin } from 'graphql-yoga';

/** Limits that stop abusive queries before they execute. */
export interface BridgeLimits {
	/** Deepest selection (the deepest legitimate query, dataset → ingestionConfig → lastStatus → field, is 4). */
	maxDepth: number;
	/** graphql-armor's static cost of a query. */
	maxCost: number;
	maxAliases: number;
	/** Tokens in the query document (bounds its size, literals included). */
	maxTokens: number;
	/** Largest request body in bytes. */
	maxBodyBytes: number;
}

export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = {
	maxDepth: 8,
	maxCost: 5_000,
	maxAliases: 15,
	maxTokens: 2_000,
	maxBodyBytes: 1024 * 1024,
};

/** graphql-armor's envelop plugins (maintained, yoga-compatible), limits not disclosed in errors. */
export function limitPlugins(limits: BridgeLimits): Plugin[] {
	return [
		maxTokensPlugin({ n: limits.maxTokens }),
		maxDepthPlugin({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true }),
		costLimitPlugin({ maxCost: limits.maxCost, ignoreIntrospection: true }),
		maxAliasesPlugin({ n: limits.maxAliases }),
	] as Plugin[];
}
