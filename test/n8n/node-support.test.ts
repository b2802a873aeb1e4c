import { CdmError, CdmRowValidationError } from '../../src/cdm/errors';
import { badInput } from '../../src/ingestion/validation-error';
import { JiraHttpError, JiraRetriesExhaustedError } from '../../src/jira/errors';
import { describeNodeError } from '../../src/n8n/error-description';
import { parseRunRequestItem } from '../../src/n8n/run-request-item';

const target = { endpointId: 'e', method: 'GET', path: '/rest/api/3/myself' };

describe('describeNodeError', () => {
	it('names the field of validation and CDM errors', () => {
		expect(describeNodeError(badInput('policy.cursorField', 'policy.cursorField: "x" is not a cursor field'))).toEqual({
			kind: 'operation',
			message: 'policy.cursorField: "x" is not a cursor field',
			field: 'policy.cursorField',
			description: 'The field at fault is "policy.cursorField".',
		});
		expect(describeNodeError(new CdmRowValidationError('row 3 bad', 'cdm.work.item', null, 3, 'summary')).description).toBe(
			'The row 4 of its batch has an invalid "summary" for cdm.work.item.',
		);
		expect(describeNodeError(new CdmError('NOT_PROVISIONED', 'not provisioned', 'cdmModelId')).description).toBe('The parameter at fault is "cdmModelId".');
	});

	it('makes Jira failures API errors with the HTTP status', () => {
		expect(describeNodeError(new JiraHttpError(target, 403, []))).toEqual(
			expect.objectContaining({ kind: 'api', httpCode: '403', description: expect.stringMatching(/^Check the Jira Ingestion credential/) }),
		);
		expect(describeNodeError(new JiraRetriesExhaustedError(target, 5, 'HTTP 503'))).toEqual(expect.objectContaining({ kind: 'api' }));
	});

	it('points store connection failures at the credential and removes secrets', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:5432 for postgres://etl:hunter2-secret@10.0.0.1/db'), { code: 'ECONNREFUSED' });
		const report = describeNodeError(refused, ['hunter2-secret']);
		expect(report.kind).toBe('operation');
		expect(report.message).not.toContain('hunter2');
		expect(report.description).toMatch(/^Check the Ingestion Store credential/);
		expect(describeNodeError(new Error('token=abcdef123456 leaked')).message).toBe('token=**** leaked');
	});
});

describe('parseRunRequestItem', () => {
	it('reads run requests (run id optional) and collection requests', () => {
		expect(parseRunRequestItem({ endpointId: 'e', unitId: 'jira.issues', extra: 1 })).toEqual({ kind: 'run', runId: null, endpointId: 'e', unitId: 'jira.issues', trigger: undefined });
		const runId = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
		expect(parseRunRequestItem({ kind: 'run', runId, endpointId: 'e', unitId: 'u.v', trigger: 'SCHEDULE' })).toEqual({
			kind: 'run',
			runId,
			endpointId: 'e',
			unitId: 'u.v',
			trigger: 'SCHEDULE',
		});
		expect(parseRunRequestItem({ kind: 'collect', requestId: runId })).toEqual({ kind: 'collect', requestId: runId });
	});

	it('names what is wrong', () => {
		expect(() => parseRunRequestItem({})).toThrow('The input item is not a run request: endpointId: is required; unitId: is required');
		expect(() => parseRunRequestItem({ kind: 'collect' })).toThrow('The input item is not a collection request: requestId: is required');
		expect(() => parseRunRequestItem({ endpointId: 'e', unitId: 'u', trigger: 'LATER' })).toThrow(/trigger: Invalid enum value/);
	});
});
