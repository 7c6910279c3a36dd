/**
 * X-Frame-Options per view (django.views.decorators.clickjacking):
 * xframeOptionsDeny / SameOrigin set the header; xframeOptionsExempt tells
 * XFrameOptionsMiddleware to leave the response alone (pages meant to be
 * framed).
 */
import type { HttpResponseBase } from '../../http/response';
import { type ViewFn, wraps } from './http';

function wrapHeader(view: ViewFn, edit: (r: HttpResponseBase) => void): ViewFn {
  return wraps(view, async (request, kwargs, ...args) => {
    const response = await view(request, kwargs, ...args);
    edit(response);
    return response;
  });
}

/** X-Frame-Options: DENY unless the view set it (Django's xframe_options_deny). */
export function xframeOptionsDeny<V extends ViewFn>(view: V): V {
  return wrapHeader(view, (r) => r.setDefault('X-Frame-Options', 'DENY')) as V;
}

/** X-Frame-Options: SAMEORIGIN unless the view set it. */
export function xframeOptionsSameorigin<V extends ViewFn>(view: V): V {
  return wrapHeader(view, (r) => r.setDefault('X-Frame-Options', 'SAMEORIGIN')) as V;
}

/** The middleware sets no X-Frame-Options on this view's responses (Django's xframe_options_exempt). */
export function xframeOptionsExempt<V extends ViewFn>(view: V): V {
  return wrapHeader(view, (r) => {
    (r as unknown as { xframeOptionsExempt: boolean }).xframeOptionsExempt = true;
  }) as V;
}
