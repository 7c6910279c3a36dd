/**
 * The per-site cache (django.middleware.cache): UpdateCacheMiddleware first in
 * MIDDLEWARE stores each cacheable page, FetchFromCacheMiddleware last answers
 * GET and HEAD requests from the cache before the view runs. CacheMiddleware
 * is both in one, and what cachePage() wraps around a single view.
 *
 * A page is cached when the request was a GET or HEAD, the response is a 200
 * that is not streamed, not `Cache-Control: private`, and does not set a cookie
 * that varies on Cookie for a request that had none; for its max-age, else
 * CACHE_MIDDLEWARE_SECONDS (max-age=0: not at all). The key is the absolute
 * URL plus the request headers the response's Vary names (see learnCacheKey).
 * Pages are stored as JSON (status, headers, cookies, the body in base64), as
 * every Manouche cache backend stores JSON where Django pickles.
 *
 * @example
 * MIDDLEWARE: ['django.middleware.cache.UpdateCacheMiddleware', ...the rest, 'django.middleware.cache.FetchFromCacheMiddleware'],
 * CACHE_MIDDLEWARE_SECONDS: 60,
 */
import { settings } from '../conf/settings';
import { caches, DEFAULT_CACHE_ALIAS } from '../core/cache/index';
import type { BaseCache } from '../core/cache/backends/base';
import { type GetResponse, registerMiddleware } from '../core/handlers/middleware';
import { Morsel, parseHttpDate } from '../http/cookie';
import type { HttpRequest } from '../http/request';
import { HttpResponse, type HttpResponseBase } from '../http/response';
import { b64decode, b64encode } from '../utils/base64';
import { getMaxAge, hasVaryHeader, patchResponseHeaders, varyHeaders } from '../utils/cache';
import { md5Hex } from '../utils/md5';
import { MiddlewareMixin } from './mixin';

// The keys of the cache middleware, Django's (without its USE_I18N suffix of
// language and time zone: Manouche has no translations).
function absoluteUriMd5(request: HttpRequest): string {
  return md5Hex(request.buildAbsoluteUri());
}

function pageKey(request: HttpRequest, method: string, headerlist: readonly string[], keyPrefix: string): string {
  const meta = headerlist.length ? request.META : undefined;
  let varied = '';
  for (const header of headerlist) varied += meta![header] ?? '';
  return `views.decorators.cache.cache_page.${keyPrefix}.${method}.${absoluteUriMd5(request)}.${md5Hex(varied)}`;
}

function headerKey(keyPrefix: string, request: HttpRequest): string {
  return `views.decorators.cache.cache_header.${keyPrefix}.${absoluteUriMd5(request)}`;
}

function middlewareCache(cache: BaseCache | undefined): BaseCache {
  return cache ?? caches.get(settings.CACHE_MIDDLEWARE_ALIAS);
}

/**
 * The key of the cached page for this request and method, from the header
 * list learnCacheKey() stored for its URL; null when none is stored yet
 * (Django's get_cache_key).
 */
export async function getCacheKey(request: HttpRequest, keyPrefix: string = settings.CACHE_MIDDLEWARE_KEY_PREFIX, method = 'GET', cache?: BaseCache): Promise<string | null> {
  const headerlist = await middlewareCache(cache).get<string[]>(headerKey(keyPrefix, request));
  return Array.isArray(headerlist) ? pageKey(request, method, headerlist, keyPrefix) : null;
}

/**
 * Stores which request headers the response varies on (its Vary header, as
 * request.META names) under the URL's key for `cacheTimeout` seconds, and
 * answers the key to cache this response under (Django's learn_cache_key).
 */
export async function learnCacheKey(request: HttpRequest, response: HttpResponseBase, cacheTimeout: number = settings.CACHE_MIDDLEWARE_SECONDS, keyPrefix: string = settings.CACHE_MIDDLEWARE_KEY_PREFIX, cache?: BaseCache): Promise<string> {
  const headerlist = varyHeaders(response).map((h) => `HTTP_${h.toUpperCase().replace(/-/g, '_')}`).sort();
  await middlewareCache(cache).set(headerKey(keyPrefix, request), headerlist, cacheTimeout);
  return pageKey(request, request.method, headerlist, keyPrefix);
}

/** What a cached page is stored as. */
interface CachedPage {
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  cookies: Array<Pick<Morsel, 'key' | 'value' | 'expires' | 'path' | 'domain' | 'maxAge' | 'secure' | 'httponly' | 'samesite'>>;
  body: string;
}

function toCachedPage(response: HttpResponse): CachedPage {
  return {
    status: response.statusCode,
    reason: response.reasonPhrase,
    headers: [...response.headers],
    cookies: [...response.cookies.values()].map(({ key, value, expires, path, domain, maxAge, secure, httponly, samesite }) => ({ key, value, expires, path, domain, maxAge, secure, httponly, samesite })),
    body: b64encode(response.content),
  };
}

function isCachedPage(value: unknown): value is CachedPage {
  const page = value as CachedPage | null;
  return typeof page === 'object' && page !== null && Number.isInteger(page.status) && Array.isArray(page.headers) && Array.isArray(page.cookies) && typeof page.body === 'string';
}

function fromCachedPage(page: CachedPage): HttpResponse {
  const response = new HttpResponse(b64decode(page.body), { status: page.status, reason: page.reason, headers: page.headers });
  for (const c of page.cookies) response.cookies.set(c.key, Object.assign(new Morsel(c.key, c.value), c));
  return response;
}

// Whether the response to this request should be stored: FetchFromCacheMiddleware
// says so when it found nothing (Django's request._cache_update_cache).
const shouldUpdate = new WeakMap<HttpRequest, boolean>();

