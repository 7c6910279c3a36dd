/**
 * Responses (django.http.response): HttpResponse and its status subclasses,
 * redirects, JsonResponse, StreamingHttpResponse and FileResponse. A view
 * returns one; the handler turns it into a fetch Response with
 * `toResponse()` (cookies become Set-Cookie headers there).
 */
import { settings } from '../conf/settings';
import { ValueError } from '../core/exceptions';
import { getCookieSigner } from '../core/signing';
import { quote } from '../utils/http';
import { type CookieOptions, Morsel, httpDate } from './cookie';
import { AttributeError, DisallowedRedirect } from './exceptions';
import { HttpHeaders } from './headers';
import { REASON_PHRASES } from './status';

const encoder = new TextEncoder();

export type HeadersInit = Headers | Record<string, string> | Array<[string, string]>;

export interface ResponseInit {
  status?: number;
  reason?: string;
  contentType?: string;
  charset?: string;
  headers?: HeadersInit;
}

/** Content a response holds: text, bytes, or an iterable of either. */
export type Content = string | Uint8Array | ArrayBuffer | Iterable<string | Uint8Array> | null | undefined;

// The charset parameter by Content-Type value: responses of an app share a
// handful of types, each read a few times per response (a one-entry memo
// missed whenever two types took turns).
const charsets = new Map<string, string | null>();

/** The charset parameter of a Content-Type value, or null. */
function charsetOf(contentType: string): string | null {
  let charset = charsets.get(contentType);
  if (charset === undefined) {
    charset = /;\s*charset=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? null;
    if (charsets.size >= 64) charsets.clear();
    charsets.set(contentType, charset);
  }
  return charset;
}

