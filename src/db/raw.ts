/**
 * Raw SQL with parameters (Django's `Manager.raw()` and `cursor.execute()`).
 * Placeholders are written `%s` on every backend, as in Django; they become
 * `?` for SQLite and `$1, $2, ...` for PostgreSQL. `%%` is a literal `%`.
 * Values are always passed as parameters, never spliced into the text.
 *
 * @example
 * const rows = await rawQuery('SELECT name FROM polls_author WHERE age > %s', [30]);
 * const people = await Author.objects.raw('SELECT * FROM polls_author WHERE name = %s', ['Ann']);
 */
import { ValueError } from '../core/exceptions';
import type { Dialect } from './backends/base';
import { connections } from './connection';

/** Rewrites `%s` placeholders for `dialect`, skipping quoted literals and identifiers. */
export function formatPlaceholders(sql: string, dialect: Dialect): { sql: string; count: number } {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      if (c === '%' && sql[i + 1] === '%') i++; // %% is a literal % everywhere
      out += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c === '%' && sql[i + 1] === 's') {
      n++;
      out += dialect === 1 ? `$${n}` : '?';
      i++;
    } else if (c === '%' && sql[i + 1] === '%') {
      out += '%';
      i++;
    } else out += c;
  }
  return { sql: out, count: n };
}

/**
 * Runs raw SQL on `using` and returns the column names and rows (a cursor's
 * execute + fetchall), with `changes` after an INSERT/UPDATE/DELETE.
 */
export async function rawQuery(sql: string, params: readonly unknown[] = [], options: { using?: string } = {}): Promise<{ columns: string[]; rows: unknown[][]; changes?: number }> {
  const backend = connections.get(options.using);
  const f = formatPlaceholders(sql, backend.dialect);
  if (f.count !== params.length) throw new ValueError(`The query has ${f.count} placeholders but ${params.length} parameters were given.`);
  return backend.queryColumns(f.sql, params.map((p) => adapt(p, backend.dialect)));
}

// Values the drivers cannot bind as they are, converted as the fields would.
function adapt(value: unknown, dialect: Dialect): unknown {
  if (value === undefined) return null;
  if (dialect === 1) return value;
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return value;
}
