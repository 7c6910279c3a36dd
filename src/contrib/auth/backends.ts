/**
 * Authentication backends (django.contrib.auth.backends) and authenticate().
 * ModelBackend checks the username and password against the user model and
 * answers permission questions from user and group permissions, cached on
 * the user object as Django does (`_perm_cache`).
 */
import { ImproperlyConfigured, PermissionDenied } from '../../core/exceptions';
import { settings } from '../../conf/settings';
import type { Options } from '../../db/models/options';
import { Permission, getUserModel } from './models';
import { cleanCredentials, userLoginFailed } from './login';

/** What a backend may implement (Django's duck-typed protocol). Every method is optional but authenticate. */
export interface AuthBackend {
  authenticate(request: unknown, credentials: Record<string, unknown>): Promise<any | null | undefined>;
  getUser?(userId: unknown): Promise<any | null>;
  getUserPermissions?(user: any, obj?: unknown): Promise<Set<string>>;
  getGroupPermissions?(user: any, obj?: unknown): Promise<Set<string>>;
  getAllPermissions?(user: any, obj?: unknown): Promise<Set<string>>;
  hasPerm?(user: any, perm: string, obj?: unknown): Promise<boolean>;
  hasModulePerms?(user: any, appLabel: string): Promise<boolean>;
}

type BackendClass = new () => AuthBackend;
const known = new Map<string, BackendClass>();

/** Makes a backend class available by dotted name in AUTHENTICATION_BACKENDS. */
export function registerBackend(name: string, cls: BackendClass): void {
  known.set(name, cls);
}

/** Django's BaseBackend: no users, permissions from getUserPermissions/getGroupPermissions. */
export class BaseBackend implements AuthBackend {
  async authenticate(_request: unknown, _credentials: Record<string, unknown>): Promise<any | null> {
    return null;
  }
  async getUser(_userId: unknown): Promise<any | null> {
    return null;
  }
  async getUserPermissions(_user: any, _obj?: unknown): Promise<Set<string>> {
    return new Set();
  }
  async getGroupPermissions(_user: any, _obj?: unknown): Promise<Set<string>> {
    return new Set();
  }
  async getAllPermissions(user: any, obj?: unknown): Promise<Set<string>> {
    return new Set([...(await this.getUserPermissions(user, obj)), ...(await this.getGroupPermissions(user, obj))]);
  }
  async hasPerm(user: any, perm: string, obj?: unknown): Promise<boolean> {
    return (await this.getAllPermissions(user, obj)).has(perm);
  }
}

const USER_CACHE = Symbol('_user_perm_cache');
const GROUP_CACHE = Symbol('_group_perm_cache');
const ALL_CACHE = Symbol('_perm_cache');

/** Django's ModelBackend. */
export class ModelBackend extends BaseBackend {
  /**
   * The user when `password` is right and the user can log in. For an unknown
   * username the default hasher still runs once, so the reply takes as long
   * as for a wrong password (Django #20760).
   */
  override async authenticate(_request: unknown, credentials: Record<string, unknown>): Promise<any | null> {
    const UserModel: any = getUserModel();
    let username = credentials.username ?? credentials[UserModel.USERNAME_FIELD];
    const password = credentials.password;
    if (username === undefined || username === null || password === undefined || password === null) return null;
    username = String(username);
    let user: any;
    try {
      user = await UserModel.objects.getByNaturalKey(username);
    } catch (e) {
      if (e instanceof UserModel.DoesNotExist) {
        await new UserModel().setPassword(String(password));
        return null;
      }
      throw e;
    }
    if ((await user.checkPassword(String(password))) && this.userCanAuthenticate(user)) return user;
    return null;
  }

  /** Inactive users are refused (Django's user_can_authenticate). */
  userCanAuthenticate(user: any): boolean {
    return user.is_active ?? true;
  }

  private async permissions(user: any, obj: unknown, from: 'user' | 'group'): Promise<Set<string>> {
    if (!user.is_active || user.isAnonymous || (obj !== undefined && obj !== null)) return new Set();
    const key = from === 'user' ? USER_CACHE : GROUP_CACHE;
    if (!user[key]) {
      let qs: any;
      if (user.is_superuser) qs = Permission.objects.all();
      else if (from === 'user') qs = Permission.objects.filter({ [`${userQueryName()}__pk`]: user.pk } as any);
      else qs = Permission.objects.filter({ [`group__${userQueryName('groups')}__pk`]: user.pk } as any);
      const rows = (await qs.orderBy().valuesList('content_type__app_label', 'codename')) as Array<[string, string]>;
      user[key] = new Set(rows.map(([ct, name]) => `${ct}.${name}`));
    }
    return user[key];
  }

