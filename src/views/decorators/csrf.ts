/**
 * CSRF view decorators (django.views.decorators.csrf): csrfExempt marks a
 * view the middleware skips; csrfProtect runs the middleware's checks for
 * one view (without it in MIDDLEWARE); requiresCsrfToken makes the token
 * available without rejecting; ensureCsrfCookie sends the cookie even when
 * the page does not render `{% csrf_token %}` (pages that post with fetch).
 *
 * @example
 * export const webhook = csrfExempt(async (request) => new HttpResponse('ok'));
 */
import type { HttpRequest } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';
import { CsrfViewMiddleware, getToken } from '../../middleware/csrf';
import { type ViewFn, wraps } from './http';
import { decoratorFromMiddleware } from './middleware';

/** Protects one view as CsrfViewMiddleware would (Django's csrf_protect). */
export const csrfProtect = decoratorFromMiddleware(CsrfViewMiddleware);

class CsrfTokenOnlyMiddleware extends CsrfViewMiddleware {
  // Never rejects: the view handles a failed check itself (Django's _EnsureCsrfToken).
  protected override async reject(): Promise<null> {
    return null;
  }
}

/** The token works in the view's templates, but a failed check does not reject (Django's requires_csrf_token). */
export const requiresCsrfToken = decoratorFromMiddleware(CsrfTokenOnlyMiddleware as unknown as new (g: any) => any);

class EnsureCsrfCookieMiddleware extends CsrfViewMiddleware {
  override async processView(request: HttpRequest, view: unknown): Promise<HttpResponseBase | null> {
    const response = await super.processView(request, view);
    getToken(request); // forces the cookie out
    return response;
  }
}

/** Sends the CSRF cookie with the response, whatever the template does (Django's ensure_csrf_cookie). */
export const ensureCsrfCookie = decoratorFromMiddleware(EnsureCsrfCookieMiddleware);

/** The middleware skips this view (Django's csrf_exempt). */
export function csrfExempt<V extends ViewFn>(view: V): V {
  const inner = wraps(view, (request, kwargs, ...args) => view(request, kwargs, ...args));
  (inner as unknown as { csrfExempt: boolean }).csrfExempt = true;
  return inner;
}
