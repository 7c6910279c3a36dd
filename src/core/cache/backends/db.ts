/**
 * Django's DatabaseCache (django.core.cache.backends.db): entries in a table
 * named by LOCATION, on the 'default' database (Django without a router),
 * made by `createcachetable`:
 *
 *   cache_key varchar(255) PRIMARY KEY, value text, expires datetime (indexed)
 *
 * Values are stored as JSON text (Django pickles): what JSON keeps round-trips;
 * undefined cannot be stored. A key that never expires gets Django's
 * datetime.max-like 9999-12-31. OPTIONS.MAX_ENTRIES (300) and
 * OPTIONS.CULL_FREQUENCY (3) cull as Django's _cull does: expired rows first,
 * then 1/CULL_FREQUENCY of the keys in key order (0: everything). Isomorphic.
 *
 * @example
 * configure({ CACHES: { default: { BACKEND: 'django.core.cache.backends.db.DatabaseCache', LOCATION: 'my_cache_table' } } });
 * // npx manouche createcachetable
 */
import { ProgrammingError, POSTGRESQL, type Backend } from '../../../db/backends/base';
import { q } from '../../../db/backends/ddl';
import { tableNames } from '../../../db/backends/introspection';
import { connections } from '../../../db/connection';
import { ImproperlyConfigured, ValueError } from '../../exceptions';
import { BaseCache, type CacheParams, type Timeout } from './base';

/** Stored for a timeout of None (Django stores datetime.max). */
const NEVER = '9999-12-31T23:59:59.999Z';
/** The cache_key column's length. */
export const MAX_KEY_LENGTH = 255;

export class DatabaseCache extends BaseCache {
  readonly table: string;
  readonly maxEntries: number;
  readonly cullFrequency: number;

  constructor(table = '', params: CacheParams = {}) {
    super(params);
    if (!table) throw new ImproperlyConfigured("DatabaseCache needs LOCATION: the name of its table (made by 'createcachetable').");
    this.table = table;
    this.maxEntries = Number(params.OPTIONS?.MAX_ENTRIES ?? 300);
    this.cullFrequency = Number(params.OPTIONS?.CULL_FREQUENCY ?? 3);
  }

  /** The database the table lives on (Django's router-free choice: 'default'). */
  get db(): Backend {
    return connections.get('default');
  }

  private ph(db: Backend, i: number): string {
    return db.dialect === POSTGRESQL ? `$${i}` : '?';
  }

  private phs(db: Backend, from: number, n: number): string {
    return Array.from({ length: n }, (_, i) => this.ph(db, from + i)).join(', ');
  }

  override validateKey(key: string): void {
    super.validateKey(key);
    if (key.length > MAX_KEY_LENGTH) throw new ValueError(`Cache key is longer than ${MAX_KEY_LENGTH} characters (${key.length}), the length of ${q(this.table)}.cache_key: ${JSON.stringify(key.slice(0, 40))}...`);
  }

  protected override makeAndValidateKey(key: string, version?: number): string {
    this.validateKey(key);
    const k = this.makeKey(key, version);
    if (k.length > MAX_KEY_LENGTH) throw new ValueError(`Cache key ${JSON.stringify(k.slice(0, 40))}... is longer than ${MAX_KEY_LENGTH} characters with its prefix and version.`);
    return k;
  }

  private expiresAt(timeout: Timeout): string {
    let s = this.timeoutSeconds(timeout);
    if (s === null) return NEVER;
    if (s === 0) s = -1; // Django's get_backend_timeout: 0 expires at once
    return new Date(Date.now() + s * 1000).toISOString();
  }

  private encode(value: unknown): string {
    const text = JSON.stringify(value);
    if (text === undefined) throw new ValueError(`DatabaseCache cannot store ${typeof value} values (they have no JSON form).`);
    return text;
  }

