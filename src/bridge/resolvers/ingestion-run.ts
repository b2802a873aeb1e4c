import { runCounts, type IngestionRunRecord } from '../../ingestion/run-record';
import { sanitizeRunError } from '../sanitize';

export const ingestionRunResolvers = {
	recordsRead: (run: IngestionRunRecord) => runCounts(run).recordsRead,
	rowsWritten: (run: IngestionRunRecord) => runCounts(run).rowsWritten,
	error: (run: IngestionRunRecord) => sanitizeRunError(run.error),
};
