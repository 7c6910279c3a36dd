/**
 * View decorators (django.views.decorators.http, .cache, .vary): each takes
 * a view function and returns one. Method checks answer 405 with Allow;
 * condition() answers 304/412 from an ETag or a modification date before
 * the view runs.
 *
 * @example
 * export const vote = requirePOST(async (request, { question_id }) => { ... });
 * export const feed = condition({ lastModified: async () => (await Entry.objects.latest('published')).published })(feedView);
 */
import type { HttpRequest } from '../../http/request';
import { HttpResponseNotAllowed, type HttpResponseBase } from '../../http/response';
import { httpDate } from '../../http/cookie';
import { type CacheControl, addNeverCacheHeaders, getConditionalResponse, patchCacheControl, patchVaryHeaders, quoteEtag } from '../../utils/cache';
import { viewLogger } from '../generic/base';

type Awaitable<T> = T | Promise<T>;
export type ViewFn = (request: HttpRequest, kwargs: any, ...args: any[]) => Awaitable<HttpResponseBase>;

/** `inner` under `view`'s name and with its own properties (csrfExempt, ...), as functools.wraps. */
export function wraps<V extends ViewFn>(view: V, inner: ViewFn): V {
  Object.defineProperty(inner, 'name', { value: view.name });
  for (const key of Object.keys(view)) (inner as unknown as Record<string, unknown>)[key] = (view as unknown as Record<string, unknown>)[key];
  return inner as V;
}

/** Only these methods reach the view; others get 405 (Django's require_http_methods). */
export function requireHttpMethods(methods: readonly string[]) {
  return <V extends ViewFn>(view: V): V =>
    wraps(view, async (request, kwargs, ...args) => {
      if (!methods.includes(request.method)) {
        viewLogger(`Method Not Allowed (${request.method}): ${request.path}`);
        return new HttpResponseNotAllowed(methods);
      }
      return view(request, kwargs, ...args);
    });
}

export const requireGET = requireHttpMethods(['GET']);
export const requirePOST = requireHttpMethods(['POST']);
/** GET and HEAD: the methods that must not change anything. */
export const requireSafe = requireHttpMethods(['GET', 'HEAD']);

type Lookup<T> = (request: HttpRequest, kwargs: any, ...args: any[]) => Awaitable<T>;

/**
 * Answers conditional requests from `etag` and/or `lastModified`
 * functions before calling the view; adds the ETag and Last-Modified headers
 * to GET/HEAD answers (Django's condition()).
 */
export function condition(options: { etag?: Lookup<string | null | undefined>; lastModified?: Lookup<Date | number | null | undefined> }) {
  return <V extends ViewFn>(view: V): V =>
    wraps(view, async (request, kwargs, ...args) => {
      const rawEtag = options.etag ? await options.etag(request, kwargs, ...args) : null;
      const etag = rawEtag !== null && rawEtag !== undefined ? quoteEtag(rawEtag) : null;
      let lastModified: number | null = null;
      if (options.lastModified) {
        const dt = await options.lastModified(request, kwargs, ...args);
        if (dt !== null && dt !== undefined) lastModified = Math.floor((dt instanceof Date ? dt.getTime() : dt) / 1000);
      }
      let response = getConditionalResponse(request, etag, lastModified);
      if (response === null) response = await view(request, kwargs, ...args);
      if (request.method === 'GET' || request.method === 'HEAD') {
        if (lastModified !== null && !response.has('Last-Modified')) response.set('Last-Modified', httpDate(lastModified * 1000));
        if (etag) response.setDefault('ETag', etag);
      }
      return response;
    });
}

export const etag = (fn: Lookup<string | null | undefined>) => condition({ etag: fn });
export const lastModified = (fn: Lookup<Date | number | null | undefined>) => condition({ lastModified: fn });

/** Adds Cache-Control directives to the view's responses (Django's cache_control). */
export function cacheControl(directives: CacheControl) {
  return <V extends ViewFn>(view: V): V =>
    wraps(view, async (request, kwargs, ...args) => {
      const response = await view(request, kwargs, ...args);
      patchCacheControl(response, directives);
      return response;
    });
}

/** Marks the view's responses as never cached (Django's never_cache). */
export function neverCache<V extends ViewFn>(view: V): V {
  return wraps(view, async (request, kwargs, ...args) => {
    const response = await view(request, kwargs, ...args);
    addNeverCacheHeaders(response);
    return response;
  });
}

/** Adds headers to Vary (Django's vary_on_headers). */
export function varyOnHeaders(...headers: string[]) {
  return <V extends ViewFn>(view: V): V =>
    wraps(view, async (request, kwargs, ...args) => {
      const response = await view(request, kwargs, ...args);
      patchVaryHeaders(response, headers);
      return response;
    });
}

/** Vary: Cookie (Django's vary_on_cookie). */
export function varyOnCookie<V extends ViewFn>(view: V): V {
  return varyOnHeaders('Cookie')(view);
}

/** Keeps CommonMiddleware from redirecting to the slashed URL (Django's no_append_slash). */
export function noAppendSlash<V extends ViewFn>(view: V): V {
  return Object.assign(wraps(view, (request, kwargs, ...args) => view(request, kwargs, ...args)), { shouldAppendSlash: false });
}
