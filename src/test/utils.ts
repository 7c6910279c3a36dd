/**
 * Test environment helpers (django.test.utils): the 'testserver' host the
 * client uses is allowed, and assertNumQueries counts SQL statements.
 */
import { connections } from '../db/connection';
import { extraAllowedHosts } from '../http/request';
import { AssertionError } from './assertions';

/** Allows the test client's host, 'testserver' (Django's setup_test_environment). */
export function setupTestEnvironment(): void {
  if (!extraAllowedHosts.includes('testserver')) extraAllowedHosts.push('testserver');
}

export function teardownTestEnvironment(): void {
  const i = extraAllowedHosts.indexOf('testserver');
  if (i >= 0) extraAllowedHosts.splice(i, 1);
}

type Captured = { sql: string; params: readonly unknown[] };

/**
 * Runs `fn` and records the SQL it sends to database `using` (Django's
 * CaptureQueriesContext): the count comes from the backend's own
 * statement counter, the texts from wrapping its entry points meanwhile.
 */
export async function captureQueries<T>(fn: () => Promise<T> | T, using = 'default'): Promise<{ result: T; count: number; queries: Captured[] }> {
  const backend = connections.get(using) as unknown as Record<string, unknown> & { queryCount: number };
  const queries: Captured[] = [];
  const originals = new Map<string, unknown>();
  // querySync is sql.js's synchronous door (query() goes through it, and so do the ORM's shaped
  // reads): a statement is recorded once, by the outermost of these calls.
  let depth = 0;
  for (const method of ['query', 'queryColumns', 'querySync', 'run', 'executeScript']) {
    const original = backend[method];
    if (typeof original !== 'function') continue;
    originals.set(method, Object.prototype.hasOwnProperty.call(backend, method) ? original : undefined);
    backend[method] = function (this: unknown, sql: string, params: readonly unknown[] = []) {
      if (depth === 0) queries.push({ sql, params });
      depth++;
      try {
        return (original as (...a: unknown[]) => unknown).call(backend, sql, params);
      } finally {
        depth--;
      }
    };
  }
  const before = backend.queryCount;
  try {
    const result = await fn();
    return { result, count: backend.queryCount - before, queries };
  } finally {
    for (const [method, own] of originals) {
      if (own === undefined) delete backend[method];
      else backend[method] = own;
    }
  }
}

/**
 * Fails unless `fn` runs exactly `num` SQL statements on `using` — the
 * check that catches N+1 queries (Django's assertNumQueries).
 *
 * @example
 * await assertNumQueries(2, () => client.get('/polls/'));
 */
export async function assertNumQueries<T>(num: number, fn: () => Promise<T> | T, options: { using?: string } = {}): Promise<T> {
  const { result, count, queries } = await captureQueries(fn, options.using);
  if (count !== num) {
    const list = queries.map((q, i) => `${i + 1}. ${q.sql}`).join('\n');
    throw new AssertionError(`${count} queries executed, ${num} expected\nCaptured queries were:\n${list}`);
  }
  return result;
}