  /** Runs `fn`; a failure because the table is missing becomes an error naming it and createcachetable. */
  private async guard<T>(fn: (db: Backend) => Promise<T>): Promise<T> {
    const db = this.db;
    try {
      return await fn(db);
    } catch (e) {
      let missing = false;
      try {
        missing = !(await tableNames(db)).includes(this.table);
      } catch {
        /* the original error says more */
      }
      if (missing) throw new ProgrammingError(`The cache table '${this.table}' does not exist: run 'createcachetable' to create it.`, e);
      throw e;
    }
  }

  override async getMany<T = unknown>(keys: Iterable<string>, version?: number): Promise<Map<string, T>> {
    const byKey = new Map<string, string>();
    for (const k of keys) byKey.set(this.makeAndValidateKey(k, version), k);
    const out = new Map<string, T>();
    if (!byKey.size) return out;
    const made = [...byKey.keys()];
    const now = new Date().toISOString();
    await this.guard(async (db) => {
      const rows = await db.query(
        `SELECT cache_key, value FROM ${q(this.table)} WHERE cache_key IN (${this.phs(db, 1, made.length)}) AND expires >= ${this.ph(db, made.length + 1)}`,
        [...made, now],
      );
      const found = new Map(rows.map((r) => [String(r[0]), JSON.parse(String(r[1])) as T]));
      for (const k of made) if (found.has(k)) out.set(byKey.get(k)!, found.get(k)!);
      // Django deletes the expired entries it read.
      if (found.size < made.length) {
        await db.run(`DELETE FROM ${q(this.table)} WHERE cache_key IN (${this.phs(db, 1, made.length)}) AND expires < ${this.ph(db, made.length + 1)}`, [...made, now]);
      }
    });
    return out;
  }

  async get<T = unknown>(key: string, defaultValue?: T, version?: number): Promise<T | undefined> {
    const found = await this.getMany<T>([key], version);
    return found.has(key) ? found.get(key) : defaultValue;
  }

