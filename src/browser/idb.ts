/**
 * The few IndexedDB calls the browser runtime needs, as promises. One
 * database, `manouche`, holds every store: the sql.js images and journals
 * (persistence.ts) and the cookie jar (cookies.ts).
 */
const STORES = ['snapshots', 'journal', 'heads', 'cookies'] as const;
export type StoreName = (typeof STORES)[number];

const opened = new Map<string, Promise<IDBDatabase>>();

/** Opens (once per realm) the IndexedDB database `name` with the runtime's stores. */
export function openIdb(name = 'manouche'): Promise<IDBDatabase> {
  let db = opened.get(name);
  if (!db) {
    db = new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here: the browser runtime keeps its database and cookies in it.');
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => {
        for (const store of STORES) if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
      };
      request.onsuccess = () => {
        // Another realm deleting the database (clearing site data) must not wait on us.
        request.result.onversionchange = () => {
          request.result.close();
          opened.delete(name);
        };
        resolve(request.result);
      };
      request.onerror = () => reject(new Error(`IndexedDB '${name}' could not be opened: ${request.error?.message ?? 'unknown error'}`));
      request.onblocked = () => reject(new Error(`IndexedDB '${name}' is blocked by another tab holding an older version open.`));
    });
    opened.set(name, db);
    db.catch(() => opened.delete(name));
  }
  return db;
}

/** The result of one request. */
export function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Resolves when `tx` is committed (its writes are durable), rejects when it aborts. */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}
