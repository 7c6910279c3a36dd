/**
 * The project's settings (django.conf.settings): one typed object with
 * Django's names and defaults (django/conf/global_settings.py). A project
 * sets its values with `configure()` (or `setup()`, which also populates the
 * apps and opens the databases).
 */
import type { URLEntry } from '../urls/conf';
import type { AppConfig } from '../apps/config';
import { getScriptPrefix } from '../urls/script-prefix';
import { DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS } from './locale/formats';

/** One entry of DATABASES (Django's shape; ENGINE names a registered backend). */
export interface DatabaseSettings {
  /** 'manouche.db.backends.sqljs' (default) or 'manouche.db.backends.postgresql' (manouche/node). */
  ENGINE: string;
  /** sql.js: ':memory:' or a file path (Node); PostgreSQL: the database name. */
  NAME?: string;
  USER?: string;
  PASSWORD?: string;
  HOST?: string;
  PORT?: number | string;
  /** Passed to the backend as is (pool size, schema, ...). */
  OPTIONS?: Record<string, unknown>;
  /** Wrap each request in a transaction (Django's ATOMIC_REQUESTS). */
  ATOMIC_REQUESTS?: boolean;
  TEST?: { NAME?: string };
}

/** One entry of TEMPLATES (Django's shape). */
export interface TemplateSettings {
  /** 'manouche.template.backends.django' or 'manouche.template.backends.liquid'. */
  BACKEND: string;
  NAME?: string;
  DIRS?: string[];
  APP_DIRS?: boolean;
  OPTIONS?: Record<string, unknown>;
}

/** A middleware factory (Django's contract: takes getResponse, returns a callable), a class, or a registered name. */
export type MiddlewareEntry = string | ((getResponse: any) => any) | (new (getResponse: any) => any);

