/**
 * Django's auth models (django.contrib.auth.models): Permission, Group, the
 * User model and AnonymousUser, with Django's tables (auth_permission,
 * auth_group, auth_user, auth_user_groups, auth_user_user_permissions,
 * auth_group_permissions) and columns, so a Django database is read as is.
 *
 * A project's own user model is `defineUserModel('accounts.User', { ...more
 * fields })` (Django's `class User(AbstractUser)`), named in AUTH_USER_MODEL;
 * `abstract: 'base'` gives AbstractBaseUser's two fields only.
 *
 * @example
 * const u = await User.objects.createUser('ada', 'ada@EXAMPLE.com', 's3cret');
 * await u.checkPassword('s3cret');          // true
 * await u.hasPerm('polls.add_question');    // group and user permissions, cached
 */
import { BooleanField, CASCADE, CharField, DateTimeField, EmailField, ForeignKey, ManyToManyField, defineModel } from '../../db/index';
import type { Manager } from '../../db/models/query';
import type { MetaOptions } from '../../db/models/options';
import type { CreateArgs, Fields, Instance } from '../../db/models/types';
import type { ModelClass } from '../../db/models/model';
import { ImproperlyConfigured, PermissionDenied, ValueError } from '../../core/exceptions';
import { settings } from '../../conf/settings';
import { apps } from '../../apps/registry';
import { registry } from '../../db/models/options';
import { ContentType } from '../contenttypes/models';
import { abstractBaseUserFields, installBaseUserMethods, normalizeEmail, normalizeUsername, type BaseUserManagerMethods, type BaseUserMethods } from './base-user';
import { makePassword } from './hashers';
import { UnicodeUsernameValidator } from './validators';
import { getBackends } from './backends';

export const Permission = defineModel(
  'auth.Permission',
  {
    name: CharField({ maxLength: 255, verboseName: 'name' }),
    content_type: ForeignKey(() => ContentType, { onDelete: CASCADE, verboseName: 'content type' }),
    codename: CharField({ maxLength: 100, verboseName: 'codename' }),
  },
  {
    uniqueTogether: [['content_type', 'codename']],
    ordering: ['content_type__app_label', 'content_type__model', 'codename'],
    verboseName: 'permission',
    verboseNamePlural: 'permissions',
  },
);

export const Group = defineModel(
  'auth.Group',
  {
    name: CharField({ maxLength: 150, unique: true, verboseName: 'name' }),
    permissions: ManyToManyField(() => Permission, { blank: true, verboseName: 'permissions' }),
  },
  { verboseName: 'group', verboseNamePlural: 'groups' },
);

// Django's natural keys: a group's name; a permission's codename then its content type's key.
(Group.prototype as any).naturalKey = function (this: { name: string }) {
  return [this.name];
};
(Permission.prototype as any).naturalKey = async function (this: any) {
  const ct = await this.fetchRelated('content_type');
  return [this.codename, ...ct.naturalKey()];
};
Object.assign(Group.objects, {
  getByNaturalKey(this: typeof Group.objects, name: string) {
    return this.get({ name });
  },
});
Object.assign(Permission.objects, {
  getByNaturalKey(this: typeof Permission.objects, codename: string, appLabel: string, model: string) {
    return this.get({ codename, content_type__app_label: appLabel, content_type__model: model });
  },
});

Group.prototype.toString = function (this: { name: string }) {
  return this.name;
};
Permission.prototype.toString = function (this: any) {
  // Django's '<content type> | <name>' when the content type is loaded (selectRelated).
  let ct: unknown;
  try {
    ct = this.content_type;
  } catch {
    ct = null;
  }
  return ct ? `${String(ct)} | ${this.name}` : String(this.name);
};

