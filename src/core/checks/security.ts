/**
 * Deployment checks on settings (django.core.checks.security: base, csrf,
 * sessions), run by `check --deploy` with Django's ids and texts (Django's
 * names replaced by manouche's): the security, clickjacking and CSRF
 * middleware (W001-W003), HSTS (W004, W005, W021), nosniff (W006), the SSL
 * redirect (W008), a weak SECRET_KEY (W009) or fallback (W025), the session
 * cookie flags (W010-W015), the CSRF cookie (W016), DEBUG (W018),
 * X_FRAME_OPTIONS (W019), ALLOWED_HOSTS (W020), Referrer-Policy (W022, E023)
 * and Cross-Origin-Opener-Policy (E024).
 */
import { settings } from '../../conf/settings';
import { lookupMiddleware, type MiddlewareFactory } from '../handlers/middleware';
import { builtinMiddleware } from '../../middleware/registry';
import { Error, Warning, type CheckMessage } from './messages';

/** The prefix startproject gives the key it generates (Django's 'django-insecure-'). */
export const INSECURE_PREFIX = 'manouche-insecure-';
const MIN_LENGTH = 50;
const MIN_UNIQUE = 5;

function strong(key: unknown): boolean {
  return typeof key === 'string' && key.length >= MIN_LENGTH && new Set(key).size >= MIN_UNIQUE && !key.startsWith(INSECURE_PREFIX);
}

const weakKey =
  `has less than ${MIN_LENGTH} characters, less than ${MIN_UNIQUE} unique characters, or it's prefixed with '${INSECURE_PREFIX}' indicating that it was generated automatically by manouche. ` +
  "Please generate a long and random value, otherwise many of manouche's security-critical features will be vulnerable to attack.";

export function checkSecretKey(): CheckMessage[] {
  return strong(settings.SECRET_KEY) ? [] : [new Warning(`Your SECRET_KEY ${weakKey}`, { id: 'security.W009' })];
}

export function checkSecretKeyFallbacks(): CheckMessage[] {
  const fallbacks = settings.SECRET_KEY_FALLBACKS ?? [];
  return fallbacks.flatMap((key, i) => (strong(key) ? [] : [new Warning(`Your SECRET_KEY_FALLBACKS[${i}] ${weakKey}`, { id: 'security.W025' })]));
}

export function checkDebug(): CheckMessage[] {
  return settings.DEBUG ? [new Warning('You should not have DEBUG set to True in deployment.', { id: 'security.W018' })] : [];
}

export function checkAllowedHosts(): CheckMessage[] {
  return settings.ALLOWED_HOSTS.length ? [] : [new Warning('ALLOWED_HOSTS must not be empty in deployment.', { id: 'security.W020' })];
}

const SECURITY_MIDDLEWARE = 'manouche.middleware.security.SecurityMiddleware';
const XFRAME_MIDDLEWARE = 'manouche.middleware.clickjacking.XFrameOptionsMiddleware';
const CSRF_MIDDLEWARE = 'manouche.middleware.csrf.CsrfViewMiddleware';
const SESSION_MIDDLEWARE = 'manouche.contrib.sessions.middleware.SessionMiddleware';

export const REFERRER_POLICY_VALUES = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
]);
export const CROSS_ORIGIN_OPENER_POLICY_VALUES = new Set(['same-origin', 'same-origin-allow-popups', 'unsafe-none']);

const resolve = (entry: unknown): MiddlewareFactory | undefined =>
  typeof entry === 'string' ? builtinMiddleware(entry) ?? lookupMiddleware(entry) : (entry as MiddlewareFactory);

/** Whether MIDDLEWARE holds the middleware registered as `name`, by any of its names or as the class itself. */
function hasMiddleware(name: string): boolean {
  const target = resolve(name);
  return (settings.MIDDLEWARE as unknown[]).some((entry) => entry === name || (target !== undefined && resolve(entry) === target));
}

const W001 = `You do not have '${SECURITY_MIDDLEWARE}' in your MIDDLEWARE so the SECURE_HSTS_SECONDS, SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY, SECURE_CROSS_ORIGIN_OPENER_POLICY, and SECURE_SSL_REDIRECT settings will have no effect.`;

export function checkSecurityMiddleware(): CheckMessage[] {
  return hasMiddleware(SECURITY_MIDDLEWARE) ? [] : [new Warning(W001, { id: 'security.W001' })];
}

