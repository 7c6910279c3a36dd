/**
 * The runtime's cookie jar. A service worker cannot set cookies: a Response
 * it builds drops Set-Cookie, and the Request it receives never shows
 * Cookie (both are forbidden header names). So the runtime keeps the app's
 * cookies itself, as a browser would for a server: it reads the Set-Cookie
 * values of each answer (app.fetch's `setCookies`), stores them in IndexedDB
 * (a login survives a reload and a closed tab) and sends the matching ones
 * as the Cookie header of each request (app.fetch's `headers`).
 *
 * Scope: one origin, so Domain is ignored; Path, Max-Age and Expires are
 * honoured; the page's `document.cookie` does not see these cookies.
 */
import { committed, openIdb, result } from './idb';

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** Epoch milliseconds; null: a session cookie (kept until the jar is cleared). */
  expires: number | null;
}

/** Parses one Set-Cookie value (`name=value; Path=/; Max-Age=0; ...`); null when it has no name. */
export function parseSetCookie(header: string, now = Date.now()): StoredCookie | null {
  const [pair, ...attributes] = header.split(';');
  const eq = pair!.indexOf('=');
  if (eq <= 0) return null;
  const cookie: StoredCookie = { name: pair!.slice(0, eq).trim(), value: pair!.slice(eq + 1).trim(), path: '/', expires: null };
  let maxAge: number | null = null;
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at < 0 ? '' : attribute.slice(at + 1).trim();
    if (key === 'path' && value.startsWith('/')) cookie.path = value;
    else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (key === 'expires') {
      const t = Date.parse(value);
      if (!Number.isNaN(t)) cookie.expires = t;
    }
  }
  // Max-Age wins over Expires (RFC 6265 5.3).
  if (maxAge !== null) cookie.expires = now + maxAge * 1000;
  return cookie;
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/');
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  private constructor(private readonly idbName: string | null) {}

  /** A jar persisted in IndexedDB `idbName` (loaded now), or kept in memory only with null. */
  static async open(idbName: string | null = 'manouche'): Promise<CookieJar> {
    const jar = new CookieJar(idbName);
    if (idbName !== null) {
      const db = await openIdb(idbName);
      const all = (await result(db.transaction('cookies', 'readonly').objectStore('cookies').getAll())) as StoredCookie[];
      for (const c of all) jar.cookies.set(`${c.path}\n${c.name}`, c);
    }
    return jar;
  }

  /** The Cookie header for a request to `path`, longest paths first (RFC 6265 5.4); null when none applies. */
  header(path: string, now = Date.now()): string | null {
    const out = [...this.cookies.values()]
      .filter((c) => (c.expires === null || c.expires > now) && pathMatches(path, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`);
    return out.length ? out.join('; ') : null;
  }

  /** Stores the Set-Cookie values of one answer; resolves once they are persisted. */
  async store(setCookies: readonly string[], now = Date.now()): Promise<void> {
    if (setCookies.length === 0) return;
    const puts: StoredCookie[] = [];
    const deletes: string[] = [];
    for (const header of setCookies) {
      const c = parseSetCookie(header, now);
      if (!c) continue;
      const key = `${c.path}\n${c.name}`;
      if (c.expires !== null && c.expires <= now) {
        this.cookies.delete(key);
        deletes.push(key);
      } else {
        this.cookies.set(key, c);
        puts.push(c);
      }
    }
    if (this.idbName === null) return;
    const db = await openIdb(this.idbName);
    const tx = db.transaction('cookies', 'readwrite');
    const done = committed(tx);
    const store = tx.objectStore('cookies');
    for (const key of deletes) store.delete(key);
    for (const c of puts) store.put(c, `${c.path}\n${c.name}`);
    await done;
  }

  /** Every cookie, for tests and tools. */
  all(): Array<Readonly<StoredCookie>> {
    return [...this.cookies.values()];
  }
}
