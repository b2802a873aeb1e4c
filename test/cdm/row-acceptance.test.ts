import comments from '../fixtures/jira/comments.json';
import issuesPage from '../fixtures/jira/issues-search-jql.json';
import projectsPage from '../fixtures/jira/projects-search.json';
import users from '../fixtures/jira/users-search.json';
import worklogs from '../fixtures/jira/worklogs-list.json';
import { JIRA_CDM_MAPPERS } from '../../src/cdm/mappers/jira';
import { CDM_WORK_MODELS } from '../../src/cdm/models';
import { CDM_WORK_MODEL_IDS, type CdmWorkModelId } from '../../src/cdm/model-ids';

const RECORDS: Record<CdmWorkModelId, unknown[]> = {
	'cdm.work.project': projectsPage.values,
	'cdm.work.user': users,
	'cdm.work.item': issuesPage.issues,
	'cdm.work.comment': comments,
	'cdm.work.worklog': worklogs,
};

/** Values that probe every column kind's edge: types, emptiness, ranges, calendar validity, timestamp forms. */
const PROBES: unknown[] = [
	null,
	undefined,
	'',
	'x',
	'todo',
	'in_progress',
	'done',
	'person',
	'app',
	'blocked',
	0,
	-1,
	1.5,
	2_147_483_647,
	2_147_483_648,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	true,
	false,
	[],
	['a', 'b'],
	['a', 1],
	[undefined],
	new Array(2),
	{},
	{ nested: { a: 1 } },
	Object.create(null),
	new Date('2024-01-01T00:00:00.000Z'),
	new Map(),
	'2024-01-01T00:00:00.000Z',
	'2024-02-29T23:59:59.999Z',
	'2023-02-29T00:00:00.000Z',
	'2024-02-30T00:00:00.000Z',
	'2024-13-01T00:00:00.000Z',
	'2024-01-01T24:00:00.000Z',
	'2024-01-01T00:00:60.000Z',
	'2024-01-01T00:00:00Z',
	'2024-01-01T00:00:00.000+01:00',
	'2024-01-01T00:00:00.000+0100',
	'2024-01-01 00:00:00.000Z',
	'0000-01-01T00:00:00.000Z',
	'+012024-01-01T00:00:00.000Z',
];

describe("model.accepts (the writer's fast path) never accepts what zod rejects", () => {
	it.each(CDM_WORK_MODEL_IDS)('%s: every probe in every column, plus extra and missing keys', (modelId) => {
		const model = CDM_WORK_MODELS[modelId];
		const base = JIRA_CDM_MAPPERS[modelId](RECORDS[modelId][0], { endpointId: 'probe' }) as Record<string, unknown>;
		const variants: unknown[] = [base, { ...base, extra: 1 }, null, [], 'row', Object.assign(Object.create({ inherited: 1 }), base)];
		for (const name of model.columnNames) {
			const { [name]: _dropped, ...missing } = base;
			variants.push(missing);
			for (const probe of PROBES) variants.push({ ...base, [name]: probe });
		}
		let accepted = 0;
		for (const variant of variants) {
			if (!model.accepts(variant)) continue;
			accepted++;
			const verdict = model.schema.safeParse(variant);
			expect(verdict.success ? 'zod accepts' : `zod rejects ${JSON.stringify(variant)}: ${verdict.error.message}`).toBe('zod accepts');
		}
		expect(accepted).toBeGreaterThan(model.columnNames.length); // the fast path is really exercised
	});

	it('vouches for every row the Jira mappers produce from the fixtures (so the fast path is the common case)', () => {
		for (const modelId of CDM_WORK_MODEL_IDS) {
			for (const record of RECORDS[modelId]) {
				const row = JIRA_CDM_MAPPERS[modelId](record, { endpointId: 'probe' });
				expect(CDM_WORK_MODELS[modelId].accepts(row)).toBe(CDM_WORK_MODELS[modelId].schema.safeParse(row).success);
			}
		}
	});
});