/** AbstractUser's fields with PermissionsMixin's (Django's names, lengths and verbose names). */
export function abstractUserFields(relatedName = 'user_set', relatedQueryName = 'user') {
  return {
    ...abstractBaseUserFields(),
    ...permissionsMixinFields(relatedName, relatedQueryName),
    username: CharField({
      maxLength: 150,
      unique: true,
      verboseName: 'username',
      helpText: 'Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.',
      validators: [UnicodeUsernameValidator],
      errorMessages: { unique: 'A user with that username already exists.' },
    }),
    first_name: CharField({ maxLength: 150, blank: true, default: '', verboseName: 'first name' }),
    last_name: CharField({ maxLength: 150, blank: true, default: '', verboseName: 'last name' }),
    email: EmailField({ blank: true, default: '', verboseName: 'email address' }),
    is_staff: BooleanField({ default: false, verboseName: 'staff status', helpText: 'Designates whether the user can log into this admin site.' }),
    is_active: BooleanField({
      default: true,
      verboseName: 'active',
      helpText: 'Designates whether this user should be treated as active. Unselect this instead of deleting accounts.',
    }),
    date_joined: DateTimeField({ default: () => new Date(), verboseName: 'date joined' }),
  };
}

/** PermissionsMixin's fields: is_superuser, groups, user_permissions. */
export function permissionsMixinFields(relatedName = 'user_set', relatedQueryName = 'user') {
  return {
    is_superuser: BooleanField({
      default: false,
      verboseName: 'superuser status',
      helpText: 'Designates that this user has all permissions without explicitly assigning them.',
    }),
    groups: ManyToManyField(() => Group, {
      blank: true,
      relatedName,
      relatedQueryName,
      verboseName: 'groups',
      helpText: 'The groups this user belongs to. A user will get all permissions granted to each of their groups.',
    }),
    user_permissions: ManyToManyField(() => Permission, { blank: true, relatedName, relatedQueryName, verboseName: 'user permissions', helpText: 'Specific permissions for this user.' }),
  };
}

/** PermissionsMixin's methods: asked of every backend in AUTHENTICATION_BACKENDS. */
export interface PermissionsMethods {
  getUserPermissions(obj?: unknown): Promise<Set<string>>;
  getGroupPermissions(obj?: unknown): Promise<Set<string>>;
  getAllPermissions(obj?: unknown): Promise<Set<string>>;
  /** 'app_label.codename'; active superusers have every permission. */
  hasPerm(perm: string, obj?: unknown): Promise<boolean>;
  hasPerms(perms: Iterable<string>, obj?: unknown): Promise<boolean>;
  hasModulePerms(appLabel: string): Promise<boolean>;
}

/** AbstractUser's own methods. */
export interface AbstractUserMethods {
  /** first_name + ' ' + last_name, stripped. */
  getFullName(): string;
  getShortName(): string;
  /** Normalizes the email (Django's AbstractUser.clean). */
  clean(): void;
}

export type UserInstance<F extends Fields> = Instance<F> & BaseUserMethods & PermissionsMethods & AbstractUserMethods;

/** UserManager's methods. */
export interface UserManagerMethods<T> extends BaseUserManagerMethods<T> {
  createUser(username: string, email?: string | null, password?: string | null, extra?: Record<string, unknown>): Promise<T>;
  createSuperuser(username: string, email?: string | null, password?: string | null, extra?: Record<string, unknown>): Promise<T>;
  /** These methods on another database (Django's db_manager(using)). */
  dbManager(using: string): UserManagerMethods<T>;
}

/** A user model: the model class with the user methods and UserManager on `objects`. */
export type UserModelClass<F extends Fields> = Omit<ModelClass<F>, 'objects' | 'prototype'> & {
  new (data?: CreateArgs<F>): UserInstance<F>;
  readonly objects: Manager<F, UserInstance<F>> & UserManagerMethods<UserInstance<F>>;
  readonly prototype: UserInstance<F>;
  readonly USERNAME_FIELD: string;
  readonly EMAIL_FIELD: string;
  readonly REQUIRED_FIELDS: readonly string[];
};

