/** The DATABASES engines that need Node: sql.js kept in a file, and PostgreSQL. */
import { registerDatabaseEngine } from '../db/connection';
import { PostgresBackend } from '../db/backends/postgresql';
import { SqlJsBackend } from '../db/backends/sqljs';
import { openSqliteFile } from './sqlite-file';

export function registerNodeEngines(): void {
  registerDatabaseEngine('manouche.db.backends.sqljs', (config) =>
    config.NAME && config.NAME !== ':memory:' ? openSqliteFile(config.NAME, config.OPTIONS ?? {}) : SqlJsBackend.open(config.OPTIONS ?? {}),
  );
  registerDatabaseEngine('manouche.db.backends.postgresql', (config) =>
    PostgresBackend.open({
      database: config.NAME,
      user: config.USER,
      password: config.PASSWORD,
      host: config.HOST,
      port: config.PORT === undefined || config.PORT === '' ? undefined : Number(config.PORT),
      ...(config.OPTIONS ?? {}),
    }),
  );
}
