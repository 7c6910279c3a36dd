/**
 * HttpRequest over a fetch Request (django.http.HttpRequest). The handler
 * builds it with `HttpRequest.create()`, which reads the body first (so
 * views read `request.POST` synchronously, as in Django); a body that breaks
 * a limit is remembered and thrown when the view touches `body`, `POST` or
 * `FILES`, which is when Django raises it too.
 *
 * @example
 * const request = await HttpRequest.create(new Request('http://testserver/search/?q=a&q=b'));
 * request.GET.getlist('q'); // ['a', 'b']
 */
import { settings } from '../conf/settings';
import { ImproperlyConfigured, KeyError } from '../core/exceptions';
import { BadSignature, getCookieSigner } from '../core/signing';
import type { UploadedFile } from '../core/files/uploadedfile';
import { uploadHandlers } from '../core/files/uploadhandler';
import type { ResolverMatch } from '../urls/match';
import { parseCookie } from './cookie';
import { BadRequest, DisallowedHost, MultiPartParserError, RequestDataTooBig, UnreadablePostError } from './exceptions';
import { parseHeaderParams, parseMultipart } from './multipart';
import { eachHeader } from './headers';
import { MultiValueDict, QueryDict } from './querydict';
import { iriToUri } from './response';
import { concat } from '../utils/bytes';

/** The body was consumed by a stream parser and cannot be read again (Django's RawPostDataException). */
export class RawPostDataException extends Error {
  override name = 'RawPostDataException';
}

/**
 * What HttpRequest reads from the host's request. A fetch Request is one; the
 * Node server passes these parts straight from node:http instead, because
 * building a Request (and its Headers) costs more than the rest of a small
 * request's handling.
 */
export interface RequestSource {
  /** The method as sent (upper-cased here). */
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  readonly headers: Headers;
  /** The body, or null for none. */
  readonly body: ReadableStream<Uint8Array> | null;
}

export interface RequestOptions {
  /** The client's address (the server adapter knows it): META.REMOTE_ADDR. */
  remoteAddr?: string;
  /** The mount point of the app (WSGI's SCRIPT_NAME); pathInfo is the path below it. */
  scriptName?: string;
  /**
   * The headers to read instead of the Request's: a browser's Request never
   * carries Cookie (a forbidden header name), so the browser runtime passes
   * its cookie jar's header here.
   */
  headers?: Headers;
}

/** Hosts allowed besides ALLOWED_HOSTS: 'testserver' once the test environment is set up (as Django's runner adds it). */
export const extraAllowedHosts: string[] = [];

const hostValidation = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:\d+)?$/;

/** (domain, port) of a Host value; domain '' when it is not a valid host (Django's split_domain_port). */
export function splitDomainPort(host: string): [string, string] {
  host = host.toLowerCase();
  if (!hostValidation.test(host)) return ['', ''];
  if (host.endsWith(']')) return [host, ''];
  const colon = host.lastIndexOf(':');
  let domain = colon >= 0 ? host.slice(0, colon) : host;
  const port = colon >= 0 ? host.slice(colon + 1) : '';
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  return [domain, port];
}

/** Django's is_same_domain: `.example.com` matches the domain and its subdomains. */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false;
  pattern = pattern.toLowerCase();
  return (pattern[0] === '.' && (host.endsWith(pattern) || host === pattern.slice(1))) || pattern === host;
}

/** Django's validate_host against ALLOWED_HOSTS ('*' allows all). */
export function validateHost(domain: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((p) => p === '*' || isSameDomain(domain, p));
}

/** Decodes a percent-encoded path as UTF-8, re-percenting only the bytes that are not valid UTF-8 (Django's repercent_broken_unicode). */
export function decodePath(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      const bytes = run.slice(1).split('%').map((h) => parseInt(h, 16));
      let out = '';
      for (let i = 0; i < bytes.length; ) {
        const n = utf8Length(bytes, i);
        if (n > 0) {
          out += decodeURIComponent(run.slice(i * 3, (i + n) * 3));
          i += n;
        } else {
          out += run.slice(i * 3, i * 3 + 3);
          i++;
        }
      }
      return out;
    });
  }
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0. */
function utf8Length(b: number[], i: number): number {
  const c = b[i];
  const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    if (c === 0xe0 && b[i + 1] < 0xa0) return 0;
    if (c === 0xed && b[i + 1] >= 0xa0) return 0;
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c === 0xf0 && b[i + 1] < 0x90) return 0;
    if (c === 0xf4 && b[i + 1] >= 0x90) return 0;
    return 4;
  }
  return 0;
}