export function checkXframeOptionsMiddleware(): CheckMessage[] {
  if (hasMiddleware(XFRAME_MIDDLEWARE)) return [];
  return [
    new Warning(
      `You do not have '${XFRAME_MIDDLEWARE}' in your MIDDLEWARE, so your pages will not be served with an 'x-frame-options' header. Unless there is a good reason for your site to be served in a frame, you should consider enabling this header to help prevent clickjacking attacks.`,
      { id: 'security.W002' },
    ),
  ];
}

export function checkCsrfMiddleware(): CheckMessage[] {
  if (hasMiddleware(CSRF_MIDDLEWARE)) return [];
  return [
    new Warning(
      `You don't appear to be using manouche's built-in cross-site request forgery protection via the middleware ('${CSRF_MIDDLEWARE}' is not in your MIDDLEWARE). Enabling the middleware is the safest approach to ensure you don't leave any holes.`,
      { id: 'security.W003' },
    ),
  ];
}

export function checkSts(): CheckMessage[] {
  if (!hasMiddleware(SECURITY_MIDDLEWARE) || settings.SECURE_HSTS_SECONDS) return [];
  return [
    new Warning(
      'You have not set a value for the SECURE_HSTS_SECONDS setting. If your entire site is served only over SSL, you may want to consider setting a value and enabling HTTP Strict Transport Security. Be sure to read the documentation first; enabling HSTS carelessly can cause serious, irreversible problems.',
      { id: 'security.W004' },
    ),
  ];
}

export function checkStsIncludeSubdomains(): CheckMessage[] {
  if (!hasMiddleware(SECURITY_MIDDLEWARE) || !settings.SECURE_HSTS_SECONDS || settings.SECURE_HSTS_INCLUDE_SUBDOMAINS === true) return [];
  return [
    new Warning(
      'You have not set the SECURE_HSTS_INCLUDE_SUBDOMAINS setting to True. Without this, your site is potentially vulnerable to attack via an insecure connection to a subdomain. Only set this to True if you are certain that all subdomains of your domain should be served exclusively via SSL.',
      { id: 'security.W005' },
    ),
  ];
}

export function checkStsPreload(): CheckMessage[] {
  if (!hasMiddleware(SECURITY_MIDDLEWARE) || !settings.SECURE_HSTS_SECONDS || settings.SECURE_HSTS_PRELOAD === true) return [];
  return [new Warning('You have not set the SECURE_HSTS_PRELOAD setting to True. Without this, your site cannot be submitted to the browser preload list.', { id: 'security.W021' })];
}

export function checkContentTypeNosniff(): CheckMessage[] {
  if (!hasMiddleware(SECURITY_MIDDLEWARE) || settings.SECURE_CONTENT_TYPE_NOSNIFF === true) return [];
  return [
    new Warning(
      "Your SECURE_CONTENT_TYPE_NOSNIFF setting is not set to True, so your pages will not be served with an 'X-Content-Type-Options: nosniff' header. You should consider enabling this header to prevent the browser from identifying content types incorrectly.",
      { id: 'security.W006' },
    ),
  ];
}

export function checkSslRedirect(): CheckMessage[] {
  if (!hasMiddleware(SECURITY_MIDDLEWARE) || settings.SECURE_SSL_REDIRECT === true) return [];
  return [
    new Warning(
      'Your SECURE_SSL_REDIRECT setting is not set to True. Unless your site should be available over both SSL and non-SSL connections, you may want to either set this setting True or configure a load balancer or reverse-proxy server to redirect all connections to HTTPS.',
      { id: 'security.W008' },
    ),
  ];
}

export function checkXframeDeny(): CheckMessage[] {
  if (!hasMiddleware(XFRAME_MIDDLEWARE) || settings.X_FRAME_OPTIONS === 'DENY') return [];
  return [
    new Warning(
      `You have '${XFRAME_MIDDLEWARE}' in your MIDDLEWARE, but X_FRAME_OPTIONS is not set to 'DENY'. Unless there is a good reason for your site to serve other parts of itself in a frame, you should change it to 'DENY'.`,
      { id: 'security.W019' },
    ),
  ];
}