/** What the cache middleware share: the cache they use, under which key prefix, and the lookup. */
abstract class CacheMiddlewareBase extends MiddlewareMixin {
  keyPrefix: string = settings.CACHE_MIDDLEWARE_KEY_PREFIX;
  cacheAlias: string = settings.CACHE_MIDDLEWARE_ALIAS;

  /** The cache of `cacheAlias` (Django's `self.cache`). */
  get cache(): BaseCache {
    return caches.get(this.cacheAlias);
  }

  /** The cached page for a GET or HEAD request, or null (Django's FetchFromCacheMiddleware.process_request). */
  protected async fetch(request: HttpRequest): Promise<HttpResponseBase | null> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      shouldUpdate.set(request, false);
      return null;
    }
    const cache = this.cache;
    let key = await getCacheKey(request, this.keyPrefix, 'GET', cache);
    if (key === null) {
      shouldUpdate.set(request, true);
      return null;
    }
    let page = await cache.get(key);
    if (!isCachedPage(page) && request.method === 'HEAD') {
      key = await getCacheKey(request, this.keyPrefix, 'HEAD', cache);
      page = key === null ? undefined : await cache.get(key);
    }
    if (!isCachedPage(page)) {
      shouldUpdate.set(request, true);
      return null;
    }
    const response = fromCachedPage(page);
    // How old the page is, from its lifetime and what is left of it (0 if the clock went back).
    const maxAge = getMaxAge(response);
    const expires = parseHttpDate(response.get('Expires'));
    if (maxAge !== null && expires !== null) response.set('Age', String(Math.max(0, maxAge - (expires / 1000 - Math.floor(Date.now() / 1000)))));
    shouldUpdate.set(request, false);
    return response;
  }
}

/** Stores cacheable responses (Django's UpdateCacheMiddleware); first in MIDDLEWARE. */
export class UpdateCacheMiddleware extends CacheMiddlewareBase {
  cacheTimeout: number = settings.CACHE_MIDDLEWARE_SECONDS;
  /** A timeout that overrides the response's max-age (cachePage's). */
  pageTimeout: number | null = null;

  override async processResponse(request: HttpRequest, response: HttpResponseBase): Promise<HttpResponseBase> {
    if (!shouldUpdate.get(request)) return response;
    if (response.streaming || (response.statusCode !== 200 && response.statusCode !== 304)) return response;
    // A user-specific (maybe security-sensitive) cookie set for a request that had none.
    if (Object.keys(request.COOKIES).length === 0 && response.cookies.size > 0 && hasVaryHeader(response, 'Cookie')) return response;
    if ((response.get('Cache-Control') ?? '').includes('private')) return response;
    let timeout = this.pageTimeout;
    if (timeout === null) {
      timeout = getMaxAge(response);
      if (timeout === null) timeout = this.cacheTimeout;
      else if (timeout === 0) return response;
    }
    patchResponseHeaders(response, timeout);
    if (timeout && response.statusCode === 200 && response instanceof HttpResponse) {
      const cache = this.cache;
      const key = await learnCacheKey(request, response, timeout, this.keyPrefix, cache);
      await cache.set(key, toCachedPage(response), timeout);
    }
    return response;
  }
}

/** Answers GET and HEAD requests from the cache (Django's FetchFromCacheMiddleware); last in MIDDLEWARE. */
export class FetchFromCacheMiddleware extends CacheMiddlewareBase {
  override processRequest(request: HttpRequest): Promise<HttpResponseBase | null> {
    return this.fetch(request);
  }
}

export interface CacheMiddlewareOptions {
  /** Seconds a page stays cached, overriding its max-age (cachePage's timeout). */
  pageTimeout?: number | null;
  /** Seconds when the response has no max-age; CACHE_MIDDLEWARE_SECONDS if not given. */
  cacheTimeout?: number | null;
  /** The cache alias; null is 'default'. CACHE_MIDDLEWARE_ALIAS if not given. */
  cacheAlias?: string | null;
  /** null is ''. CACHE_MIDDLEWARE_KEY_PREFIX if not given. */
  keyPrefix?: string | null;
}

/** Fetch and update in one (Django's CacheMiddleware), for simple sites and cachePage(). */
export class CacheMiddleware extends UpdateCacheMiddleware {
  constructor(getResponse: GetResponse, options: CacheMiddlewareOptions = {}) {
    super(getResponse);
    if ('keyPrefix' in options) this.keyPrefix = options.keyPrefix ?? '';
    if ('cacheAlias' in options) this.cacheAlias = options.cacheAlias ?? DEFAULT_CACHE_ALIAS;
    if (options.cacheTimeout !== undefined && options.cacheTimeout !== null) this.cacheTimeout = options.cacheTimeout;
    this.pageTimeout = options.pageTimeout ?? null;
  }

  override processRequest(request: HttpRequest): Promise<HttpResponseBase | null> {
    return this.fetch(request);
  }
}

/**
 * Makes the cache middleware nameable in MIDDLEWARE ('django.middleware.cache.UpdateCacheMiddleware',
 * ...). `manouche/node` and `manouche/node/server` call it; a browser bundle calls it itself (or puts
 * the classes in MIDDLEWARE), so an app that does not use the cache does not ship it.
 */
export function registerCacheMiddleware(): void {
  for (const [name, factory] of [
    ['UpdateCacheMiddleware', UpdateCacheMiddleware],
    ['FetchFromCacheMiddleware', FetchFromCacheMiddleware],
    ['CacheMiddleware', CacheMiddleware],
  ] as const) {
    registerMiddleware(`manouche.middleware.cache.${name}`, factory);
    registerMiddleware(`django.middleware.cache.${name}`, factory);
  }
}