const empty = new Uint8Array(0);
/** What load() answers once the body is read or there is none: one settled promise shared by every request. */
const LOADED: Promise<void> = Promise.resolve();

/** getSignedCookie()'s default: throw instead of answering a default (Django's RAISE_ERROR). */
export const RAISE_ERROR: unique symbol = Symbol('RAISE_ERROR');

export class HttpRequest {
  /** The host's request this one wraps (a fetch Request under app.fetch()). */
  readonly raw: RequestSource;
  readonly url: URL;
  /** 'GET', 'POST', ... (upper case). */
  method: string;
  /** The full path, percent-decoded (scriptName + pathInfo). */
  path: string;
  /** The path below the script prefix: what URL resolution sees. */
  pathInfo: string;
  /** The request headers (case-insensitive), Django's `request.headers`. */
  readonly headers: Headers;
  /** The match of the URLconf, once resolved. */
  resolverMatch: ResolverMatch | null = null;
  /** A per-request URLconf (set by middleware), as Django's request.urlconf. */
  urlconf: unknown = undefined;
  /** Set by the authentication middleware (not part of this layer). */
  user: unknown = undefined;
  /** The user, read from the session once (Django's `await request.auser()`); set by the authentication middleware. */
  auser: (() => Promise<unknown>) | undefined = undefined;
  /** Set by the session middleware (not part of this layer). */
  session: unknown = undefined;
  /** The handlers the multipart parser uses; replaceable before the body is read. */
  uploadHandlers: import('../core/files/uploadhandler').FileUploadHandler[] | null = null;
  readonly remoteAddr: string;
  readonly scriptName: string;
  private encodingValue: string | null = null;

  private bodyBytes: Uint8Array | null = null;
  private bodyError: unknown = null;
  private loaded = false;
  private streamRead = false;
  private getDict: QueryDict | null = null;
  private postDict: QueryDict | null = null;
  private filesDict: MultiValueDict<UploadedFile> | null = null;
  private cookies: Record<string, string> | null = null;
  private meta: Record<string, string> | null = null;
  /** Entries set through setMetaEntry() while META was not built yet. */
  private metaEntries: Record<string, unknown> | null = null;

  constructor(raw: RequestSource, options: RequestOptions = {}) {
    this.raw = raw;
    this.url = new URL(raw.url);
    this.method = raw.method.toUpperCase();
    this.headers = options.headers ?? raw.headers;
    this.remoteAddr = options.remoteAddr ?? '';
    const script = (options.scriptName ?? '').replace(/\/+$/, '');
    this.scriptName = script;
    const fullPath = decodePath(this.url.pathname);
    this.path = fullPath;
    this.pathInfo = script && fullPath.startsWith(script + '/') ? fullPath.slice(script.length) : script && fullPath === script ? '/' : fullPath;
  }

  /** Builds a request and reads its body (the handler's way in). */
  static create(raw: RequestSource, options: RequestOptions = {}): Promise<HttpRequest> {
    let request: HttpRequest;
    let loading: Promise<void>;
    try {
      request = new HttpRequest(raw, options);
      loading = request.load();
    } catch (e) {
      return Promise.reject(e);
    }
    // A request without a body (every GET) is ready at once: no async frame waits for it.
    return loading === LOADED ? Promise.resolve(request) : loading.then(() => request);
  }

  /** The content type without parameters, and its parameters (Django's content_type / content_params). */
  get contentType(): string {
    return parseHeaderParams(this.headers.get('content-type') ?? '')[0];
  }
  get contentParams(): Record<string, string> {
    return parseHeaderParams(this.headers.get('content-type') ?? '')[1];
  }

  /** The charset form data is decoded with: the Content-Type's, else DEFAULT_CHARSET. */
  get encoding(): string {
    if (this.encodingValue !== null) return this.encodingValue;
    // A request without a Content-Type (every GET) has no charset to parse out of it.
    const type = this.headers.get('content-type');
    return (type === null ? undefined : parseHeaderParams(type)[1].charset) ?? settings.DEFAULT_CHARSET;
  }
  /** Setting it re-decodes GET and POST (Django's encoding setter). */
  set encoding(value: string) {
    this.encodingValue = value;
    this.getDict = null;
    if (this.bodyBytes) this.postDict = null;
  }

