/**
 * The per-view cache (django.views.decorators.cache.cache_page): the view's
 * page is stored for `timeout` seconds, by URL and the headers its Vary
 * names, and answered from the cache until then.
 *
 * @example
 * path('archive/', cachePage(60 * 15)(archive)),
 * path('feed/', cachePage(60, { cache: 'special', keyPrefix: 'site1' })(feed)),
 */
import { type CacheMiddlewareOptions, CacheMiddleware } from '../../middleware/cache';
import { decoratorFromMiddlewareWithArgs } from './middleware';

const cacheDecorator = decoratorFromMiddlewareWithArgs(CacheMiddleware as new (getResponse: any, options: CacheMiddlewareOptions) => CacheMiddleware);

/**
 * Caches the view's responses for `timeout` seconds (null: the response's
 * max-age, else CACHE_MIDDLEWARE_SECONDS), in the `cache` alias ('default'
 * unless given) under `keyPrefix` ('' unless given), as Django's cache_page.
 */
export function cachePage(timeout: number | null, options: { cache?: string | null; keyPrefix?: string | null } = {}) {
  if (timeout !== null && (typeof timeout !== 'number' || !Number.isFinite(timeout))) {
    throw new TypeError(`cachePage: timeout must be a number of seconds or null, got ${typeof timeout === 'string' ? JSON.stringify(timeout) : String(timeout)}`);
  }
  return cacheDecorator({ pageTimeout: timeout, cacheAlias: options.cache ?? null, keyPrefix: options.keyPrefix ?? null });
}
