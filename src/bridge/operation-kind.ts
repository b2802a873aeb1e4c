import { parse, type OperationTypeNode } from 'graphql';
import { LRUCache } from 'lru-cache';

export interface GraphqlRequestBody {
	query?: unknown;
	operationName?: unknown;
	variables?: unknown;
}

/**
 * The kind of operation a GraphQL request body runs (`query`, `mutation`, `subscription`), or undefined when the
 * body is not a well-formed single request (yoga then answers the error). Parses are remembered per query text.
 */
export class OperationClassifier {
	private readonly kinds = new LRUCache<string, Map<string, OperationTypeNode> | false>({ max: 1_000 });

	constructor(private readonly maxTokens: number) {}

	kindOf(body: GraphqlRequestBody): OperationTypeNode | undefined {
		if (typeof body.query !== 'string') return undefined;
		let operations = this.kinds.get(body.query);
		if (operations === undefined) {
			try {
				const document = parse(body.query, { maxTokens: this.maxTokens, noLocation: true });
				operations = new Map();
				for (const definition of document.definitions) {
					if (definition.kind === 'OperationDefinition') operations.set(definition.name?.value ?? '', definition.operation);
				}
			} catch {
				operations = false;
			}
			this.kinds.set(body.query, operations);
		}
		if (!operations) return undefined;
		if (typeof body.operationName === 'string') return operations.get(body.operationName);
		return operations.size === 1 ? [...operations.values()][0] : undefined;
	}
}
