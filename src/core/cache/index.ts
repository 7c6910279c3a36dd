/**
 * The cache framework (django.core.cache): CACHES names backends by alias,
 * `caches.get(alias)` (Django's caches[alias]) builds each once, `cache` is
 * the 'default' one.
 *
 * @example
 * configure({ CACHES: { default: { BACKEND: 'django.core.cache.backends.locmem.LocMemCache' } } });
 * await cache.set('greeting', 'hi', 30);
 * await cache.get('greeting');            // 'hi'
 * // DatabaseCache: BACKEND 'django.core.cache.backends.db.DatabaseCache', LOCATION the table ('createcachetable' makes it)
 * // Node: import 'manouche/node' registers 'django.core.cache.backends.redis.RedisCache'
 */
import { settings } from '../../conf/settings';
import { ImproperlyConfigured } from '../exceptions';
import type { BaseCache, CacheParams } from './backends/base';
import { DatabaseCache } from './backends/db';
import { DummyCache } from './backends/dummy';
import { LocMemCache } from './backends/locmem';

export { BaseCache, defaultKeyFunc, type CacheParams, type Timeout } from './backends/base';
export { LocMemCache } from './backends/locmem';
export { DummyCache } from './backends/dummy';
export { DatabaseCache } from './backends/db';

export const DEFAULT_CACHE_ALIAS = 'default';

export type CacheBackendClass = new (location: string, params: CacheParams) => BaseCache;
const backends = new Map<string, CacheBackendClass>();

/** Makes a cache backend nameable in CACHES' BACKEND. */
export function registerCacheBackend(name: string, cls: CacheBackendClass): void {
  backends.set(name, cls);
  if (name.startsWith('manouche.')) backends.set('django.' + name.slice('manouche.'.length), cls);
}

registerCacheBackend('manouche.core.cache.backends.locmem.LocMemCache', LocMemCache);
registerCacheBackend('manouche.core.cache.backends.dummy.DummyCache', DummyCache);
registerCacheBackend('manouche.core.cache.backends.db.DatabaseCache', DatabaseCache);

const built = new Map<string, { conf: unknown; cache: BaseCache }>();

/** Django's caches: one instance per alias (rebuilt when CACHES changes). */
export const caches = {
  get(alias: string = DEFAULT_CACHE_ALIAS): BaseCache {
    const all = (settings.CACHES ?? {}) as Record<string, CacheParams & { BACKEND: string | CacheBackendClass }>;
    const conf = all[alias];
    if (!conf) throw new ImproperlyConfigured(`The connection '${alias}' doesn't exist.`);
    const hit = built.get(alias);
    if (hit && hit.conf === conf) return hit.cache;
    const cls = typeof conf.BACKEND === 'function' ? conf.BACKEND : backends.get(conf.BACKEND);
    if (!cls) throw new ImproperlyConfigured(`Could not find backend '${String(conf.BACKEND)}': it is not a registered cache backend (Redis: import 'manouche/node').`);
    const location = Array.isArray(conf.LOCATION) ? conf.LOCATION.join(',') : (conf.LOCATION ?? '');
    const cache = new cls(location, conf);
    built.set(alias, { conf, cache });
    return cache;
  },
  /** Closes every built cache (Django closes them at the end of each request; here: at shutdown). */
  async closeAll(): Promise<void> {
    for (const { cache } of built.values()) await cache.close();
    built.clear();
  },
};

/** The default cache, resolved on each call so a changed CACHES takes effect (Django's `cache`). */
export const cache: BaseCache = new Proxy({} as BaseCache, {
  get(_t, prop) {
    const c = caches.get(DEFAULT_CACHE_ALIAS) as unknown as Record<string | symbol, unknown>;
    const v = c[prop];
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(c) : v;
  },
});
