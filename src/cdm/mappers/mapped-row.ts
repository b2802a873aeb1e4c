/**
 * What a mapper returns: a row of the model, except that `cdm_id` is null when the source record had no id. Mappers
 * never throw; the writer's validation rejects such a row, naming the field.
 */
export type MappedRow<T extends { cdm_id: string }> = Omit<T, 'cdm_id'> & { cdm_id: string | null };

/** Where the records being mapped come from. */
export interface MapperContext {
	/** metadata_endpoints.id of the source endpoint (part of every cdm_id). */
	endpointId: string;
}
