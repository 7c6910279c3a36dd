/**
 * Per-request transactions on Node: atomic() blocks keep their state in an
 * AsyncLocalStorage, so two requests running concurrently each get their own
 * transaction (on PostgreSQL, their own pooled client) instead of one nesting
 * inside the other's. `manouche/node` installs it when imported.
 *
 * On Node 20 an enabled AsyncLocalStorage installs promise hooks that run for
 * every promise in the process, in or out of a transaction: a fifth more
 * allocation and measurable CPU on each request of a server whose only
 * atomic() block was one session save at login. So the storage is enabled
 * only while an outermost block runs somewhere, and disabled again when the
 * last one has finished; run() enables it afresh (Node does that itself).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { hasContextStorage, setContextStorage, type ContextStorage } from '../db/backends/transaction';

/** AsyncLocalStorage enabled while at least one run() is unfinished (its callback's promise unsettled). */
export class BlockContextStorage<T> implements ContextStorage<T> {
  private readonly storage = new AsyncLocalStorage<T>();
  private open = 0;

  getStore(): T | undefined {
    return this.open === 0 ? undefined : this.storage.getStore();
  }

  run<R>(store: T, fn: () => R): R {
    this.open++;
    let result: R;
    try {
      result = this.storage.run(store, fn);
    } catch (error) {
      this.finish();
      throw error;
    }
    if (result instanceof Promise) return result.finally(() => this.finish()) as R;
    this.finish();
    return result;
  }

  /** Whether the underlying AsyncLocalStorage (and with it Node's promise hooks) is on now. */
  get active(): boolean {
    return this.open > 0;
  }

  private finish(): void {
    if (--this.open === 0) this.storage.disable();
  }
}

/** Makes atomic() blocks per async context (idempotent). */
export function installAsyncContext(): void {
  if (!hasContextStorage()) setContextStorage(new BlockContextStorage());
}
