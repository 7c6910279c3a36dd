/**
 * Export and import of the database file from a page (a backup, or moving
 * the data to another browser or to a Node server's db.sqlite3). The page
 * asks the runtime that holds the database: its own in-page runtime, or the
 * service worker controlling it (a message with a reply port).
 *
 * @example
 * const bytes = await exportDatabase();          // a SQLite file
 * await importDatabase(new Uint8Array(await file.arrayBuffer()));
 */
import { ImproperlyConfigured } from '../core/exceptions';
import { inPageRuntime } from './in-page';
import { checkDatabaseFile } from './runtime';

function askServiceWorker<T>(message: Record<string, unknown>): Promise<T> {
  const controller = typeof navigator === 'undefined' ? null : navigator.serviceWorker?.controller;
  if (!controller) throw new ImproperlyConfigured('No Manouche runtime here: this page is neither controlled by the app\'s service worker nor running startInPage().');
  return new Promise<T>((resolve, reject) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<{ ok: boolean; bytes?: T; error?: string }>) => {
      if (event.data.ok) resolve(event.data.bytes as T);
      else reject(new Error(event.data.error));
    };
    controller.postMessage(message, [channel.port2]);
  });
}

/** The SQLite file of the database `alias` (default 'default'). */
export async function exportDatabase(alias = 'default'): Promise<Uint8Array> {
  const runtime = inPageRuntime();
  return runtime ? runtime.exportDatabase(alias) : askServiceWorker<Uint8Array>({ type: 'manouche:export', alias });
}

/** Replaces the database `alias` with the SQLite file `bytes`; every tab sees it from its next request. */
export async function importDatabase(bytes: Uint8Array, alias = 'default'): Promise<void> {
  checkDatabaseFile(bytes); // here too: the page hears of a wrong file without a round trip to the worker
  const runtime = inPageRuntime();
  if (runtime) return runtime.importDatabase(bytes, alias);
  await askServiceWorker<undefined>({ type: 'manouche:import', alias, bytes });
}