export interface Settings {
  DEBUG: boolean;
  SECRET_KEY: string;
  SECRET_KEY_FALLBACKS: string[];
  ALLOWED_HOSTS: string[];
  /** App configs (defineApp) or the names of registered apps ('manouche.contrib.auth'). */
  INSTALLED_APPS: Array<AppConfig | string>;
  MIDDLEWARE: MiddlewareEntry[];
  /** The root URLconf: the pattern list resolve() and reverse() use by default. */
  ROOT_URLCONF: readonly URLEntry[] | undefined;
  DATABASES: Record<string, DatabaseSettings>;
  TEMPLATES: TemplateSettings[];
  /** Redirect to the same path with a slash when only that would match. */
  APPEND_SLASH: boolean;
  PREPEND_WWW: boolean;
  DEFAULT_CHARSET: string;
  TIME_ZONE: string;
  USE_TZ: boolean;
  LANGUAGE_CODE: string;
  /** strptime formats a DateField accepts when the language has no format module of its own. */
  DATE_INPUT_FORMATS: readonly string[];
  TIME_INPUT_FORMATS: readonly string[];
  DATETIME_INPUT_FORMATS: readonly string[];
  STATIC_URL: string | null;
  STATIC_ROOT: string | null;
  STATICFILES_DIRS: string[];
  MEDIA_URL: string;
  MEDIA_ROOT: string;
  DATA_UPLOAD_MAX_MEMORY_SIZE: number | null;
  DATA_UPLOAD_MAX_NUMBER_FIELDS: number | null;
  DATA_UPLOAD_MAX_NUMBER_FILES: number | null;
  FILE_UPLOAD_MAX_MEMORY_SIZE: number;
  FILE_UPLOAD_TEMP_DIR: string | null;
  USE_X_FORWARDED_HOST: boolean;
  USE_X_FORWARDED_PORT: boolean;
  SECURE_PROXY_SSL_HEADER: [string, string] | null;
  /** The module path printed in errors and by diffsettings. */
  SETTINGS_MODULE: string | null;
  // contrib.auth, contrib.sessions, contrib.messages (Django's names)
  /** Hasher names (Django's dotted paths work), classes or instances; the first hashes new passwords. */
  PASSWORD_HASHERS: unknown[];
  AUTH_PASSWORD_VALIDATORS: Array<{ NAME: string | (new (options?: any) => unknown); OPTIONS?: Record<string, unknown> }>;
  AUTH_USER_MODEL: string;
  AUTHENTICATION_BACKENDS: unknown[];
  /** Seconds a password reset link stays valid. */
  PASSWORD_RESET_TIMEOUT: number;
  SESSION_ENGINE: string;
  SESSION_COOKIE_NAME: string;
  SESSION_COOKIE_AGE: number;
  SESSION_COOKIE_DOMAIN: string | null;
  SESSION_COOKIE_SECURE: boolean;
  SESSION_COOKIE_PATH: string;
  SESSION_COOKIE_HTTPONLY: boolean;
  SESSION_COOKIE_SAMESITE: 'Lax' | 'Strict' | 'None' | false;
  SESSION_SAVE_EVERY_REQUEST: boolean;
  SESSION_EXPIRE_AT_BROWSER_CLOSE: boolean;
  MESSAGE_STORAGE: string;
  // CSRF, security and auth views (Django's names and defaults)
  CSRF_COOKIE_NAME: string;
  CSRF_COOKIE_AGE: number;
  CSRF_COOKIE_DOMAIN: string | null;
  CSRF_COOKIE_PATH: string;
  CSRF_COOKIE_SECURE: boolean;
  CSRF_COOKIE_HTTPONLY: boolean;
  CSRF_COOKIE_SAMESITE: 'Lax' | 'Strict' | 'None' | false;
  /** The META key of the token header ('HTTP_X_CSRFTOKEN'). */
  CSRF_HEADER_NAME: string;
  CSRF_TRUSTED_ORIGINS: string[];
  CSRF_USE_SESSIONS: boolean;
  /** A view `(request, { reason }) => response`, or undefined for Django's csrf_failure. */
  CSRF_FAILURE_VIEW: unknown;
  SECURE_HSTS_SECONDS: number;
  SECURE_HSTS_INCLUDE_SUBDOMAINS: boolean;
  SECURE_HSTS_PRELOAD: boolean;
  SECURE_CONTENT_TYPE_NOSNIFF: boolean;
  SECURE_REDIRECT_EXEMPT: Array<string | RegExp>;
  SECURE_REFERRER_POLICY: string | string[] | null;
  SECURE_CROSS_ORIGIN_OPENER_POLICY: string | null;
  SECURE_SSL_HOST: string | null;
  SECURE_SSL_REDIRECT: boolean;
  X_FRAME_OPTIONS: string;
  LOGIN_URL: string;
  LOGIN_REDIRECT_URL: string;
  LOGOUT_REDIRECT_URL: string | null;
  DEFAULT_FROM_EMAIL: string;
  /** Who gets error reports (mailAdmins) and broken-link reports (mailManagers): email addresses, or Django's [name, email] pairs. */
  ADMINS: Array<string | readonly [string, string]>;
  MANAGERS: Array<string | readonly [string, string]>;
  /** The sender of mailAdmins/mailManagers messages, and the prefix of their subjects. */
  SERVER_EMAIL: string;
  EMAIL_SUBJECT_PREFIX: string;
  /** Addresses whose errors are reported as INTERNAL. */
  INTERNAL_IPS: string[];
  EMAIL_BACKEND: string;
  EMAIL_HOST: string;
  EMAIL_PORT: number;
  EMAIL_HOST_USER: string;
  EMAIL_HOST_PASSWORD: string;
  EMAIL_USE_TLS: boolean;
  EMAIL_USE_SSL: boolean;
  /** Seconds before an SMTP connection attempt or reply times out; null waits as the OS does. */
  EMAIL_TIMEOUT: number | null;
  /** The directory of the file email backend (Node). */
  EMAIL_FILE_PATH: string | null;
  /** Cache aliases (Django's CACHES): { default: { BACKEND, LOCATION, TIMEOUT, KEY_PREFIX, VERSION, OPTIONS } }. */
  CACHES: Record<string, { BACKEND: string | (new (...a: any[]) => unknown); [k: string]: unknown }>;
  SESSION_CACHE_ALIAS: string;
  /** The cache the cache middleware and cachePage() use, their key prefix and page lifetime in seconds. */
  CACHE_MIDDLEWARE_ALIAS: string;
  CACHE_MIDDLEWARE_KEY_PREFIX: string;
  CACHE_MIDDLEWARE_SECONDS: number;
  [name: string]: unknown;
}

