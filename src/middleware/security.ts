/**
 * SecurityMiddleware (django.middleware.security): the HTTPS redirect
 * (SECURE_SSL_REDIRECT, SECURE_SSL_HOST, SECURE_REDIRECT_EXEMPT) and the
 * headers: Strict-Transport-Security on HTTPS responses (SECURE_HSTS_SECONDS,
 * _INCLUDE_SUBDOMAINS, _PRELOAD), X-Content-Type-Options: nosniff,
 * Referrer-Policy and Cross-Origin-Opener-Policy. A header the view set is
 * never overwritten.
 */
import { settings } from '../conf/settings';
import type { HttpRequest } from '../http/request';
import { HttpResponsePermanentRedirect, type HttpResponseBase } from '../http/response';
import { MiddlewareMixin } from './mixin';

export class SecurityMiddleware extends MiddlewareMixin {
  override processRequest(request: HttpRequest): HttpResponseBase | null {
    const path = request.path.replace(/^\/+/, '');
    const exempt = settings.SECURE_REDIRECT_EXEMPT.some((p) => (typeof p === 'string' ? new RegExp(p) : p).test(path));
    if (settings.SECURE_SSL_REDIRECT && !request.isSecure() && !exempt) {
      const host = settings.SECURE_SSL_HOST || request.getHost();
      return new HttpResponsePermanentRedirect(`https://${host}${request.getFullPath()}`);
    }
    return null;
  }

  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (settings.SECURE_HSTS_SECONDS && request.isSecure() && !response.has('Strict-Transport-Security')) {
      let sts = `max-age=${settings.SECURE_HSTS_SECONDS}`;
      if (settings.SECURE_HSTS_INCLUDE_SUBDOMAINS) sts += '; includeSubDomains';
      if (settings.SECURE_HSTS_PRELOAD) sts += '; preload';
      response.set('Strict-Transport-Security', sts);
    }
    if (settings.SECURE_CONTENT_TYPE_NOSNIFF) response.setDefault('X-Content-Type-Options', 'nosniff');
    const referrer = settings.SECURE_REFERRER_POLICY;
    if (referrer) {
      const values = typeof referrer === 'string' ? referrer.split(',').map((v) => v.trim()) : referrer;
      response.setDefault('Referrer-Policy', values.join(','));
    }
    if (settings.SECURE_CROSS_ORIGIN_OPENER_POLICY) response.setDefault('Cross-Origin-Opener-Policy', settings.SECURE_CROSS_ORIGIN_OPENER_POLICY);
    return response;
  }
}
