/**
 * Reading a database's schema (Django's DatabaseIntrospection): table
 * names, columns, foreign keys and unique constraints, on sql.js/SQLite
 * (PRAGMA) and PostgreSQL (information_schema and pg_catalog). Used by
 * flush, inspectdb and migrate (history table, --fake-initial).
 */
import { POSTGRESQL, type Backend } from './base';

export interface ColumnInfo {
  name: string;
  /** The declared type, lower case ('varchar(200)', 'integer', 'character varying'). */
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  /** An automatic key (SQLite INTEGER PRIMARY KEY, PostgreSQL identity or serial). */
  autoIncrement: boolean;
  maxLength: number | null;
  precision: number | null;
  scale: number | null;
  default: string | null;
}

export interface RelationInfo {
  column: string;
  table: string;
  targetColumn: string;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  relations: RelationInfo[];
  /** Unique constraints (one entry per constraint, its columns in order), the primary key excluded. */
  unique: string[][];
}

function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The tables of the database (views excluded), sorted. */
export async function tableNames(backend: Backend): Promise<string[]> {
  const sql =
    backend.dialect === POSTGRESQL
      ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
  return (await backend.query(sql, [])).map((r) => String(r[0]));
}

/** One table's columns, relations and unique constraints. */
export async function describeTable(backend: Backend, table: string): Promise<TableInfo> {
  return backend.dialect === POSTGRESQL ? describePostgres(backend, table) : describeSqlite(backend, table);
}

function sized(type: string): { maxLength: number | null; precision: number | null; scale: number | null } {
  const m = /\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(type);
  if (!m) return { maxLength: null, precision: null, scale: null };
  const isDecimal = /^(decimal|numeric)/.test(type);
  return {
    maxLength: isDecimal ? null : Number(m[1]),
    precision: isDecimal ? Number(m[1]) : null,
    scale: isDecimal ? Number(m[2] ?? 0) : null,
  };
}

async function describeSqlite(backend: Backend, table: string): Promise<TableInfo> {
  const info = await backend.query(`PRAGMA table_info(${q(table)})`, []);
  if (!info.length) throw new Error(`The table '${table}' does not exist.`);
  const pkCount = info.filter((r) => Number(r[5]) > 0).length;
  const columns: ColumnInfo[] = info.map((r) => {
    const type = String(r[2] ?? '').toLowerCase();
    const primaryKey = Number(r[5]) > 0 && pkCount === 1;
    return {
      name: String(r[1]),
      type,
      nullable: Number(r[3]) === 0 && !primaryKey,
      primaryKey,
      autoIncrement: primaryKey && type === 'integer',
      default: r[4] === null ? null : String(r[4]),
      ...sized(type),
    };
  });
  const relations = (await backend.query(`PRAGMA foreign_key_list(${q(table)})`, [])).map((r) => ({
    column: String(r[3]),
    table: String(r[2]),
    targetColumn: r[4] === null ? 'id' : String(r[4]),
  }));
  const unique: string[][] = [];
  for (const idx of await backend.query(`PRAGMA index_list(${q(table)})`, [])) {
    if (Number(idx[2]) !== 1 || idx[3] === 'pk') continue;
    const cols = (await backend.query(`PRAGMA index_info(${q(String(idx[1]))})`, [])).map((r) => String(r[2]));
    unique.push(cols);
  }
  return { name: table, columns, relations, unique };
}

async function describePostgres(backend: Backend, table: string): Promise<TableInfo> {
  const rows = await backend.query(
    `SELECT column_name, data_type, is_nullable, column_default, character_maximum_length, numeric_precision, numeric_scale, is_identity
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  if (!rows.length) throw new Error(`The table '${table}' does not exist.`);
  const constraints = await backend.query(
    `SELECT c.contype, array_to_string(array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i), ','),
            ft.relname, array_to_string(array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i), ',')
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
       LEFT JOIN pg_class ft ON ft.oid = c.confrelid
      WHERE t.relname = $1 AND ns.nspname = current_schema() ORDER BY c.conname`,
    [table],
  );
  const pk = constraints.find((c) => c[0] === 'p');
  const pkCols = pk ? String(pk[1]).split(',') : [];
  const columns: ColumnInfo[] = rows.map((r) => {
    const name = String(r[0]);
    const primaryKey = pkCols.length === 1 && pkCols[0] === name;
    const def = r[3] === null ? null : String(r[3]);
    const type = String(r[1]).toLowerCase();
    const isDecimal = type === 'numeric';
    return {
      name,
      type,
      nullable: r[2] === 'YES',
      primaryKey,
      autoIncrement: primaryKey && (r[7] === 'YES' || (def?.startsWith('nextval(') ?? false)),
      maxLength: r[4] === null ? null : Number(r[4]),
      precision: isDecimal && r[5] !== null ? Number(r[5]) : null,
      scale: isDecimal && r[6] !== null ? Number(r[6]) : null,
      default: def,
    };
  });
  const relations: RelationInfo[] = [];
  const unique: string[][] = [];
  for (const c of constraints) {
    const cols = String(c[1]).split(',');
    if (c[0] === 'f' && cols.length === 1) relations.push({ column: cols[0]!, table: String(c[2]), targetColumn: String(c[3]).split(',')[0]! });
    if (c[0] === 'u') unique.push(cols);
  }
  return { name: table, columns, relations, unique };
}

/** The column names of `table` (empty when it does not exist): migrate's --fake-initial check. */
export async function columnNames(backend: Backend, table: string): Promise<string[]> {
  if (backend.dialect === POSTGRESQL) {
    const rows = await backend.query('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table]);
    return rows.map((r) => String(r[0]));
  }
  const rows = await backend.query(`SELECT name FROM pragma_table_info(?)`, [table]);
  return rows.map((r) => String(r[0]));
}
