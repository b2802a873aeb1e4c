import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { describeNodeError } from '../../src/n8n/error-description';
import type { Secrets } from './credentials';

/** An n8n error for anything a node meets: NodeApiError for Jira's answers, NodeOperationError otherwise; sanitized. */
export function toNodeError(node: INode, error: unknown, secrets: Secrets, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const report = describeNodeError(error, secrets.values);
	if (report.kind === 'api') {
		const response: JsonObject = { message: report.message, ...(report.httpCode ? { httpCode: report.httpCode } : {}) };
		return new NodeApiError(node, response, {
			message: report.message,
			description: report.description,
			httpCode: report.httpCode,
			itemIndex,
		});
	}
	return new NodeOperationError(node, report.message, { description: report.description, itemIndex });
}
