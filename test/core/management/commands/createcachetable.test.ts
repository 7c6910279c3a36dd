/**
 * createcachetable through callCommand() on sql.js and PostgreSQL: the tables
 * of CACHES' DatabaseCaches (or the named ones) with the expires index,
 * existing tables skipped, --dry-run printing the SQL, bad input.
 */
import * as assert from 'uvu/assert';
import { DatabaseCache, caches, configure, resetSettings } from '../../../../src/index';
import { describeTable, tableNames } from '../../../../src/db/backends/introspection';
import { callCommand } from '../../../../src/core/management/index';
import { CommandError } from '../../../../src/core/management/base';
import { q } from '../../../../src/db/backends/ddl';
import { dbSuite, rejects } from '../../../db/harness';

async function output(args: string[]): Promise<string> {
  let out = '';
  await callCommand('createcachetable', args, {}, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } });
  return out;
}

const DB_CACHE = 'django.core.cache.backends.db.DatabaseCache';

dbSuite('createcachetable', [], (test, ctx) => {
  test.before.each(async () => {
    if (!ctx.db) return; // PostgreSQL unreachable: the suite is skipped
    for (const t of await tableNames(ctx.db)) if (t.startsWith('cc_')) await ctx.db.executeScript(`DROP TABLE ${q(t)}`);
    configure({
      DATABASES: { default: { ENGINE: 'manouche.db.backends.sqljs' } },
      CACHES: {
        default: { BACKEND: DB_CACHE, LOCATION: 'cc_main' },
        second: { BACKEND: 'manouche.core.cache.backends.db.DatabaseCache', LOCATION: 'cc_second' },
        mem: { BACKEND: 'django.core.cache.backends.locmem.LocMemCache' },
      },
    });
  });
  test.after.each(() => {
    resetSettings();
  });

  test("creates every DatabaseCache's table with Django's columns and expires index; the cache works on it", async () => {
    assert.is(await output(['-v', '2']), "Cache table 'cc_main' created.\nCache table 'cc_second' created.\n");
    const names = await tableNames(ctx.db);
    assert.ok(names.includes('cc_main') && names.includes('cc_second'));
    const info = await describeTable(ctx.db, 'cc_main');
    assert.equal(info.columns.map((c) => [c.name, c.primaryKey, c.nullable]), [['cache_key', true, false], ['value', false, false], ['expires', false, false]]);
    assert.is(info.columns[0]!.maxLength, 255);
    const index = ctx.vendor === 'sqlite'
      ? await ctx.db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cc_main' AND name = 'cc_main_expires'", [])
      : await ctx.db.query("SELECT indexname FROM pg_indexes WHERE tablename = 'cc_main' AND indexname = 'cc_main_expires'", []);
    assert.is(index.length, 1);
    const c = caches.get('default');
    assert.ok(c instanceof DatabaseCache);
    await c.set('k', [1, 2]);
    assert.equal(await c.get('k'), [1, 2]);
  });

  test('issue 5: when the cache table exists it is skipped, its data kept', async () => {
    await output([]);
    await caches.get('default').set('kept', 'yes');
    assert.is(await output([]), "Cache table 'cc_main' already exists.\nCache table 'cc_second' already exists.\n");
    assert.is(await output(['-v', '0']), '');
    assert.is(await caches.get('default').get('kept'), 'yes');
  });

  test('named tables instead of CACHES, quoted as identifiers', async () => {
    await output(['cc_named', 'cc_odd "name"']);
    const names = await tableNames(ctx.db);
    assert.ok(names.includes('cc_named') && names.includes('cc_odd "name"'));
    assert.not.ok(names.includes('cc_main'));
    const odd = new DatabaseCache('cc_odd "name"', {});
    await odd.set('x', 1);
    assert.is(await odd.get('x'), 1);
  });

  test('--dry-run prints the CREATE TABLE and CREATE INDEX and creates nothing', async () => {
    const out = await output(['--dry-run', 'cc_dry']);
    const ts = ctx.vendor === 'sqlite' ? 'datetime' : 'timestamp with time zone';
    assert.is(
      out,
      `CREATE TABLE "cc_dry" (\n    "cache_key" varchar(255) NOT NULL PRIMARY KEY,\n    "value" text NOT NULL,\n    "expires" ${ts} NOT NULL\n);\nCREATE INDEX "cc_dry_expires" ON "cc_dry" ("expires");\n`,
    );
    assert.not.ok((await tableNames(ctx.db)).includes('cc_dry'));
  });

  test('no DatabaseCache in CACHES: nothing to do; an unknown --database is an error', async () => {
    configure({ DATABASES: { default: { ENGINE: 'manouche.db.backends.sqljs' } }, CACHES: { default: { BACKEND: 'django.core.cache.backends.locmem.LocMemCache' } } });
    assert.is(await output([]), '');
    assert.not.ok((await tableNames(ctx.db)).some((t) => t.startsWith('cc_')));
    await rejects(() => output(['--database', 'nope']), CommandError, /The connection 'nope' doesn't exist/);
  });
});
