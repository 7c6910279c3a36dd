/**
 * The PostgreSQL backend, through a `pg` Pool. `pg` is imported when the
 * backend opens, so an application that never uses PostgreSQL (a browser
 * tab on sql.js) does not load it.
 *
 * Each distinct SQL text gets a statement name, so every pooled client
 * prepares it once and then only binds and executes. Rows come back as
 * arrays (rowMode 'array'). Inside atomic() one client is pinned and every
 * query of that block runs on it (per async context when manouche/node
 * installed its context storage: see transaction.ts).
 */
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { type Backend, DataError, DatabaseError, IntegrityError, OperationalError, POSTGRESQL, ProgrammingError, type RunResult } from './base';
import { Transactional, type TxState } from './transaction';

export interface PostgresOptions extends PoolConfig {
  /** Run `SET search_path TO <schema>` on every new client (tests use a schema each). */
  schema?: string;
}

function mapError(e: unknown): Error {
  if (e instanceof DatabaseError) return e;
  const err = e as { code?: string; message?: string; constraint?: string; column?: string; detail?: string };
  const message = [err.message ?? String(e), err.detail].filter(Boolean).join(' — ');
  const code = err.code ?? '';
  if (code.startsWith('23')) return new IntegrityError(message, e);
  if (code.startsWith('22')) return new DataError(message, e);
  if (code.startsWith('42') || code === '0A000') return new ProgrammingError(message, e);
  return new OperationalError(message, e);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export class PostgresBackend extends Transactional implements Backend {
  readonly dialect = POSTGRESQL;
  readonly vendor = 'postgresql';
  private readonly names = new Map<string, string>();
  private queries = 0;

  private constructor(readonly pool: Pool) {
    super();
  }

  /** Opens a pool (nothing connects until the first query). */
  static async open(options: PostgresOptions = {}): Promise<PostgresBackend> {
    const pg = (await import('pg')).default;
    const { schema, ...config } = options;
    const types = {
      getTypeParser(oid: number, format?: any) {
        if (oid === 1082) return (v: string) => v; // date: keep 'YYYY-MM-DD'
        if (oid === 20) return (v: string) => Number(v); // bigint: ids and counts
        return pg.types.getTypeParser(oid, format);
      },
    };
    // The schema is a connection parameter, set before the first query runs.
    const extra = schema ? `-c search_path=${quoteIdent(schema).replace(/[\\ ]/g, '\\$&')}` : undefined;
    const pgOptions = [config.options, extra].filter(Boolean).join(' ') || undefined;
    const pool = new pg.Pool({ ...config, options: pgOptions, types } as PoolConfig);
    pool.on('error', () => undefined); // an idle client's error surfaces on the next query
    return new PostgresBackend(pool);
  }

  get queryCount(): number {
    return this.queries;
  }

  private statementName(sql: string): string {
    let name = this.names.get(sql);
    if (!name) {
      name = `m${this.names.size + 1}`;
      this.names.set(sql, name);
    }
    return name;
  }

  async query(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    this.queries++;
    const target = this.target();
    try {
      const res = await target.query({ name: this.statementName(sql), text: sql, values: params as unknown[], rowMode: 'array' });
      return res.rows as unknown[][];
    } catch (e) {
      throw mapError(e);
    }
  }

  async queryColumns(sql: string, params: readonly unknown[]): Promise<{ columns: string[]; rows: unknown[][]; changes?: number }> {
    this.queries++;
    const target = this.target();
    try {
      const res = await target.query({ name: this.statementName(sql), text: sql, values: params as unknown[], rowMode: 'array' });
      // pg's rowCount is null for statements without a row count (DDL), as psycopg's rowcount is -1
      return { columns: res.fields.map((f) => f.name), rows: res.rows as unknown[][], changes: res.rowCount ?? undefined };
    } catch (e) {
      throw mapError(e);
    }
  }

  async run(sql: string, params: readonly unknown[]): Promise<RunResult> {
    this.queries++;
    const target = this.target();
    try {
      const res = await target.query({ name: this.statementName(sql), text: sql, values: params as unknown[], rowMode: 'array' });
      return { changes: res.rowCount ?? 0 };
    } catch (e) {
      throw mapError(e);
    }
  }

  /** Runs SQL text with several statements and no parameters (schema scripts). */
  async executeScript(sql: string): Promise<void> {
    this.queries++;
    try {
      await this.target().query(sql);
    } catch (e) {
      throw mapError(e);
    }
  }

  // the client of the atomic() block this query runs in, or the pool
  private target(): Pool | PoolClient {
    return (this.tx()?.conn as PoolClient | null) ?? this.pool;
  }

  protected override async acquire(state: TxState): Promise<void> {
    try {
      state.conn = await this.pool.connect();
    } catch (e) {
      throw mapError(e);
    }
  }

  protected override release(state: TxState): void {
    const c = state.conn as PoolClient | null;
    state.conn = null;
    c?.release();
  }

  protected async control(sql: string, state: TxState): Promise<void> {
    try {
      await (state.conn as PoolClient).query(sql);
    } catch (e) {
      throw mapError(e);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
