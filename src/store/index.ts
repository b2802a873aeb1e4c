export * from './models';
export { Store, type OpenStoreOptions } from './store';
export { resolveDatabase, DATABASE_URL_ENV, type DatabaseTarget } from './connection';
export { redactDatabaseUrl, scrubSecrets } from './database-url';
export { migrateStore, migrationStatus, revertMigrations, type MigrationReport, type MigrationStatus } from './migrator';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/embedded-postgres';
export { defaultDataRoot, EMBEDDED_DIR_ENV } from './embedded/data-root';
export { constraintViolation, type ConstraintViolation } from './db-errors';
export { findUnstorableText, isStorableText } from './storable-text';
