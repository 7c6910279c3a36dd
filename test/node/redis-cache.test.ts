// The cache framework on the real Redis at 127.0.0.1:6379 (RedisCache over
// the `redis` package) and LocMemCache, through the same API; the cache and
// cached_db session engines, with 10,000 concurrent sessions and no cross-talk.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import '../../src/node/index';
import { configure, resetSettings } from '../../src/conf/settings';
import { caches, LocMemCache, type BaseCache } from '../../src/core/cache/index';
import { RedisCache } from '../../src/node/redis-cache';
import { CacheSessionStore } from '../../src/contrib/sessions/index';
import { ValueError } from '../../src/core/exceptions';
import { HttpResponse } from '../../src/http/response';
import { path } from '../../src/urls/index';
import { Client } from '../../src/test/index';

const RUN = `t${process.pid}${Date.now().toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const kind of ['locmem', 'redis'] as const) {
  const test = suite(`core/cache ${kind}`);
  let c: BaseCache;
  test.before(() => {
    c = kind === 'redis' ? new RedisCache('redis://127.0.0.1:6379', { KEY_PREFIX: RUN }) : new LocMemCache(RUN, { KEY_PREFIX: RUN });
  });
  test.after(async () => {
    await c.close();
  });

  test('get/set/add/delete/hasKey with defaults', async () => {
    assert.is(await c.get('a'), undefined);
    assert.is(await c.get('a', 'dflt'), 'dflt');
    await c.set('a', { x: [1, 'two'] });
    assert.equal(await c.get('a'), { x: [1, 'two'] });
    assert.is(await c.add('a', 'other'), false, 'add keeps an existing key');
    assert.is(await c.add('b', 'new'), true);
    assert.is(await c.hasKey('b'), true);
    assert.is(await c.delete('b'), true);
    assert.is(await c.delete('b'), false);
    assert.is(await c.hasKey('b'), false);
  });

  test('timeouts: expiry, 0 stores nothing, null never expires, touch', async () => {
    await c.set('short', 1, 0.4);
    await c.set('t', 1, 0.4);
    assert.is(await c.get('short'), 1);
    assert.is(await c.touch('t', 10), true);
    await sleep(800);
    assert.is(await c.get('short'), undefined, 'expired');
    assert.is(await c.get('t'), 1, 'touch extended it');
    await c.set('zero', 1, 0);
    assert.is(await c.get('zero'), undefined);
    await c.set('forever', 1, null);
    assert.is(await c.touch('missing', 10), false);
    assert.is(await c.get('forever'), 1);
  });

  test('incr/decr, getMany/setMany/deleteMany, versions and prefixes', async () => {
    await c.set('n', 10);
    assert.is(await c.incr('n'), 11);
    assert.is(await c.incr('n', 5), 16);
    assert.is(await c.decr('n', 6), 10);
    try {
      await c.incr('nope');
      assert.unreachable();
    } catch (e) {
      assert.instance(e, ValueError);
    }
    await c.setMany({ m1: 1, m2: 'two', m3: [3] });
    const got = await c.getMany(['m1', 'm2', 'm3', 'absent']);
    assert.equal([...got], [['m1', 1], ['m2', 'two'], ['m3', [3]]]);
    await c.deleteMany(['m1', 'm2']);
    assert.equal([...(await c.getMany(['m1', 'm2', 'm3']))], [['m3', [3]]]);
    await c.set('v', 'one', undefined, 1);
    await c.set('v', 'two', undefined, 2);
    assert.is(await c.get('v', undefined, 1), 'one');
    assert.is(await c.get('v', undefined, 2), 'two');
    assert.is(await c.incrVersion('v', 1, 2), 3);
    assert.is(await c.get('v', undefined, 3), 'two');
    assert.is(c.makeKey('k'), `${RUN}:1:k`);
    assert.is(await c.getOrSet('gs', () => 'computed'), 'computed');
    assert.is(await c.getOrSet('gs', () => 'again'), 'computed');
  });

  test('sessions on this cache: create, read back, expire with the session, no cross-talk under 10,000 concurrent sessions', async () => {
    resetSettings();
    configure({
      SECRET_KEY: 'cache-sessions',
      CACHES: { default: kind === 'redis' ? { BACKEND: 'django.core.cache.backends.redis.RedisCache', LOCATION: 'redis://127.0.0.1:6379', KEY_PREFIX: RUN } : { BACKEND: 'django.core.cache.backends.locmem.LocMemCache', LOCATION: RUN, OPTIONS: { MAX_ENTRIES: 20000 } } },
      SESSION_ENGINE: 'django.contrib.sessions.backends.cache',
    });
    try {
      const N = 10_000;
      const keys = await Promise.all(
        Array.from({ length: N }, async (_, i) => {
          const s = new CacheSessionStore();
          s.set('n', i);
          s.set('name', `user-${i}`);
          await s.save();
          return s.sessionKey!;
        }),
      );
      assert.is(new Set(keys).size, N, 'every session has its own key');
      const values = await Promise.all(keys.map(async (k) => (await new CacheSessionStore(k).load()).items()));
      values.forEach((items, i) => assert.equal(items, [['n', i], ['name', `user-${i}`]]));
      // an unknown or deleted key is an empty session that gets a new key
      const gone = new CacheSessionStore(keys[0]);
      await gone.load();
      await gone.deleteSession();
      const reread = await new CacheSessionStore(keys[0]).load();
      assert.equal(reread.items(), []);
      assert.is(reread.sessionKey, null);
      await caches.get().deleteMany(keys.map((k) => 'django.contrib.sessions.cache' + k));
    } finally {
      await caches.closeAll();
      resetSettings();
    }
  });

  test('the per-site cache stores pages here and answers from here: bytes, headers and cookies intact', async () => {
    resetSettings();
    configure({
      ALLOWED_HOSTS: ['testserver'],
      CACHES: { default: kind === 'redis' ? { BACKEND: 'django.core.cache.backends.redis.RedisCache', LOCATION: 'redis://127.0.0.1:6379', KEY_PREFIX: RUN } : { BACKEND: 'django.core.cache.backends.locmem.LocMemCache', LOCATION: RUN } },
      CACHE_MIDDLEWARE_KEY_PREFIX: RUN,
    });
    let calls = 0;
    const body = new Uint8Array([0xff, 0x00, 0xc3, 0x28, 0x41]);
    const urls = [
      path('page/', async () => {
        calls++;
        const r = new HttpResponse(body, { contentType: 'application/octet-stream', headers: { 'X-Made': `call ${calls}` } });
        r.setCookie('seen', 'yes', { samesite: 'Lax' });
        return r;
      }),
    ];
    try {
      configure({ ROOT_URLCONF: urls });
      const c = new Client({ middleware: ['django.middleware.cache.UpdateCacheMiddleware', 'django.middleware.cache.FetchFromCacheMiddleware'] });
      await c.get('/page/');
      const hit = await c.get('/page/');
      assert.is(calls, 1);
      assert.equal([...hit.content], [...body]);
      assert.equal([hit.get('X-Made'), hit.get('Content-Type'), hit.cookies.get('seen')?.value, hit.cookies.get('seen')?.samesite], ['call 1', 'application/octet-stream', 'yes', 'Lax']);
      // (not clear(): on Redis that is FLUSHDB of the database other suites share; the keys carry RUN and expire)
    } finally {
      await caches.closeAll();
      resetSettings();
    }
  });

  test.run();
}

const flush = suite('core/cache redis clear');
flush('clear() is FLUSHDB on its own database', async () => {
  const c = new RedisCache('redis://127.0.0.1:6379/11', { KEY_PREFIX: RUN });
  try {
    await c.set('x', 1);
    await c.clear();
    assert.is(await c.get('x'), undefined);
  } finally {
    await c.close();
  }
});
flush.run();