/** Statuses whose fetch Response must have no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export class HttpResponseBase {
  /** The status code this class answers by default. */
  static statusCode = 200;
  statusCode: number;
  private reason: string | undefined;
  readonly headers: Headers;
  /** Cookies to send, by name (Django's `response.cookies`). */
  readonly cookies = new Map<string, Morsel>();
  /** True for responses whose body is produced while it is sent. */
  readonly streaming: boolean = false;
  private explicitCharset: string | undefined;

  constructor(init: ResponseInit = {}) {
    this.headers = new HttpHeaders(init.headers as globalThis.HeadersInit | undefined);
    const status = init.status ?? (this.constructor as typeof HttpResponseBase).statusCode;
    if (!Number.isInteger(status)) throw new TypeError('HTTP status code must be an integer.');
    if (status < 100 || status > 599) throw new ValueError('HTTP status code must be an integer from 100 to 599.');
    this.statusCode = status;
    this.reason = init.reason;
    this.explicitCharset = init.charset;
    if (init.contentType !== undefined && this.headers.has('content-type')) {
      throw new ValueError("'headers' must not contain 'Content-Type' when the 'contentType' parameter is provided.");
    }
    if (!this.headers.has('content-type')) this.headers.set('content-type', init.contentType ?? `text/html; charset=${this.charset}`);
  }

  /** The reason phrase: the one given, else the standard one for the status. */
  get reasonPhrase(): string {
    return this.reason ?? REASON_PHRASES[this.statusCode] ?? 'Unknown Status Code';
  }
  set reasonPhrase(value: string) {
    this.reason = value;
  }

  /** The charset given, else the Content-Type's, else DEFAULT_CHARSET. */
  get charset(): string {
    if (this.explicitCharset) return this.explicitCharset;
    return charsetOf(this.headers?.get('content-type') ?? '') ?? settings.DEFAULT_CHARSET;
  }
  set charset(value: string) {
    this.explicitCharset = value;
  }

  /** Django's `response[name]`. */
  get(name: string): string | null {
    return this.headers.get(name);
  }
  /** Django's `response[name] = value`. */
  set(name: string, value: string): void {
    if (/[\r\n]/.test(value)) throw new Error(`Header values can't contain newlines (got ${JSON.stringify(value)})`);
    this.headers.set(name, value);
  }
  /** Django's has_header() / `name in response`. */
  has(name: string): boolean {
    return this.headers.has(name);
  }
  /** Django's `del response[name]`. */
  delete(name: string): void {
    this.headers.delete(name);
  }
  /** Sets a header unless it is already set (Django's setdefault). */
  setDefault(name: string, value: string): void {
    if (!this.headers.has(name)) this.headers.set(name, value);
  }

  /**
   * Sets a cookie (Django's set_cookie). `maxAge` in seconds also sets
   * `expires`; an `expires` Date becomes a `maxAge` as in Django.
   */
  setCookie(key: string, value = '', options: CookieOptions = {}): void {
    const m = new Morsel(key, value);
    let { maxAge = null, expires = null } = options;
    if (expires !== null) {
      if (expires instanceof Date) {
        // One second more, as Django: a fraction is lost on the way to a whole number of seconds.
        maxAge = Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000) + 1);
        expires = null;
      } else m.expires = expires;
    }
    if (maxAge !== null) {
      if (!Number.isFinite(maxAge)) throw new TypeError(`maxAge must be a number of seconds (got ${maxAge}).`);
      m.maxAge = Math.trunc(maxAge);
      if (!expires) m.expires = httpDate(Date.now() + maxAge * 1000);
    }
    m.path = options.path ?? '/';
    if (options.domain != null) m.domain = options.domain;
    if (options.secure) m.secure = true;
    if (options.httponly) m.httponly = true;
    if (options.samesite) {
      if (!['lax', 'none', 'strict'].includes(options.samesite.toLowerCase())) throw new ValueError('samesite must be "lax", "none", or "strict".');
      m.samesite = options.samesite;
    }
    this.cookies.set(key, m);
  }

  /**
   * Sets a cookie whose value is signed (Django's set_signed_cookie): a
   * TimestampSigner keyed by SECRET_KEY with the salt `key + salt`, so
   * getSignedCookie() can check it and its age. Async: the HMAC is.
   *
   * @example
   * await response.setSignedCookie('theme', 'dark', 'prefs', { maxAge: 3600 });
   */
  async setSignedCookie(key: string, value: string, salt = '', options: CookieOptions = {}): Promise<void> {
    this.setCookie(key, await getCookieSigner(key + salt).sign(value), options);
  }

  /** Expires a cookie at once (Django's delete_cookie); `__Secure-`/`__Host-` names and SameSite=None keep Secure. */
  deleteCookie(key: string, options: { path?: string; domain?: string | null; samesite?: CookieOptions['samesite'] } = {}): void {
    const secure = key.startsWith('__Secure-') || key.startsWith('__Host-') || options.samesite?.toLowerCase() === 'none';
    this.setCookie(key, '', { maxAge: 0, path: options.path ?? '/', domain: options.domain, secure, expires: 'Thu, 01 Jan 1970 00:00:00 GMT', samesite: options.samesite });
  }

  /** The Set-Cookie values, in the order cookies were set. */
  setCookieHeaders(): string[] {
    return [...this.cookies.values()].map((m) => m.output());
  }

  /** The body for the fetch Response. */
  protected body(): BodyInit | null {
    return null;
  }

  /** This response as a fetch Response. */
  toResponse(): Response {
    const headers = new Headers(this.headers);
    for (const c of this.setCookieHeaders()) headers.append('set-cookie', c);
    const body = NULL_BODY.has(this.statusCode) ? null : this.body();
    this.checkSendable();
    return new Response(body, { status: this.statusCode, statusText: this.reasonPhrase, headers });
  }

  /**
   * The whole body as the host sends it (a string only when it is sent as
   * UTF-8), null for none, undefined when it is streamed: a host that writes
   * bytes itself (manouche/node's server) sends this, with `headers` and
   * setCookieHeaders(), instead of building a fetch Response.
   */
  wholeBody(): string | Uint8Array | null | undefined {
    this.checkSendable();
    if (NULL_BODY.has(this.statusCode)) return null;
    if (this.streaming) return undefined;
    const body = this.body();
    return body === null || typeof body === 'string' || body instanceof Uint8Array ? body : undefined;
  }

  private checkSendable(): void {
    if (this.statusCode < 200) {
      throw new ValueError(`A fetch Response cannot carry the informational status ${this.statusCode}: the server sends 1xx answers itself.`);
    }
  }

  /** Django calls close() when the server is done; subclasses release resources here. */
  close(): void {}

  toString(): string {
    return `<${this.constructor.name} status_code=${this.statusCode}, "${this.headers.get('content-type') ?? ''}">`;
  }
}

