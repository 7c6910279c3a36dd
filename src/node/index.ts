/** Node-only adapters (server, file loaders, CLI) live here. */
export * from '../index';
export { FilePersistence, openSqliteFile } from './sqlite-file';
export { PostgresBackend, type PostgresOptions } from '../db/backends/postgresql';
export { nodeTemplateFS } from './template';
export { executeFromCommandLine, callCommand, BaseCommand, CommandError, SystemCheckError, ArgumentParser, type CommandOptions } from '../core/management/index';

import { registerNodeEngines } from './engines';

// DATABASES engines that need Node: sql.js kept in a file, and PostgreSQL.
registerNodeEngines();
