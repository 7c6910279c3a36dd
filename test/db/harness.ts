/**
 * Runs one ORM test body on every backend: sql.js (always) and PostgreSQL
 * (127.0.0.1:5432, database `test`, a schema per suite). When PostgreSQL is
 * unreachable the suite is skipped with a loud message, except in CI
 * (CI=true), where that is a failure.
 */
import { suite, type Test } from 'uvu';
import { type Backend, SqlJsBackend, connections, createTables } from '../../src/db/index';
import { PostgresBackend } from '../../src/db/backends/postgresql';

type Scripted = Backend & { executeScript(sql: string): Promise<void> };

export interface Ctx {
  db: Scripted;
  vendor: 'sqlite' | 'postgresql';
}

const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: process.env.PGUSER ?? 'postgres', connectionTimeoutMillis: 3000 };

let pgReachable: Promise<boolean> | null = null;

/** Whether PostgreSQL answers; throws in CI when it does not. */
export function postgresReachable(): Promise<boolean> {
  pgReachable ??= (async () => {
    const probe = await PostgresBackend.open(PG);
    try {
      await probe.query('SELECT 1', []);
      return true;
    } catch (e) {
      if (process.env.CI === 'true') throw new Error(`PostgreSQL at 127.0.0.1:5432 is unreachable in CI: ${(e as Error).message}`);
      console.warn(`\n!!! PostgreSQL at 127.0.0.1:5432 is unreachable (${(e as Error).message}): PostgreSQL suites are SKIPPED.\n`);
      return false;
    } finally {
      await probe.close();
    }
  })();
  return pgReachable;
}

let schemaSeq = 0;

/**
 * Declares `body`'s tests once per backend. `models` are created (in order)
 * before the suite; every table is emptied after each test.
 */
export function dbSuite(title: string, models: readonly any[], body: (test: Test<Ctx>, ctx: Ctx) => void): void {
  for (const vendor of ['sqlite', 'postgresql'] as const) {
    const ctx = {} as Ctx;
    const test = suite<Ctx>(`${title} [${vendor}]`, ctx);
    let skip = false;
    let schema = '';
    test.before(async () => {
      ctx.vendor = vendor;
      if (vendor === 'sqlite') {
        ctx.db = await SqlJsBackend.open();
      } else {
        if (!(await postgresReachable())) {
          skip = true;
          return;
        }
        schema = `manouche_t${process.pid}_${++schemaSeq}`;
        const admin = await PostgresBackend.open(PG);
        await admin.executeScript(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
        await admin.close();
        ctx.db = await PostgresBackend.open({ ...PG, schema });
      }
      connections.set('default', ctx.db);
      await createTables(ctx.db, models);
    });
    test.before.each(() => {
      connections.set('default', ctx.db);
    });
    test.after.each(async () => {
      if (skip) return;
      for (const m of models) {
        for (const f of m._meta.manyToMany) await ctx.db.executeScript(`DELETE FROM "${m._meta.through(f).dbTable}"`);
      }
      for (const m of [...models].reverse()) await ctx.db.executeScript(`DELETE FROM "${m._meta.dbTable}"`);
    });
    test.after(async () => {
      if (skip || !ctx.db) return;
      if (vendor === 'postgresql') await ctx.db.executeScript(`DROP SCHEMA "${schema}" CASCADE`);
      await ctx.db.close();
      connections.delete('default');
    });
    const guarded = ((name: string, fn: (c: Ctx) => unknown) =>
      test(name, async (c) => {
        if (skip) return;
        await fn(c);
      })) as unknown as Test<Ctx>;
    Object.assign(guarded, { before: test.before, after: test.after, only: test.only, skip: test.skip, run: test.run });
    body(guarded, ctx);
    test.run();
  }
}

/** Expects `fn` to reject with an error of class `cls` whose message matches `re`. */
export async function rejects(fn: () => Promise<unknown>, cls: abstract new (...a: any[]) => Error, re?: RegExp): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof cls)) throw new Error(`expected ${cls.name}, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    if (re && !re.test((e as Error).message)) throw new Error(`message ${JSON.stringify((e as Error).message)} does not match ${re}`);
    return e;
  }
  throw new Error(`expected ${cls.name}, nothing was thrown`);
}

/** Expects `fn` to throw synchronously an error of class `cls` whose message matches `re`. */
export function throws(fn: () => unknown, cls: abstract new (...a: any[]) => Error, re?: RegExp): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof cls)) throw new Error(`expected ${cls.name}, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    if (re && !re.test((e as Error).message)) throw new Error(`message ${JSON.stringify((e as Error).message)} does not match ${re}`);
    return;
  }
  throw new Error(`expected ${cls.name}, nothing was thrown`);
}