const isUtf8 = (charset: string) => charset === 'utf-8' || /^utf-?8$/i.test(charset);

/** Encodes text in the response's charset (UTF-8, or Latin-1 for 'iso-8859-1'). */
export function encodeText(text: string, charset: string): Uint8Array {
  const cs = charset.toLowerCase().replace('_', '-');
  if (cs === 'utf-8' || cs === 'utf8') return encoder.encode(text);
  if (cs === 'iso-8859-1' || cs === 'latin-1' || cs === 'latin1' || cs === 'ascii' || cs === 'us-ascii') {
    const limit = cs.includes('ascii') ? 128 : 256;
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= limit) throw new ValueError(`The response content cannot be encoded in '${charset}': character ${JSON.stringify(text[i])} at position ${i}.`);
      out[i] = c;
    }
    return out;
  }
  throw new ValueError(`Unsupported response charset '${charset}': use utf-8 or iso-8859-1.`);
}

import { concat } from '../utils/bytes';

export { concat };

/**
 * A response with its whole content in memory (django.http.HttpResponse).
 *
 * @example
 * const response = new HttpResponse('<h1>Hi</h1>', { status: 201, headers: { 'X-Frame-Options': 'DENY' } });
 * response.setCookie('seen', '1', { maxAge: 3600, httponly: true });
 */
export class HttpResponse extends HttpResponseBase {
  override readonly streaming: boolean = false;
  /** Strings are kept as written and encoded once, when the content is read or sent. */
  private chunks: Array<string | Uint8Array> = [];

  constructor(content: Content = '', init: ResponseInit = {}) {
    super(init);
    this.content = content;
  }

  /** The body as bytes in the response's charset (Django's `content`). */
  get content(): Uint8Array {
    const parts = this.chunks.map((c) => (typeof c === 'string' ? encodeText(c, this.charset) : c));
    if (parts.length === 0) return new Uint8Array(0);
    const joined = concat(parts);
    this.chunks = [joined];
    return joined;
  }
  set content(value: Content) {
    this.chunks = toChunks(value);
  }

  /** The body decoded as text (Django 5.2's `text`). */
  get text(): string {
    if (this.chunks.length === 1 && typeof this.chunks[0] === 'string') return this.chunks[0];
    return new TextDecoder(this.charset).decode(this.content);
  }

  /** Appends to the content (a response is file-like in Django). */
  write(content: string | Uint8Array): void {
    this.chunks.push(content);
  }

  writelines(lines: Iterable<string | Uint8Array>): void {
    for (const line of lines) this.write(line);
  }

  protected override body(): BodyInit | null {
    if (this.chunks.length === 1 && typeof this.chunks[0] === 'string' && isUtf8(this.charset)) return this.chunks[0];
    return this.content as BodyInit;
  }
}

function toChunks(value: Content): Array<string | Uint8Array> {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string' || value instanceof Uint8Array) return [value];
  if (value instanceof ArrayBuffer) return [new Uint8Array(value)];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return [...(value as Iterable<string | Uint8Array>)].map((c) => (typeof c === 'string' || c instanceof Uint8Array ? c : String(c)));
  }
  return [String(value)];
}

