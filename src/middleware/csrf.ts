/**
 * CsrfViewMiddleware (django.middleware.csrf), as current Django does it.
 *
 * The secret (32 characters) lives in the `csrftoken` cookie, or in the
 * session with CSRF_USE_SESSIONS. Pages get a *masked* token (64 characters:
 * a fresh random mask + the secret ciphered with it), different on every
 * render, so a compressed page never repeats the secret (BREACH).
 *
 * An unsafe request (not GET/HEAD/OPTIONS/TRACE) to a view that is not
 * csrfExempt passes when:
 *   1. its Origin header, if any, is the request's own origin or in
 *      CSRF_TRUSTED_ORIGINS (wildcards: `https://*.example.com`);
 *   2. without an Origin, over HTTPS: its Referer is HTTPS and the same
 *      domain (or CSRF_COOKIE_DOMAIN, or a trusted origin's host);
 *   3. the token from the `csrfmiddlewaretoken` POST field or the
 *      X-CSRFToken header (CSRF_HEADER_NAME) matches the secret.
 * Otherwise the failure view answers 403 (with the reason in DEBUG).
 */
import { settings } from '../conf/settings';
import { ImproperlyConfigured } from '../core/exceptions';
import { DisallowedHost } from '../http/exceptions';
import type { HttpRequest } from '../http/request';
import { isSameDomain } from '../http/request';
import type { HttpResponseBase } from '../http/response';
import { patchVaryHeaders } from '../utils/cache';
import { constantTimeCompare, fromCodes, getRandomString, RANDOM_STRING_CHARS, randomIndexes } from '../utils/crypto';
import { MiddlewareMixin } from './mixin';
import { csrfFailure } from '../views/csrf';

export const CSRF_SECRET_LENGTH = 32;
export const CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH;
export const CSRF_ALLOWED_CHARS = RANDOM_STRING_CHARS;
export const CSRF_SESSION_KEY = '_csrftoken';

export const REASON_BAD_ORIGIN = 'Origin checking failed - %s does not match any trusted origins.';
export const REASON_NO_REFERER = 'Referer checking failed - no Referer.';
export const REASON_BAD_REFERER = 'Referer checking failed - %s does not match any trusted origins.';
export const REASON_NO_CSRF_COOKIE = 'CSRF cookie not set.';
export const REASON_CSRF_TOKEN_MISSING = 'CSRF token missing.';
export const REASON_MALFORMED_REFERER = 'Referer checking failed - Referer is malformed.';
export const REASON_INSECURE_REFERER = 'Referer checking failed - Referer is insecure while host is secure.';
const REASON_INCORRECT_LENGTH = 'has incorrect length';
const REASON_INVALID_CHARACTERS = 'has invalid characters';
const INVALID_TOKEN_CHARS = /[^a-zA-Z0-9]/;

/**
 * A request whose META holds the CSRF secret (Django's META['CSRF_COOKIE']).
 * An HttpRequest keeps it in its META entry slot, so META is not built from
 * the headers for it on every request (see HttpRequest.metaEntry()).
 */
export interface MetaHolder {
  META: Record<string, unknown>;
  metaEntry?(key: string): unknown;
  setMetaEntry?(key: string, value: unknown): void;
}

/** Whether `request` can hold the CSRF secret: an HttpRequest (its META entry slot, META not built) or any object with a META. */
export function holdsMeta(request: unknown): request is MetaHolder {
  const r = request as Partial<MetaHolder> | null | undefined;
  return typeof r?.setMetaEntry === 'function' || (typeof r?.META === 'object' && r.META !== null);
}

function metaGet(request: MetaHolder, key: string): unknown {
  return request.metaEntry ? request.metaEntry(key) : request.META[key];
}

function metaSet(request: MetaHolder, key: string, value: unknown): void {
  if (request.setMetaEntry) request.setMetaEntry(key, value);
  else request.META[key] = value;
}

/** What the middleware keeps on the request (Django's META['CSRF_COOKIE'], csrf_processing_done, ...). */
interface CsrfRequest extends MetaHolder {
  csrfProcessingDone?: boolean;
  /** The test client sets it unless enforceCsrfChecks (Django's _dont_enforce_csrf_checks). */
  _dontEnforceCsrfChecks?: boolean;
}

function newCsrfString(): string {
  return getRandomString(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS);
}