  async set(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<void> {
    await this.baseSet('set', this.makeAndValidateKey(key, version), value, timeout);
  }

  async add(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<boolean> {
    return this.baseSet('add', this.makeAndValidateKey(key, version), value, timeout);
  }

  async touch(key: string, timeout?: Timeout, version?: number): Promise<boolean> {
    return this.baseSet('touch', this.makeAndValidateKey(key, version), undefined, timeout);
  }

  /** Django's _base_set: count (and cull), then update or insert, in one transaction. */
  private async baseSet(mode: 'set' | 'add' | 'touch', key: string, value: unknown, timeout: Timeout): Promise<boolean> {
    const text = mode === 'touch' ? '' : this.encode(value);
    const expires = this.expiresAt(timeout);
    return this.guard((db) =>
      db.atomic(async () => {
        const t = q(this.table);
        const now = new Date().toISOString();
        const [[count]] = (await db.query(`SELECT COUNT(*) FROM ${t}`, [])) as [[number]];
        if (Number(count) > this.maxEntries) await this.cull(db, now, Number(count));
        const rows = await db.query(
          `SELECT CASE WHEN expires < ${this.ph(db, 1)} THEN 1 ELSE 0 END FROM ${t} WHERE cache_key = ${this.ph(db, 2)}${db.dialect === POSTGRESQL ? ' FOR UPDATE' : ''}`,
          [now, key],
        );
        const exists = rows.length > 0;
        const expired = exists && Number(rows[0]![0]) === 1;
        if (exists && mode === 'touch') {
          if (expired) return false;
          await db.run(`UPDATE ${t} SET expires = ${this.ph(db, 1)} WHERE cache_key = ${this.ph(db, 2)}`, [expires, key]);
          return true;
        }
        if (exists && (mode === 'set' || expired)) {
          await db.run(`UPDATE ${t} SET value = ${this.ph(db, 1)}, expires = ${this.ph(db, 2)} WHERE cache_key = ${this.ph(db, 3)}`, [text, expires, key]);
          return true;
        }
        if (exists || mode === 'touch') return false;
        await db.run(`INSERT INTO ${t} (cache_key, value, expires) VALUES (${this.phs(db, 1, 3)})`, [key, text, expires]);
        return true;
      }),
    );
  }

  /** Django's _cull: expired rows, then the first 1/CULL_FREQUENCY of keys (CULL_FREQUENCY 0: all). */
  private async cull(db: Backend, now: string, count: number): Promise<void> {
    const t = q(this.table);
    if (this.cullFrequency === 0) {
      await db.run(`DELETE FROM ${t}`, []);
      return;
    }
    const { changes } = await db.run(`DELETE FROM ${t} WHERE expires < ${this.ph(db, 1)}`, [now]);
    const remaining = count - changes;
    if (remaining > this.maxEntries) {
      const cullNum = Math.floor(remaining / this.cullFrequency);
      const last = await db.query(`SELECT cache_key FROM ${t} ORDER BY cache_key LIMIT 1 OFFSET ${this.ph(db, 1)}`, [cullNum]);
      if (last.length) await db.run(`DELETE FROM ${t} WHERE cache_key < ${this.ph(db, 1)}`, [last[0]![0]]);
    }
  }

  async delete(key: string, version?: number): Promise<boolean> {
    return this.baseDeleteMany([this.makeAndValidateKey(key, version)]);
  }

  override async deleteMany(keys: Iterable<string>, version?: number): Promise<void> {
    await this.baseDeleteMany([...keys].map((k) => this.makeAndValidateKey(k, version)));
  }

  private async baseDeleteMany(keys: string[]): Promise<boolean> {
    if (!keys.length) return false;
    return this.guard(async (db) => (await db.run(`DELETE FROM ${q(this.table)} WHERE cache_key IN (${this.phs(db, 1, keys.length)})`, keys)).changes > 0);
  }

  async hasKey(key: string, version?: number): Promise<boolean> {
    const k = this.makeAndValidateKey(key, version);
    return this.guard(async (db) => {
      const rows = await db.query(`SELECT cache_key FROM ${q(this.table)} WHERE cache_key = ${this.ph(db, 1)} AND expires > ${this.ph(db, 2)}`, [k, new Date().toISOString()]);
      return rows.length > 0;
    });
  }

  /**
   * Adds delta; ValueError when the key does not exist (or has expired). As
   * Django's DatabaseCache (BaseCache.incr: get, then set(key, value) with
   * the default timeout), the entry then expires after the cache's default
   * TIMEOUT, whatever timeout it was set with. Unlike Django's get-then-set,
   * the read and the write are one transaction (the row locked on
   * PostgreSQL), so concurrent increments are never lost.
   */
  async incr(key: string, delta = 1, version?: number): Promise<number> {
    const k = this.makeAndValidateKey(key, version);
    const expires = this.expiresAt(undefined);
    return this.guard((db) =>
      db.atomic(async () => {
        const t = q(this.table);
        const rows = await db.query(
          `SELECT value FROM ${t} WHERE cache_key = ${this.ph(db, 1)} AND expires >= ${this.ph(db, 2)}${db.dialect === POSTGRESQL ? ' FOR UPDATE' : ''}`,
          [k, new Date().toISOString()],
        );
        if (!rows.length) throw new ValueError(`Key '${k}' not found`);
        const current = JSON.parse(String(rows[0]![0])) as unknown;
        if (typeof current !== 'number') throw new TypeError(`Cannot increment the non-numeric value of '${k}'.`);
        const n = current + delta;
        await db.run(`UPDATE ${t} SET value = ${this.ph(db, 1)}, expires = ${this.ph(db, 2)} WHERE cache_key = ${this.ph(db, 3)}`, [JSON.stringify(n), expires, k]);
        return n;
      }),
    );
  }

  async clear(): Promise<void> {
    await this.guard((db) => db.run(`DELETE FROM ${q(this.table)}`, []));
  }
}
