import { coerceInputValue, getOperationAST, isInputType, isNonNullType, typeFromAST, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';

import { findUnstorableText } from '../store/storable-text';
import { inputError, inputField, namedInputField } from './input-field';

/**
 * Checks the request's variables against the operation's variable definitions before anything executes, the way
 * graphql-js coerces them, and also for text Postgres cannot store. Each problem becomes a `BAD_USER_INPUT` error
 * whose `extensions.field` names the input field at fault (`mode`, `policy`, `endpointId`, ...). Empty when the
 * variables are fine.
 */
export function variableErrors(
	schema: GraphQLSchema,
	document: DocumentNode,
	operationName: string | null | undefined,
	variables: Readonly<Record<string, unknown>> | null | undefined,
): GraphQLError[] {
	const operation = getOperationAST(document, operationName ?? undefined);
	if (!operation) return [];
	const errors: GraphQLError[] = [];
	for (const definition of operation.variableDefinitions ?? []) {
		const name = definition.variable.name.value;
		const type = typeFromAST(schema, definition.type);
		// An unknown or output type is a document error, which validation has reported.
		if (!type || !isInputType(type)) continue;
		const value = variables && Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined;
		if (value === undefined) {
			if (isNonNullType(type) && !definition.defaultValue) errors.push(inputError(inputField([name]), `is required (variable $${name})`));
			continue;
		}
		const before = errors.length;
		coerceInputValue(value, type, (path, _invalid, error) => {
			const named = namedInputField(error.message);
			const field = inputField([name, ...path, ...(named ? [named] : [])]);
			errors.push(inputError(field, error.message));
		});
		if (errors.length > before) continue;
		const unstorable = findUnstorableText(value);
		if (unstorable) errors.push(inputError(inputField([name, ...unstorable]), 'must not contain a NUL character or a broken surrogate pair'));
	}
	return errors;
}
