/**
 * The page of storage.test.ts, bundled for the browser: IndexedDBStorage on
 * Chromium's real IndexedDB. It leaves its answers in globalThis.__storage.
 */
import { IndexedDBStorage } from '../../src/browser/storage';

declare global {
  // eslint-disable-next-line no-var
  var __storage: Record<string, unknown> | undefined;
}

async function errorOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return 'no error';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

async function run(): Promise<Record<string, unknown>> {
  const database = `media-${Date.now()}-${Math.random()}`;
  const s = new IndexedDBStorage({ database, baseUrl: '/media/' });
  const first = await s.save('docs/a b.txt', 'hello');
  const second = await s.save('docs/a b.txt', new Blob(['again!']));
  await s.save('docs/sub/c.bin', new Uint8Array([1, 2, 3]));
  const out: Record<string, unknown> = {
    first,
    second,
    exists: [await s.exists(first), await s.exists('docs/missing.txt')],
    sizes: [await s.size(first), await s.size(second)],
    text: await (await s.open(first)).text(),
    listdir: await s.listdir('docs'),
    root: await s.listdir(''),
    url: s.url(first),
    escape: await errorOf(() => s.save('../evil.txt', 'x')),
  };
  await s.close();
  // a new connection (as after a reload) reads what was stored
  const again = new IndexedDBStorage({ database });
  out.persisted = await (await again.open(second)).text();
  await again.delete(first);
  out.afterDelete = [await again.exists(first), await again.exists(second)];
  out.missing = await errorOf(() => again.open(first));
  await again.close();
  indexedDB.deleteDatabase(database);
  return out;
}

run().then(
  (answer) => (globalThis.__storage = answer),
  (e: Error) => (globalThis.__storage = { error: `${e.name}: ${e.message}\n${e.stack}` }),
);
