export * from './store';
export * from './cdm';
