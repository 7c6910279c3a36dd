/**
 * View decorators made from middleware (django.utils.decorators'
 * decorator_from_middleware and decorator_from_middleware_with_args): the
 * middleware's processRequest, processView, the view (processException for
 * what it throws), processTemplateResponse and processResponse around one view.
 *
 * @example
 * export const cachePage = (timeout: number) => decoratorFromMiddlewareWithArgs(CacheMiddleware)({ pageTimeout: timeout });
 */
import type { HttpRequest } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';
import { type ViewFn, wraps } from './http';

type Hooks = {
  processRequest?(request: HttpRequest): unknown;
  processView?(request: HttpRequest, view: unknown, args: unknown[], kwargs: unknown): unknown;
  processTemplateResponse?(request: HttpRequest, response: HttpResponseBase): unknown;
  processException?(request: HttpRequest, error: unknown): unknown;
  processResponse?(request: HttpRequest, response: HttpResponseBase): unknown;
};
type Deferred = HttpResponseBase & { render(): HttpResponseBase; prepareRender?(): Promise<void> };

function unusedGetResponse(): Promise<never> {
  return Promise.reject(new Error('decoratorFromMiddleware: getResponse is not used'));
}

/**
 * A view decorator from a middleware class built with `args` after getResponse
 * (Django's decorator_from_middleware_with_args): `decorator(...args)(view)`.
 *
 * A TemplateResponse the view returns is rendered before processResponse, so
 * what rendering does (a `{% csrf_token %}` asking for the cookie, the page a
 * cache stores) is there when processResponse runs. Django defers
 * processResponse to a post-render callback instead; Manouche's callbacks are
 * synchronous and processResponse may not be, so middleware processTemplateResponse
 * hooks outside the decorator see the page rendered.
 */
export function decoratorFromMiddlewareWithArgs<A extends unknown[]>(Middleware: new (getResponse: any, ...args: A) => Hooks) {
  return (...args: A) =>
    <V extends ViewFn>(view: V): V =>
      wraps(view, async (request: HttpRequest, kwargs: any, ...rest: any[]) => {
        const mw = new Middleware(unusedGetResponse, ...args);
        // An answer from processRequest or processView is the view's answer, as in Django.
        const early = (mw.processRequest ? await mw.processRequest(request) : null) ?? (mw.processView ? await mw.processView(request, view, rest, kwargs) : null);
        if (early) return early as HttpResponseBase;
        let response: HttpResponseBase;
        try {
          response = await view(request, kwargs, ...rest);
        } catch (error) {
          const handled = mw.processException ? await mw.processException(request, error) : null;
          if (handled) return handled as HttpResponseBase;
          throw error;
        }
        if (typeof (response as Partial<Deferred>).render === 'function') {
          if (mw.processTemplateResponse) response = (await mw.processTemplateResponse(request, response)) as HttpResponseBase;
          const late = response as Deferred;
          await late.prepareRender?.();
          response = late.render();
        }
        if (mw.processResponse) response = (await mw.processResponse(request, response)) as HttpResponseBase;
        return response;
      });
}

/** A view decorator from a middleware class (Django's decorator_from_middleware). */
export function decoratorFromMiddleware(Middleware: new (getResponse: any) => Hooks) {
  return decoratorFromMiddlewareWithArgs(Middleware)();
}