/** The secret ciphered with a fresh mask: mask + cipher (Django's _mask_cipher_secret). */
export function maskCipherSecret(secret: string): string {
  const chars = CSRF_ALLOWED_CHARS;
  const n = secret.length;
  // Mask indexes in the first half, then both halves as character codes: one string, not one per character.
  const codes = n * 2 <= maskCodes.length ? maskCodes : new Uint16Array(n * 2);
  randomIndexes(codes, n, chars.length);
  for (let i = 0; i < n; i++) {
    const m = codes[i]!;
    codes[i] = chars.charCodeAt(m);
    codes[n + i] = chars.charCodeAt((charIndex(secret, i) + m) % chars.length);
  }
  return fromCodes(codes, n * 2);
}

const maskCodes = new Uint16Array(CSRF_SECRET_LENGTH * 2);

// The position of each allowed character in CSRF_ALLOWED_CHARS by char code (-1: not allowed),
// so masking a token (every page with a form) searches no string.
const CHAR_INDEX = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < CSRF_ALLOWED_CHARS.length; i++) table[CSRF_ALLOWED_CHARS.charCodeAt(i)] = i;
  return table;
})();

/** chars.indexOf(s[i]) for CSRF_ALLOWED_CHARS: -1 for a character outside it, as indexOf answers. */
function charIndex(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? CHAR_INDEX[c]! : -1;
}

/** The secret of a masked token (Django's _unmask_cipher_token). */
export function unmaskCipherToken(token: string): string {
  const chars = CSRF_ALLOWED_CHARS;
  const mask = token.slice(0, CSRF_SECRET_LENGTH);
  const cipher = token.slice(CSRF_SECRET_LENGTH);
  let out = '';
  for (let i = 0; i < cipher.length; i++) out += chars[(chars.indexOf(cipher[i]) - chars.indexOf(mask[i]) + chars.length) % chars.length];
  return out;
}

function addNewCsrfCookie(request: CsrfRequest): string {
  const secret = newCsrfString();
  metaSet(request, 'CSRF_COOKIE', secret);
  metaSet(request, 'CSRF_COOKIE_NEEDS_UPDATE', true);
  return secret;
}

/**
 * A masked token for the request's secret, creating the secret (and the
 * cookie on the way out) when there is none (Django's get_token). Templates
 * get it as `csrf_token` through `{% csrf_token %}`.
 */
export function getToken(request: MetaHolder): string {
  let secret: string;
  const stored = metaGet(request, 'CSRF_COOKIE');
  if (typeof stored === 'string') {
    secret = stored;
    // A page showing the token renews the cookie's expiry.
    metaSet(request, 'CSRF_COOKIE_NEEDS_UPDATE', true);
  } else {
    secret = addNewCsrfCookie(request);
  }
  return maskCipherSecret(secret);
}

/** A new secret (login does it: a token seen before login is useless after). */
export function rotateToken(request: MetaHolder): void {
  addNewCsrfCookie(request);
}

class InvalidTokenFormat extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

class RejectRequest extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function checkTokenFormat(token: string): void {
  if (token.length !== CSRF_TOKEN_LENGTH && token.length !== CSRF_SECRET_LENGTH) throw new InvalidTokenFormat(REASON_INCORRECT_LENGTH);
  if (INVALID_TOKEN_CHARS.test(token)) throw new InvalidTokenFormat(REASON_INVALID_CHARACTERS);
}

function doesTokenMatch(requestToken: string, secret: string): boolean {
  if (requestToken.length === CSRF_TOKEN_LENGTH) requestToken = unmaskCipherToken(requestToken);
  return constantTimeCompare(requestToken, secret);
}

function parseOrigin(url: string): { scheme: string; netloc: string } | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(url);
  return m ? { scheme: m[1].toLowerCase(), netloc: m[2].toLowerCase() } : null;
}

type FailureView = (request: HttpRequest, options: { reason: string }) => HttpResponseBase | Promise<HttpResponseBase>;

/** CSRF_FAILURE_VIEW, or Django's csrf_failure. */
function failureView(): FailureView {
  const v = settings.CSRF_FAILURE_VIEW as FailureView | undefined;
  if (v !== undefined && v !== null && typeof v !== 'function') throw new ImproperlyConfigured('CSRF_FAILURE_VIEW must be a view function (request, { reason }) => response.');
  return v ?? csrfFailure;
}

