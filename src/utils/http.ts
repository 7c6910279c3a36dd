/** URL quoting as django.utils.http and Python's urllib.parse do it. */

const encoder = new TextEncoder();
const HEX = '0123456789ABCDEF';
// Python's quote() never escapes these.
const ALWAYS_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~';

/** RFC 3986 sub-delimiters, as django.utils.http.RFC3986_SUBDELIMS. */
export const RFC3986_SUBDELIMS = "!$&'()*+,;=";

const tables = new Map<string, Uint8Array>();

function safeTable(safe: string): Uint8Array {
  let table = tables.get(safe);
  if (table === undefined) {
    table = new Uint8Array(128);
    for (const ch of ALWAYS_SAFE + safe) if (ch.charCodeAt(0) < 128) table[ch.charCodeAt(0)] = 1;
    tables.set(safe, table);
  }
  return table;
}

/**
 * Percent-encodes `text` as UTF-8, leaving ASCII letters, digits, `_.-~` and
 * the characters of `safe` alone (Python's `urllib.parse.quote`). Returns the
 * input itself when nothing needs escaping.
 */
export function quote(text: string, safe = '/'): string {
  return quoteWith(text, safeTable(safe));
}

/** A quote() with its safe characters fixed, for hot paths (no table lookup per call). */
export function quoter(safe: string): (text: string) => string {
  const table = safeTable(safe);
  return (text) => quoteWith(text, table);
}

function quoteWith(text: string, table: Uint8Array): string {
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || table[c] === 0) break;
  }
  if (i === text.length) return text;
  let out = text.slice(0, i);
  for (const byte of encoder.encode(text.slice(i))) {
    out += byte < 128 && table[byte] === 1 ? String.fromCharCode(byte) : '%' + HEX[byte >> 4] + HEX[byte & 15];
  }
  return out;
}

/** Like quote(), with spaces as `+` (Python's `quote_plus`). */
export function quotePlus(text: string, safe = ''): string {
  if (!text.includes(' ')) return quote(text, safe);
  return quote(text, safe + ' ').replaceAll(' ', '+');
}

/** `urlencode(query, doseq=True)`: arrays become repeated keys. */
export function urlencode(query: Record<string, unknown> | Iterable<[string, unknown]>): string {
  const pairs: string[] = [];
  const entries = Symbol.iterator in Object(query) ? (query as Iterable<[string, unknown]>) : Object.entries(query);
  for (const [key, value] of entries) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) pairs.push(`${quotePlus(String(key))}=${quotePlus(String(v))}`);
  }
  return pairs.join('&');
}

/** Prevents `//host` (a scheme-relative URL) at the start of a path. */
export function escapeLeadingSlashes(url: string): string {
  return url.startsWith('//') ? '/%2F' + url.slice(2) : url;
}