  /**
   * Reads the body once: multipart bodies through the upload handlers,
   * anything else into memory up to DATA_UPLOAD_MAX_MEMORY_SIZE.
   */
  load(): Promise<void> {
    if (this.loaded) return LOADED;
    this.loaded = true;
    if (this.raw.body === null) {
      this.bodyBytes = empty;
      return LOADED;
    }
    return this.readBody(this.raw.body);
  }

  private async readBody(body: ReadableStream<Uint8Array>): Promise<void> {
    const length = this.contentLength();
    try {
      if (this.method === 'POST' && this.contentType === 'multipart/form-data') {
        this.streamRead = true;
        const handlers = this.uploadHandlers ?? uploadHandlers();
        const result = await parseMultipart(body, this.headers.get('content-type') ?? '', length, handlers, this.encoding);
        this.postDict = result.POST;
        this.filesDict = result.FILES;
        return;
      }
      const max = settings.DATA_UPLOAD_MAX_MEMORY_SIZE;
      if (max !== null && length !== null && length > max) {
        await body.cancel().catch(() => {});
        throw new RequestDataTooBig('Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.');
      }
      this.bodyBytes = await readLimited(body, max);
    } catch (e) {
      this.bodyError = e;
      this.bodyBytes = null;
    }
  }

  private contentLength(): number | null {
    const v = this.headers.get('content-length');
    if (v === null || v === '') return null;
    const n = Number(v);
    return Number.isInteger(n) && n >= 0 ? n : null;
  }

  private ensureBody(): void {
    if (!this.loaded) throw new ImproperlyConfigured('The request body has not been read: build requests with `await HttpRequest.create(request)` (or call `await request.load()`).');
    if (this.bodyError) throw this.bodyError;
  }

  /** The raw body bytes (Django's `request.body`). */
  get body(): Uint8Array {
    this.ensureBody();
    if (this.streamRead) throw new RawPostDataException("You cannot access body after reading from request's data stream");
    return this.bodyBytes ?? empty;
  }

