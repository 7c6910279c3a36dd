/**
 * HTTP caching helpers (django.utils.cache): Cache-Control and Vary
 * patching, ETags, the RFC 9110 conditional-request evaluation that
 * ConditionalGetMiddleware and the condition() decorator share (the cache
 * middleware's keys are in middleware/cache.ts).
 */
import { settings } from '../conf/settings';
import type { HttpRequest } from '../http/request';
import { HttpResponse, HttpResponseNotModified, type HttpResponseBase } from '../http/response';
import { httpDate, parseHttpDate } from '../http/cookie';
import { md5Hex } from './md5';

const ccDelim = /\s*,\s*/;

/** `maxAge` → 'max-age', `s_maxage` → 's-maxage'. */
function directiveName(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

export type CacheControl = Record<string, string | number | boolean>;

/** A Cache-Control value's directives as [lower-case name, value], `true` for a bare name (Django's _to_tuple). */
function cacheControlFields(value: string): Array<[string, string | true]> {
  return value.split(ccDelim).map((field) => {
    const eq = field.indexOf('=');
    return eq >= 0 ? [field.slice(0, eq).toLowerCase(), field.slice(eq + 1)] : [field.toLowerCase(), true];
  });
}

/** Adds directives to Cache-Control, keeping the others (Django's patch_cache_control). */
export function patchCacheControl(response: HttpResponseBase, directives: CacheControl): void {
  const cc = new Map<string, unknown>();
  const current = response.get('Cache-Control');
  if (current) {
    for (const [name, value] of cacheControlFields(current)) {
      if (name === 'no-cache') {
        const set = (cc.get(name) as Set<unknown>) ?? new Set();
        set.add(value);
        cc.set(name, set);
      } else cc.set(name, value);
    }
  }
  const kwargs = new Map(Object.entries(directives).map(([k, v]) => [directiveName(k), v] as [string, unknown]));
  // Two max-ages (a decorator and a middleware): the smaller wins.
  if (cc.has('max-age') && kwargs.has('max-age')) kwargs.set('max-age', Math.min(Number(cc.get('max-age')), Number(kwargs.get('max-age'))));
  if (cc.has('private') && kwargs.has('public')) cc.delete('private');
  else if (cc.has('public') && kwargs.has('private')) cc.delete('public');
  for (const [k, v] of kwargs) {
    if (k === 'no-cache') {
      const set = (cc.get(k) as Set<unknown>) ?? new Set();
      set.add(v);
      cc.set(k, set);
    } else cc.set(k, v);
  }
  const out: string[] = [];
  const item = (k: string, v: unknown) => (v === true ? k : `${k}=${v === false ? 'False' : v}`);
  for (const [k, v] of cc) {
    if (v instanceof Set) {
      const values = v.has(true) ? [true] : [...v];
      for (const x of values) out.push(item(k, x));
    } else out.push(item(k, v));
  }
  response.set('Cache-Control', out.join(', '));
}

/** The max-age of the response's Cache-Control in seconds; null without one or when it is not an integer (Django's get_max_age). */
export function getMaxAge(response: HttpResponseBase): number | null {
  const cc = response.get('Cache-Control');
  const value = cc === null ? undefined : cacheControlFields(cc).find(([name]) => name === 'max-age')?.[1];
  return typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number.parseInt(value, 10) : null;
}

/** Sets Expires and max-age (Django's patch_response_headers); CACHE_MIDDLEWARE_SECONDS without a timeout. */
export function patchResponseHeaders(response: HttpResponseBase, cacheTimeout: number = settings.CACHE_MIDDLEWARE_SECONDS): void {
  const timeout = Math.max(0, cacheTimeout);
  if (!response.has('Expires')) response.set('Expires', httpDate(Date.now() + timeout * 1000));
  patchCacheControl(response, { maxAge: timeout });
}

/** Marks a response as never to be cached (Django's add_never_cache_headers). */
export function addNeverCacheHeaders(response: HttpResponseBase): void {
  patchResponseHeaders(response, -1);
  patchCacheControl(response, { noCache: true, noStore: true, mustRevalidate: true, private: true });
}

/** Adds headers to Vary, without duplicates ('*' absorbs all) (Django's patch_vary_headers). */
export function patchVaryHeaders(response: HttpResponseBase, newHeaders: readonly string[]): void {
  const current = response.get('Vary');
  if (current === null && newHeaders.length === 1) {
    // The usual call (SessionMiddleware's Vary: Cookie on a response without Vary): nothing to merge.
    response.set('Vary', newHeaders[0]!);
    return;
  }
  const vary = varyHeaders(response);
  const existing = new Set(vary.map((h) => h.toLowerCase()));
  for (const h of newHeaders) if (!existing.has(h.toLowerCase())) vary.push(h);
  response.set('Vary', vary.includes('*') ? '*' : vary.join(', '));
}

/** The header names the response's Vary lists, as written. */
export function varyHeaders(response: HttpResponseBase): string[] {
  const vary = response.get('Vary');
  return vary === null ? [] : vary.split(ccDelim);
}

/** True when Vary names `header`. */
export function hasVaryHeader(response: HttpResponseBase, header: string): boolean {
  return varyHeaders(response).some((h) => h.toLowerCase() === header.toLowerCase());
}

const ETAG_MATCH = /^((?:W\/)?"[^"]*")$/;

/** The valid ETags of an If-(None-)Match header; ['*'] for '*' (Django's parse_etags). */
export function parseEtags(value: string): string[] {
  if (value.trim() === '*') return ['*'];
  return value
    .split(',')
    .map((e) => ETAG_MATCH.exec(e.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m[1]);
}

/** Quotes an ETag unless it already is (Django's quote_etag). */
export function quoteEtag(etag: string): string {
  return ETAG_MATCH.test(etag) ? etag : `"${etag}"`;
}

/** Sets ETag to the MD5 of the content (Django's set_response_etag). */
export function setResponseEtag(response: HttpResponseBase): void {
  if (!response.streaming && response instanceof HttpResponse) {
    const content = response.content;
    if (content.length) response.set('ETag', quoteEtag(md5Hex(content)));
  }
}

/** Python's str.strip('W/'): strips W and / from both ends. */
function stripW(s: string): string {
  return s.replace(/^[W/]+|[W/]+$/g, '');
}

function ifMatchPasses(target: string | null, etags: string[]): boolean {
  if (!target) return false;
  if (etags.length === 1 && etags[0] === '*') return true;
  if (target.startsWith('W/')) return false;
  return etags.includes(target);
}

function ifNoneMatchPasses(target: string | null, etags: string[]): boolean {
  if (!target) return true;
  if (etags.length === 1 && etags[0] === '*') return false;
  const t = stripW(target);
  return !etags.map(stripW).includes(t);
}

function preconditionFailed(): HttpResponse {
  return new HttpResponse('', { status: 412 });
}

function notModified(response?: HttpResponseBase | null): HttpResponseBase {
  const out = new HttpResponseNotModified();
  if (response) {
    for (const h of ['Cache-Control', 'Content-Location', 'Date', 'ETag', 'Expires', 'Last-Modified', 'Vary']) {
      const v = response.get(h);
      if (v !== null) out.set(h, v);
    }
    // Cookies travel with a 304 too (RFC 6265).
    for (const [k, m] of response.cookies) out.cookies.set(k, m);
  }
  return out;
}

/**
 * Evaluates If-Match, If-Unmodified-Since, If-None-Match and
 * If-Modified-Since (RFC 9110 §13.2.2) against `etag` and `lastModified`
 * (seconds since the epoch): 304, 412, or `response` unchanged (Django's
 * get_conditional_response). Returns null when there is no response and
 * nothing to answer.
 */
export function getConditionalResponse(request: HttpRequest, etag: string | null, lastModified: number | null, response: HttpResponseBase | null = null): HttpResponseBase | null {
  if (response && !(response.statusCode >= 200 && response.statusCode < 300)) return response;
  const seconds = (v: string | null) => {
    const ms = parseHttpDate(v);
    return ms === null ? null : Math.floor(ms / 1000);
  };
  const ifMatch = parseEtags(request.headers.get('if-match') ?? '');
  const ifUnmodifiedSince = seconds(request.headers.get('if-unmodified-since'));
  const ifNoneMatch = parseEtags(request.headers.get('if-none-match') ?? '');
  const ifModifiedSince = seconds(request.headers.get('if-modified-since'));
  // 1. If-Match
  if (ifMatch.length && !ifMatchPasses(etag, ifMatch)) return preconditionFailed();
  // 2. If-Unmodified-Since
  if (!ifMatch.length && ifUnmodifiedSince !== null && !(lastModified !== null && lastModified <= ifUnmodifiedSince)) return preconditionFailed();
  // 3. If-None-Match
  if (ifNoneMatch.length && !ifNoneMatchPasses(etag, ifNoneMatch)) {
    return request.method === 'GET' || request.method === 'HEAD' ? notModified(response) : preconditionFailed();
  }
  // 4. If-Modified-Since
  if (!ifNoneMatch.length && ifModifiedSince !== null && !(lastModified === null || lastModified > ifModifiedSince) && (request.method === 'GET' || request.method === 'HEAD')) {
    return notModified(response);
  }
  return response;
}
