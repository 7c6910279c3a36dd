/**
 * Small helpers shared by the finders, the storages and the view: path safety
 * (Django's safe_join refusals), fnmatch-style ignore patterns, URL quoting of
 * file paths, the content types Python's mimetypes gives, and Python's
 * json.dumps (the manifest is byte-compatible with Django's).
 */
import { SuspiciousOperation } from '../../core/exceptions';
import { quote } from '../../utils/http';

/** Django's SuspiciousFileOperation: a path that tries to leave its directory (a 400). */
export class SuspiciousFileOperation extends SuspiciousOperation {
  override name = 'SuspiciousFileOperation';
}

/**
 * A relative '/'-separated path made safe to join under a root: refuses NUL,
 * backslashes, absolute paths (and drive letters) and any `..` segment, and
 * drops empty and `.` segments (Django's normpath + safe_join).
 */
export function safeRelativePath(path: string, where = 'the static root'): string {
  if (path.includes('\0')) throw new SuspiciousFileOperation(`The path '${path.replace(/\0/g, '\\0')}' contains a NUL byte.`);
  if (path.includes('\\')) throw new SuspiciousFileOperation(`The path '${path}' contains a backslash.`);
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) throw new SuspiciousFileOperation(`The joined path (${path}) is located outside of ${where}.`);
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') throw new SuspiciousFileOperation(`The joined path (${path}) is located outside of ${where}.`);
    if (segment !== '' && segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

/** Python's fnmatch.fnmatchcase for the ignore patterns ('CVS', '.*', '*~'). */
export function fnmatch(name: string, pattern: string): boolean {
  let re = '^';
  for (const ch of pattern) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$', 's').test(name);
}

/** Django's default collectstatic ignore patterns. */
export const DEFAULT_IGNORE_PATTERNS = ['CVS', '.*', '*~'];

/** True when any segment of `path` (or the whole of it) matches a pattern (Django's get_files). */
export function isIgnored(path: string, patterns: readonly string[]): boolean {
  for (const p of patterns) {
    if (fnmatch(path, p) || path.split('/').some((segment) => fnmatch(segment, p))) return true;
  }
  return false;
}

/** Django's filepath_to_uri: quote a file path for a URL, keeping / ~ ! * ( ) ' as they are. */
export function filepathToUri(path: string): string {
  return quote(path.replace(/\\/g, '/'), "/~!*()'");
}

/** Python's urllib.parse.urljoin for the two cases storage URLs need: a base ending in '/', or an absolute path. */
export function urljoin(base: string, url: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return url;
  if (url.startsWith('/')) {
    const origin = /^([a-z][a-z0-9+.-]*:)?\/\/[^/]*/i.exec(base);
    return (origin ? origin[0] : '') + url;
  }
  return base.slice(0, base.lastIndexOf('/') + 1) + url;
}

/** Python's unquote (UTF-8, invalid sequences left as they are). */
export function unquote(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9A-Fa-f]{2})/g, (m) => {
        try {
          return decodeURIComponent(m);
        } catch {
          return m;
        }
      });
    }
  });
}

/** Python's urlsplit for relative names: [path, query, fragment] (query/fragment without their '?'/'#'). */
export function splitName(name: string): { path: string; query: string; fragment: string; hasQuery: boolean } {
  let rest = name;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf('?');
  let query = '';
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  return { path: rest, query, fragment, hasQuery: q >= 0 };
}

/** Python's urlunsplit for a relative name (an empty query or fragment is dropped, as Python does). */
export function unsplitName(path: string, query: string, fragment: string): string {
  return path + (query ? `?${query}` : '') + (fragment ? `#${fragment}` : '');
}

/** Python's posixpath.normpath for relative paths. */
export function normpath(path: string): string {
  if (path === '') return '.';
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (s === '..' && absolute) continue;
    else out.push(s);
  }
  const joined = out.join('/');
  return absolute ? '/' + joined : joined || '.';
}

// Python's mimetypes (3.12) for the kinds of files static folders hold.
const TYPES: Record<string, string> = {
  css: 'text/css',
  js: 'text/javascript',
  mjs: 'text/javascript',
  json: 'application/json',
  map: 'application/json',
  html: 'text/html',
  htm: 'text/html',
  txt: 'text/plain',
  csv: 'text/csv',
  xml: 'text/xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/vnd.microsoft.icon',
  bmp: 'image/bmp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  zip: 'application/zip',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  webm: 'video/webm',
  wav: 'audio/x-wav',
  ogg: 'audio/ogg',
};
const ENCODINGS: Record<string, string> = { gz: 'gzip', br: 'br', bz2: 'bzip2', xz: 'xz' };

/** Python's mimetypes.guess_type: [type or null, encoding or null] ('a.css.gz' → text/css, gzip). */
export function guessType(name: string): [string | null, string | null] {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  let ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  let encoding: string | null = null;
  let stem = base;
  if (ENCODINGS[ext]) {
    encoding = ENCODINGS[ext];
    stem = base.slice(0, base.lastIndexOf('.'));
    ext = stem.includes('.') ? stem.slice(stem.lastIndexOf('.') + 1) : '';
  }
  return [TYPES[ext] ?? null, encoding];
}

/** Python's sort order for strings (by code point, not UTF-16 unit). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}
