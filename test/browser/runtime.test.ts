/**
 * The browser runtime's entry points on bad input, in Node (where they must
 * refuse to start, naming what is missing). Their behaviour in a browser is
 * proven in Chromium: offline-demo.test.ts and in-page.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ImproperlyConfigured } from '../../src/core/exceptions';
import { OperationalError } from '../../src/db/backends/base';
import { boot, exportDatabase, importDatabase, IndexedDbPersistence, startInPage, startServiceWorker, withLock } from '../../src/browser/index';
import { runtimeCacheName, staleRuntimeCaches } from '../../src/browser/runtime';

async function rejects(fn: () => unknown, type: new (...args: any[]) => Error, pattern: RegExp): Promise<void> {
  try {
    await fn();
  } catch (error) {
    assert.instance(error, type);
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected ${pattern}`);
}

test('boot() names a missing settings object or a prepare that is not a function', async () => {
  await rejects(() => boot(undefined as never), ImproperlyConfigured, /needs options: \{ settings, prepare\? \}/);
  await rejects(() => boot({} as never), ImproperlyConfigured, /options\.settings must be the project's settings object/);
  await rejects(() => boot({ settings: {}, prepare: 'migrate' as never }), ImproperlyConfigured, /options\.prepare must be a function \(migrate, seed\), not string/);
});

test('each start function says where it runs when called elsewhere', async () => {
  await rejects(() => startServiceWorker({ settings: {} }), ImproperlyConfigured, /runs in a service worker script; in a page, use startInPage\(\)/);
  await rejects(() => startInPage({ settings: {} }), ImproperlyConfigured, /needs a page \(a document\)/);
});

test('export and import from a page without a runtime, and import of bytes that are not a database file, are refused', async () => {
  await rejects(() => exportDatabase(), ImproperlyConfigured, /neither controlled by the app's service worker nor running startInPage\(\)/);
  await rejects(() => importDatabase('db.sqlite3' as never), ImproperlyConfigured, /needs the database file as a Uint8Array, not \[object String\]/);
});

test('an IndexedDB persistence needs a database name', async () => {
  await rejects(() => new IndexedDbPersistence(''), OperationalError, /needs a database name \(a non-empty string\), not ""/);
});

test('withLock runs holders one after another, in order, and a failure releases the lock', async () => {
  // Node has no navigator.locks: the in-realm queue keeps the same contract.
  const order: string[] = [];
  let release!: () => void;
  const first = withLock('t', () => new Promise<void>((r) => (release = r)).then(() => void order.push('first')));
  const failing = withLock('t', async () => {
    order.push('failing');
    throw new Error('boom');
  });
  const third = withLock('t', async () => void order.push('third'));
  await Promise.resolve();
  assert.equal(order, [], 'nothing runs while the first holds the lock');
  release();
  await first;
  await failing.catch(() => undefined);
  await third;
  assert.equal(order, ['first', 'failing', 'third']);
});

test('the runtime cache is named by build and folder; activation deletes only its folder\'s other builds and the unversioned cache', () => {
  const current = runtimeCacheName('b2', '/app/');
  assert.is(current, 'manouche-runtime /app/ b2');
  assert.is.not(runtimeCacheName('b1', '/app/'), current, 'another build, another cache');
  // In Node the script's folder is '/', and the version Manouche's build time (no browser build stamped one).
  assert.match(runtimeCacheName(), /^manouche-runtime \/ \d+$/);
  const names = [
    'manouche-runtime', // releases before caches were versioned
    'manouche-runtime /app/ b1',
    current,
    'manouche-runtime /app/sub/ b1', // another app, in a folder below
    'manouche-runtime /other/ b1',
    'manouche-runtime /app2/ b1',
    'my-own-cache',
  ];
  assert.equal(staleRuntimeCaches(names, current), ['manouche-runtime', 'manouche-runtime /app/ b1']);
  assert.equal(staleRuntimeCaches([current], current), [], 'nothing to delete: the current cache stays');
  assert.equal(staleRuntimeCaches([], current), []);
});

test.run();
