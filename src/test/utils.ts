/**
 * Test environment helpers (django.test.utils): the 'testserver' host the
 * client uses is allowed, assertNumQueries counts SQL statements, and
 * overrideSettings/modifySettings change settings for one test.
 */
import { configure, holdSettings, settings, type Settings } from '../conf/settings';
import { ValueError } from '../core/exceptions';
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

function checkOverridable(names: readonly string[], where: string): void {
  // The app registry is built once, by setup(); a changed list would not reach it.
  if (names.includes('INSTALLED_APPS')) throw new ValueError(`${where}: INSTALLED_APPS cannot be overridden here (setup() builds the app registry once); set it before setup().`);
}

/**
 * Runs `fn` with these settings, then puts back what was there before, also
 * when `fn` throws (Django's override_settings). Settings are global: do not
 * run overrides concurrently.
 *
 * @example
 * await overrideSettings({ DEBUG: true, LOGIN_URL: '/other/login/' }, async () => {
 *   assertRedirects(await client.get('/private/'), '/other/login/?next=/private/');
 * });
 */
export async function overrideSettings<T>(values: Partial<Settings>, fn: () => T | Promise<T>): Promise<T> {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new TypeError(`overrideSettings: expected an object of settings, got ${Array.isArray(values) ? 'an array' : String(values)}`);
  const names = Object.keys(values);
  checkOverridable(names, 'overrideSettings');
  const restore = holdSettings(names);
  configure(values);
  try {
    return await fn();
  } finally {
    restore();
  }
}

/** What modifySettings() does to one list setting; a string is a list of one. */
export interface ListChanges {
  append?: string | readonly string[];
  prepend?: string | readonly string[];
  remove?: string | readonly string[];
}

/**
 * Runs `fn` with list settings changed item by item, in the order the
 * actions are given (Django's modify_settings): `append` and `prepend` add
 * what is not there yet, `remove` takes out what is.
 *
 * @example
 * await modifySettings({ MIDDLEWARE: { append: 'django.middleware.cache.FetchFromCacheMiddleware', prepend: 'django.middleware.cache.UpdateCacheMiddleware' } }, run);
 */
export async function modifySettings<T>(changes: Record<string, ListChanges>, fn: () => T | Promise<T>): Promise<T> {
  const values: Record<string, string[]> = {};
  for (const [name, actions] of Object.entries(changes)) {
    const current = (settings as Record<string, unknown>)[name] ?? [];
    if (!Array.isArray(current)) throw new TypeError(`modifySettings: ${name} is not a list (it is ${JSON.stringify(current)})`);
    let value = [...(current as string[])];
    for (const [action, given] of Object.entries(actions ?? {})) {
      const items: readonly string[] = typeof given === 'string' ? [given] : (given as readonly string[]);
      if (action === 'append') value = [...value, ...items.filter((i) => !value.includes(i))];
      else if (action === 'prepend') value = [...items.filter((i) => !value.includes(i)), ...value];
      else if (action === 'remove') value = value.filter((i) => !items.includes(i));
      else throw new ValueError(`modifySettings: unsupported action '${action}' for ${name} (append, prepend or remove)`);
    }
    values[name] = value;
  }
  return overrideSettings(values as Partial<Settings>, fn);
}
