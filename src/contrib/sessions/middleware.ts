/**
 * SessionMiddleware (django.contrib.sessions.middleware), over two
 * functions of plain values:
 *
 *   request:  request.session = sessionFromCookies(request.COOKIES)
 *   response: const out = await sessionResponse(request.session, { hadCookie, status })
 *             out.vary → patch Vary: Cookie; out.cookie → set or delete it
 */
import { settings } from '../../conf/settings';
import type { SessionBase } from './base';
import { getSessionStore } from './engines';
import { SessionInterrupted, UpdateError } from './exceptions';
import type { CookieOptions } from '../../http/cookie';
import type { HttpRequest } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';
import { MiddlewareMixin } from '../../middleware/mixin';
import { patchVaryHeaders } from '../../utils/cache';

/** Django's http_date: RFC 7231 IMF-fixdate. */
export function httpDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toUTCString();
}

/** A new session of SESSION_ENGINE for the request's session cookie (not loaded yet). */
export function sessionFromCookies(cookies: Readonly<Record<string, string | undefined>>): SessionBase {
  const Store = getSessionStore();
  return new Store(cookies[settings.SESSION_COOKIE_NAME] ?? null);
}

export interface SessionCookieSet {
  action: 'set';
  name: string;
  value: string;
  /** null: a browser-session cookie. */
  maxAge: number | null;
  expires: string | null;
  domain: string | null;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string | false;
}

export interface SessionCookieDelete {
  action: 'delete';
  name: string;
  path: string;
  domain: string | null;
  sameSite: string | false;
}

export interface SessionResponse {
  /** Add 'Cookie' to Vary (the response depends on the session). */
  vary: boolean;
  cookie: SessionCookieSet | SessionCookieDelete | null;
}

/**
 * Django's SessionMiddleware.process_response: deletes the cookie of an
 * emptied session; saves a modified (or, with SESSION_SAVE_EVERY_REQUEST,
 * any) non-empty session and refreshes its cookie; never saves on a 5xx.
 * A session deleted meanwhile by another request is SessionInterrupted.
 */
export function sessionResponse(session: SessionBase, options: SessionResponseOptions): Promise<SessionResponse> {
  return Promise.resolve(unsavedSessionResponse(session, options) ?? savedSessionResponse(session, options));
}

export interface SessionResponseOptions {
  /** The request came with a session cookie. */
  hadCookie: boolean;
  /** The response's status (nothing is saved on a 5xx). */
  status: number;
}

/** The answer when nothing is to be saved (the session deleted, or unchanged), at once; null when the session must be saved first. */
function unsavedSessionResponse(session: SessionBase, options: SessionResponseOptions): SessionResponse | null {
  const empty = session.isEmpty();
  if (options.hadCookie && empty) {
    return {
      vary: true,
      cookie: { action: 'delete', name: settings.SESSION_COOKIE_NAME, path: settings.SESSION_COOKIE_PATH, domain: settings.SESSION_COOKIE_DOMAIN, sameSite: settings.SESSION_COOKIE_SAMESITE },
    };
  }
  return (session.modified || settings.SESSION_SAVE_EVERY_REQUEST) && !empty ? null : { vary: session.accessed, cookie: null };
}

async function savedSessionResponse(session: SessionBase, options: SessionResponseOptions): Promise<SessionResponse> {
  const out: SessionResponse = { vary: session.accessed, cookie: null };
  if (!session.isLoaded) await session.load();
  let maxAge: number | null = null;
  let expires: string | null = null;
  if (!session.getExpireAtBrowserClose()) {
    maxAge = session.getExpiryAge();
    expires = httpDate(Date.now() / 1000 + maxAge);
  }
  if (options.status < 500) {
    try {
      await session.save();
    } catch (e) {
      if (e instanceof UpdateError) {
        throw new SessionInterrupted("The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.");
      }
      throw e;
    }
    out.cookie = {
      action: 'set',
      name: settings.SESSION_COOKIE_NAME,
      value: session.sessionKey ?? '',
      maxAge,
      expires,
      domain: settings.SESSION_COOKIE_DOMAIN,
      path: settings.SESSION_COOKIE_PATH,
      secure: settings.SESSION_COOKIE_SECURE,
      httpOnly: settings.SESSION_COOKIE_HTTPONLY,
      sameSite: settings.SESSION_COOKIE_SAMESITE,
    };
  }
  return out;
}

/**
 * Django's SessionMiddleware: `request.session` (a SessionStore of
 * SESSION_ENGINE for the cookie, loaded on first `await session.load()`);
 * on the way out, saves it and sets or deletes the cookie, with
 * `Vary: Cookie` when the session was read.
 */
export class SessionMiddleware extends MiddlewareMixin {
  override processRequest(request: HttpRequest): null {
    request.session = sessionFromCookies(request.COOKIES);
    return null;
  }

  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase | Promise<HttpResponseBase> {
    const session = request.session as SessionBase | undefined;
    if (!session || typeof (session as { isEmpty?: unknown }).isEmpty !== 'function') return response;
    const options = { hadCookie: settings.SESSION_COOKIE_NAME in request.COOKIES, status: response.statusCode };
    // Synchronous unless the session is saved: most requests only read it.
    const now = unsavedSessionResponse(session, options);
    return now ? applySessionResponse(response, now) : savedSessionResponse(session, options).then((out) => applySessionResponse(response, out));
  }
}

/** The Vary header and the cookie a SessionResponse asks for, on `response`. */
function applySessionResponse(response: HttpResponseBase, out: SessionResponse): HttpResponseBase {
  if (out.vary) patchVaryHeaders(response, ['Cookie']);
  const c = out.cookie;
  if (c?.action === 'delete') {
    response.deleteCookie(c.name, { path: c.path, domain: c.domain, samesite: (c.sameSite || undefined) as CookieOptions['samesite'] });
  } else if (c?.action === 'set') {
    response.setCookie(c.name, c.value, {
      maxAge: c.maxAge,
      expires: c.expires,
      domain: c.domain,
      path: c.path,
      secure: c.secure,
      httponly: c.httpOnly,
      samesite: (c.sameSite || undefined) as CookieOptions['samesite'],
    });
  }
  return response;
}
