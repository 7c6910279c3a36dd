/**
 * `request.user` and `request.auser()` (Django's SimpleLazyObject around
 * get_user, and its async `auser`).
 *
 * Nothing is read when the request arrives. `await request.auser()` reads
 * the session and then the user, once per request (every caller awaits the
 * same promise); afterwards `request.user` answers synchronously.
 *
 * Why `request.user` can throw: a JavaScript getter cannot wait for the
 * database. When the answer is known without a query (no session, or a
 * loaded session that names no user) the getter gives AnonymousUser, as
 * Django would. When the session may name a user that was not read yet, any
 * synchronous answer would be a guess, and guessing "anonymous" for a
 * logged-in user is a wrong answer that looks right — so the getter throws
 * SynchronousOnlyOperation naming `await request.auser()`, which is Django's
 * own rule for async views. The alternative, reading the user before every
 * view, costs a session query, a user query and (for templates) permission
 * queries on requests that never look at the user. Every framework path
 * awaits `auser()` where it needs the user (the decorators and mixins, the
 * auth views, the admin, templates that show `user` or `perms`), so a view
 * behind loginRequired & co. reads `request.user` synchronously.
 */
import { SynchronousOnlyOperation } from '../../core/exceptions';
import type { SessionBase } from '../sessions/base';
import { BACKEND_SESSION_KEY, SESSION_KEY, getUser } from './login';
import { AnonymousUser } from './models';

/** What one request knows about its user. */
interface UserState {
  session: SessionBase;
  /** The user once read (or set by login()/logout()). */
  user?: unknown;
  /** The read in flight or done (Django's `_acached_user`). */
  pending?: Promise<unknown>;
}

const STATE = Symbol('manouche.auth.user');

type UserRequest = { user?: unknown; auser?: () => Promise<unknown>; [STATE]?: UserState };

/** True when the session surely names no user: nothing to read, so AnonymousUser is the answer. */
function surelyAnonymous(session: SessionBase): boolean {
  if (session.sessionKey === null) return true;
  return session.isLoaded && !(session.has(SESSION_KEY) && session.has(BACKEND_SESSION_KEY));
}

/** The error a synchronous `request.user` gives before the user was read. */
export function userNotLoaded(): SynchronousOnlyOperation {
  return new SynchronousOnlyOperation(
    "request.user is not loaded yet: this request's session may name a logged-in user, and reading it needs the database, which a property cannot wait for. Use `const user = await request.auser()` (after which request.user works), or protect the view with loginRequired/permissionRequired/userPassesTest or their mixins, which load it first.",
  );
}

/** Installs the lazy `request.user` and `request.auser()` over the request's session (AuthenticationMiddleware). */
export function installLazyUser(request: object, session: SessionBase): void {
  const state: UserState = { session };
  const r = request as UserRequest;
  Object.defineProperty(r, STATE, { value: state, configurable: true });
  Object.defineProperty(r, 'user', {
    configurable: true,
    enumerable: true,
    get() {
      // Django's lazy user reads the session on first use: the response varies on Cookie.
      session.accessed = true;
      if ('user' in state) return state.user;
      if (surelyAnonymous(session)) return (state.user = new AnonymousUser());
      throw userNotLoaded();
    },
    set(value: unknown) {
      // login() and logout() set the user: later reads, sync or async, see it.
      state.user = value;
      state.pending = Promise.resolve(value);
    },
  });
  Object.defineProperty(r, 'auser', {
    configurable: true,
    enumerable: true,
    writable: true,
    value: (): Promise<unknown> => {
      session.accessed = true;
      if ('user' in state) return (state.pending ??= Promise.resolve(state.user));
      state.pending ??= getUser({ session }).then((user) => {
        // A login() that finished first wins over this read.
        if (!('user' in state)) state.user = user;
        return state.user;
      });
      return state.pending;
    },
  });
}

/**
 * The request's user without an error and without reading anything: the
 * user when it is known, `undefined` when only `await request.auser()` can
 * tell. Does not count as a session access (the auth context processor's
 * lazy `user` must not add Vary: Cookie to pages that never show it).
 */
export function peekUser(request: unknown): unknown {
  const state = (request as UserRequest | null)?.[STATE];
  if (!state) return (request as UserRequest | null)?.user;
  if ('user' in state) return state.user;
  if (surelyAnonymous(state.session)) return new AnonymousUser();
  return undefined;
}

/** True for a request whose user AuthenticationMiddleware reads lazily. */
export function hasLazyUser(request: unknown): boolean {
  return (request as UserRequest | null)?.[STATE] !== undefined;
}

/**
 * The request's user, read if needed: `await request.auser()` under
 * AuthenticationMiddleware, else `request.user` (a hand-built request).
 */
export async function requestUser(request: unknown): Promise<any> {
  const r = request as UserRequest | null;
  if (r && typeof r.auser === 'function') return r.auser();
  return r?.user;
}
