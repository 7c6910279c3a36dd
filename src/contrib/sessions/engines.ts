/** SESSION_ENGINE: dotted names (Django's work too) → SessionStore classes. */
import { ImproperlyConfigured } from '../../core/exceptions';
import { settings } from '../../conf/settings';
import type { SessionBase } from './base';
import { SessionStore as DbStore } from './backends/db';
import { SessionStore as SignedCookieStore } from './backends/signed-cookies';
import { SessionStore as CacheStore } from './backends/cache';
import { SessionStore as CachedDbStore } from './backends/cached-db';

export type SessionStoreClass = (new (sessionKey?: string | null) => SessionBase) & { clearExpired?(): Promise<number> };

const engines = new Map<string, SessionStoreClass>();

/** Makes a session store available under a SESSION_ENGINE name (the cache and Redis stores register here). */
export function registerSessionEngine(name: string, store: SessionStoreClass): void {
  engines.set(name, store);
}

for (const prefix of ['manouche', 'django']) {
  registerSessionEngine(`${prefix}.contrib.sessions.backends.db`, DbStore);
  registerSessionEngine(`${prefix}.contrib.sessions.backends.signed_cookies`, SignedCookieStore);
  registerSessionEngine(`${prefix}.contrib.sessions.backends.cache`, CacheStore);
  registerSessionEngine(`${prefix}.contrib.sessions.backends.cached_db`, CachedDbStore);
}

/** The SessionStore class SESSION_ENGINE names (or the class itself when the setting holds one). */
export function getSessionStore(engine: string | SessionStoreClass = settings.SESSION_ENGINE as string | SessionStoreClass): SessionStoreClass {
  if (typeof engine === 'function') return engine;
  const store = engines.get(engine);
  if (!store) throw new ImproperlyConfigured(`SESSION_ENGINE names '${engine}', which is not a registered session engine.`);
  return store;
}
