/**
 * manouche/contrib/sessions (django.contrib.sessions): SessionBase, the
 * database and signed-cookie stores, and SessionMiddleware's logic (the
 * middleware itself is wired by the HTTP layer). Importing it registers
 * 'manouche.contrib.sessions' for INSTALLED_APPS.
 */
import { defineApp } from '../../apps/config';
import { registerApp } from '../../apps/registry';
import { registerMiddleware } from '../../core/handlers/middleware';
import { SessionMiddleware } from './middleware';

export { SessionBase, VALID_KEY_CHARS, TEST_COOKIE_NAME, TEST_COOKIE_VALUE, type Expiry } from './base';
export { Session } from './models';
export { SessionStore as DatabaseSessionStore } from './backends/db';
export { SessionStore as SignedCookieSessionStore } from './backends/signed-cookies';
export { SessionStore as CacheSessionStore } from './backends/cache';
export { SessionStore as CachedDbSessionStore } from './backends/cached-db';
export { getSessionStore, registerSessionEngine, type SessionStoreClass } from './engines';
export { SessionMiddleware, sessionFromCookies, sessionResponse, httpDate, type SessionResponse, type SessionCookieSet, type SessionCookieDelete } from './middleware';
export * from './exceptions';

registerMiddleware('manouche.contrib.sessions.middleware.SessionMiddleware', SessionMiddleware);
registerMiddleware('django.contrib.sessions.middleware.SessionMiddleware', SessionMiddleware);

export const sessionsApp = registerApp(
  defineApp({ name: 'manouche.contrib.sessions', label: 'sessions', verboseName: 'Sessions', migrations: () => import('./migrations/index').then((m) => m.sessionsMigrations), commands: { clearsessions: () => import('./management/commands/clearsessions').then((m) => m.ClearsessionsCommand) } }),
);
