/**
 * ConditionalGetMiddleware (django.middleware.http): adds an ETag (MD5 of
 * the content) to GET responses unless Cache-Control says no-store, then
 * answers 304 when the client's If-None-Match / If-Modified-Since match.
 */
import { parseHttpDate } from '../http/cookie';
import type { HttpRequest } from '../http/request';
import type { HttpResponseBase } from '../http/response';
import { getConditionalResponse, setResponseEtag } from '../utils/cache';
import { MiddlewareMixin } from './mixin';

export class ConditionalGetMiddleware extends MiddlewareMixin {
  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    // Too late to refuse an unsafe request with 412; a HEAD body is empty, so no accurate ETag.
    if (request.method !== 'GET') return response;
    if (this.needsEtag(response) && !response.has('ETag')) setResponseEtag(response);
    const etag = response.get('ETag');
    const lm = parseHttpDate(response.get('Last-Modified'));
    const lastModified = lm === null ? null : Math.floor(lm / 1000);
    if (etag || lastModified !== null) return getConditionalResponse(request, etag, lastModified, response) ?? response;
    return response;
  }

  needsEtag(response: HttpResponseBase): boolean {
    return (response.get('Cache-Control') ?? '').split(/\s*,\s*/).every((h) => h.toLowerCase() !== 'no-store');
  }
}