export class CsrfViewMiddleware extends MiddlewareMixin {
  private get trustedOriginHosts(): string[] {
    return settings.CSRF_TRUSTED_ORIGINS.map((o) => (parseOrigin(o)?.netloc ?? '').replace(/^\*+/, ''));
  }

  private accept(request: HttpRequest): null {
    (request as unknown as CsrfRequest).csrfProcessingDone = true;
    return null;
  }

  protected async reject(request: HttpRequest, reason: string): Promise<HttpResponseBase | null> {
    return failureView()(request, { reason });
  }

  private getSecret(request: HttpRequest): string | null {
    let secret: string | null;
    if (settings.CSRF_USE_SESSIONS) {
      const session = request.session as { get?(k: string): unknown } | undefined;
      if (!session || typeof session.get !== 'function') {
        throw new ImproperlyConfigured(
          'CSRF_USE_SESSIONS is enabled, but request.session is not set. SessionMiddleware must appear before CsrfViewMiddleware in MIDDLEWARE.',
        );
      }
      const v = session.get(CSRF_SESSION_KEY);
      secret = typeof v === 'string' ? v : null;
    } else {
      secret = request.COOKIES[settings.CSRF_COOKIE_NAME] ?? null;
      if (secret !== null) checkTokenFormat(secret);
    }
    if (secret === null) return null;
    if (secret.length === CSRF_TOKEN_LENGTH) secret = unmaskCipherToken(secret);
    return secret;
  }

  private setCsrfCookie(request: HttpRequest, response: HttpResponseBase): void {
    const secret = request.metaEntry('CSRF_COOKIE') as string;
    if (settings.CSRF_USE_SESSIONS) {
      const session = request.session as { get(k: string): unknown; set(k: string, v: unknown): void };
      if (session.get(CSRF_SESSION_KEY) !== secret) session.set(CSRF_SESSION_KEY, secret);
    } else {
      response.setCookie(settings.CSRF_COOKIE_NAME, secret, {
        maxAge: settings.CSRF_COOKIE_AGE,
        domain: settings.CSRF_COOKIE_DOMAIN,
        path: settings.CSRF_COOKIE_PATH,
        secure: settings.CSRF_COOKIE_SECURE,
        httponly: settings.CSRF_COOKIE_HTTPONLY,
        samesite: settings.CSRF_COOKIE_SAMESITE || undefined,
      });
      patchVaryHeaders(response, ['Cookie']);
    }
  }

  private originVerified(request: HttpRequest): boolean {
    const origin = request.META.HTTP_ORIGIN!;
    try {
      const goodOrigin = `${request.isSecure() ? 'https' : 'http'}://${request.getHost()}`;
      if (origin === goodOrigin) return true;
    } catch (e) {
      if (!(e instanceof DisallowedHost)) throw e;
    }
    if (settings.CSRF_TRUSTED_ORIGINS.some((o) => !o.includes('*') && o === origin)) return true;
    const parsed = parseOrigin(origin);
    if (!parsed) return false;
    return settings.CSRF_TRUSTED_ORIGINS.filter((o) => o.includes('*')).some((o) => {
      const t = parseOrigin(o);
      return t !== null && t.scheme === parsed.scheme && isSameDomain(parsed.netloc, t.netloc.replace(/^\*+/, ''));
    });
  }

  private checkReferer(request: HttpRequest): void {
    const raw = request.META.HTTP_REFERER;
    if (raw === undefined) throw new RejectRequest(REASON_NO_REFERER);
    const referer = parseOrigin(raw);
    if (!referer || !referer.scheme || !referer.netloc) throw new RejectRequest(REASON_MALFORMED_REFERER);
    if (referer.scheme !== 'https') throw new RejectRequest(REASON_INSECURE_REFERER);
    if (this.trustedOriginHosts.some((h) => isSameDomain(referer.netloc, h))) return;
    let goodReferer = settings.CSRF_USE_SESSIONS ? settings.SESSION_COOKIE_DOMAIN : settings.CSRF_COOKIE_DOMAIN;
    if (goodReferer === null) {
      try {
        goodReferer = request.getHost();
      } catch (e) {
        if (e instanceof DisallowedHost) throw new RejectRequest(REASON_BAD_REFERER.replace('%s', raw));
        throw e;
      }
    } else {
      const port = request.getPort();
      if (port !== '443' && port !== '80') goodReferer = `${goodReferer}:${port}`;
    }
    if (!isSameDomain(referer.netloc, goodReferer)) throw new RejectRequest(REASON_BAD_REFERER.replace('%s', raw));
  }

