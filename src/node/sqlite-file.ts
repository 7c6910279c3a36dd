/**
 * A sql.js database kept in a file (Django's `NAME: 'db.sqlite3'`), for Node.
 *
 * Layout: `<path>` is the last snapshot (a plain SQLite file any tool can
 * open); `<path>-journal` holds one record per transaction committed since,
 * each `[u32 length][u32 FNV-1a checksum][JSON]`, fsynced before the commit
 * returns. Opening replays the journal onto the snapshot and ignores a torn
 * last record (a crash while appending). A checkpoint writes the snapshot to
 * a temporary file, fsyncs, renames it over `<path>`, then empties the
 * journal; records already in the snapshot are recognised by their sequence
 * number, so a crash between the two steps replays nothing twice.
 *
 * @example
 * const db = await openSqliteFile('db.sqlite3');
 * connections.set('default', db);
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Persistence, SqlJsBackend, type SqlJsOptions } from '../db/backends/sqljs';

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Persistence in a snapshot file and its journal. */
export class FilePersistence implements Persistence {
  private fd = -1;
  private size = 0;
  readonly journalPath: string;

  constructor(readonly path: string) {
    this.journalPath = `${path}-journal`;
  }

  load(): { snapshot: Uint8Array | null; records: Uint8Array[] } {
    const snapshot = existsSync(this.path) ? new Uint8Array(readFileSync(this.path)) : null;
    const records: Uint8Array[] = [];
    let good = 0;
    if (existsSync(this.journalPath)) {
      const buf = new Uint8Array(readFileSync(this.journalPath));
      const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      let at = 0;
      while (at + 8 <= buf.length) {
        const len = view.getUint32(at, true);
        const sum = view.getUint32(at + 4, true);
        if (at + 8 + len > buf.length) break; // torn: the append never finished
        const rec = buf.subarray(at + 8, at + 8 + len);
        if (fnv1a(rec) !== sum) break;
        records.push(rec);
        at += 8 + len;
      }
      good = at;
    }
    this.fd = openSync(this.journalPath, 'a+');
    ftruncateSync(this.fd, good); // drop a torn tail before appending after it
    fsyncSync(this.fd);
    this.size = good;
    return { snapshot, records };
  }

  append(record: Uint8Array): void {
    const out = new Uint8Array(8 + record.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, record.length, true);
    view.setUint32(4, fnv1a(record), true);
    out.set(record, 8);
    let written = 0;
    while (written < out.length) written += writeSync(this.fd, out, written);
    fsyncSync(this.fd);
    this.size += out.length;
  }

  checkpoint(snapshot: Uint8Array): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    let written = 0;
    while (written < snapshot.length) written += writeSync(fd, snapshot, written);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.path);
    try {
      const dir = openSync(dirname(this.path), 'r');
      fsyncSync(dir);
      closeSync(dir);
    } catch {
      /* some platforms cannot fsync a directory */
    }
    ftruncateSync(this.fd, 0);
    fsyncSync(this.fd);
    this.size = 0;
  }

  journalSize(): number {
    return this.size;
  }

  /** Closes the journal file. */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** Opens (or creates) a sql.js database kept in the file at `path`. */
export async function openSqliteFile(path: string, options: Omit<SqlJsOptions, 'persistence' | 'data'> = {}): Promise<SqlJsBackend> {
  return SqlJsBackend.open({ ...options, persistence: new FilePersistence(path) });
}
