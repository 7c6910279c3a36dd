/** Node-only adapters (server, file loaders, CLI) live here. */
export * from '../index';
export { FilePersistence, openSqliteFile } from './sqlite-file';
export { PostgresBackend, type PostgresOptions } from '../db/backends/postgresql';
export { nodeTemplateFS } from './template';
export { nodeMigrationFiles, type NodeMigrationFilesOptions } from './migrations';
export { interactiveQuestioner, MigrationsAborted } from './questioner';