/** Django's defaults (global_settings.py), for the names above. */
export const globalSettings: Readonly<Settings> = Object.freeze({
  DEBUG: false,
  SECRET_KEY: '',
  SECRET_KEY_FALLBACKS: [],
  ALLOWED_HOSTS: [],
  INSTALLED_APPS: [],
  MIDDLEWARE: [],
  ROOT_URLCONF: undefined,
  DATABASES: {},
  TEMPLATES: [],
  APPEND_SLASH: true,
  PREPEND_WWW: false,
  DEFAULT_CHARSET: 'utf-8',
  TIME_ZONE: 'America/Chicago',
  USE_TZ: true,
  LANGUAGE_CODE: 'en-us',
  DATE_INPUT_FORMATS: DATE_INPUT_FORMATS,
  TIME_INPUT_FORMATS: TIME_INPUT_FORMATS,
  DATETIME_INPUT_FORMATS: DATETIME_INPUT_FORMATS,
  STATIC_URL: null,
  STATIC_ROOT: null,
  STATICFILES_DIRS: [],
  MEDIA_URL: '',
  MEDIA_ROOT: '',
  DATA_UPLOAD_MAX_MEMORY_SIZE: 2621440,
  DATA_UPLOAD_MAX_NUMBER_FIELDS: 1000,
  DATA_UPLOAD_MAX_NUMBER_FILES: 100,
  FILE_UPLOAD_MAX_MEMORY_SIZE: 2621440,
  FILE_UPLOAD_TEMP_DIR: null,
  USE_X_FORWARDED_HOST: false,
  USE_X_FORWARDED_PORT: false,
  SECURE_PROXY_SSL_HEADER: null,
  SETTINGS_MODULE: null,
  PASSWORD_HASHERS: [
    'manouche.contrib.auth.hashers.PBKDF2PasswordHasher',
    'manouche.contrib.auth.hashers.PBKDF2SHA1PasswordHasher',
    'manouche.contrib.auth.hashers.ScryptPasswordHasher',
  ],
  AUTH_PASSWORD_VALIDATORS: [],
  AUTH_USER_MODEL: 'auth.User',
  AUTHENTICATION_BACKENDS: ['manouche.contrib.auth.backends.ModelBackend'],
  PASSWORD_RESET_TIMEOUT: 60 * 60 * 24 * 3,
  SESSION_ENGINE: 'manouche.contrib.sessions.backends.db',
  SESSION_COOKIE_NAME: 'sessionid',
  SESSION_COOKIE_AGE: 60 * 60 * 24 * 7 * 2,
  SESSION_COOKIE_DOMAIN: null,
  SESSION_COOKIE_SECURE: false,
  SESSION_COOKIE_PATH: '/',
  SESSION_COOKIE_HTTPONLY: true,
  SESSION_COOKIE_SAMESITE: 'Lax',
  SESSION_SAVE_EVERY_REQUEST: false,
  SESSION_EXPIRE_AT_BROWSER_CLOSE: false,
  MESSAGE_STORAGE: 'manouche.contrib.messages.storage.fallback.FallbackStorage',
  CSRF_COOKIE_NAME: 'csrftoken',
  CSRF_COOKIE_AGE: 60 * 60 * 24 * 7 * 52,
  CSRF_COOKIE_DOMAIN: null,
  CSRF_COOKIE_PATH: '/',
  CSRF_COOKIE_SECURE: false,
  CSRF_COOKIE_HTTPONLY: false,
  CSRF_COOKIE_SAMESITE: 'Lax',
  CSRF_HEADER_NAME: 'HTTP_X_CSRFTOKEN',
  CSRF_TRUSTED_ORIGINS: [],
  CSRF_USE_SESSIONS: false,
  CSRF_FAILURE_VIEW: undefined,
  SECURE_HSTS_SECONDS: 0,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: false,
  SECURE_HSTS_PRELOAD: false,
  SECURE_CONTENT_TYPE_NOSNIFF: true,
  SECURE_REDIRECT_EXEMPT: [],
  SECURE_REFERRER_POLICY: 'same-origin',
  SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same-origin',
  SECURE_SSL_HOST: null,
  SECURE_SSL_REDIRECT: false,
  X_FRAME_OPTIONS: 'DENY',
  LOGIN_URL: '/accounts/login/',
  LOGIN_REDIRECT_URL: '/accounts/profile/',
  LOGOUT_REDIRECT_URL: null,
  DEFAULT_FROM_EMAIL: 'webmaster@localhost',
  ADMINS: [],
  MANAGERS: [],
  SERVER_EMAIL: 'root@localhost',
  EMAIL_SUBJECT_PREFIX: '[Django] ',
  INTERNAL_IPS: [],
  EMAIL_BACKEND: 'manouche.core.mail.backends.smtp.EmailBackend',
  EMAIL_HOST: 'localhost',
  EMAIL_PORT: 25,
  EMAIL_HOST_USER: '',
  EMAIL_HOST_PASSWORD: '',
  EMAIL_USE_TLS: false,
  EMAIL_USE_SSL: false,
  EMAIL_TIMEOUT: null,
  EMAIL_FILE_PATH: null,
  CACHES: { default: { BACKEND: 'manouche.core.cache.backends.locmem.LocMemCache' } },
  SESSION_CACHE_ALIAS: 'default',
  CACHE_MIDDLEWARE_ALIAS: 'default',
  CACHE_MIDDLEWARE_KEY_PREFIX: '',
  CACHE_MIDDLEWARE_SECONDS: 600,
});

