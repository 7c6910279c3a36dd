/**
 * The configured databases (Django's `connections`), by alias. The ORM asks
 * here for the backend of an alias ('default' unless `using()` says else).
 *
 * @example
 * import { connections, SqlJsBackend } from 'manouche/db';
 * connections.set('default', await SqlJsBackend.open());
 */
import { ImproperlyConfigured } from '../core/exceptions';
import type { Backend } from './backends/base';

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
