/**
 * Marking what error reports must not show (django.views.decorators.debug):
 * sensitivePostParameters('password', 'card') — or with no names, every
 * parameter — replaces those POST values with stars in the reports emailed
 * to ADMINS (with DEBUG off; the DEBUG page shows everything, as Django's).
 * Django's sensitive_variables hides a frame's local variables; JavaScript
 * stacks carry no variables, so there is nothing for it to hide here.
 *
 * @example
 * export const login = sensitivePostParameters('password')(async (request) => { ... });
 */
import { HttpRequest } from '../../http/request';
import { type ViewFn, wraps } from './http';

export const ALL_PARAMETERS = '__ALL__';

// What each request's view marked (Django's request.sensitive_post_parameters).
const marked = new WeakMap<HttpRequest, readonly string[] | typeof ALL_PARAMETERS>();

/** The POST names a view marked sensitive for this request, ALL_PARAMETERS, or an empty list. */
export function sensitivePostParametersOf(request: HttpRequest): readonly string[] | typeof ALL_PARAMETERS {
  return marked.get(request) ?? [];
}

/** Hides these POST parameters (all of them when none is named) from error reports of the view's requests (Django's sensitive_post_parameters). */
export function sensitivePostParameters(...parameters: string[]) {
  if (parameters.length === 1 && typeof parameters[0] === 'function') {
    throw new TypeError('sensitivePostParameters() must be called to use it as a decorator, e.g., use sensitivePostParameters()(view), not sensitivePostParameters(view).');
  }
  const bad = parameters.find((p) => typeof p !== 'string');
  if (bad !== undefined) throw new TypeError(`sensitivePostParameters: parameter names must be strings, got ${typeof bad}`);
  return <V extends ViewFn>(view: V): V =>
    wraps(view, (request: HttpRequest, kwargs: any, ...args: any[]) => {
      if (!(request instanceof HttpRequest)) {
        throw new TypeError("sensitivePostParameters didn't receive an HttpRequest object. If you are decorating a classmethod, decorate the view function, or the method's result.");
      }
      marked.set(request, parameters.length ? parameters : ALL_PARAMETERS);
      return view(request, kwargs, ...args);
    });
}
