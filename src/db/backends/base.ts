/**
 * The one interface every database backend implements, and Django's database
 * exceptions (django.db.utils). Nothing above this layer touches a driver.
 *
 * A backend runs SQL text the query compiler produced (src/db/sql/) with
 * positional parameters and hands rows back as arrays, column by column, in
 * the order of the SELECT list: models hydrate by position, never by name.
 */

/** The SQL dialect, as the WebAssembly compiler numbers it. */
export type Dialect = 0 | 1;
export const SQLITE: Dialect = 0;
export const POSTGRESQL: Dialect = 1;

/** Base of every database error (Django's DatabaseError). */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
  /** The driver's own error, for inspection. */
  override readonly cause?: unknown;
  constructor(message: string, cause?: unknown) {
    super(message);
    this.cause = cause;
  }
}
/** A constraint failed: unique, not null, foreign key, check. */
export class IntegrityError extends DatabaseError {
  override name = 'IntegrityError';
}
/** A value does not fit its column (too long, out of range, bad format). */
export class DataError extends DatabaseError {
  override name = 'DataError';
}
/** The SQL is wrong for this database: unknown table or column, bad syntax. */
export class ProgrammingError extends DatabaseError {
  override name = 'ProgrammingError';
}
/** The database cannot do the operation now: connection lost, locked, closed. */
export class OperationalError extends DatabaseError {
  override name = 'OperationalError';
}
/** The database or the ORM does not support this operation (Django's NotSupportedError). */
export class NotSupportedError extends DatabaseError {
  override name = 'NotSupportedError';
}
/** The transaction state does not allow the operation. */
export class TransactionManagementError extends ProgrammingError {
  override name = 'TransactionManagementError';
}

/** One executed statement's outcome. */
export interface RunResult {
  /** Rows changed by INSERT / UPDATE / DELETE. */
  changes: number;
}

/**
 * A database connection as the ORM sees it. Implementations: SqlJsBackend
 * (./sqljs.ts) and PostgresBackend (./postgresql.ts).
 */
export interface Backend {
  readonly dialect: Dialect;
  /** Human name, as Django's `connection.vendor` ('sqlite', 'postgresql'). */
  readonly vendor: string;
  /** Runs a query and returns every row as an array of column values. */
  query(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  /**
   * query() without the promise, for a driver that is synchronous (sql.js):
   * reads only (a SELECT), whose result query() would hand back unchanged.
   * get() by primary key uses it to save an async frame.
   */
  querySync?(sql: string, params: readonly unknown[]): unknown[][];
  /**
   * Runs a query and returns the column names with the rows (raw SQL), and
   * `changes`, the rows an INSERT/UPDATE/DELETE changed (absent for other
   * statements): a DB-API cursor's rowcount after a write.
   */
  queryColumns(sql: string, params: readonly unknown[]): Promise<{ columns: string[]; rows: unknown[][]; changes?: number }>;
  /** Runs SQL text with several statements and no parameters (schema scripts). */
  executeScript(sql: string): Promise<void>;
  /** Runs a statement that returns no rows. */
  run(sql: string, params: readonly unknown[]): Promise<RunResult>;
  /** Runs `fn` inside a transaction (or a savepoint when one is open). */
  atomic<T>(fn: () => Promise<T>, options?: { savepoint?: boolean }): Promise<T>;
  /** True while a transaction opened by atomic() is running. */
  readonly inAtomicBlock: boolean;
  /** Registers `fn` to run after the outermost transaction commits. */
  onCommit(fn: () => unknown): void;
  /** Statements run since the connection opened (tests count queries with it). */
  readonly queryCount: number;
  close(): Promise<void>;
}

/** Maps `?`-free placeholders: a compiled statement and its parameter order. */
export interface Statement {
  readonly sql: string;
  /** For each placeholder in `sql`, the index of the parameter it takes. */
  readonly order: Int32Array;
  /** True when `order` is 0, 1, 2, ...: parameters pass through unchanged. */
  readonly identity: boolean;
}