  override getUserPermissions(user: any, obj?: unknown): Promise<Set<string>> {
    return this.permissions(user, obj, 'user');
  }

  override getGroupPermissions(user: any, obj?: unknown): Promise<Set<string>> {
    return this.permissions(user, obj, 'group');
  }

  override async getAllPermissions(user: any, obj?: unknown): Promise<Set<string>> {
    if (!user.is_active || user.isAnonymous || (obj !== undefined && obj !== null)) return new Set();
    if (!user[ALL_CACHE]) user[ALL_CACHE] = await super.getAllPermissions(user, obj);
    return user[ALL_CACHE];
  }

  override async hasPerm(user: any, perm: string, obj?: unknown): Promise<boolean> {
    return Boolean(user.is_active) && (await super.hasPerm(user, perm, obj));
  }

  async hasModulePerms(user: any, appLabel: string): Promise<boolean> {
    if (!user.is_active) return false;
    for (const perm of await this.getAllPermissions(user)) if (perm.slice(0, perm.indexOf('.')) === appLabel) return true;
    return false;
  }

  override async getUser(userId: unknown): Promise<any | null> {
    const UserModel: any = getUserModel();
    try {
      const user = await UserModel.objects.get({ pk: userId });
      return this.userCanAuthenticate(user) ? user : null;
    } catch (e) {
      if (e instanceof UserModel.DoesNotExist) return null;
      throw e;
    }
  }
}

/** The name filters use from Permission/Group back to the user model (Django's related_query_name()). */
function userQueryName(field: 'user_permissions' | 'groups' = 'user_permissions'): string {
  const opts = (getUserModel() as any)._meta as Options;
  const f = opts.manyToMany.find((m) => m.name === field);
  if (!f) throw new ImproperlyConfigured(`${opts.label} has no '${field}' field: ModelBackend needs PermissionsMixin's fields.`);
  return f.relatedQueryName ?? f.relatedName ?? opts.modelName;
}

/** Forgets a user's cached permissions (after changing them; Django deletes the attributes). */
export function clearPermissionCache(user: any): void {
  delete user[USER_CACHE];
  delete user[GROUP_CACHE];
  delete user[ALL_CACHE];
}

/** Like ModelBackend, but inactive users may log in (Django's AllowAllUsersModelBackend). */
export class AllowAllUsersModelBackend extends ModelBackend {
  override userCanAuthenticate(): boolean {
    return true;
  }
}

for (const [name, cls] of Object.entries({ ModelBackend, AllowAllUsersModelBackend })) {
  registerBackend(`manouche.contrib.auth.backends.${name}`, cls);
  registerBackend(`django.contrib.auth.backends.${name}`, cls);
}

let cache: { key: unknown; backends: Array<[AuthBackend, string]> } | null = null;

/** The backends of AUTHENTICATION_BACKENDS with their names (entries: dotted names, classes or instances). */
export function getBackendsWithPaths(): Array<[AuthBackend, string]> {
  const entries = (settings.AUTHENTICATION_BACKENDS ?? []) as ReadonlyArray<string | BackendClass | AuthBackend>;
  if (cache?.key === entries) return cache.backends;
  const backends = entries.map((entry): [AuthBackend, string] => {
    if (typeof entry === 'string') {
      const cls = known.get(entry);
      if (!cls) throw new ImproperlyConfigured(`AUTHENTICATION_BACKENDS names '${entry}', which is not a registered backend.`);
      return [new cls(), entry];
    }
    if (typeof entry === 'function') return [new entry(), entry.name];
    return [entry, entry.constructor.name];
  });
  if (backends.length === 0) throw new ImproperlyConfigured('No authentication backends have been defined. Does AUTHENTICATION_BACKENDS contain anything?');
  cache = { key: entries, backends };
  return backends;
}

export function getBackends(): AuthBackend[] {
  return getBackendsWithPaths().map(([b]) => b);
}

/**
 * Django's authenticate(request, **credentials): the first backend that
 * returns a user wins; its name is stored on the user as `backend`
 * (login() puts it in the session). PermissionDenied from a backend stops
 * the search.
 */
export async function authenticate(request: unknown, credentials: Record<string, unknown>): Promise<any | null> {
  for (const [backend, path] of getBackendsWithPaths()) {
    let user: any;
    try {
      user = await backend.authenticate(request, credentials);
    } catch (e) {
      if (e instanceof PermissionDenied) break;
      throw e;
    }
    if (user === null || user === undefined) continue;
    user.backend = path;
    return user;
  }
  await userLoginFailed.send(undefined, { credentials: cleanCredentials(credentials), request });
  return null;
}
