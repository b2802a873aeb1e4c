import { GraphQLError, type ASTNode, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

import { BRIDGE_VALIDATION_RULES } from './document-rules';
import { argumentPaths, inputField, namedInputField } from './input-field';
import { variableErrors } from './variable-errors';

type MutableExtensions = Record<string, unknown>;

/** "Field "f" argument "input" of type "T!" is required, but it was not provided." */
const MISSING_ARGUMENT = /^Field "[^"]+" argument "([^"]+)" of type "[^"]+" is required/;

/**
 * Validation errors about argument values (a literal of the wrong type, an unknown or missing input field, an
 * unknown or missing argument) become `BAD_USER_INPUT` naming the field, as the services' own errors do; other
 * document errors keep `GRAPHQL_VALIDATION_FAILED`.
 */
function nameInputFields(document: DocumentNode, errors: readonly GraphQLError[]): void {
	const nodes = new Set<ASTNode>(errors.flatMap((error) => error.nodes?.slice(0, 1) ?? []));
	const paths = argumentPaths(document, nodes);
	for (const error of errors) {
		const extensions = error.extensions as MutableExtensions;
		if (extensions.field !== undefined) continue;
		const missingArgument = MISSING_ARGUMENT.exec(error.message)?.[1];
		const path = missingArgument ? [missingArgument] : error.nodes?.[0] && paths.get(error.nodes[0]);
		if (!path) continue;
		const named = namedInputField(error.message);
		extensions.code = 'BAD_USER_INPUT';
		extensions.field = inputField([...path, ...(named && path[path.length - 1] !== named ? [named] : [])]);
	}
}

/**
 * Every refused request says what is wrong in `extensions.code`, and an input error names the input field in
 * `extensions.field`: argument literals at validation, variables before execution (also refusing text Postgres
 * cannot store), operation types the API does not have.
 */
export function inputErrorsPlugin(): Plugin {
	return {
		onValidate({ addValidationRule, params }) {
			for (const rule of BRIDGE_VALIDATION_RULES) addValidationRule(rule);
			return ({ valid, result }) => {
				if (!valid) nameInputFields(params.documentAST, result.filter((error): error is GraphQLError => error instanceof GraphQLError));
			};
		},
		onExecute({ args, setResultAndStopExecution }) {
			const errors = variableErrors(args.schema, args.document, args.operationName, args.variableValues);
			if (errors.length > 0) setResultAndStopExecution({ errors });
		},
	};
}