  /** The body parsed as JSON (BadRequest when it is not JSON). */
  json<T = unknown>(): T {
    const text = new TextDecoder(this.encoding).decode(this.body);
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new BadRequest(`The request body is not valid JSON: ${(e as Error).message}`);
    }
  }

  /** The query string's parameters (immutable). */
  get GET(): QueryDict {
    return (this.getDict ??= new QueryDict(this.url.search.slice(1), { encoding: this.encoding }));
  }
  set GET(value: QueryDict) {
    this.getDict = value;
  }

  /** The form fields of a POST (urlencoded or multipart); empty for other methods, as in Django. */
  get POST(): QueryDict {
    if (this.postDict) return this.postDict;
    this.ensureBody();
    if (this.method !== 'POST' || this.contentType !== 'application/x-www-form-urlencoded') {
      return (this.postDict = new QueryDict(null, { encoding: this.encoding }));
    }
    return (this.postDict = new QueryDict(new TextDecoder(this.encoding).decode(this.body), { encoding: this.encoding }));
  }
  set POST(value: QueryDict) {
    this.postDict = value;
  }

  /** Uploaded files by field name (multipart POSTs). */
  get FILES(): MultiValueDict<UploadedFile> {
    if (this.filesDict) return this.filesDict;
    this.ensureBody();
    return (this.filesDict = new MultiValueDict<UploadedFile>());
  }

  /** The cookies the client sent. */
  get COOKIES(): Record<string, string> {
    return (this.cookies ??= parseCookie(this.headers.get('cookie')));
  }

  /**
   * A cookie set with setSignedCookie(), its signature (and with `maxAge`,
   * its age in seconds) checked (Django's get_signed_cookie). A missing
   * cookie or a bad, tampered or expired signature answers `defaultValue`;
   * with the default RAISE_ERROR, a missing cookie throws KeyError and a bad
   * signature BadSignature (SignatureExpired when it is only too old).
   *
   * @example
   * const theme = await request.getSignedCookie('theme', 'light', 'prefs', 3600);
   * await request.getSignedCookie('theme', RAISE_ERROR, 'prefs', 3600); // throws when absent, bad or old
   */
  async getSignedCookie<D = never>(key: string, defaultValue: D | typeof RAISE_ERROR = RAISE_ERROR, salt = '', maxAge: number | null = null): Promise<string | D> {
    const cookie = this.COOKIES[key];
    if (cookie === undefined) {
      if (defaultValue !== RAISE_ERROR) return defaultValue;
      throw new KeyError(`'${key}'`);
    }
    try {
      return await getCookieSigner(key + salt).unsign(cookie, maxAge);
    } catch (e) {
      if (defaultValue !== RAISE_ERROR && e instanceof BadSignature) return defaultValue;
      throw e;
    }
  }

  /** CGI-style variables (Django's request.META): HTTP_* for each header, SERVER_NAME, REMOTE_ADDR, ... */
  get META(): Record<string, string> {
    if (this.meta) return this.meta;
    const meta: Record<string, string> = {
      REQUEST_METHOD: this.method,
      PATH_INFO: this.pathInfo,
      SCRIPT_NAME: this.scriptName,
      QUERY_STRING: this.url.search.slice(1),
      SERVER_NAME: this.url.hostname,
      SERVER_PORT: this.url.port || (this.url.protocol === 'https:' ? '443' : '80'),
      SERVER_PROTOCOL: 'HTTP/1.1',
      REMOTE_ADDR: this.remoteAddr,
      'wsgi.url_scheme': this.url.protocol.slice(0, -1),
    };
    const add = (value: string, name: string) => {
      meta[metaKey(name)] = value;
    };
    eachHeader(this.headers, add);
    if (!('HTTP_HOST' in meta)) meta.HTTP_HOST = this.url.host;
    if (this.metaEntries !== null) Object.assign(meta, this.metaEntries);
    return (this.meta = meta);
  }

  /**
   * request.META[key] for an entry the framework keeps there (Django's
   * META['CSRF_COOKIE']), without building META from the headers: the CSRF
   * middleware reads and writes its secret on every request, and META costs
   * about as much as the rest of the request object. A key META derives from
   * the request (HTTP_*, SERVER_NAME ...) builds it, as reading META does.
   */
  metaEntry(key: string): unknown {
    if (this.meta === null && !DERIVED_META.test(key)) return this.metaEntries?.[key];
    return this.META[key];
  }

  /** request.META[key] = value, kept aside until META is built (see metaEntry()). */
  setMetaEntry(key: string, value: unknown): void {
    if (this.meta !== null) (this.meta as Record<string, unknown>)[key] = value;
    else (this.metaEntries ??= {})[key] = value;
  }

  /** 'https' when the connection (or the trusted proxy header, SECURE_PROXY_SSL_HEADER) says so. */
  get scheme(): string {
    const proxy = settings.SECURE_PROXY_SSL_HEADER;
    if (proxy) {
      if (!Array.isArray(proxy) || proxy.length !== 2) {
        throw new ImproperlyConfigured('The SECURE_PROXY_SSL_HEADER setting must be a tuple containing two values.');
      }
      const value = this.META[proxy[0]];
      if (value !== undefined) return value.split(',', 1)[0].trim() === proxy[1] ? 'https' : 'http';
    }
    return this.url.protocol.slice(0, -1);
  }

  isSecure(): boolean {
    return this.scheme === 'https';
  }

  /** The Host as sent (X-Forwarded-Host with USE_X_FORWARDED_HOST), not validated. */
  getRawHost(): string {
    const fwd = settings.USE_X_FORWARDED_HOST ? this.headers.get('x-forwarded-host') : null;
    if (fwd) return fwd;
    return this.headers.get('host') ?? this.url.host;
  }

  /**
   * The Host, checked against ALLOWED_HOSTS (with DEBUG and an empty list:
   * localhost, 127.0.0.1 and [::1]); DisallowedHost otherwise.
   */
  getHost(): string {
    const host = this.getRawHost();
    let allowed = settings.ALLOWED_HOSTS;
    if (settings.DEBUG && !allowed.length) allowed = ['.localhost', '127.0.0.1', '[::1]'];
    if (extraAllowedHosts.length) allowed = [...allowed, ...extraAllowedHosts];
    const [domain] = splitDomainPort(host);
    if (domain && validateHost(domain, allowed)) return host;
    let msg = `Invalid HTTP_HOST header: '${host}'.`;
    msg += domain ? ` You may need to add '${domain}' to ALLOWED_HOSTS.` : ' The domain name provided is not valid according to RFC 1034/1035.';
    throw new DisallowedHost(msg);
  }

  /** The port (X-Forwarded-Port with USE_X_FORWARDED_PORT). */
  getPort(): string {
    const fwd = settings.USE_X_FORWARDED_PORT ? this.headers.get('x-forwarded-port') : null;
    return fwd ?? this.META.SERVER_PORT;
  }

  /** The path with the query string (Django's get_full_path). */
  getFullPath(forceAppendSlash = false): string {
    return this.fullPath(this.path, forceAppendSlash);
  }

  /** The pathInfo with the query string. */
  getFullPathInfo(forceAppendSlash = false): string {
    return this.fullPath(this.pathInfo, forceAppendSlash);
  }

  private fullPath(path: string, forceAppendSlash: boolean): string {
    const qs = this.url.search.slice(1);
    return `${iriToUri(path)}${forceAppendSlash && !path.endsWith('/') ? '/' : ''}${qs ? '?' + iriToUri(qs) : ''}`;
  }

  /**
   * An absolute URI for `location` (default: this request's URL), relative
   * locations resolved against the request (Django's build_absolute_uri).
   */
  buildAbsoluteUri(location?: string): string {
    const schemeHost = `${this.scheme}://${this.getHost()}`;
    if (location === undefined) return iriToUri(schemeHost + this.getFullPath());
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(location)) return iriToUri(location);
    if (location.startsWith('/') && !location.startsWith('//') && !location.includes('/./') && !location.includes('/../')) {
      return iriToUri(schemeHost + location);
    }
    return iriToUri(new URL(location, schemeHost + iriToUri(this.path)).href);
  }

  /** True for an XMLHttpRequest (deprecated in Django, kept for old code). */
  isAjax(): boolean {
    return this.headers.get('x-requested-with') === 'XMLHttpRequest';
  }

  /** True when the Accept header admits `mediaType` (Django's accepts()). */
  accepts(mediaType: string): boolean {
    const accept = this.headers.get('accept') ?? '*/*';
    const [type, sub] = mediaType.split('/');
    return accept.split(',').some((token) => {
      const [range] = token.trim().split(';');
      const [t, s] = range.trim().split('/');
      return (t === '*' || t === type) && (s === '*' || s === sub);
    });
  }

  /** Releases uploaded files held on disk (Django closes request.FILES when the response is done). */
  close(): void {
    if (!this.filesDict) return;
    for (const [, files] of this.filesDict.lists()) for (const f of files) (f as { close?: () => void }).close?.();
  }

  toString(): string {
    return `<HttpRequest: ${this.method} '${this.getFullPath()}'>`;
  }
}

