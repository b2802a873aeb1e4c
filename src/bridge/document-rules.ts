import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

import { isStorableText } from '../store/storable-text';
import { inputError, inputField } from './input-field';

/** Refuses operations of a type the schema has no root for (a `subscription` here) before execution tries them. */
export function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
	return {
		OperationDefinition(node) {
			if (!context.getSchema().getRootType(node.operation)) {
				context.reportError(
					new GraphQLError(`This API has no ${node.operation} operations`, { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
				);
			}
		},
	};
}

/** Refuses string literals in arguments that Postgres cannot store (NUL, lone surrogates), naming the field. */
export function storableStringsRule(context: ValidationContext): ASTVisitor {
	const names: string[] = [];
	const push = (node: { name: { value: string } }) => void names.push(node.name.value);
	const pop = () => void names.pop();
	return {
		Argument: { enter: push, leave: pop },
		ObjectField: { enter: push, leave: pop },
		StringValue(node) {
			if (names.length > 0 && !isStorableText(node.value)) {
				context.reportError(inputError(inputField(names), 'must not contain a NUL character or a broken surrogate pair', [node]));
			}
		},
	};
}

export const BRIDGE_VALIDATION_RULES = [knownOperationTypesRule, storableStringsRule];
