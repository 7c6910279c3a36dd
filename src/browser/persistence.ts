/**
 * A sql.js database kept in IndexedDB: the Persistence contract of
 * src/db/backends/sqljs.ts (the one src/node/sqlite-file.ts implements with
 * a file and its journal), on three object stores keyed by the database name:
 *
 *   snapshots  name → the last db.export() image
 *   journal    [name, n] → one record per committed transaction after it
 *   heads      name → n of the last record ever appended
 *
 * An append writes its record and the new head in one IndexedDB transaction
 * and resolves when that transaction is committed, so a transaction that
 * returned survives a reload or a closed tab. A checkpoint replaces the
 * snapshot and deletes the journal it covers in one transaction. `head`
 * tells a tab whether another tab or worker wrote since it last read
 * (changed()); an append refuses to write over a head it has not seen.
 */
import { OperationalError } from '../db/backends/base';
import type { Loaded, Persistence } from '../db/backends/sqljs';
import { committed, openIdb, result } from './idb';

export class IndexedDbPersistence implements Persistence {
  private head = 0;
  private size = 0;

  /** `name` is the database's NAME in DATABASES; `idbName` the IndexedDB database holding it. */
  constructor(
    readonly name: string,
    readonly idbName = 'manouche',
  ) {
    if (typeof name !== 'string' || name === '') throw new OperationalError(`IndexedDbPersistence needs a database name (a non-empty string), not ${JSON.stringify(name)}.`);
  }

  private range(upTo = Number.MAX_SAFE_INTEGER): IDBKeyRange {
    return IDBKeyRange.bound([this.name, 0], [this.name, upTo]);
  }

  async load(): Promise<Loaded> {
    const db = await openIdb(this.idbName);
    const tx = db.transaction(['snapshots', 'journal', 'heads'], 'readonly');
    const [snapshot, records, head] = await Promise.all([
      result(tx.objectStore('snapshots').get(this.name)) as Promise<Uint8Array | undefined>,
      result(tx.objectStore('journal').getAll(this.range())) as Promise<Uint8Array[]>,
      result(tx.objectStore('heads').get(this.name)) as Promise<number | undefined>,
    ]);
    this.head = head ?? 0;
    this.size = records.reduce((n, r) => n + r.length, 0);
    return { snapshot: snapshot ?? null, records };
  }

  async append(record: Uint8Array): Promise<void> {
    const db = await openIdb(this.idbName);
    const tx = db.transaction(['journal', 'heads'], 'readwrite');
    const done = committed(tx);
    const heads = tx.objectStore('heads');
    const expected = this.head;
    const read = heads.get(this.name);
    read.onsuccess = () => {
      if ((read.result ?? 0) !== expected) {
        // Another writer got in between: writing now would lose its transaction.
        tx.abort();
        return;
      }
      tx.objectStore('journal').put(record, [this.name, expected + 1]);
      heads.put(expected + 1, this.name);
    };
    try {
      await done;
    } catch (error) {
      throw new OperationalError(`The database '${this.name}' was changed by another tab or worker; this transaction was not saved. Reload it before writing (${String(error)}).`);
    }
    this.head = expected + 1;
    this.size += record.length;
  }

  async checkpoint(snapshot: Uint8Array): Promise<void> {
    const db = await openIdb(this.idbName);
    const tx = db.transaction(['snapshots', 'journal'], 'readwrite');
    const done = committed(tx);
    tx.objectStore('snapshots').put(snapshot, this.name);
    tx.objectStore('journal').delete(this.range(this.head));
    await done;
    this.size = 0;
  }

  journalSize(): number {
    return this.size;
  }

  /** True when another tab or worker has written since this one last loaded or appended. */
  async changed(): Promise<boolean> {
    const db = await openIdb(this.idbName);
    const head = (await result(db.transaction('heads', 'readonly').objectStore('heads').get(this.name))) as number | undefined;
    return (head ?? 0) !== this.head;
  }

  /**
   * Replaces the database with the file `bytes` (importDatabase): the new
   * snapshot, an empty journal and a new head, so every tab reloads it.
   */
  async replace(bytes: Uint8Array): Promise<void> {
    const db = await openIdb(this.idbName);
    const tx = db.transaction(['snapshots', 'journal', 'heads'], 'readwrite');
    const done = committed(tx);
    const heads = tx.objectStore('heads');
    const read = heads.get(this.name);
    read.onsuccess = () => {
      tx.objectStore('snapshots').put(bytes, this.name);
      tx.objectStore('journal').delete(this.range());
      heads.put(((read.result as number | undefined) ?? 0) + 1, this.name);
    };
    await done;
  }
}