export interface UserModelOptions {
  USERNAME_FIELD?: string;
  EMAIL_FIELD?: string;
  REQUIRED_FIELDS?: readonly string[];
}

/** Adds PermissionsMixin's methods to a model with permissionsMixinFields(). */
function installPermissionsMethods(proto: any): void {
  const collect = (method: 'getUserPermissions' | 'getGroupPermissions' | 'getAllPermissions') =>
    async function (this: any, obj?: unknown): Promise<Set<string>> {
      const out = new Set<string>();
      for (const b of getBackends()) {
        const fn = (b as any)[method];
        if (fn) for (const p of await fn.call(b, this, obj)) out.add(p);
      }
      return out;
    };
  Object.assign(proto, {
    getUserPermissions: collect('getUserPermissions'),
    getGroupPermissions: collect('getGroupPermissions'),
    getAllPermissions: collect('getAllPermissions'),
    async hasPerm(this: any, perm: string, obj?: unknown) {
      if (this.is_active && this.is_superuser) return true;
      return userHasPerm(this, perm, obj);
    },
    async hasPerms(this: any, perms: Iterable<string>, obj?: unknown) {
      if (typeof perms === 'string' || !perms || typeof (perms as any)[Symbol.iterator] !== 'function') {
        throw new ValueError('perm_list must be an iterable of permissions.');
      }
      for (const p of perms) if (!(await this.hasPerm(p, obj))) return false;
      return true;
    },
    async hasModulePerms(this: any, appLabel: string) {
      if (this.is_active && this.is_superuser) return true;
      return userHasModulePerms(this, appLabel);
    },
  });
}

/** Django's _user_has_perm: any backend saying yes; PermissionDenied from one stops the search. */
export async function userHasPerm(user: unknown, perm: string, obj?: unknown): Promise<boolean> {
  for (const b of getBackends()) {
    if (!b.hasPerm) continue;
    try {
      if (await b.hasPerm(user, perm, obj)) return true;
    } catch (e) {
      if (e instanceof PermissionDenied) return false;
      throw e;
    }
  }
  return false;
}

/** Django's _user_has_module_perms. */
export async function userHasModulePerms(user: unknown, appLabel: string): Promise<boolean> {
  for (const b of getBackends()) {
    if (!b.hasModulePerms) continue;
    try {
      if (await b.hasModulePerms(user, appLabel)) return true;
    } catch (e) {
      if (e instanceof PermissionDenied) return false;
      throw e;
    }
  }
  return false;
}

function installUserManager(model: any, config: Required<UserModelOptions>): void {
  const objects = model.objects;
  // Django's db_manager(using): the same manager methods, reading and writing `using`
  const methodsFor = (using: string | undefined): UserManagerMethods<unknown> => {
    async function createUserWith(username: string, email: string | null | undefined, password: string | null | undefined, extra: Record<string, unknown>) {
      if (!username) throw new ValueError('The given username must be set');
      const user = new model({ [config.USERNAME_FIELD]: normalizeUsername(username), ...(config.EMAIL_FIELD && model._meta.fieldsByName.has(config.EMAIL_FIELD) ? { [config.EMAIL_FIELD]: normalizeEmail(email) } : {}), ...extra });
      user.password = await makePassword(password ?? null);
      await user.save(using === undefined ? {} : { using });
      return user;
    }
    return {
      normalizeEmail,
      dbManager: methodsFor,
      getByNaturalKey(username: string) {
        return (using === undefined ? objects : objects.using(using)).get({ [config.USERNAME_FIELD]: username });
      },
      createUser(username: string, email?: string | null, password?: string | null, extra: Record<string, unknown> = {}) {
        const fields = model._meta.fieldsByName;
        const e = { ...(fields.has('is_staff') ? { is_staff: false } : {}), ...(fields.has('is_superuser') ? { is_superuser: false } : {}), ...extra };
        return createUserWith(username, email, password, e);
      },
      createSuperuser(username: string, email?: string | null, password?: string | null, extra: Record<string, unknown> = {}) {
        const e = { is_staff: true, is_superuser: true, ...extra };
        if (e.is_staff !== true) throw new ValueError('Superuser must have is_staff=True.');
        if (e.is_superuser !== true) throw new ValueError('Superuser must have is_superuser=True.');
        return createUserWith(username, email, password, e);
      },
    };
  };
  Object.assign(objects, methodsFor(undefined));
}

