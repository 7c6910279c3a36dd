/** Node-only adapters (server, file loaders, CLI) live here. */
export * from '../index';
export { FilePersistence, openSqliteFile } from './sqlite-file';
export { PostgresBackend, type PostgresOptions } from '../db/backends/postgresql';
export { nodeTemplateFS } from './template';
export { executeFromCommandLine, callCommand, BaseCommand, CommandError, SystemCheckError, ArgumentParser, type CommandOptions } from '../core/management/index';

import { registerDatabaseEngine } from '../db/connection';
import { PostgresBackend as Postgres } from '../db/backends/postgresql';
import { SqlJsBackend } from '../db/backends/sqljs';
import { openSqliteFile as openFile } from './sqlite-file';

// DATABASES engines that need Node: sql.js kept in a file, and PostgreSQL.
registerDatabaseEngine('manouche.db.backends.sqljs', (config) =>
  config.NAME && config.NAME !== ':memory:' ? openFile(config.NAME, config.OPTIONS ?? {}) : SqlJsBackend.open(config.OPTIONS ?? {}),
);
registerDatabaseEngine('manouche.db.backends.postgresql', (config) =>
  Postgres.open({
    database: config.NAME,
    user: config.USER,
    password: config.PASSWORD,
    host: config.HOST,
    port: config.PORT === undefined || config.PORT === '' ? undefined : Number(config.PORT),
    ...(config.OPTIONS ?? {}),
  }),
);
