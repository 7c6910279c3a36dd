/**
 * XFrameOptionsMiddleware (django.middleware.clickjacking): every response
 * gets X-Frame-Options (X_FRAME_OPTIONS, 'DENY' by default) unless it has
 * one already or its view is xframeOptionsExempt.
 */
import { settings } from '../conf/settings';
import type { HttpRequest } from '../http/request';
import type { HttpResponseBase } from '../http/response';
import { MiddlewareMixin } from './mixin';

export class XFrameOptionsMiddleware extends MiddlewareMixin {
  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (response.has('X-Frame-Options')) return response;
    if ((response as unknown as { xframeOptionsExempt?: boolean }).xframeOptionsExempt) return response;
    response.set('X-Frame-Options', this.getXframeOptionsValue(request, response));
    return response;
  }

  /** The header's value; override for per-request logic (Django's get_xframe_options_value). */
  getXframeOptionsValue(_request: HttpRequest, _response: HttpResponseBase): string {
    return String(settings.X_FRAME_OPTIONS ?? 'DENY').toUpperCase();
  }
}
