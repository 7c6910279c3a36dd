/**
 * Django's `connection.cursor()`: execute raw SQL with `%s` parameters, then
 * fetch the rows one, some or all at a time (PEP 249 names, camelCase where
 * JavaScript needs it). The rows are read when `execute()` resolves; fetching
 * is synchronous, as on a DB-API cursor over a buffered result.
 *
 * @example
 * const c = cursor();
 * await c.execute('SELECT name, age FROM polls_author WHERE age > %s ORDER BY name', [30]);
 * c.description;   // [['name'], ['age']]
 * const first = c.fetchone();  // ['Ann', 41] or null
 * const rest = c.fetchall();
 */
import { ValueError } from '../core/exceptions';
import { rawQuery } from './raw';

export class Cursor {
  /** One entry per result column (its name first, as in PEP 249), or null before a query with rows. */
  description: Array<[string]> | null = null;
  /**
   * Rows the last statement returned, or the rows an INSERT/UPDATE/DELETE
   * changed; -1 for anything else (DDL: PEP 249's "cannot be determined").
   */
  rowcount = -1;
  private rows: unknown[][] = [];
  private at = 0;
  private closed = false;

  constructor(private readonly using?: string) {}

  /** Runs `sql` (`%s` placeholders, `%%` a literal %) with `params`, always bound, never spliced. */
  async execute(sql: string, params: readonly unknown[] = []): Promise<this> {
    if (this.closed) throw new ValueError('Cursor is closed.');
    // a failed execute leaves no result of the statement before (as sqlite3 and psycopg reset rowcount)
    this.rows = [];
    this.at = 0;
    this.description = null;
    this.rowcount = -1;
    const { columns, rows, changes } = await rawQuery(sql, params, { using: this.using });
    this.rows = rows;
    this.description = columns.length ? columns.map((c) => [c] as [string]) : null;
    this.rowcount = columns.length ? rows.length : (changes ?? -1);
    return this;
  }

  /** The next row, or null when none is left. */
  fetchone(): unknown[] | null {
    return this.at < this.rows.length ? this.rows[this.at++]! : null;
  }

  /** Up to `size` next rows. */
  fetchmany(size = 1): unknown[][] {
    if (!Number.isInteger(size) || size < 0) throw new ValueError('fetchmany() size must be a non-negative integer.');
    const out = this.rows.slice(this.at, this.at + size);
    this.at += out.length;
    return out;
  }

  /** Every row not fetched yet. */
  fetchall(): unknown[][] {
    const out = this.rows.slice(this.at);
    this.at = this.rows.length;
    return out;
  }

  /** Forgets the result; later execute() calls fail. */
  close(): void {
    this.closed = true;
    this.rows = [];
  }
}

/** A cursor on the database `using` ('default' unless given). */
export function cursor(using?: string): Cursor {
  return new Cursor(using);
}
