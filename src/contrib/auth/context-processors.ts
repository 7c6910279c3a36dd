/**
 * The auth context processor (django.contrib.auth.context_processors.auth):
 * `user` and `perms`, where `{{ perms.polls }}` says whether the user has
 * any permission in the app and `{{ perms.polls.add_choice }}` whether it
 * has that one. `{% if 'polls.add_choice' in perms %}` works too.
 *
 * Both are lazy, as Django's are: the processor reads nothing. Rendering is
 * synchronous, so its `prepare` step (awaited by render() and
 * TemplateResponse before the render) reads the user when the template may
 * show `user` or `perms`, and the permissions only when it may show `perms`.
 * A template rendered without that step that still reads them gets the
 * error naming `await request.auser()`, never a wrong answer.
 */
import { SynchronousOnlyOperation } from '../../core/exceptions';
import { AnonymousUser } from './models';
import { hasLazyUser, peekUser, requestUser, userNotLoaded } from './request-user';

type PermSet = Set<string> | true;

/** The permissions read for a user (by the processor's prepare step): true for an active superuser. */
const loadedPerms = new WeakMap<object, PermSet>();

/** Reads the permissions of `user` for templates, once per user object (Django's PermWrapper asks has_perm). */
export async function loadPerms(user: any): Promise<PermSet> {
  if (!user || typeof user !== 'object') return new Set();
  let perms = loadedPerms.get(user);
  if (perms === undefined) {
    if (user.is_active && user.is_superuser) perms = true;
    else perms = typeof user.getAllPermissions === 'function' ? await user.getAllPermissions() : new Set<string>();
    loadedPerms.set(user, perms!);
  }
  return perms!;
}

/** The permissions of the request's user, which prepare read; an error when it did not. */
function permsOf(request: unknown): PermSet {
  const user = peekUser(request);
  if (user === undefined) {
    if (hasLazyUser(request)) throw userNotLoaded();
    return new Set(); // no authentication middleware: an AnonymousUser's (none), as Django's processor
  }
  const perms = user && typeof user === 'object' ? loadedPerms.get(user) : new Set<string>();
  if (perms === undefined) {
    throw new SynchronousOnlyOperation(
      "The template reads `perms`, which were not loaded: render it through render() or a TemplateResponse (they load what the template uses), or `await loadPerms(await request.auser())` before rendering.",
    );
  }
  return perms;
}

function has(perms: PermSet, perm: string): boolean {
  return perms === true || perms.has(perm);
}

/** `perms.<app>.<codename>` (Django's PermLookupDict). */
export class PermLookupDict {
  constructor(
    private readonly source: () => PermSet,
    readonly appLabel: string,
  ) {
    return new Proxy(this, {
      get: (target, prop, receiver) => {
        if (typeof prop === 'string' && !(prop in target)) return has(target.source(), `${target.appLabel}.${prop}`);
        return Reflect.get(target, prop, receiver);
      },
      // `{% if 'add_choice' in perms.polls %}`
      has: (target, prop) => typeof prop === 'string' && has(target.source(), `${target.appLabel}.${prop}`),
    });
  }
  /** How many of the app's permissions the user has; 0 is false in `{% if perms.polls %}` (Django's __bool__). */
  get length(): number {
    const perms = this.source();
    if (perms === true) return 1;
    let n = 0;
    for (const p of perms) if (p.startsWith(this.appLabel + '.')) n++;
    return n;
  }
  includes(codename: string): boolean {
    return has(this.source(), `${this.appLabel}.${codename}`);
  }
  toString(): string {
    const perms = this.source();
    return String([...(perms === true ? ['*'] : perms)].filter((p) => p === '*' || p.startsWith(this.appLabel + '.')));
  }
}

/** `perms` (Django's PermWrapper). */
export class PermWrapper {
  /** `source` gives the permission set when a template first reads one (a set, or true for every permission). */
  constructor(private readonly source: () => PermSet) {
    return new Proxy(this, {
      get: (target, prop, receiver) => {
        if (typeof prop === 'string' && !(prop in target)) return new PermLookupDict(target.source, prop);
        return Reflect.get(target, prop, receiver);
      },
      has: (target, prop) => typeof prop === 'string' && target.includes(prop),
    });
  }
  /** `'app.codename' in perms` or `'app' in perms`. */
  includes(perm: string): boolean {
    if (!perm.includes('.')) return new PermLookupDict(this.source, perm).length > 0;
    return has(this.source(), perm);
  }
}

/**
 * `user` until read (Django's SimpleLazyObject): every access goes to
 * `request.user`, so the session counts as read only when the page shows
 * the user, and an unread user is the error naming auser().
 */
function lazyUser(request: { user?: unknown }): object {
  const target = (): any => {
    try {
      return request.user;
    } catch (e) {
      // Only a render that skipped prepare gets here (renderToString): name the fixes that apply to a template.
      if (e instanceof SynchronousOnlyOperation) throw userNotPrepared();
      throw e;
    }
  };
  return new Proxy(Object.create(null), {
    get: (_t, prop) => {
      const u = target();
      const v = Reflect.get(u, prop, u);
      return typeof v === 'function' ? v.bind(u) : v;
    },
    has: (_t, prop) => Reflect.has(target(), prop),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}

/** The error of a template that shows a user no prepare step read. */
function userNotPrepared(): SynchronousOnlyOperation {
  return new SynchronousOnlyOperation(
    "The template shows `user`, which was not loaded: this request's session may name a logged-in user, and reading it needs the database, which a synchronous render (renderToString()) cannot wait for. Render through `await render(request, ...)` or a TemplateResponse (they load what the template uses), or `await request.auser()` before renderToString().",
  );
}

/** Django's auth context processor. */
export function auth(request: unknown): { user: unknown; perms: PermWrapper } {
  const r = request as { user?: unknown };
  // Known already (read by a decorator, the admin or this processor's prepare): the user itself.
  const known = peekUser(r);
  const user = known ?? (hasLazyUser(r) ? lazyUser(r) : new AnonymousUser());
  return { user, perms: new PermWrapper(() => permsOf(r)) };
}

/** Before a render: the user when the template may show `user` or `perms`, the permissions only for `perms`. */
auth.prepare = async (request: unknown, uses: (name: string) => boolean): Promise<void> => {
  const wantsPerms = uses('perms');
  if (!wantsPerms && !uses('user')) return;
  const user = await requestUser(request);
  if (wantsPerms) await loadPerms(user ?? new AnonymousUser());
};
