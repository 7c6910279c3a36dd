/**
 * LocMemCache: Django's LRU (get/set/incr make a key recent, culling drops
 * the least recent third) and reads that leave the store's table alone.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LocMemCache } from '../../../src/core/cache/index';

const test = suite('LocMemCache');
let n = 0;
// Django's tests run with MAX_ENTRIES 9 (limit_locmem_entries); each test gets its own LOCATION.
const fresh = (options: Record<string, unknown> = { MAX_ENTRIES: 9 }) => new LocMemCache(`locmem-test-${n++}`, { OPTIONS: options });

test("get() makes keys recent: the set that overflows culls the three least recently read (Django's test_lru_get)", async () => {
  const c = fresh();
  for (let k = 0; k < 9; k++) await c.set(`k${k}`, k, null);
  for (let k = 0; k < 6; k++) assert.is(await c.get(`k${k}`), k);
  await c.set('k9', 9, null);
  for (let k = 0; k < 6; k++) assert.is(await c.get(`k${k}`), k);
  for (let k = 6; k < 9; k++) assert.is(await c.get(`k${k}`), undefined, `k${k} was culled`);
  assert.is(await c.get('k9'), 9);
});

test("set() of an existing key makes it recent (Django's test_lru_set)", async () => {
  const c = fresh();
  for (let k = 0; k < 9; k++) await c.set(`k${k}`, k, null);
  for (let k = 3; k < 9; k++) await c.set(`k${k}`, k, null);
  await c.set('k9', 9, null);
  for (let k = 3; k < 10; k++) assert.is(await c.get(`k${k}`), k);
  for (let k = 0; k < 3; k++) assert.is(await c.get(`k${k}`), undefined, `k${k} was culled`);
});

test("incr() makes keys recent (Django's test_lru_incr); has_key and touch do not", async () => {
  const c = fresh();
  for (let k = 0; k < 9; k++) await c.set(`k${k}`, k, null);
  for (let k = 0; k < 6; k++) assert.is(await c.incr(`k${k}`), k + 1);
  for (let k = 6; k < 9; k++) {
    assert.ok(await c.hasKey(`k${k}`));
    assert.ok(await c.touch(`k${k}`, null));
  }
  await c.set('k9', 9, null);
  for (let k = 0; k < 6; k++) assert.is(await c.get(`k${k}`), k + 1);
  for (let k = 6; k < 9; k++) assert.is(await c.get(`k${k}`), undefined, `k${k} was culled`);
});

test('CULL_FREQUENCY 0 empties the cache when it is full; an overwritten value is read back', async () => {
  const c = fresh({ MAX_ENTRIES: 3, CULL_FREQUENCY: 0 });
  for (let k = 0; k < 3; k++) await c.set(`k${k}`, k, null);
  await c.set('k1', 'again', null); // an existing key: nothing is culled
  assert.is(await c.get('k1'), 'again');
  await c.set('k3', 3, null);
  assert.equal([await c.get('k0'), await c.get('k1'), await c.get('k2'), await c.get('k3')], [undefined, undefined, undefined, 3]);
});

test('caches sharing a LOCATION share entries and recency', async () => {
  const name = `locmem-shared-${n++}`;
  const a = new LocMemCache(name, { OPTIONS: { MAX_ENTRIES: 3 } });
  const b = new LocMemCache(name, { OPTIONS: { MAX_ENTRIES: 3 } });
  await a.set('x', 1, null);
  await a.set('y', 2, null);
  await a.set('z', 3, null);
  assert.is(await b.get('x'), 1); // read through b: x is now the most recent
  await a.set('w', 4, null);
  assert.equal([await a.get('x'), await a.get('y'), await b.get('w')], [1, undefined, 4]);
});

test('reading a key leaves the store alone: 20,000 reads add almost nothing to old space', async () => {
  const { setFlagsFromString, getHeapSpaceStatistics } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const oldUsed = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;
  const c = fresh({ MAX_ENTRIES: 300 });
  await c.set('session', { user: 'ada' }, null);
  for (let i = 0; i < 1000; i++) await c.get('session'); // warm, so what follows runs optimized
  gc();
  gc(); // the store's Map (and its table) now live in old space
  const before = oldUsed();
  for (let i = 0; i < 20_000; i++) await c.get('session');
  const grown = oldUsed() - before;
  // Moving the key to the end on each read (delete + set) made V8 rehash the
  // Map's table every few reads, each new table allocated in old space: about
  // 1 MB here. Young garbage promoted by the scavenges stays far below this.
  assert.ok(grown < 256 * 1024, `old space grew by ${grown} bytes over 20,000 reads`);
});

test.run();
