/**
 * Django's login(), logout(), get_user() and update_session_auth_hash() over
 * any request-like object with a `session` (and optionally `user`). The
 * AuthenticationMiddleware and the views that call them arrive with the
 * HTTP layer; CSRF token rotation at login is that layer's hook
 * (`rotateToken` option).
 *
 * Session keys are Django's: '_auth_user_id', '_auth_user_backend',
 * '_auth_user_hash', so a session written by Django logs the user in here.
 */
import { ValueError } from '../../core/exceptions';
import { holdsMeta, rotateToken } from '../../middleware/csrf';
import { Signal } from '../../db/models/signals';
import { constantTimeCompare } from '../../utils/crypto';
import type { SessionBase } from '../sessions/base';
import { getBackendsWithPaths } from './backends';
import { AnonymousUser, getUserModel } from './models';

export const SESSION_KEY = '_auth_user_id';
export const BACKEND_SESSION_KEY = '_auth_user_backend';
export const HASH_SESSION_KEY = '_auth_user_hash';

export interface AuthRequest {
  session: SessionBase;
  user?: unknown;
  /** AuthenticationMiddleware's lazy read of the user. */
  auser?: () => Promise<unknown>;
}

/** Django's user_logged_in, user_logged_out, user_login_failed. */
export const userLoggedIn = new Signal<{ request: unknown; user: any }>();
export const userLoggedOut = new Signal<{ request: unknown; user: any }>();
export const userLoginFailed = new Signal<{ credentials: Record<string, unknown>; request: unknown }>();

/** Django's update_last_login, connected to userLoggedIn as the auth app does. */
export async function updateLastLogin({ user }: { user: any }): Promise<void> {
  if (!user?.constructor?._meta?.fieldsByName?.has('last_login')) return;
  user.last_login = new Date();
  await user.save({ updateFields: ['last_login'] });
}
userLoggedIn.connect(updateLastLogin);

function pkToString(user: any): string {
  return String(user.pk);
}

function pkFromSession(value: unknown): unknown {
  const pk = (getUserModel() as any)._meta.pk;
  const t = pk.type as string;
  if (/(Auto|Integer)Field$/.test(t)) {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new ValueError(`'${String(value)}' is not a valid primary key.`);
    return n;
  }
  return value;
}

/**
 * Logs `user` in: a new session key (no session fixation), or an emptied
 * session when it belonged to another user; stores the user's id, backend
 * and password hash HMAC in the session.
 */
export async function login(
  request: AuthRequest,
  user: any,
  options: { backend?: string; rotateToken?: (request: AuthRequest) => unknown } = {},
): Promise<void> {
  const session = await request.session.load();
  const authHash: string = typeof user.getSessionAuthHash === 'function' ? await user.getSessionAuthHash() : '';
  if (session.has(SESSION_KEY)) {
    let sameUser = false;
    try {
      sameUser = pkFromSession(session.get(SESSION_KEY)) === user.pk;
    } catch {
      sameUser = false;
    }
    if (!sameUser || (authHash && !constantTimeCompare(String(session.get(HASH_SESSION_KEY, '')), authHash))) {
      await session.flush(); // another user's session is never reused
    }
  } else {
    await session.cycleKey();
  }
  let backend = options.backend ?? user.backend;
  if (backend === undefined) {
    const backends = getBackendsWithPaths();
    if (backends.length !== 1) {
      throw new ValueError('You have multiple authentication backends configured and therefore must provide the `backend` argument or set the `backend` attribute on the user.');
    }
    backend = backends[0]![1];
  } else if (typeof backend !== 'string') {
    throw new TypeError(`backend must be a dotted import path string (got ${String(backend)}).`);
  }
  session.set(SESSION_KEY, pkToString(user));
  session.set(BACKEND_SESSION_KEY, backend);
  session.set(HASH_SESSION_KEY, authHash);
  if ('user' in request) request.user = user;
  // A CSRF token seen before login is useless after it (Django's rotate_token).
  if (options.rotateToken) await options.rotateToken(request);
  else if (holdsMeta(request)) rotateToken(request);
  await userLoggedIn.send(user.constructor, { request, user });
}

/** Logs out: flushes the session, and request.user becomes an AnonymousUser. */
export async function logout(request: AuthRequest): Promise<void> {
  // The signal names who logged out: read the user first (Django's alogout awaits auser()).
  const user = await currentUser(request);
  if (user && user.isAuthenticated === false) {
    // Django sends user_logged_out with user=None for anonymous users
    await userLoggedOut.send(undefined, { request, user: null });
  } else {
    await userLoggedOut.send(user?.constructor, { request, user: user ?? null });
  }
  await request.session.load();
  await request.session.flush();
  if ('user' in request) request.user = new AnonymousUser();
}

/**
 * The user of the session (Django's get_user): the backend named in the
 * session loads it, and the session's password-hash HMAC must still match
 * (a password change logs other sessions out). Otherwise an AnonymousUser.
 */
export async function getUser(request: AuthRequest): Promise<any> {
  const session = await request.session.load();
  let user: any = null;
  if (session.has(SESSION_KEY) && session.has(BACKEND_SESSION_KEY)) {
    const backendPath = session.get(BACKEND_SESSION_KEY) as string;
    const entry = getBackendsWithPaths().find(([, path]) => path === backendPath);
    let userId: unknown;
    try {
      userId = pkFromSession(session.get(SESSION_KEY));
    } catch {
      userId = undefined; // a malformed id in the session: nobody is logged in
    }
    if (entry && userId !== undefined && entry[0].getUser) {
      user = await entry[0].getUser(userId);
      if (user && typeof user.getSessionAuthHash === 'function') {
        const sessionHash = session.get(HASH_SESSION_KEY) as string | undefined;
        const current: string = await user.getSessionAuthHash();
        const verified = Boolean(sessionHash) && constantTimeCompare(sessionHash!, current);
        if (!verified) {
          const fallbacks: string[] = typeof user.getSessionAuthFallbackHash === 'function' ? await user.getSessionAuthFallbackHash() : [];
          if (sessionHash && fallbacks.some((h) => constantTimeCompare(sessionHash, h))) {
            await session.cycleKey(); // signed with a retired SECRET_KEY: re-sign under the current one
            session.set(HASH_SESSION_KEY, current);
          } else {
            await session.flush();
            user = null;
          }
        }
      }
    }
  }
  return user ?? new AnonymousUser();
}

/**
 * After a password change: keeps this session logged in (Django's
 * update_session_auth_hash) with a new key and the new hash.
 */
export async function updateSessionAuthHash(request: AuthRequest, user: any): Promise<void> {
  const session = await request.session.load();
  const current = await currentUser(request);
  await session.cycleKey();
  if (typeof user.getSessionAuthHash === 'function' && current && (current === user || current.equals?.(user))) {
    session.set(HASH_SESSION_KEY, await user.getSessionAuthHash());
  }
}

/** The request's user: `await request.auser()` under AuthenticationMiddleware, else `request.user`. */
async function currentUser(request: AuthRequest): Promise<any> {
  const r = request as { user?: unknown; auser?: () => Promise<unknown> };
  return typeof r.auser === 'function' ? r.auser() : r.user;
}

/** The credentials of a failed login with secrets masked (Django's _clean_credentials). */
export function cleanCredentials(credentials: Record<string, unknown>): Record<string, unknown> {
  const SENSITIVE = /api|token|key|secret|password|signature/i;
  return Object.fromEntries(Object.entries(credentials).map(([k, v]) => [k, SENSITIVE.test(k) ? '********************' : v]));
}
