/**
 * CommonMiddleware (django.middleware.common): refuses DISALLOWED_USER_AGENTS,
 * validates the Host (ALLOWED_HOSTS), redirects to www. with PREPEND_WWW and
 * to the slashed URL with APPEND_SLASH (only when the slashed path resolves
 * and the unslashed one does not), and sets Content-Length.
 */
import { settings } from '../conf/settings';
import { PermissionDenied } from '../core/exceptions';
import type { HttpRequest } from '../http/request';
import { HttpResponsePermanentRedirect, type HttpResponseBase } from '../http/response';
import { getResolver } from '../urls/base';
import type { URLEntry } from '../urls/conf';
import { escapeLeadingSlashes } from '../utils/http';
import { MiddlewareMixin } from './mixin';

export class CommonMiddleware extends MiddlewareMixin {
  responseRedirectClass: typeof HttpResponsePermanentRedirect = HttpResponsePermanentRedirect;

  override processRequest(request: HttpRequest): HttpResponseBase | null {
    const userAgent = request.headers.get('user-agent');
    if (userAgent !== null) {
      for (const re of (settings.DISALLOWED_USER_AGENTS as RegExp[] | undefined) ?? []) {
        if (re.test(userAgent)) throw new PermissionDenied('Forbidden user agent');
      }
    }
    const host = request.getHost();
    const mustPrepend = settings.PREPEND_WWW && host && !host.startsWith('www.');
    let redirectUrl = mustPrepend ? `${request.scheme}://www.${host}` : '';
    const path = this.shouldRedirectWithSlash(request) ? this.getFullPathWithSlash(request) : request.getFullPath();
    if (redirectUrl || path !== request.getFullPath()) {
      redirectUrl += path;
      return new this.responseRedirectClass(redirectUrl);
    }
    return null;
  }

  /** APPEND_SLASH, a path without a slash that does not resolve, whose slashed form does (and its view allows it). */
  shouldRedirectWithSlash(request: HttpRequest): boolean {
    if (!settings.APPEND_SLASH || request.pathInfo.endsWith('/')) return false;
    const resolver = getResolver(request.urlconf as readonly URLEntry[] | undefined);
    if (resolver.match(request.pathInfo) !== null) return false;
    const match = resolver.match(request.pathInfo + '/');
    if (!match) return false;
    return (match.func as { shouldAppendSlash?: boolean }).shouldAppendSlash ?? true;
  }

  /** The full path with the slash; with DEBUG, a POST/PUT/PATCH cannot be redirected without losing its body. */
  getFullPathWithSlash(request: HttpRequest): string {
    const newPath = escapeLeadingSlashes(request.getFullPath(true));
    if (settings.DEBUG && ['POST', 'PUT', 'PATCH'].includes(request.method)) {
      throw new Error(
        `You called this URL via ${request.method}, but the URL doesn't end in a slash and you have APPEND_SLASH set. ` +
          `Manouche can't redirect to the slash URL while maintaining ${request.method} data. Change your form to point to ` +
          `${request.getHost()}${newPath} (note the trailing slash), or set APPEND_SLASH=false in your settings.`,
      );
    }
    return newPath;
  }

  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (response.statusCode === 404 && this.shouldRedirectWithSlash(request)) return new this.responseRedirectClass(this.getFullPathWithSlash(request));
    if (!response.streaming && !response.has('Content-Length')) {
      response.set('Content-Length', String((response as unknown as { content: Uint8Array }).content.length));
    }
    return response;
  }
}
