/**
 * Reading the schema back (django.db.backends.*.introspection): the tables
 * of the database and the columns of a table, for migrate's history table
 * and --fake-initial.
 */
import type { Backend } from './base';
import { POSTGRESQL } from './base';

/** The tables of the current database (the current schema on PostgreSQL). */
export async function tableNames(backend: Backend): Promise<string[]> {
  const rows =
    backend.dialect === POSTGRESQL
      ? await backend.query('SELECT tablename FROM pg_tables WHERE schemaname = current_schema()', [])
      : await backend.query("SELECT name FROM sqlite_master WHERE type = 'table'", []);
  return rows.map((r) => String(r[0]));
}

/** The column names of `table` (empty when it does not exist). */
export async function columnNames(backend: Backend, table: string): Promise<string[]> {
  if (backend.dialect === POSTGRESQL) {
    const rows = await backend.query('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table]);
    return rows.map((r) => String(r[0]));
  }
  const rows = await backend.query(`SELECT name FROM pragma_table_info(?)`, [table]);
  return rows.map((r) => String(r[0]));
}
