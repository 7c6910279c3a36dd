/**
 * The configured databases (Django's `connections`), by alias. The ORM asks
 * here for the backend of an alias ('default' unless `using()` says else).
 *
 * @example
 * import { connections, SqlJsBackend } from 'manouche/db';
 * connections.set('default', await SqlJsBackend.open());
 */
import { ImproperlyConfigured } from '../core/exceptions';
import type { DatabaseSettings } from '../conf/settings';
import type { Backend } from './backends/base';
import { SqlJsBackend } from './backends/sqljs';

class ConnectionHandler {
  private readonly backends = new Map<string, Backend>();

  /** Makes `backend` the database for `alias`. */
  set(alias: string, backend: Backend): void {
    this.backends.set(alias, backend);
  }

  get(alias = 'default'): Backend {
    const b = this.backends.get(alias);
    if (!b) throw new ImproperlyConfigured(`The connection '${alias}' doesn't exist. Configure it with connections.set('${alias}', backend).`);
    return b;
  }

  has(alias: string): boolean {
    return this.backends.has(alias);
  }

  /** Closes and forgets every connection. */
  async closeAll(): Promise<void> {
    const all = [...this.backends.values()];
    this.backends.clear();
    for (const b of all) await b.close();
  }

  /** Forgets `alias` without closing it. */
  delete(alias: string): void {
    this.backends.delete(alias);
  }
}

export const connections = new ConnectionHandler();

/** The default database (Django's `connection`). */
export function connection(): Backend {
  return connections.get('default');
}

/**
 * Runs `fn` in a transaction on `using` (default 'default'); nested calls use
 * savepoints. If `fn` throws, its changes are rolled back and the error
 * propagates (Django's `transaction.atomic`).
 */
export function atomic<T>(fn: () => Promise<T>, options: { using?: string; savepoint?: boolean } = {}): Promise<T> {
  return connections.get(options.using).atomic(fn, options);
}

/** Runs `fn` after the current transaction commits (at once outside one). */
export function onCommit(fn: () => unknown, using?: string): void {
  connections.get(using).onCommit(fn);
}

/** Opens a backend from one DATABASES entry. */
export type DatabaseEngine = (config: DatabaseSettings, alias: string) => Promise<Backend>;

const engines = new Map<string, DatabaseEngine>();

/**
 * Makes an ENGINE name usable in DATABASES. sql.js in memory is built in;
 * `manouche/node` registers PostgreSQL and sql.js kept in a file.
 */
export function registerDatabaseEngine(name: string, open: DatabaseEngine): void {
  engines.set(name, open);
}

registerDatabaseEngine('manouche.db.backends.sqljs', async (config) => {
  if (config.NAME && config.NAME !== ':memory:') {
    throw new ImproperlyConfigured(`DATABASES: a sql.js database in the file '${config.NAME}' needs the Node runtime: import 'manouche/node' (or 'manouche/node/server') before setup().`);
  }
  return SqlJsBackend.open(config.OPTIONS ?? {});
});

/** Opens every DATABASES entry not open yet (Django connects lazily; our backends open asynchronously). */
export async function openDatabases(databases: Record<string, DatabaseSettings>): Promise<void> {
  for (const [alias, config] of Object.entries(databases)) {
    if (connections.has(alias)) continue;
    const open = engines.get(config.ENGINE);
    if (!open) {
      throw new ImproperlyConfigured(`DATABASES['${alias}'].ENGINE is '${config.ENGINE}', which is not a known backend. Known: ${[...engines.keys()].join(', ')}.`);
    }
    connections.set(alias, await open(config, alias));
  }
}
