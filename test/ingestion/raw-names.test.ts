import { copyLine, jsonbText } from '../../src/sinks/raw/copy-text';
import { MAX_IDENTIFIER_LENGTH, primaryKeyColumn, rawTableName, stagingTableName } from '../../src/sinks/raw/identifiers';
import { keyText, normalizeCursorValue, valueAtPath } from '../../src/sinks/raw/record-values';

describe('raw sink names', () => {
	it('names a table after endpoint and unit, readable when the ids are already clean', () => {
		expect(rawTableName('jira1', 'jira.issues')).toBe('jira1__jira_issues');
		expect(rawTableName('prod_jira', 'jira.worklogs')).toBe('prod_jira__jira_worklogs');
	});

	it('adds a hash when cleaning loses information, so distinct ids never share a table', () => {
		const names = [
			rawTableName('jira-1', 'jira.issues'),
			rawTableName('jira_1', 'jira.issues'),
			rawTableName('Jira_1', 'jira.issues'),
			rawTableName('jira.1', 'jira.issues'),
			rawTableName('jira1', 'jira.issue_types'),
			rawTableName('jira1', 'jira.issue.types'),
			rawTableName('1jira', 'jira.issues'),
		];
		expect(new Set(names).size).toBe(names.length);
		expect(names[0]).toMatch(/^jira_1__jira_issues_[0-9a-f]{8}$/);
		expect(names[6]).toMatch(/^e_1jira__jira_issues_[0-9a-f]{8}$/);
		for (const name of names) expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
	});

	it('caps long names at 63 characters with a hash, staging included', () => {
		const long = 'a'.repeat(60);
		const a = rawTableName(long, 'jira.issues');
		const b = rawTableName(`${long}b`, 'jira.issues');
		expect(a.length).toBe(MAX_IDENTIFIER_LENGTH);
		expect(a).not.toBe(b);
		expect(stagingTableName(a).length).toBe(MAX_IDENTIFIER_LENGTH);
		expect(stagingTableName('jira1__jira_issues')).toBe('jira1__jira_issues__stg');
	});

	it('names primary-key columns pk_<snake case>', () => {
		expect(primaryKeyColumn('id')).toBe('pk_id');
		expect(primaryKeyColumn('accountId')).toBe('pk_account_id');
		expect(primaryKeyColumn('fields.issueKey')).toBe('pk_fields__issue_key');
	});
});

describe('raw sink values', () => {
	it('reads dotted paths and key text', () => {
		const record = { id: 7, fields: { project: { key: 'ENG' } } };
		expect(valueAtPath(record, 'fields.project.key')).toBe('ENG');
		expect(valueAtPath(record, 'fields.nope.key')).toBeUndefined();
		expect(keyText(valueAtPath(record, 'id'))).toBe('7');
		expect(keyText(null)).toBeNull();
	});

	it('normalizes cursor values so text order is time order', () => {
		const values = ['2024-05-01T10:00:00.000+0200', '2024-05-01T08:30:00.000Z', '2024-05-01T09:15:00.000+01:00'];
		const normalized = values.map(normalizeCursorValue);
		expect(normalized).toEqual(['2024-05-01T08:00:00.000Z', '2024-05-01T08:30:00.000Z', '2024-05-01T08:15:00.000Z']);
		expect(normalizeCursorValue(42)).toBe('00000000000000000042');
		expect(normalizeCursorValue(9)! < normalizeCursorValue(10)!).toBe(true);
		expect(normalizeCursorValue('v2')).toBe('v2');
		expect(normalizeCursorValue(undefined)).toBeNull();
	});

	it('escapes COPY text and replaces NUL in jsonb text', () => {
		expect(copyLine(['a\tb', null, 'c\\d\ne\rf', 3])).toBe('a\\tb\t\\N\tc\\\\d\\ne\\rf\t3\n');
		expect(JSON.parse(jsonbText({ s: 'x\u0000y' }))).toEqual({ s: 'x\uFFFDy' });
		expect(jsonbText({ s: 'plain' })).toBe('{"s":"plain"}');
	});
});
