/**
 * Django's auth view decorators (django.contrib.auth.decorators):
 * userPassesTest, loginRequired, permissionRequired, and redirectToLogin.
 * A refused anonymous user goes to LOGIN_URL with `?next=<this page>`.
 *
 * @example
 * export const vote = loginRequired(async (request, { question_id }) => { ... });
 * export const add = permissionRequired('polls.add_choice', { raiseException: true })(addView);
 */
import { settings } from '../../conf/settings';
import { PermissionDenied } from '../../core/exceptions';
import type { HttpRequest } from '../../http/request';
import { QueryDict } from '../../http/querydict';
import { HttpResponseRedirect, type HttpResponseBase } from '../../http/response';
import { resolveUrl } from '../../shortcuts';
import { requestUser } from './request-user';

export const REDIRECT_FIELD_NAME = 'next';

type Awaitable<T> = T | Promise<T>;
type ViewFn = (request: HttpRequest, kwargs: any, ...args: any[]) => Awaitable<HttpResponseBase>;

function splitUrl(url: string): { scheme: string; netloc: string; rest: string; query: string; fragment: string } {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(url)!;
  return { scheme: (m[1] ?? '').toLowerCase(), netloc: m[2] ?? '', rest: m[3] ?? '', query: m[4] ?? '', fragment: m[5] ?? '' };
}

/** A redirect to the login page with `next` (Django's redirect_to_login). */
export function redirectToLogin(next: string, loginUrl: string | null = null, redirectFieldName: string | null = REDIRECT_FIELD_NAME): HttpResponseRedirect {
  const resolved = resolveUrl(loginUrl ?? settings.LOGIN_URL);
  const parts = splitUrl(resolved);
  let query = parts.query;
  if (redirectFieldName) {
    const q = new QueryDict(query, { mutable: true });
    q.set(redirectFieldName, next);
    query = q.urlencode('/');
  }
  const url = (parts.scheme ? parts.scheme + ':' : '') + (parts.netloc ? '//' + parts.netloc : '') + parts.rest + (query ? '?' + query : '') + (parts.fragment ? '#' + parts.fragment : '');
  return new HttpResponseRedirect(url);
}

/** The path to come back to: just the path when the login page is on the same origin (Django's user_passes_test). */
function nextPath(request: HttpRequest, resolvedLoginUrl: string): string {
  let path = request.buildAbsoluteUri();
  const login = splitUrl(resolvedLoginUrl);
  const current = splitUrl(path);
  if ((!login.scheme || login.scheme === current.scheme) && (!login.netloc || login.netloc === current.netloc)) path = request.getFullPath();
  return path;
}

export interface AccessOptions {
  loginUrl?: string | null;
  redirectFieldName?: string | null;
}

/**
 * The view runs when `test(user)` is true; otherwise a redirect to the login
 * page (Django's user_passes_test). The test may be async. The user is
 * `await request.auser()`, so the view may read `request.user` synchronously.
 */
export function userPassesTest(test: (user: any) => Awaitable<boolean>, options: AccessOptions = {}) {
  const { loginUrl = null, redirectFieldName = REDIRECT_FIELD_NAME } = options;
  return <V extends ViewFn>(view: V): V => {
    const wrapped = async (request: HttpRequest, kwargs: any, ...args: any[]) => {
      // The user is read here, once: the view then reads request.user synchronously.
      if (await test(await requestUser(request))) return view(request, kwargs, ...args);
      const resolved = resolveUrl(loginUrl ?? settings.LOGIN_URL);
      return redirectToLogin(nextPath(request, resolved), resolved, redirectFieldName);
    };
    Object.defineProperty(wrapped, 'name', { value: view.name });
    for (const key of Object.keys(view)) (wrapped as any)[key] = (view as any)[key];
    return wrapped as unknown as V;
  };
}

/** Logged-in users only (Django's login_required); usable bare or with options. */
export function loginRequired<V extends ViewFn>(view: V, options?: AccessOptions): V;
export function loginRequired(options?: AccessOptions): <V extends ViewFn>(view: V) => V;
export function loginRequired(viewOrOptions?: ViewFn | AccessOptions, options: AccessOptions = {}): any {
  if (typeof viewOrOptions === 'function') return userPassesTest((u) => Boolean(u?.isAuthenticated), options)(viewOrOptions);
  return userPassesTest((u) => Boolean(u?.isAuthenticated), viewOrOptions ?? {});
}

/**
 * Users with every permission in `perm` (Django's permission_required);
 * `raiseException` answers 403 instead of the login redirect.
 */
export function permissionRequired(perm: string | readonly string[], options: AccessOptions & { raiseException?: boolean } = {}) {
  const perms = typeof perm === 'string' ? [perm] : [...perm];
  return userPassesTest(async (user) => {
    if (user && typeof user.hasPerms === 'function' && (await user.hasPerms(perms))) return true;
    if (options.raiseException) throw new PermissionDenied();
    return false;
  }, options);
}
