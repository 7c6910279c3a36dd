/**
 * DatabaseCache on sql.js and PostgreSQL: the Django cache API over a table
 * made by createcachetable's SQL, expiry, culling and bad input.
 */
import * as assert from 'uvu/assert';
import { ProgrammingError } from '../../../src/db/backends/base';
import { ValueError } from '../../../src/core/exceptions';
import { DatabaseCache, caches, configure, resetSettings } from '../../../src/index';
import { cacheTableSql } from '../../../src/core/management/commands/createcachetable';
import { dbSuite, rejects } from '../../db/harness';

const TABLE = 'test cache "t"'; // a name that must be quoted

dbSuite('DatabaseCache', [], (test, ctx) => {
  test.before.each(async () => {
    if (!ctx.db) return; // PostgreSQL unreachable: the suite is skipped
    const sql = cacheTableSql(TABLE, ctx.db.dialect);
    await ctx.db.executeScript(`DROP TABLE IF EXISTS "${TABLE.replace(/"/g, '""')}"`);
    await ctx.db.executeScript(sql.table);
    for (const s of sql.indexes) await ctx.db.executeScript(s);
  });
  test.after.each(() => {
    resetSettings();
  });

  test('set/get/add/delete/has_key round trip JSON values, the default when missing', async () => {
    const c = new DatabaseCache(TABLE, {});
    assert.is(await c.get('missing'), undefined);
    assert.is(await c.get('missing', 'dflt'), 'dflt');
    await c.set('obj', { a: [1, 'two', null], b: true });
    assert.equal(await c.get('obj'), { a: [1, 'two', null], b: true });
    await c.set('obj', 'replaced');
    assert.is(await c.get('obj'), 'replaced');
    assert.is(await c.add('obj', 'not stored'), false);
    assert.is(await c.get('obj'), 'replaced');
    assert.is(await c.add('new', 0), true);
    assert.is(await c.get('new'), 0);
    await c.set('nothing', null);
    assert.is(await c.get('nothing', 'dflt'), null);
    assert.is(await c.hasKey('obj'), true);
    assert.is(await c.delete('obj'), true);
    assert.is(await c.delete('obj'), false);
    assert.is(await c.hasKey('obj'), false);
  });

  test('keys carry KEY_PREFIX and VERSION; get_many/set_many/delete_many; clear', async () => {
    const c = new DatabaseCache(TABLE, { KEY_PREFIX: 'p', VERSION: 2 });
    assert.equal(await c.setMany({ a: 1, b: 2, c: 3 }), []);
    const rows = await ctx.db.query(`SELECT cache_key FROM "${TABLE.replace(/"/g, '""')}" ORDER BY cache_key`, []);
    assert.equal(rows.map((r) => r[0]), ['p:2:a', 'p:2:b', 'p:2:c']);
    assert.equal([...(await c.getMany(['a', 'c', 'zz']))], [['a', 1], ['c', 3]]);
    assert.is(await c.get('a', undefined, 1), undefined);
    await c.deleteMany(['a', 'b']);
    assert.equal([...(await c.getMany(['a', 'b', 'c']))], [['c', 3]]);
    await c.clear();
    assert.is(await c.hasKey('c'), false);
  });

  test('timeouts: 0 expires at once, null never, expired rows read as missing and add over them', async () => {
    const c = new DatabaseCache(TABLE, { TIMEOUT: 60 });
    await c.set('gone', 1, 0);
    assert.is(await c.get('gone'), undefined);
    assert.is(await c.hasKey('gone'), false);
    await c.set('forever', 1, null);
    assert.is(await c.get('forever'), 1);
    await c.set('old', 'a', -5);
    assert.is(await c.add('old', 'b'), true);
    assert.is(await c.get('old'), 'b');
    assert.is(await c.touch('old', 0), true);
    assert.is(await c.get('old'), undefined);
    assert.is(await c.touch('old', 10), false);
    assert.is(await c.touch('never-set', 10), false);
  });

  test('incr/decr keep the value a number; a missing key and a non-number are errors', async () => {
    const c = new DatabaseCache(TABLE, {});
    await c.set('n', 10);
    assert.is(await c.incr('n'), 11);
    assert.is(await c.incr('n', 5), 16);
    assert.is(await c.decr('n', 20), -4);
    assert.is(await c.get('n'), -4);
    await rejects(() => c.incr('absent'), ValueError, /not found/);
    await c.set('s', 'text');
    await rejects(() => c.incr('s'), TypeError, /non-numeric/);
    assert.is(await c.incrVersion('n'), 2);
    assert.is(await c.get('n', undefined, 2), -4);
  });

  test("incr/decr set the entry's expiry to the default TIMEOUT, as Django's DatabaseCache (BaseCache.incr's set()) does", async () => {
    const c = new DatabaseCache(TABLE, { TIMEOUT: 3600 });
    const expiresOf = async (key: string) => {
      const rows = await ctx.db.query(`SELECT expires FROM "${TABLE.replace(/"/g, '""')}" WHERE cache_key = ${ctx.vendor === 'postgresql' ? '$1' : '?'}`, [c.makeKey(key)]);
      return new Date(rows[0]![0] as string).getTime();
    };
    await c.set('short', 1, 5);
    await c.set('forever', 1, null);
    const before = Date.now();
    assert.is(await c.incr('short'), 2);
    assert.is(await c.decr('forever'), 0);
    const hour = 3600 * 1000;
    for (const key of ['short', 'forever']) {
      const left = (await expiresOf(key)) - before;
      assert.ok(left > hour - 60_000 && left <= hour + 60_000, `${key}: expires in about an hour (${left} ms)`);
    }
    const never = new DatabaseCache(TABLE, { TIMEOUT: null });
    await never.set('n', 1, 5);
    await never.incr('n');
    assert.ok((await expiresOf('n')) > Date.parse('9000-01-01'), 'TIMEOUT None: never expires after incr');
  });

  test("MAX_ENTRIES culls as Django's _cull: expired rows first, then 1/CULL_FREQUENCY of the keys", async () => {
    const c = new DatabaseCache(TABLE, { OPTIONS: { MAX_ENTRIES: 9, CULL_FREQUENCY: 3 } });
    for (let i = 0; i < 10; i++) await c.set(`k${i}`, i);
    const count = async () => Number((await ctx.db.query(`SELECT COUNT(*) FROM "${TABLE.replace(/"/g, '""')}"`, []))[0]![0]);
    assert.is(await count(), 10);
    await c.set('k10', 10); // 10 > 9: the 3 (10 // 3) first keys k0, k1, k2 go, then k10 is inserted
    assert.is(await count(), 8);
    assert.is(await c.hasKey('k0'), false);
    assert.is(await c.hasKey('k1'), false);
    assert.is(await c.hasKey('k2'), false);
    assert.is(await c.hasKey('k3'), true);
    assert.is(await c.get('k10'), 10);
    await c.set('old', 1, -1);
    assert.is(await count(), 9);
    await c.set('k11', 11); // 9 is not over 9: no cull
    assert.is(await count(), 10);
    await c.set('k12', 12); // 10 > 9: the expired 'old' goes first, 9 left, no more culled
    assert.is(await count(), 10);
    assert.is(await c.hasKey('k3'), true);
    const all = new DatabaseCache(TABLE, { OPTIONS: { MAX_ENTRIES: 2, CULL_FREQUENCY: 0 } });
    await all.set('last', 1);
    assert.is(await count(), 1);
  });

  test('bad input: empty, too long and undefined values; a missing table names createcachetable', async () => {
    const c = new DatabaseCache(TABLE, {});
    await rejects(async () => c.get(''), ValueError, /non-empty/);
    await rejects(async () => c.set('x'.repeat(300), 1), ValueError, /longer than 255/);
    await rejects(async () => c.set('u', undefined), ValueError, /cannot store undefined/);
    const missing = new DatabaseCache('no_such_cache', {});
    await rejects(() => missing.get('a'), ProgrammingError, /'no_such_cache' does not exist: run 'createcachetable'/);
    await rejects(() => missing.set('a', 1), ProgrammingError, /createcachetable/);
  });

  test("registered under Django's and manouche's names; LOCATION is required", async () => {
    configure({ CACHES: { default: { BACKEND: 'django.core.cache.backends.db.DatabaseCache', LOCATION: TABLE }, other: { BACKEND: 'manouche.core.cache.backends.db.DatabaseCache', LOCATION: TABLE } } });
    const c = caches.get('default');
    assert.ok(c instanceof DatabaseCache);
    await c.set('shared', 'yes');
    assert.is(await caches.get('other').get('shared'), 'yes');
    configure({ CACHES: { default: { BACKEND: 'django.core.cache.backends.db.DatabaseCache' } } });
    assert.throws(() => caches.get('default'), /LOCATION/);
  });
});
