import { datasetResolvers } from './dataset';
import { endpointResolvers } from './endpoint';
import { ingestionRunResolvers } from './ingestion-run';
import { ingestionUnitResolvers } from './ingestion-unit';
import { ingestionUnitConfigResolvers } from './ingestion-unit-config';
import { mutationResolvers } from './mutation';
import { queryResolvers } from './query';
import { scalarResolvers } from './scalars';

/** One resolver module per type; types not listed resolve from their records' properties. */
export const resolvers = {
	...scalarResolvers,
	Query: queryResolvers,
	Mutation: mutationResolvers,
	IngestionUnitConfig: ingestionUnitConfigResolvers,
	Dataset: datasetResolvers,
	Endpoint: endpointResolvers,
	IngestionUnit: ingestionUnitResolvers,
	IngestionRun: ingestionRunResolvers,
};
