// The sql.js connection's pragmas, in a module of their own with no imports:
// the benchmarks give their raw sql.js floors the same settings without
// loading the backend.
import type { Database } from 'sql.js';

/** The connection's settings, applied when it opens and again after export() reopens it. */
export function applyPragmas(db: Database): void {
  db.run('PRAGMA foreign_keys = ON');
  // The rollback journal stays in memory: the database itself is in memory
  // (sql.js), so a journal file in Emscripten's in-memory file system only
  // costs file-system calls on every write transaction. Durability across
  // processes is the Persistence journal's job.
  db.run('PRAGMA journal_mode = MEMORY');
  // One connection owns the file, so it keeps its lock between statements:
  // otherwise every read transaction stats the database and looks for a hot
  // journal through Emscripten's file system (a tenth of a page's CPU time).
  db.run('PRAGMA locking_mode = EXCLUSIVE');
}