const ALLOWED_SCHEMES = ['http', 'https', 'ftp'];

/** Django's iri_to_uri: percent-encodes what a URI may not contain, keeps reserved characters. */
export function iriToUri(iri: string): string {
  return quote(iri, "/#%[]=:;$&()+,!?*@'~");
}

/** The shared part of 301 and 302 (Django's HttpResponseRedirectBase): refuses unsafe schemes. */
export class HttpResponseRedirectBase extends HttpResponse {
  static allowedSchemes = ALLOWED_SCHEMES;

  constructor(redirectTo: string | { toString(): string }, init: ResponseInit & { content?: Content } = {}) {
    super(init.content ?? '', init);
    const target = String(redirectTo);
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(target.trim());
    const allowed = (this.constructor as typeof HttpResponseRedirectBase).allowedSchemes;
    if (scheme && !allowed.includes(scheme[1].toLowerCase())) throw new DisallowedRedirect(`Unsafe redirect to URL with protocol '${scheme[1].toLowerCase()}'`);
    this.headers.set('location', iriToUri(target));
  }

  /** The Location header. */
  get url(): string {
    return this.headers.get('location') ?? '';
  }

  override toString(): string {
    return `<${this.constructor.name} status_code=${this.statusCode}, "${this.headers.get('content-type') ?? ''}", url="${this.url}">`;
  }
}

/** 302 Found. */
export class HttpResponseRedirect extends HttpResponseRedirectBase {
  static override statusCode = 302;
}

/** 301 Moved Permanently. */
export class HttpResponsePermanentRedirect extends HttpResponseRedirectBase {
  static override statusCode = 301;
}

/** 304 Not Modified: no content, no Content-Type. */
export class HttpResponseNotModified extends HttpResponse {
  static override statusCode = 304;
  constructor(init: ResponseInit = {}) {
    super('', init);
    this.headers.delete('content-type');
  }
  override set content(value: Content) {
    if (value !== '' && value !== null && value !== undefined && !(value instanceof Uint8Array && value.length === 0)) {
      throw new AttributeError('You cannot set content to a 304 (Not Modified) response');
    }
  }
  override get content(): Uint8Array {
    return new Uint8Array(0);
  }
}

export class HttpResponseBadRequest extends HttpResponse {
  static override statusCode = 400;
}
export class HttpResponseNotFound extends HttpResponse {
  static override statusCode = 404;
}
export class HttpResponseForbidden extends HttpResponse {
  static override statusCode = 403;
}
export class HttpResponseGone extends HttpResponse {
  static override statusCode = 410;
}
export class HttpResponseServerError extends HttpResponse {
  static override statusCode = 500;
}

/** 405 with the Allow header listing the permitted methods. */
export class HttpResponseNotAllowed extends HttpResponse {
  static override statusCode = 405;
  constructor(permittedMethods: readonly string[], content: Content = '', init: ResponseInit = {}) {
    super(content, init);
    this.headers.set('allow', permittedMethods.join(', '));
  }
}

// What json.dumps(ensure_ascii=True) escapes: quote, backslash, controls, and everything past '~'.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;
const NON_ASCII_ALL = /[\u007f-\uffff]/g;
const hasOwn = Object.prototype.hasOwnProperty;

