/**
 * The auth context processor (django.contrib.auth.context_processors.auth):
 * `user` and `perms`, where `{{ perms.polls }}` says whether the user has
 * any permission in the app and `{{ perms.polls.add_choice }}` whether it
 * has that one. `{% if 'polls.add_choice' in perms %}` works too.
 */
import { PERMS } from './middleware';
import { AnonymousUser } from './models';

type PermSet = Set<string> | true | undefined;

function has(perms: PermSet, perm: string): boolean {
  return perms === true || (perms?.has(perm) ?? false);
}

/** `perms.<app>.<codename>` (Django's PermLookupDict). */
export class PermLookupDict {
  constructor(
    private readonly perms: PermSet,
    readonly appLabel: string,
  ) {
    return new Proxy(this, {
      get: (target, prop, receiver) => {
        if (typeof prop === 'string' && !(prop in target)) return has(target.perms, `${target.appLabel}.${prop}`);
        return Reflect.get(target, prop, receiver);
      },
      // `{% if 'add_choice' in perms.polls %}`
      has: (target, prop) => typeof prop === 'string' && has(target.perms, `${target.appLabel}.${prop}`),
    });
  }
  /** How many of the app's permissions the user has; 0 is false in `{% if perms.polls %}` (Django's __bool__). */
  get length(): number {
    if (this.perms === true) return 1;
    let n = 0;
    for (const p of this.perms ?? []) if (p.startsWith(this.appLabel + '.')) n++;
    return n;
  }
  includes(codename: string): boolean {
    return has(this.perms, `${this.appLabel}.${codename}`);
  }
  toString(): string {
    return String([...(this.perms === true ? ['*'] : (this.perms ?? []))].filter((p) => p === '*' || p.startsWith(this.appLabel + '.')));
  }
}

/** `perms` (Django's PermWrapper). */
export class PermWrapper {
  constructor(private readonly perms: PermSet) {
    return new Proxy(this, {
      get: (target, prop, receiver) => {
        if (typeof prop === 'string' && !(prop in target)) return new PermLookupDict(target.perms, prop);
        return Reflect.get(target, prop, receiver);
      },
      has: (target, prop) => typeof prop === 'string' && target.includes(prop),
    });
  }
  /** `'app.codename' in perms` or `'app' in perms`. */
  includes(perm: string): boolean {
    if (!perm.includes('.')) return new PermLookupDict(this.perms, perm).length > 0;
    return has(this.perms, perm);
  }
}

/** Django's auth context processor. */
export function auth(request: unknown): { user: unknown; perms: PermWrapper } {
  const r = request as { user?: unknown; [PERMS]?: PermSet };
  const user = r.user ?? new AnonymousUser();
  return { user, perms: new PermWrapper(r[PERMS]) };
}

