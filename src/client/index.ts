export { IngestionClient, createIngestionClient, BridgeRequestError, type IngestionClientOptions } from './client';
export * from './types';
export { ALL_DOCUMENTS } from './documents';
