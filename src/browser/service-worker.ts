/**
 * The app inside a service worker: every same-origin request of the pages
 * it controls is answered by app.fetch() (runtime.ts), so links, forms,
 * redirects and static files work as against a server, offline too. The
 * runtime's own files (sql-wasm.wasm, the common-passwords list) are put in
 * Cache Storage at install, so a worker restarted offline still starts; the
 * cache is this build's (runtimeCacheName()), and activation deletes older ones.
 *
 * The listeners are added synchronously, as a service worker must; the app
 * boots on the first request (or at activation) and a failed boot is retried
 * on the next request.
 *
 * @example
 * // sw.ts, bundled by `manouche build --browser sw.ts`
 * import { startServiceWorker } from 'manouche/browser';
 * startServiceWorker({ settings, prepare: () => migrate(...) });
 */
import { ImproperlyConfigured } from '../core/exceptions';
import { assetUrl, boot, type BrowserAppOptions, runtimeCacheName, type Runtime, staleRuntimeCaches } from './runtime';

/** Files the runtime needs besides its script, cached at install (in runtimeCacheName(), per build). */
export const RUNTIME_ASSETS = ['sql-wasm.wasm', 'common-passwords.txt.gz'];

// The parts of the service worker's global scope used here (tsconfig has DOM, not WebWorker).
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface MessageEventLike extends ExtendableEventLike {
  readonly data: unknown;
  readonly ports: readonly MessagePort[];
}
interface ServiceWorkerScopeLike {
  readonly location: Location;
  readonly registration: { readonly scope: string; readonly waiting: { postMessage(message: unknown): void } | null };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
}

/** True in a service worker's global scope. */
export function inServiceWorker(): boolean {
  const ctor = (globalThis as { ServiceWorkerGlobalScope?: new () => unknown }).ServiceWorkerGlobalScope;
  return typeof ctor === 'function' && globalThis instanceof ctor;
}

/** A page for a boot that failed: the app cannot answer, so the runtime does. */
function bootFailure(error: unknown): Response {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Response(`The app could not start in this service worker.\n\n${text}\n`, { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** Starts `options`' app in this service worker. */
export function startServiceWorker(options: BrowserAppOptions): void {
  if (!inServiceWorker()) throw new ImproperlyConfigured('startServiceWorker() runs in a service worker script; in a page, use startInPage() (or start(), which picks).');
  const sw = globalThis as unknown as ServiceWorkerScopeLike;
  let runtime: Promise<Runtime> | null = null;
  const ready = () => {
    runtime ??= boot(options);
    runtime.catch(() => (runtime = null));
    return runtime;
  };
  const assets = RUNTIME_ASSETS.map(assetUrl);
  const script = sw.location.href;
  const cacheName = runtimeCacheName();

  sw.addEventListener('install', (event) => {
    event.waitUntil(
      caches
        .open(cacheName)
        // past the HTTP cache: a heuristically fresh copy there may be the previous build's
        .then((cache) => cache.addAll(assets.map((url) => new Request(url, { cache: 'reload' }))))
        .then(() => sw.skipWaiting()),
    );
  });
  sw.addEventListener('activate', (event) => {
    // The previous worker is gone: other builds' runtime caches go with it (done when this worker is 'activated').
    // Boot now rather than on the first request; a failure is answered (and retried) by that request.
    const cleaned = caches.keys().then((names) => Promise.all(staleRuntimeCaches(names, cacheName).map((name) => caches.delete(name)))).catch(() => undefined);
    event.waitUntil(cleaned.then(() => sw.clients.claim()).then(() => ready().then(() => undefined, () => undefined)));
  });
  sw.addEventListener('fetch', (event) => {
    const url = new URL(event.request.url);
    // Other origins, this script and the runtime's files go to the network as usual.
    if (url.origin !== sw.location.origin || url.href === script || assets.includes(url.href.split(/[?#]/)[0]!)) return;
    const answer = ready().then((r) => r.fetch(event.request), bootFailure);
    event.respondWith(answer);
    // A new build's worker activates once this one has no request in flight. When a request arrives while
    // Chromium stops this worker for it, this worker starts again and the new one can stay waiting for good
    // (test/browser/upgrade.test.ts): each answered request tells it to try again (skipWaiting is idempotent).
    void answer.then(nudgeWaiting, nudgeWaiting);
  });
  const nudgeWaiting = () => sw.registration.waiting?.postMessage({ type: 'manouche:activate' });
  sw.addEventListener('message', (event) => {
    const data = event.data as { type?: string; alias?: string; bytes?: Uint8Array } | null;
    if (data?.type === 'manouche:activate') {
      event.waitUntil(sw.skipWaiting());
      return;
    }
    const port = event.ports[0];
    if (!port || !data || (data.type !== 'manouche:export' && data.type !== 'manouche:import')) return;
    const work = ready().then((r): Promise<Uint8Array | void> => (data.type === 'manouche:export' ? r.exportDatabase(data.alias) : r.importDatabase(data.bytes!, data.alias)));
    event.waitUntil(
      work.then(
        (bytes) => port.postMessage({ ok: true, bytes }),
        (error: unknown) => port.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      ),
    );
  });
}
