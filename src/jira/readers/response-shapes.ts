import { z } from 'zod';

import { describeZodIssues } from '../endpoint-parameters';
import { JiraResponseError } from '../errors';
import type { JiraClient } from '../client';

/** Validates the envelope of a Jira response (the records inside stay Jira's own JSON). */
export function expectShape<S extends z.ZodTypeAny>(client: JiraClient, method: string, path: string, schema: S, value: unknown): z.output<S> {
	const parsed = schema.safeParse(value);
	if (!parsed.success) {
		throw new JiraResponseError({ endpointId: client.endpointId, method, path }, describeZodIssues(parsed.error, 'response'));
	}
	return parsed.data;
}

const record = z.object({}).passthrough();

export const issueSchema = z
	.object({ id: z.string(), key: z.string(), fields: z.object({}).passthrough().default({}) })
	.passthrough();

export const searchJqlResponse = z.object({
	issues: z.array(issueSchema),
	nextPageToken: z.string().nullish(),
	isLast: z.boolean().optional(),
});

export const searchOffsetResponse = z.object({
	issues: z.array(issueSchema),
	startAt: z.number().optional(),
	total: z.number().optional(),
});

export const commentPageResponse = z.object({
	comments: z.array(z.object({ id: z.string() }).passthrough()),
	total: z.number(),
	startAt: z.number().optional(),
});

export const worklogPageResponse = z.object({
	worklogs: z.array(z.object({ id: z.string(), issueId: z.string() }).passthrough()),
	total: z.number(),
	startAt: z.number().optional(),
});

export const worklogFeedResponse = z.object({
	values: z.array(z.object({ worklogId: z.union([z.number(), z.string()]), updatedTime: z.number() }).passthrough()),
	since: z.number().optional(),
	until: z.number().optional(),
	lastPage: z.boolean(),
});

export const worklogListResponse = z.array(z.object({ id: z.string(), issueId: z.string() }).passthrough());

export const valuesPageResponse = z.object({
	values: z.array(record),
	isLast: z.boolean().optional(),
	total: z.number().optional(),
});

export const recordArray = z.array(record);