export function checkReferrerPolicy(): CheckMessage[] {
  if (!hasMiddleware(SECURITY_MIDDLEWARE)) return [];
  const policy = settings.SECURE_REFERRER_POLICY;
  if (policy === null || policy === undefined) {
    return [
      new Warning(
        'You have not set the SECURE_REFERRER_POLICY setting. Without this, your site will not send a Referrer-Policy header. You should consider enabling this header to protect user privacy.',
        { id: 'security.W022' },
      ),
    ];
  }
  // a comma-separated string or a list, for fallbacks
  const values = typeof policy === 'string' ? policy.split(',').map((v) => v.trim()) : [...policy];
  if (values.every((v) => REFERRER_POLICY_VALUES.has(v))) return [];
  return [
    new Error('You have set the SECURE_REFERRER_POLICY setting to an invalid value.', {
      hint: `Valid values are: ${[...REFERRER_POLICY_VALUES].sort().join(', ')}.`,
      id: 'security.E023',
    }),
  ];
}

export function checkCrossOriginOpenerPolicy(): CheckMessage[] {
  const policy = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY;
  if (!hasMiddleware(SECURITY_MIDDLEWARE) || policy === null || policy === undefined || CROSS_ORIGIN_OPENER_POLICY_VALUES.has(policy)) return [];
  return [
    new Error('You have set the SECURE_CROSS_ORIGIN_OPENER_POLICY setting to an invalid value.', {
      hint: `Valid values are: ${[...CROSS_ORIGIN_OPENER_POLICY_VALUES].sort().join(', ')}.`,
      id: 'security.E024',
    }),
  ];
}

export function checkCsrfCookieSecure(): CheckMessage[] {
  if (settings.CSRF_USE_SESSIONS || !hasMiddleware(CSRF_MIDDLEWARE) || settings.CSRF_COOKIE_SECURE) return [];
  return [
    new Warning(
      `You have '${CSRF_MIDDLEWARE}' in your MIDDLEWARE, but you have not set CSRF_COOKIE_SECURE to True. Using a secure-only CSRF cookie makes it more difficult for network traffic sniffers to steal the CSRF token.`,
      { id: 'security.W016' },
    ),
  ];
}

/** Whether INSTALLED_APPS lists the sessions app (by name or as its AppConfig), as Django's _session_app reads the setting. */
function sessionApp(): boolean {
  return (settings.INSTALLED_APPS as unknown[]).some((a) => (typeof a === 'string' ? a : (a as { name?: string }).name) === 'manouche.contrib.sessions');
}

/**
 * The session cookie checks: one warning for the app, one for the
 * middleware, or the single combined one when both are there (Django's
 * W010/W011/W012 and W013/W014/W015).
 */
function sessionCookieCheck(setting: 'SESSION_COOKIE_SECURE' | 'SESSION_COOKIE_HTTPONLY', ids: [string, string, string], why: string): CheckMessage[] {
  if (settings[setting] === true) return [];
  const found: CheckMessage[] = [];
  if (sessionApp()) found.push(new Warning(`You have 'manouche.contrib.sessions' in your INSTALLED_APPS, but you have not set ${setting} to True. ${why}`, { id: ids[0] }));
  if (hasMiddleware(SESSION_MIDDLEWARE)) found.push(new Warning(`You have '${SESSION_MIDDLEWARE}' in your MIDDLEWARE, but you have not set ${setting} to True. ${why}`, { id: ids[1] }));
  return found.length > 1 ? [new Warning(`${setting} is not set to True. ${why}`, { id: ids[2] })] : found;
}

export function checkSessionCookieSecure(): CheckMessage[] {
  return sessionCookieCheck(
    'SESSION_COOKIE_SECURE',
    ['security.W010', 'security.W011', 'security.W012'],
    'Using a secure-only session cookie makes it more difficult for network traffic sniffers to hijack user sessions.',
  );
}

export function checkSessionCookieHttponly(): CheckMessage[] {
  return sessionCookieCheck(
    'SESSION_COOKIE_HTTPONLY',
    ['security.W013', 'security.W014', 'security.W015'],
    'Using an HttpOnly session cookie makes it more difficult for cross-site scripting attacks to hijack user sessions.',
  );
}

/** Every deployment check of this module, in Django's order (base, csrf, sessions). */
export const deployChecks = [
  checkSecurityMiddleware,
  checkXframeOptionsMiddleware,
  checkSts,
  checkStsIncludeSubdomains,
  checkStsPreload,
  checkContentTypeNosniff,
  checkSslRedirect,
  checkSecretKey,
  checkSecretKeyFallbacks,
  checkDebug,
  checkXframeDeny,
  checkAllowedHosts,
  checkReferrerPolicy,
  checkCrossOriginOpenerPolicy,
  checkCsrfMiddleware,
  checkCsrfCookieSecure,
  checkSessionCookieSecure,
  checkSessionCookieHttponly,
];