/**
 * Defines a user model (Django's `class MyUser(AbstractUser)`): AbstractUser's
 * fields plus `fields`, every user method, UserManager on `objects`.
 * Django names the reverse accessors on Group and Permission `user_set`; since
 * auth.User is always defined here, another user model gets
 * `<modelname>_set` / `<modelname>` unless `relatedName`/`relatedQueryName` say otherwise.
 */
export function defineUserModel<const F extends Fields>(
  label: string,
  fields: F,
  meta: MetaOptions & UserModelOptions & { abstract?: 'user' | 'base'; relatedName?: string; relatedQueryName?: string } = {},
): UserModelClass<ReturnType<typeof abstractUserFields> & F> {
  const { USERNAME_FIELD, EMAIL_FIELD, REQUIRED_FIELDS, abstract, relatedName, relatedQueryName, ...modelMeta } = meta;
  const modelName = label.slice(label.indexOf('.') + 1).toLowerCase();
  const base = abstract === 'base'
    ? abstractBaseUserFields()
    : abstractUserFields(relatedName ?? (label === 'auth.User' ? 'user_set' : `${modelName}_set`), relatedQueryName ?? (label === 'auth.User' ? 'user' : modelName));
  const model: any = defineModel(label, { ...base, ...fields } as any, { verboseName: 'user', verboseNamePlural: 'users', ...modelMeta });
  const config = {
    USERNAME_FIELD: USERNAME_FIELD ?? 'username',
    EMAIL_FIELD: EMAIL_FIELD ?? 'email',
    REQUIRED_FIELDS: REQUIRED_FIELDS ?? (abstract === 'base' ? [] : ['email']),
  };
  if (!model._meta.fieldsByName.has(config.USERNAME_FIELD)) throw new ImproperlyConfigured(`${label}: USERNAME_FIELD '${config.USERNAME_FIELD}' is not a field.`);
  if (config.REQUIRED_FIELDS.includes(config.USERNAME_FIELD)) {
    throw new ImproperlyConfigured(`The field named as the 'USERNAME_FIELD' for a custom user model must not be included in 'REQUIRED_FIELDS'.`);
  }
  Object.defineProperties(model, {
    USERNAME_FIELD: { value: config.USERNAME_FIELD },
    EMAIL_FIELD: { value: config.EMAIL_FIELD },
    REQUIRED_FIELDS: { value: config.REQUIRED_FIELDS },
  });
  installBaseUserMethods(model, config);
  if (model._meta.fieldsByName.has('is_superuser')) installPermissionsMethods(model.prototype);
  if (abstract !== 'base') {
    Object.assign(model.prototype, {
      getFullName(this: any) {
        return `${this.first_name} ${this.last_name}`.trim();
      },
      getShortName(this: any) {
        return this.first_name;
      },
      clean(this: any) {
        if (config.EMAIL_FIELD in this) this[config.EMAIL_FIELD] = normalizeEmail(this[config.EMAIL_FIELD]);
        this[config.USERNAME_FIELD] = normalizeUsername(this[config.USERNAME_FIELD]);
      },
      toString(this: any) {
        return String(this[config.USERNAME_FIELD]);
      },
    });
  }
  installUserManager(model, config);
  return model;
}

/** Django's default user model (swappable through AUTH_USER_MODEL). */
export const User = defineUserModel('auth.User', {});