/** A string as Python's json.dumps writes it (ensure_ascii): non-ASCII as \\uXXXX. */
function pyJsonString(value: string): string {
  // Most keys and values need no escaping: quoting them directly halves a JsonResponse's serialization time.
  if (!NEEDS_ESCAPE.test(value)) return '"' + value + '"';
  // JSON.stringify escapes quotes, backslashes and controls as Python does (lowercase \\u00xx); the rest is ours.
  return JSON.stringify(value).replace(NON_ASCII_ALL, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

// Keys repeat from row to row (a page of rows has a handful of names): each
// is quoted once, with what precedes a value after it: `"key": ` for an
// object's first member, `, "key": ` for the others, and both again with the
// opening quote of a plain string value (a member is then one piece before
// its value instead of three).
type QuotedKey = [first: string, later: string, firstQuote: string, laterQuote: string];
const QUOTED_KEYS = new Map<string, QuotedKey>();
const QUOTED_KEYS_MAX = 1024;

function quotedKey(key: string): QuotedKey {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    const q = pyJsonString(key);
    quoted = [q + ': ', ', ' + q + ': ', q + ': "', ', ' + q + ': "'];
    if (QUOTED_KEYS.size < QUOTED_KEYS_MAX) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/** Python's json.dumps as Django calls it: `", "` and `": "` separators, non-ASCII escaped. */
export function pyJsonDumps(value: unknown, encoder: (o: unknown) => unknown = djangoJsonDefault, indent?: number): string {
  if (typeof value === 'string') return pyJsonString(value);
  // The pieces go into one array joined once (the output is one flat string,
  // where appending made a rope node per piece: 11 KB for a page of 20 rows,
  // 4 KB this way). The array is reused unless an encoder serializes within
  // a serialization, and emptied afterwards: it held the response's data.
  const pooled = !POOL.busy;
  const out: JsonParts = pooled ? POOL : { parts: [], n: 0, busy: true };
  out.busy = true;
  out.n = 0;
  try {
    writeJson(out, value, encoder, indent, 0);
    if (out.parts.length !== out.n) out.parts.length = out.n;
    return out.parts.join('');
  } finally {
    if (pooled) {
      POOL.parts.fill('');
      POOL.busy = false;
    }
  }
}

interface JsonParts {
  parts: string[];
  n: number;
  busy: boolean;
}
const POOL: JsonParts = { parts: [], n: 0, busy: false };

function writeJson(out: JsonParts, value: unknown, encoder: (o: unknown) => unknown, indent: number | undefined, level: number): void {
  const parts = out.parts;
  // Strings first: most of a page of rows is strings (and a string has no toJSON to look up).
  if (typeof value === 'string') {
    if (NEEDS_ESCAPE.test(value)) parts[out.n++] = pyJsonString(value);
    else {
      parts[out.n++] = '"';
      parts[out.n++] = value;
      parts[out.n++] = '"';
    }
    return;
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' && !(value instanceof Date)) {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')) {
    parts[out.n++] = pyJsonScalar(value);
    return;
  }
  const nl = indent === undefined ? '' : '\n' + ' '.repeat(indent * (level + 1));
  const end = indent === undefined ? '' : '\n' + ' '.repeat(indent * level);
  const between = (indent === undefined ? ', ' : ',') + nl;
  if (Array.isArray(value)) {
    if (!value.length) {
      parts[out.n++] = '[]';
      return;
    }
    parts[out.n++] = '[' + nl;
    for (let i = 0; i < value.length; i++) {
      if (i) parts[out.n++] = between;
      writeJson(out, value[i], encoder, indent, level + 1);
    }
    parts[out.n++] = end + ']';
    return;
  }
  if (value instanceof Map) value = Object.fromEntries(value);
  if (value instanceof Set) return writeJson(out, [...value], encoder, indent, level);
  if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
    const record = value as Record<string, unknown>;
    const start = out.n;
    parts[out.n++] = '{';
    // for-in over own keys, not Object.keys(): no array of keys per object.
    for (const k in record) {
      if (!hasOwn.call(record, k)) continue;
      const v = record[k];
      if (v === undefined) continue;
      const key = quotedKey(k);
      const first = out.n === start + 1;
      if (indent !== undefined) {
        parts[out.n++] = (first ? nl : between) + key[0];
        writeJson(out, v, encoder, indent, level + 1);
      } else if (typeof v === 'string' && !NEEDS_ESCAPE.test(v)) {
        parts[out.n++] = first ? key[2] : key[3];
        parts[out.n++] = v;
        parts[out.n++] = '"';
      } else {
        parts[out.n++] = first ? key[0] : key[1];
        writeJson(out, v, encoder, indent, level + 1);
      }
    }
    if (out.n === start + 1) parts[start] = '{}';
    else parts[out.n++] = end + '}';
    return;
  }
  // Anything else (a class instance, a function, a symbol) goes through the encoder, Python's default() hook.
  const converted = encoder(value);
  if (converted === value) {
    const type = typeof value === 'object' ? ((value as object).constructor?.name ?? 'object') : typeof value;
    throw new TypeError(`Object of type ${type} is not JSON serializable`);
  }
  writeJson(out, converted, encoder, indent, level);
}

/** null, a boolean, a number as Python writes it, a bigint or a string. */
function pyJsonScalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  return pyJsonString(value as string);
}

