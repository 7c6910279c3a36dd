/**
 * The sql.js backend: SQLite compiled to WebAssembly, in memory, in Node and
 * in browsers. Persistence to a file lives in src/node/ (it only needs
 * `export()` and `open({ data })`).
 *
 * Every distinct SQL text is prepared once and its statement reused (bound,
 * stepped, reset); rows come back with `get()` as arrays, never as objects.
 * sql.js frees every statement when the database is exported or closed, so
 * the cache is dropped then.
 */
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic, Statement as SqlJsStatement } from 'sql.js';
import { type Backend, DataError, DatabaseError, IntegrityError, OperationalError, ProgrammingError, type RunResult, SQLITE } from './base';
import { applyPragmas } from './sqljs-pragmas';
import { Transactional } from './transaction';

export { applyPragmas };

/**
 * Where a sql.js database lives between runs (injected: the Node file
 * implementation is in src/node/sqlite-file.ts). The backend writes one
 * journal record per committed transaction, durably, before the commit
 * returns; a checkpoint replaces the snapshot and empties the journal.
 * Each method may answer synchronously (a file) or with a promise (IndexedDB,
 * src/browser/persistence.ts); the backend awaits either before going on.
 */
export interface Persistence {
  /** The last snapshot (null: none yet) and the journal records written after it. */
  load(): Loaded | Promise<Loaded>;
  /** Appends one record durably (returns once it is on disk). */
  append(record: Uint8Array): void | Promise<void>;
  /** Replaces the snapshot with `snapshot` and empties the journal, atomically. */
  checkpoint(snapshot: Uint8Array): void | Promise<void>;
  /** Bytes in the journal (the backend checkpoints past a threshold). */
  journalSize(): number;
  /** Releases files or handles (after the final checkpoint). */
  close?(): void;
}

/** What Persistence.load() finds. */
export interface Loaded {
  snapshot: Uint8Array | null;
  records: Uint8Array[];
}

export interface SqlJsOptions {
  /** Keeps the database in a file (or elsewhere); see Persistence. */
  persistence?: Persistence;
  /** Journal bytes after which a commit also checkpoints (default 8 MiB). */
  checkpointBytes?: number;
  /** A database file's bytes to start from (an empty database otherwise). */
  data?: Uint8Array;
  /** An initialised sql.js module (it is loaded once otherwise). */
  sqlJs?: SqlJsStatic;
  /** Where the browser finds sql-wasm.wasm (passed to initSqlJs). */
  locateFile?: (file: string) => string;
  /** Prepared statements kept (least recently prepared evicted first). */
  statementCacheSize?: number;
}

let sqlJsPromise: Promise<SqlJsStatic> | null = null;

// A write statement (leading comments skipped), as Python's sqlite3 decides when to set rowcount.
const DML = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:INSERT|UPDATE|DELETE|REPLACE)\b/i;

