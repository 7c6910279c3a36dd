/**
 * Django's AbstractBaseUser and BaseUserManager (django.contrib.auth.base_user)
 * as pieces a user model is built from: the fields (password, last_login),
 * the instance methods, and the manager methods. defineUserModel() in
 * ./models.ts puts them together.
 */
import { CharField, DateTimeField } from '../../db/index';
import { settings } from '../../conf/settings';
import { saltedHmac, toHex } from '../../utils/crypto';
import { checkPassword, isPasswordUsable, makePassword } from './hashers';
import { passwordChanged } from './password-validation';

/** AbstractBaseUser's fields. */
export function abstractBaseUserFields() {
  return {
    password: CharField({ maxLength: 128, verboseName: 'password' }),
    last_login: DateTimeField({ null: true, blank: true, verboseName: 'last login' }),
  };
}

/** The methods every user instance has (AbstractBaseUser). */
export interface BaseUserMethods {
  /** Hashes `raw` with the preferred hasher (not saved until save()). null makes it unusable. */
  setPassword(raw: string | null): Promise<void>;
  /** True when `raw` matches; an outdated hash is upgraded and saved (updateFields: ['password']). */
  checkPassword(raw: string): Promise<boolean>;
  setUnusablePassword(): Promise<void>;
  hasUsablePassword(): boolean;
  getUsername(): string;
  naturalKey(): [string];
  /** HMAC of the password hash: a session stays valid only while the password is the same. */
  getSessionAuthHash(): Promise<string>;
  /** The same hash under each of SECRET_KEY_FALLBACKS (sessions survive a key rotation). */
  getSessionAuthFallbackHash(): Promise<string[]>;
  getEmailFieldName(): string;
  readonly isAnonymous: false;
  readonly isAuthenticated: true;
}

const RAW_PASSWORD = Symbol('raw password');
const SESSION_HASH_SALT = 'django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash';

/** Python's unicodedata.normalize('NFKC', username) (Django's normalize_username). */
export function normalizeUsername(username: unknown): unknown {
  return typeof username === 'string' ? username.normalize('NFKC') : username;
}

/** Adds AbstractBaseUser's behaviour to a model class defined with abstractBaseUserFields(). */
export function installBaseUserMethods(model: any, config: { USERNAME_FIELD: string; EMAIL_FIELD?: string }): void {
  const proto = model.prototype;
  const save = proto.save;
  Object.defineProperties(proto, {
    isAnonymous: { get: () => false, configurable: true },
    isAuthenticated: { get: () => true, configurable: true },
  });
  // A user model without the field counts as active (Django's class attribute `is_active = True`).
  if (!model._meta.fieldsByName.has('is_active')) proto.is_active = true;
  Object.assign(proto, {
    async save(this: any, options?: unknown) {
      await save.call(this, options);
      if (this[RAW_PASSWORD] !== undefined) {
        await passwordChanged(this[RAW_PASSWORD], this);
        this[RAW_PASSWORD] = undefined;
      }
    },
    async setPassword(this: any, raw: string | null) {
      this.password = await makePassword(raw);
      this[RAW_PASSWORD] = raw ?? undefined;
    },
    async checkPassword(this: any, raw: string) {
      return checkPassword(raw, this.password, async (r: string) => {
        await this.setPassword(r);
        this[RAW_PASSWORD] = undefined; // an upgrade is not a password change
        await this.save({ updateFields: ['password'] });
      });
    },
    async setUnusablePassword(this: any) {
      this.password = await makePassword(null);
    },
    hasUsablePassword(this: any) {
      return isPasswordUsable(this.password);
    },
    getUsername(this: any) {
      return this[config.USERNAME_FIELD];
    },
    naturalKey(this: any) {
      return [this[config.USERNAME_FIELD]];
    },
    async getSessionAuthHash(this: any) {
      return toHex(await saltedHmac(SESSION_HASH_SALT, this.password ?? '', settingsSecret(), 'sha256'));
    },
    async getSessionAuthFallbackHash(this: any) {
      const out: string[] = [];
      for (const secret of settings.SECRET_KEY_FALLBACKS ?? []) out.push(toHex(await saltedHmac(SESSION_HASH_SALT, this.password ?? '', secret, 'sha256')));
      return out;
    },
    getEmailFieldName() {
      return config.EMAIL_FIELD ?? 'email';
    },
  });
}

function settingsSecret(): string {
  return settings.SECRET_KEY;
}

/** BaseUserManager's methods (on `Model.objects`). */
export interface BaseUserManagerMethods<T> {
  /** Lowercases the domain part (Django's normalize_email). */
  normalizeEmail(email: string | null | undefined): string;
  /** The user whose USERNAME_FIELD is `username`. */
  getByNaturalKey(username: string): Promise<T>;
}

/** Django's BaseUserManager.normalize_email. */
export function normalizeEmail(email: string | null | undefined): string {
  const e = email || '';
  const at = e.trim().lastIndexOf('@');
  if (at < 0) return e;
  const trimmed = e.trim();
  return trimmed.slice(0, at) + '@' + trimmed.slice(at + 1).toLowerCase();
}