/** DjangoJSONEncoder's conversions: dates as ISO 8601 (milliseconds, 'Z' for UTC), URLs and other objects with toString. */
export function djangoJsonDefault(o: unknown): unknown {
  if (o instanceof Date) {
    const iso = o.toISOString();
    return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso;
  }
  if (o instanceof URL) return o.href;
  if (o instanceof Uint8Array) return o;
  return o;
}

/**
 * A JSON response (django.http.JsonResponse). Only plain objects unless
 * `safe: false`, as Django (a top-level array was a JSON-hijacking risk).
 */
export class JsonResponse extends HttpResponse {
  constructor(
    data: unknown,
    init: ResponseInit & { safe?: boolean; encoder?: (o: unknown) => unknown; jsonDumpsParams?: { indent?: number } } = {},
  ) {
    const safe = init.safe ?? true;
    const isDict = data !== null && typeof data === 'object' && !Array.isArray(data) && (Object.getPrototypeOf(data) === Object.prototype || Object.getPrototypeOf(data) === null);
    if (safe && !isDict) throw new TypeError('In order to allow non-dict objects to be serialized set the safe parameter to False.');
    super(pyJsonDumps(data, init.encoder ?? djangoJsonDefault, init.jsonDumpsParams?.indent), { contentType: 'application/json', ...init });
  }
}

type Streamable = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * A response whose body is produced while it is sent (django.http.StreamingHttpResponse):
 * an iterable or async iterable of strings/bytes, or a ReadableStream.
 */
export class StreamingHttpResponse extends HttpResponseBase {
  override readonly streaming: boolean = true;
  private source: Streamable | ReadableStream<Uint8Array>;

  constructor(streamingContent: Streamable | ReadableStream<Uint8Array> = [], init: ResponseInit = {}) {
    super(init);
    this.source = streamingContent;
  }

  /** Not available: read `streamingContent` (Django raises the same AttributeError). */
  get content(): never {
    throw new AttributeError(`This ${this.constructor.name} instance has no \`content\` attribute. Use \`streamingContent\` instead.`);
  }

  /** The body as bytes, chunk by chunk. */
  get streamingContent(): AsyncIterable<Uint8Array> {
    const source = this.source;
    const charset = this.charset;
    return (async function* () {
      if (source instanceof ReadableStream) {
        const reader = source.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      }
      for await (const chunk of source as AsyncIterable<string | Uint8Array>) yield typeof chunk === 'string' ? encodeText(chunk, charset) : chunk;
    })();
  }
  set streamingContent(value: Streamable | ReadableStream<Uint8Array>) {
    this.source = value;
  }

  /** Reads the whole stream (tests). */
  async readAll(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const c of this.streamingContent) parts.push(c);
    return parts.length ? concat(parts) : new Uint8Array(0);
  }

  protected override body(): BodyInit | null {
    if (this.source instanceof ReadableStream) return this.source;
    const it = this.streamingContent[Symbol.asyncIterator]();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await it.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await it.return?.();
      },
    });
  }
}
