import { GraphQLError, Kind, visit, type ASTNode, type DocumentNode } from 'graphql';

const MAX_MESSAGE_LENGTH = 500;

/**
 * The input field a path inside an operation's arguments or variables names, as the services name their fields:
 * the mutations' `input` argument is left out and list indexes are dropped (`input.policy.filters.0` →
 * `policy.filters`); a path that names nothing else is `input`.
 */
export function inputField(path: ReadonlyArray<string | number>): string {
	const names = path.filter((part): part is string => typeof part === 'string');
	if (names[0] === 'input' && names.length > 1) names.shift();
	return names.join('.') || 'input';
}

/** A request error about one input field: `BAD_USER_INPUT` with `extensions.field`; long messages are cut. */
export function inputError(field: string, reason: string, nodes?: ReadonlyArray<ASTNode>): GraphQLError {
	const message = `${field}: ${reason}`;
	return new GraphQLError(message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message, {
		nodes,
		extensions: { code: 'BAD_USER_INPUT', field },
	});
}

/** The field graphql-js names in "Field "x" is not defined by type …" and "Field "T.x" of required type … was not provided". */
export function namedInputField(message: string): string | undefined {
	const match = /^Field "(?:[^".]+\.)?([^".]+)" (?:is not defined by type|of required type)/.exec(message);
	return match?.[1];
}

/**
 * Where each of `targets` sits inside the operation's argument values: the argument and object field names leading
 * to it (for a node outside every argument, nothing).
 */
export function argumentPaths(document: DocumentNode, targets: ReadonlySet<ASTNode>): Map<ASTNode, string[]> {
	const found = new Map<ASTNode, string[]>();
	const names: string[] = [];
	visit(document, {
		enter(node) {
			if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) names.push(node.name.value);
			if (targets.has(node) && names.length > 0) found.set(node, [...names]);
		},
		leave(node) {
			if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) names.pop();
		},
	});
	return found;
}