function mapError(e: unknown, sql: string): Error {
  if (e instanceof DatabaseError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const at = ` (in: ${sql.length > 200 ? `${sql.slice(0, 200)}...` : sql})`;
  if (/constraint failed|UNIQUE|NOT NULL|FOREIGN KEY|CHECK constraint/i.test(message)) return new IntegrityError(message, e);
  if (/datatype mismatch|too big|string or blob too big/i.test(message)) return new DataError(message + at, e);
  if (/no such (table|column|function)|syntax error|has no column|ambiguous column|wrong number of arguments/i.test(message)) {
    // Django maps SQLite's "no such table" to OperationalError, as sqlite3 does.
    return /no such table/.test(message) ? new OperationalError(message + at, e) : new ProgrammingError(message + at, e);
  }
  return new OperationalError(message + at, e);
}

export class SqlJsBackend extends Transactional implements Backend {
  readonly dialect = SQLITE;
  readonly vendor = 'sqlite';
  private db: Database | null;
  private readonly statements = new Map<string, SqlJsStatement>();
  private readonly cacheSize: number;
  private readonly regexCache = new Map<string, RegExp>();
  private queries = 0;
  private readonly persistence: Persistence | null;
  private readonly checkpointBytes: number;
  /** Write statements of the open transaction, with savepoint marks. */
  private pending: Array<[string, readonly unknown[]]> | null = null;
  private marks: number[] = [];
  private seq = 0;

  private constructor(
    private readonly SQL: SqlJsStatic,
    data: Uint8Array | undefined,
    options: SqlJsOptions,
    loaded: Loaded | null,
  ) {
    super();
    this.persistence = options.persistence ?? null;
    this.checkpointBytes = options.checkpointBytes ?? 8 * 1024 * 1024;
    this.db = new SQL.Database(loaded?.snapshot ?? data);
    this.cacheSize = options.statementCacheSize ?? 500;
    this.setup();
    if (loaded) this.replay(loaded.records);
  }

  /**
   * Reads the database again from its persistence (another tab or worker
   * wrote to it since): the snapshot, then the journal. Refused inside a
   * transaction; prepared statements are dropped.
   */
  async reload(): Promise<void> {
    if (!this.persistence) throw new OperationalError('reload() needs a database with a persistence to read from.');
    if (this.inAtomicBlock) throw new OperationalError('Cannot reload the database inside a transaction.');
    const loaded = await this.persistence.load();
    this.dropStatements();
    this.database().close();
    this.db = new this.SQL.Database(loaded.snapshot ?? undefined);
    this.setup();
    this.replay(loaded.records);
  }

  // ---------------------------------------------------------------------------
  // Journal: one record per committed transaction, [seq, [[sql, params], ...]]

  private replay(records: Uint8Array[]): void {
    const db = this.database();
    db.run('CREATE TABLE IF NOT EXISTS "manouche_journal_state" ("id" integer PRIMARY KEY, "seq" integer NOT NULL)');
    const row = db.exec('SELECT "seq" FROM "manouche_journal_state" WHERE "id" = 1')[0];
    this.seq = row ? Number(row.values[0]![0]) : 0;
    const decoder = new TextDecoder();
    for (const bytes of records) {
      const [seq, statements] = JSON.parse(decoder.decode(bytes)) as [number, Array<[string, unknown[]]>];
      if (seq <= this.seq) continue; // already in the snapshot
      db.run('BEGIN');
      for (const [sql, params] of statements) db.run(sql, params as any);
      db.run('COMMIT');
      this.seq = seq;
    }
  }

  private async record(sql: string, params: readonly unknown[]): Promise<void> {
    if (!this.persistence) return;
    if (this.pending) this.pending.push([sql, params]);
    else await this.commitRecords([[sql, params]]);
  }

  private async commitRecords(statements: Array<[string, readonly unknown[]]>): Promise<void> {
    if (!this.persistence || statements.length === 0) return;
    this.seq++;
    await this.persistence.append(new TextEncoder().encode(JSON.stringify([this.seq, statements])));
    if (this.persistence.journalSize() > this.checkpointBytes) await this.checkpoint();
  }

  /** Writes a snapshot and empties the journal (also done by close()). */
  async checkpoint(): Promise<void> {
    if (!this.persistence) return;
    this.database().run('INSERT OR REPLACE INTO "manouche_journal_state" ("id", "seq") VALUES (1, ?)', [this.seq]);
    await this.persistence.checkpoint(this.export());
  }

  /** Opens an in-memory database (from `data` when given). */
  static async open(options: SqlJsOptions = {}): Promise<SqlJsBackend> {
    let SQL = options.sqlJs;
    if (!SQL) {
      sqlJsPromise ??= initSqlJs(options.locateFile ? { locateFile: options.locateFile } : undefined);
      SQL = await sqlJsPromise;
    }
    const loaded = options.persistence ? await options.persistence.load() : null;
    return new SqlJsBackend(SQL, options.data, options, loaded);
  }

  private setup(): void {
    const db = this.database();
    applyPragmas(db);
    db.create_function('regexp', (pattern: string | null, value: unknown) => {
      if (pattern === null || value === null) return null;
      let re = this.regexCache.get(pattern);
      if (!re) {
        re = pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
        this.regexCache.set(pattern, re);
      }
      return re.test(String(value)) ? 1 : 0;
    });
  }

  /** The sql.js Database (for tests and tools). */
  database(): Database {
    if (!this.db) throw new OperationalError('Cannot operate on a closed database.');
    return this.db;
  }

  get queryCount(): number {
    return this.queries;
  }

  /** Prepared statements held now (tests check reuse and invalidation). */
  get preparedCount(): number {
    return this.statements.size;
  }

  private prepare(sql: string): SqlJsStatement {
    let stmt = this.statements.get(sql);
    if (stmt) return stmt;
    try {
      stmt = this.database().prepare(sql);
    } catch (e) {
      throw mapError(e, sql);
    }
    if (this.statements.size >= this.cacheSize) {
      const [oldest, old] = this.statements.entries().next().value as [string, SqlJsStatement];
      old.free();
      this.statements.delete(oldest);
    }
    this.statements.set(sql, stmt);
    return stmt;
  }

  query(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    // Not an async function: sql.js answers at once, and a suspended frame is about 400 bytes per query.
    let rows: unknown[][];
    try {
      rows = this.querySync(sql, params);
    } catch (e) {
      return Promise.reject(e);
    }
    // INSERT ... RETURNING comes through here too
    if (this.persistence && !/^\s*SELECT\b/i.test(sql)) return this.record(sql, params).then(() => rows);
    return Promise.resolve(rows);
  }

  async queryColumns(sql: string, params: readonly unknown[]): Promise<{ columns: string[]; rows: unknown[][]; changes?: number }> {
    const rows = this.querySync(sql, params);
    // Read before any await (another statement would overwrite it). SQLite's
    // changes() keeps the last write's count through a SELECT or DDL, so only a
    // write reports it, as Python's sqlite3 sets rowcount.
    const changes = DML.test(sql) ? this.database().getRowsModified() : undefined;
    if (this.persistence && !/^\s*SELECT\b/i.test(sql)) await this.record(sql, params);
    return { columns: this.prepare(sql).getColumnNames(), rows, changes };
  }

  /** The synchronous core of query() (sql.js itself is synchronous). */
  querySync(sql: string, params: readonly unknown[]): unknown[][] {
    this.queries++;
    const stmt = this.prepare(sql);
    const rows: unknown[][] = [];
    try {
      if (params.length) stmt.bind(params as any);
      while (stmt.step()) rows.push(stmt.get());
    } catch (e) {
      throw mapError(e, sql);
    } finally {
      stmt.reset();
    }
    return rows;
  }

  async run(sql: string, params: readonly unknown[]): Promise<RunResult> {
    this.queries++;
    const stmt = this.prepare(sql);
    try {
      if (params.length) stmt.bind(params as any);
      while (stmt.step()) {
        /* RETURNING rows are not needed here */
      }
    } catch (e) {
      throw mapError(e, sql);
    } finally {
      stmt.reset();
    }
    const changes = this.database().getRowsModified();
    await this.record(sql, params);
    return { changes };
  }

  /** Runs SQL text with several statements and no parameters (schema scripts). */
  async executeScript(sql: string): Promise<void> {
    this.queries++;
    try {
      this.database().exec(sql);
    } catch (e) {
      throw mapError(e, sql);
    }
    await this.record(sql, []);
  }

  protected override readonly singleConnection = true;

  protected async control(sql: string): Promise<void> {
    try {
      this.database().run(sql);
    } catch (e) {
      throw mapError(e, sql);
    }
    if (!this.persistence) return;
    // Keep the journal's view of the transaction in step with SQLite's.
    if (sql === 'BEGIN') {
      this.pending = [];
      this.marks = [];
    } else if (sql === 'COMMIT') {
      const statements = this.pending ?? [];
      this.pending = null;
      await this.commitRecords(statements);
    } else if (sql === 'ROLLBACK') {
      this.pending = null;
    } else if (sql.startsWith('SAVEPOINT')) {
      this.marks.push(this.pending?.length ?? 0);
    } else if (sql.startsWith('ROLLBACK TO')) {
      this.pending?.splice(this.marks[this.marks.length - 1]!);
    } else if (sql.startsWith('RELEASE')) {
      this.marks.pop();
    }
  }

  private dropStatements(): void {
    for (const stmt of this.statements.values()) {
      try {
        stmt.free();
      } catch {
        /* already freed by sql.js */
      }
    }
    this.statements.clear();
  }

  /** The database file's bytes. sql.js resets its connection here: statements are re-prepared. */
  export(): Uint8Array {
    this.dropStatements();
    const bytes = this.database().export();
    // export() closes and reopens the connection, which resets PRAGMAs.
    applyPragmas(this.database());
    return bytes;
  }

  async close(): Promise<void> {
    if (!this.db) return;
    if (this.persistence) {
      await this.checkpoint();
      this.persistence.close?.();
    }
    this.dropStatements();
    this.db.close();
    this.db = null;
  }
}
