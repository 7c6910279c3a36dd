/**
 * Header fields with the web `Headers` interface, without undici's class: the
 * headers of a request read by manouche/node's server and of every
 * HttpResponse (Django's ResponseHeaders). Undici's Headers costs about 1.6 MiB
 * of heap in a process the moment one is built (Node loads undici on first
 * use of any fetch global), and its constructor validates and copies every
 * pair at about the cost of the rest of a small request.
 *
 * As the fetch standard has it: names are case-insensitive (stored
 * lower-cased), repeated fields join with ', ', Set-Cookie is never joined,
 * iteration is sorted by name, and bad names and values are refused with a
 * TypeError naming them.
 */
export class HttpHeaders implements Headers {
  readonly #map = new Map<string, string>();
  #setCookie: string[] | undefined;

  /** Like `new Headers(init)`: every pair is checked. */
  constructor(init?: HeadersInit | Iterable<readonly [string, string]> | null) {
    if (init == null) return;
    if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const pair of init as Iterable<readonly string[]>) {
        if (pair.length !== 2) throw new TypeError(`Headers: a header pair must have two items, not ${pair.length}.`);
        this.append(pair[0], pair[1]);
      }
    } else for (const [name, value] of Object.entries(init as Record<string, string>)) this.append(name, value);
  }

  /**
   * Name/value pairs as node:http's `rawHeaders` lists them, which its parser
   * has already checked: names are only lower-cased.
   */
  static fromRaw(rawHeaders: readonly string[]): HttpHeaders {
    const headers = new HttpHeaders();
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers.#add(lower(rawHeaders[i]), rawHeaders[i + 1]);
    return headers;
  }

  #add(key: string, value: string): void {
    if (key === 'set-cookie') (this.#setCookie ??= []).push(value);
    else {
      const had = this.#map.get(key);
      this.#map.set(key, had === undefined ? value : `${had}, ${value}`);
    }
  }

  get(name: string): string | null {
    const key = lower(name);
    if (key === 'set-cookie') return this.#setCookie ? this.#setCookie.join(', ') : null;
    return this.#map.get(key) ?? null;
  }

  has(name: string): boolean {
    const key = lower(name);
    return key === 'set-cookie' ? this.#setCookie !== undefined : this.#map.has(key);
  }

  getSetCookie(): string[] {
    return this.#setCookie ? [...this.#setCookie] : [];
  }

  append(name: string, value: string): void {
    this.#add(checkName(name), normalize(value));
  }

  set(name: string, value: string): void {
    const key = checkName(name);
    value = normalize(value);
    if (key === 'set-cookie') this.#setCookie = [value];
    else this.#map.set(key, value);
  }

  delete(name: string): void {
    const key = lower(name);
    if (key === 'set-cookie') this.#setCookie = undefined;
    else this.#map.delete(key);
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    // The entries() order without its generator and [name, value] pairs (request.META walks every request's headers).
    const names = this.#sortedNames();
    for (const key of names) {
      if (key === 'set-cookie') for (const v of this.#setCookie ?? []) callback.call(thisArg, v, key, this);
      else {
        const v = this.#map.get(key);
        if (v !== undefined) callback.call(thisArg, v, key, this);
      }
    }
  }

  /**
   * Each field in the order it was added (Set-Cookie values last, one call
   * each): for readers to whom order means nothing (request.META, a host's
   * writeHead), without forEach()'s sort.
   */
  forEachUnsorted(callback: (value: string, key: string) => void): void {
    for (const [key, value] of this.#map) callback(value, key);
    if (this.#setCookie) for (const v of this.#setCookie) callback(v, 'set-cookie');
  }

  /** The names in code-unit order; an insertion sort: a request has a handful, and Array#sort allocates its work space. */
  #sortedNames(): string[] {
    const names = [...this.#map.keys()];
    if (this.#setCookie) names.push('set-cookie');
    for (let i = 1; i < names.length; i++) {
      const name = names[i];
      let j = i - 1;
      while (j >= 0 && names[j] > name) {
        names[j + 1] = names[j];
        j--;
      }
      names[j + 1] = name;
    }
    return names;
  }

  *entries(): HeadersIterator<[string, string]> {
    const names = this.#sortedNames();
    for (const key of names) {
      if (key === 'set-cookie') for (const v of this.#setCookie ?? []) yield [key, v];
      else {
        const v = this.#map.get(key);
        if (v !== undefined) yield [key, v];
      }
    }
  }

  *keys(): HeadersIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): HeadersIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

/** Calls `fn` for each field of any Headers (each Set-Cookie on its own); an HttpHeaders unsorted, the cheaper order. */
export function eachHeader(headers: Headers, fn: (value: string, name: string) => void): void {
  if (headers instanceof HttpHeaders) headers.forEachUnsorted(fn);
  else headers.forEach(fn);
}

/**
 * The names clients send on nearly every request and those responses set, as
 * HTTP/1.1 spells them: looked up instead of lower-cased, so the usual headers
 * cost no new strings (node:http's own header object does the same).
 */
const COMMON = new Map(
  [
    ...['Host', 'Connection', 'Cookie', 'User-Agent', 'Accept', 'Accept-Encoding', 'Accept-Language', 'Referer', 'Origin', 'Upgrade-Insecure-Requests', 'If-None-Match', 'If-Modified-Since', 'Authorization'],
    ...['X-Forwarded-For', 'X-Forwarded-Proto', 'X-Requested-With', 'X-CSRFToken', 'Content-Type', 'Content-Length', 'Cache-Control'],
    ...['Vary', 'Set-Cookie', 'Expires', 'Last-Modified', 'ETag', 'Location', 'Content-Disposition', 'Content-Encoding', 'X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy', 'Cross-Origin-Opener-Policy'],
  ].map((name) => [name, name.toLowerCase()]),
);

/** Lower-cases only when needed (most names a client sends are lower-case already under HTTP/2, mixed under HTTP/1.1). */
function lower(name: string): string {
  return COMMON.get(name) ?? (/[A-Z]/.test(name) ? name.toLowerCase() : name);
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkName(name: string): string {
  if (!TOKEN.test(name)) throw new TypeError(`Headers: invalid header name ${JSON.stringify(name)}.`);
  return lower(name);
}

/** Leading and trailing whitespace is not part of a field value (RFC 9110 §5.5); CR, LF and NUL cannot be in one. */
function normalize(value: string): string {
  value = String(value);
  if (value.length > 0 && (isBlank(value.charCodeAt(0)) || isBlank(value.charCodeAt(value.length - 1)))) value = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  if (/[\r\n\0]/.test(value)) throw new TypeError(`Headers: invalid header value ${JSON.stringify(value)}.`);
  return value;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
