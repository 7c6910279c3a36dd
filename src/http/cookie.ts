/**
 * Cookies as Django reads and writes them: parse_cookie() for the request's
 * Cookie header, and Python's Morsel output for Set-Cookie (attribute order,
 * quoting and date format included, so headers match Django's byte for byte).
 */

/** Parses a Cookie header into name → value; later duplicates win (django.http.cookie.parse_cookie). */
export function parseCookie(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const chunk of header.split(';')) {
    const eq = chunk.indexOf('=');
    // A chunk without '=' is a value with an empty name (what browsers do).
    const key = (eq >= 0 ? chunk.slice(0, eq) : '').trim();
    const val = (eq >= 0 ? chunk.slice(eq + 1) : chunk).trim();
    if (key || val) cookies[key] = unquote(val);
  }
  return cookies;
}

/** Python's http.cookies._unquote: strips quotes and undoes \" \\ and \ooo escapes. */
function unquote(value: string): string {
  if (value.length < 2 || value[0] !== '"' || value[value.length - 1] !== '"') return value;
  return value.slice(1, -1).replace(/\\(?:([0-3][0-7][0-7])|(.))/g, (_m, oct: string | undefined, ch: string | undefined) =>
    oct ? String.fromCharCode(parseInt(oct, 8)) : ch!,
  );
}

// One or more legal characters: an empty value is quoted (`""`), as Python does.
const LEGAL = /^[A-Za-z0-9!#$%&'*+\-.^_`|~:]+$/;
const UNESCAPED = new Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~: ()/<=>?@[]{}");

/** Python's http.cookies._quote: values with special characters go in quotes, escaped. */
export function quoteCookieValue(value: string): string {
  if (LEGAL.test(value)) return value;
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 256 && !UNESCAPED.has(ch)) out += '\\' + c.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 7231 date (django.utils.http.http_date): `Wed, 21 Oct 2015 07:28:00 GMT`. */
export function httpDate(date: Date | number): string {
  const d = typeof date === 'number' ? new Date(date) : date;
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}

/** Parses an HTTP date (the three formats of RFC 7231) to milliseconds, or null (django.utils.http.parse_http_date_safe). */
export function parseHttpDate(value: string | null): number | null {
  if (!value) return null;
  const m =
    /^\w{3}, (\d{2}) (\w{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(value) ?? // RFC 1123
    /^\w{6,9}, (\d{2})-(\w{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(value) ?? // RFC 850
    null;
  let day: number, mon: number, year: number, h: number, mi: number, s: number;
  if (m) {
    [day, mon, year, h, mi, s] = [Number(m[1]), MONTHS.indexOf(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
    if (m[3].length === 2) {
      // RFC 7231: a two-digit year more than 50 years ahead is in the past century.
      const now = new Date().getUTCFullYear();
      const century = now - (now % 100);
      year += century;
      if (year - now > 50) year -= 100;
    }
  } else {
    const a = /^\w{3} (\w{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/.exec(value); // asctime
    if (!a) return null;
    [mon, day, h, mi, s, year] = [MONTHS.indexOf(a[1]), Number(a[2].trim()), Number(a[3]), Number(a[4]), Number(a[5]), Number(a[6])];
  }
  if (mon < 0) return null;
  const t = Date.UTC(year, mon, day, h, mi, s);
  return Number.isNaN(t) ? null : t;
}

export type SameSite = 'Lax' | 'Strict' | 'None' | 'lax' | 'strict' | 'none';

export interface CookieOptions {
  /** Seconds until it expires; also sets `expires` (Django does both). */
  maxAge?: number | null;
  /** A Date, or a string already in cookie date format. */
  expires?: Date | string | null;
  path?: string;
  domain?: string | null;
  secure?: boolean;
  httponly?: boolean;
  samesite?: SameSite | null;
}

/** One Set-Cookie (Python's Morsel): the value and its attributes. */
export class Morsel {
  value: string;
  expires = '';
  path = '';
  domain = '';
  maxAge: number | '' = '';
  secure = false;
  httponly = false;
  samesite = '';

  constructor(
    readonly key: string,
    value: string,
  ) {
    this.value = value;
  }

  /** The header value, attributes in Python's order: expires, Path, Domain, Max-Age, Secure, HttpOnly, SameSite. */
  output(): string {
    const parts = [`${this.key}=${quoteCookieValue(this.value)}`];
    if (this.expires) parts.push(`expires=${this.expires}`);
    if (this.path) parts.push(`Path=${this.path}`);
    if (this.domain) parts.push(`Domain=${quoteCookieValue(this.domain)}`);
    if (this.maxAge !== '') parts.push(`Max-Age=${this.maxAge}`);
    if (this.secure) parts.push('Secure');
    if (this.httponly) parts.push('HttpOnly');
    if (this.samesite) parts.push(`SameSite=${this.samesite}`);
    return parts.join('; ');
  }
}