/** The settings whose relative values read with the script prefix (see withPrefixedUrls). */
const PREFIXED: readonly string[] = ['STATIC_URL', 'MEDIA_URL'];
// Their values as set ('static/'), before the prefix.
const rawPrefixed = new Map<string, unknown>();

export const settings: Settings = withPrefixedUrls({ ...globalSettings });

/** Sets settings, like `settings.configure()`; unknown names are kept too (apps read their own). */
export function configure(values: Partial<Settings>): Settings {
  return Object.assign(settings, values);
}

/** Restores Django's defaults (tests). */
export function resetSettings(): Settings {
  for (const key of Object.keys(settings)) delete settings[key];
  withPrefixedUrls(settings);
  return Object.assign(settings, globalSettings);
}

/**
 * STATIC_URL and MEDIA_URL given relative ('static/') read with the script
 * prefix in front ('/static/', or '/app/static/' when mounted under /app), as
 * Django's settings add it; absolute paths and URLs read as given.
 */
function withPrefixedUrls(target: Settings): Settings {
  for (const name of PREFIXED) {
    rawPrefixed.set(name, (target as Record<string, unknown>)[name]);
    Object.defineProperty(target, name, {
      configurable: true,
      enumerable: true,
      get: () => addScriptPrefix(rawPrefixed.get(name)),
      set: (v: unknown) => {
        rawPrefixed.set(name, v);
      },
    });
  }
  return target;
}

/**
 * Remembers the named settings as they are now (set or not) and answers the
 * function that puts them back: what overrideSettings() restores.
 */
export function holdSettings(names: readonly string[]): () => void {
  const held = names.map((name) => ({ name, had: Object.hasOwn(settings, name), value: PREFIXED.includes(name) ? rawPrefixed.get(name) : settings[name] }));
  return () => {
    for (const { name, had, value } of held) {
      if (had) settings[name] = value;
      else delete settings[name];
    }
  };
}

function addScriptPrefix(value: unknown): unknown {
  if (typeof value !== 'string' || /^(https?:\/\/|\/)/.test(value)) return value;
  return getScriptPrefix() + value;
}

/** The settings that differ from the defaults (diffsettings). */
export function changedSettings(): Array<[string, unknown]> {
  return Object.keys(settings)
    .filter((k) => !(k in globalSettings) || !sameValue(settings[k], PREFIXED.includes(k) ? addScriptPrefix((globalSettings as Settings)[k]) : (globalSettings as Settings)[k]))
    .sort()
    .map((k) => [k, settings[k]]);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b) && typeof a !== 'function';
}