/** Reads a stream into memory, failing past `max` bytes (RequestDataTooBig). */
async function readLimited(stream: ReadableStream<Uint8Array>, max: number | null): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (max !== null && size > max) {
        await reader.cancel().catch(() => {});
        throw new RequestDataTooBig('Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.');
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof RequestDataTooBig || e instanceof MultiPartParserError) throw e;
    throw new UnreadablePostError(`The request body could not be read: ${(e as Error).message}`);
  }
  return concat(parts, size);
}

// The keys META is built with (see the META getter): every other key is only there if code set it.
const DERIVED_META = /^(?:HTTP_|CONTENT_(?:TYPE|LENGTH)$|REQUEST_METHOD$|PATH_INFO$|SCRIPT_NAME$|QUERY_STRING$|SERVER_(?:NAME|PORT|PROTOCOL)$|REMOTE_ADDR$|wsgi\.url_scheme$)/;

/** Header name -> its META key, for the names seen most (a bounded cache: names come from clients). */
const META_KEYS = new Map<string, string>();
const META_KEYS_MAX = 256;

/** Django's WSGI naming: `HTTP_` + the upper-cased name with `-` as `_` (CONTENT_TYPE and CONTENT_LENGTH bare). */
function metaKey(name: string): string {
  let key = META_KEYS.get(name);
  if (key !== undefined) return key;
  const upper = name.toUpperCase().replace(/-/g, '_');
  key = upper === 'CONTENT_TYPE' || upper === 'CONTENT_LENGTH' ? upper : `HTTP_${upper}`;
  if (META_KEYS.size < META_KEYS_MAX) META_KEYS.set(name, key);
  return key;
}
