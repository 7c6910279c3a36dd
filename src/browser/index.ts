/**
 * `manouche/browser`: the framework plus the browser runtime. The same app
 * runs in a service worker (startServiceWorker) or, where none is allowed,
 * in the page itself (startInPage); start() picks by where it runs. sql.js
 * databases with a NAME are kept in IndexedDB (persistence.ts), cookies in
 * the runtime's jar (cookies.ts).
 */
import { startInPage } from './in-page';
import type { BrowserAppOptions } from './runtime';
import { inServiceWorker, startServiceWorker } from './service-worker';

export * from '../index';
export { startServiceWorker, inServiceWorker, RUNTIME_ASSETS } from './service-worker';
export { startInPage, fetchFollowing, formRequest } from './in-page';
export { boot, LOCK_NAME, assetUrl, cachedBytes, type BrowserAppOptions, type Runtime } from './runtime';
export { exportDatabase, importDatabase } from './database';
export { IndexedDbPersistence } from './persistence';
export { CookieJar, parseSetCookie } from './cookies';
export { withLock } from './lock';
export { IndexedDBStorage, type IndexedDBStorageOptions } from './storage';

/** Starts the app where this script runs: in a service worker, or in the page. */
export function start(options: BrowserAppOptions): void {
  if (inServiceWorker()) startServiceWorker(options);
  else void startInPage(options);
}
