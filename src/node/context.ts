/**
 * Per-request transactions on Node: atomic() blocks keep their state in an
 * AsyncLocalStorage, so two requests running concurrently each get their own
 * transaction (on PostgreSQL, their own pooled client) instead of one nesting
 * inside the other's. `manouche/node` installs it when imported.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { hasContextStorage, setContextStorage } from '../db/backends/transaction';

/** Makes atomic() blocks per async context (idempotent). */
export function installAsyncContext(): void {
  if (!hasContextStorage()) setContextStorage(new AsyncLocalStorage());
}
