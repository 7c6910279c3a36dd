/**
 * The DATABASES engines that need Node: sql.js kept in a file, and
 * PostgreSQL. Each backend's module is loaded when a DATABASES entry first
 * names its engine (as Django imports ENGINE by its dotted path), so a
 * process that never opens PostgreSQL never loads its backend.
 */
import { registerDatabaseEngine, type DatabaseEngine } from '../db/connection';
import { SqlJsBackend } from '../db/backends/sqljs';

/**
 * Registers them (a function, not an import's side effect: the package's
 * `sideEffects` list names only dist/ files, so a bare `import './engines'`
 * would be dropped from the build).
 */
export function registerNodeEngines(): void {
  registerDatabaseEngine('manouche.db.backends.sqljs', openSqlJs);
  registerDatabaseEngine('manouche.db.backends.postgresql', openPostgres);
}

const openSqlJs: DatabaseEngine = async (config) => {
  if (!config.NAME || config.NAME === ':memory:') return SqlJsBackend.open(config.OPTIONS ?? {});
  const { openSqliteFile } = await import('./sqlite-file');
  return openSqliteFile(config.NAME, config.OPTIONS ?? {});
};

const openPostgres: DatabaseEngine = async (config) => {
  const { PostgresBackend } = await import('../db/backends/postgresql');
  return PostgresBackend.open({
    database: config.NAME,
    user: config.USER,
    password: config.PASSWORD,
    host: config.HOST,
    port: config.PORT === undefined || config.PORT === '' ? undefined : Number(config.PORT),
    ...(config.OPTIONS ?? {}),
  });
};