  private badTokenMessage(reason: string, source: string): string {
    if (source !== 'POST') {
      // 'HTTP_X_CSRFTOKEN' → "the 'X-Csrftoken' HTTP header", as Django's HttpHeaders.parse_header_name
      const name = source.replace(/^HTTP_/, '').split('_').map((w) => w.charAt(0) + w.slice(1).toLowerCase()).join('-');
      source = `the '${name}' HTTP header`;
    }
    return `CSRF token from ${source} ${reason}.`;
  }

  private checkToken(request: HttpRequest): void {
    let secret: string | null;
    try {
      secret = this.getSecret(request);
    } catch (e) {
      if (e instanceof InvalidTokenFormat) throw new RejectRequest(`CSRF cookie ${e.reason}.`);
      throw e;
    }
    if (secret === null) throw new RejectRequest(REASON_NO_CSRF_COOKIE);
    let token = '';
    let source = 'POST';
    if (request.method === 'POST') {
      try {
        token = request.POST.get('csrfmiddlewaretoken') ?? '';
      } catch {
        token = ''; // an unreadable body: fall back to the header, as Django's UnreadablePostError
      }
    }
    if (token === '') {
      const header = request.META[settings.CSRF_HEADER_NAME];
      if (header === undefined) throw new RejectRequest(REASON_CSRF_TOKEN_MISSING);
      token = header;
      source = settings.CSRF_HEADER_NAME;
    }
    try {
      checkTokenFormat(token);
    } catch (e) {
      if (e instanceof InvalidTokenFormat) throw new RejectRequest(this.badTokenMessage(e.reason, source));
      throw e;
    }
    if (!doesTokenMatch(token, secret)) throw new RejectRequest(this.badTokenMessage('incorrect', source));
  }

  // Not async functions: the hooks answer synchronously unless the session
  // must be read first, and an async frame suspended on every request costs
  // about 400 bytes.
  override processRequest(request: HttpRequest): null | Promise<null> {
    if (settings.CSRF_USE_SESSIONS) {
      const session = request.session as { load?(): Promise<unknown>; isLoaded?: boolean } | undefined;
      if (typeof session?.load === 'function' && session.isLoaded !== true) return session.load().then(() => this.readSecret(request));
    }
    return this.readSecret(request);
  }

  /** META['CSRF_COOKIE'] from the cookie or the session; a fresh secret when the stored one is malformed. */
  private readSecret(request: HttpRequest): null {
    try {
      const secret = this.getSecret(request);
      if (secret !== null) request.setMetaEntry('CSRF_COOKIE', secret);
    } catch (e) {
      if (!(e instanceof InvalidTokenFormat)) throw e;
      addNewCsrfCookie(request as unknown as CsrfRequest);
    }
    return null;
  }

  processView(request: HttpRequest, view: unknown): HttpResponseBase | null | Promise<HttpResponseBase | null> {
    const r = request as unknown as CsrfRequest;
    if (r.csrfProcessingDone) return null;
    if ((view as { csrfExempt?: boolean }).csrfExempt) return null;
    // Safe methods change nothing: nothing to protect (RFC 9110 §9.2.1).
    if (['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes(request.method)) return this.accept(request);
    if (r._dontEnforceCsrfChecks) return this.accept(request);
    if (request.META.HTTP_ORIGIN !== undefined) {
      if (!this.originVerified(request)) return this.reject(request, REASON_BAD_ORIGIN.replace('%s', request.META.HTTP_ORIGIN));
    } else if (request.isSecure()) {
      // Without Origin, HTTPS needs a same-origin Referer: a man in the middle could otherwise plant a cookie over HTTP.
      try {
        this.checkReferer(request);
      } catch (e) {
        if (e instanceof RejectRequest) return this.reject(request, e.reason);
        throw e;
      }
    }
    try {
      this.checkToken(request);
    } catch (e) {
      if (e instanceof RejectRequest) return this.reject(request, e.reason);
      throw e;
    }
    return this.accept(request);
  }

  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (request.metaEntry('CSRF_COOKIE_NEEDS_UPDATE')) {
      this.setCsrfCookie(request, response);
      request.setMetaEntry('CSRF_COOKIE_NEEDS_UPDATE', false);
    }
    return response;
  }
}