/** True when AUTH_USER_MODEL names another model than auth.User (its table is then not needed). */
export function isUserSwapped(): boolean {
  return (settings.AUTH_USER_MODEL ?? 'auth.User') !== 'auth.User';
}

/** The model AUTH_USER_MODEL names (Django's get_user_model). */
export function getUserModel(): UserModelClass<ReturnType<typeof abstractUserFields>> {
  const label = settings.AUTH_USER_MODEL ?? 'auth.User';
  if (!/^[^.]+\.[^.]+$/.test(label)) throw new ImproperlyConfigured("AUTH_USER_MODEL must be of the form 'app_label.model_name'");
  let opts;
  try {
    opts = apps.ready ? apps.getModel(label) : findModel(label);
  } catch {
    opts = findModel(label);
  }
  if (!opts) throw new ImproperlyConfigured(`AUTH_USER_MODEL refers to model '${label}' that has not been installed`);
  return opts.model;
}

function findModel(label: string) {
  const dot = label.indexOf('.');
  const app = label.slice(0, dot);
  const name = label.slice(dot + 1).toLowerCase();
  for (const o of registry.values()) if (o.appLabel === app && o.modelName === name) return o;
  return undefined;
}

/**
 * Django's AnonymousUser: not saved, no permissions unless a backend grants
 * them to anonymous users, `isAuthenticated` false.
 */
export class AnonymousUser {
  readonly id = null;
  readonly pk = null;
  readonly username = '';
  readonly is_staff = false;
  readonly is_active = false;
  readonly is_superuser = false;
  readonly isAnonymous = true;
  readonly isAuthenticated = false;
  readonly groups: readonly never[] = [];
  readonly user_permissions: readonly never[] = [];

  toString(): string {
    return 'AnonymousUser';
  }
  equals(other: unknown): boolean {
    return other instanceof AnonymousUser;
  }
  getUsername(): string {
    return this.username;
  }
  async save(): Promise<never> {
    throw new NotImplementedError('Django doesn\'t provide a DB representation for AnonymousUser.');
  }
  async delete(): Promise<never> {
    throw new NotImplementedError('Django doesn\'t provide a DB representation for AnonymousUser.');
  }
  async setPassword(): Promise<never> {
    throw new NotImplementedError('Django doesn\'t provide a DB representation for AnonymousUser.');
  }
  async checkPassword(): Promise<never> {
    throw new NotImplementedError('Django doesn\'t provide a DB representation for AnonymousUser.');
  }
  async getUserPermissions(obj?: unknown): Promise<Set<string>> {
    return collectAnon(this, 'getUserPermissions', obj);
  }
  async getGroupPermissions(obj?: unknown): Promise<Set<string>> {
    return collectAnon(this, 'getGroupPermissions', obj);
  }
  async getAllPermissions(obj?: unknown): Promise<Set<string>> {
    return collectAnon(this, 'getAllPermissions', obj);
  }
  hasPerm(perm: string, obj?: unknown): Promise<boolean> {
    return userHasPerm(this, perm, obj);
  }
  async hasPerms(perms: Iterable<string>, obj?: unknown): Promise<boolean> {
    if (typeof perms === 'string' || !perms || typeof (perms as any)[Symbol.iterator] !== 'function') {
      throw new ValueError('perm_list must be an iterable of permissions.');
    }
    for (const p of perms) if (!(await this.hasPerm(p, obj))) return false;
    return true;
  }
  hasModulePerms(appLabel: string): Promise<boolean> {
    return userHasModulePerms(this, appLabel);
  }
}

async function collectAnon(user: AnonymousUser, method: string, obj: unknown): Promise<Set<string>> {
  const out = new Set<string>();
  for (const b of getBackends()) {
    const fn = (b as any)[method];
    if (fn) for (const p of await fn.call(b, user, obj)) out.add(p);
  }
  return out;
}

/** Python's NotImplementedError. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
}
