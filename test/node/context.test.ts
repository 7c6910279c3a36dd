// Per-request transactions (src/node/context.ts): with the AsyncLocalStorage
// context installed, concurrent atomic() blocks each have their own
// transaction: on PostgreSQL their own pooled client, on sql.js one after the
// other. select_for_update() makes a second transaction wait for the first.
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import { atomic, connections } from '../../src/db/index';
import { setContextStorage } from '../../src/db/backends/transaction';
import { installAsyncContext } from '../../src/node/context';
import { dbSuite } from '../db/harness';
import { ALL, Author } from '../db/models';

/** A promise and its resolver: lets two blocks meet at a point. */
function gate(): { open: () => void; wait: Promise<void> } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { open, wait };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

dbSuite('per-context transactions', ALL, (test, ctx) => {
  test.before(() => installAsyncContext());
  test.after(() => setContextStorage(null));

  test('two concurrent atomic() blocks do not share a transaction; a rollback undoes only its own', async () => {
    const bothInserted = gate();
    const bothCounted = gate(); // neither commits before the other has counted (READ COMMITTED)
    let inserted = 0;
    let counted = 0;
    const arrive = () => {
      if (++inserted === 2) bothInserted.open();
    };
    const countedOne = async () => {
      if (++counted === 2) bothCounted.open();
      if (ctx.vendor === 'postgresql') await bothCounted.wait;
    };
    const log: string[] = [];
    const a = atomic(async () => {
      await Author.objects.create({ name: 'A' });
      arrive();
      if (ctx.vendor === 'postgresql') await bothInserted.wait;
      log.push(`A sees ${await Author.objects.count()}`);
      await countedOne();
      throw new Error('A fails');
    }).catch((e: Error) => e.message);
    const b = atomic(async () => {
      await Author.objects.create({ name: 'B' });
      arrive();
      if (ctx.vendor === 'postgresql') await bothInserted.wait;
      log.push(`B sees ${await Author.objects.count()}`);
      await countedOne();
      return 'B done';
    });
    assert.equal(await Promise.all([a, b]), ['A fails', 'B done']);
    // each block saw its own row only (PostgreSQL: both open at once, READ
    // COMMITTED; sql.js: B ran after A rolled back)
    assert.equal(log.sort(), ['A sees 1', 'B sees 1']);
    assert.equal(await Author.objects.valuesList('name', { flat: true }), ['B']);
  });

  test('a query outside atomic() does not run inside another context\'s transaction', async ({ vendor }) => {
    if (vendor !== 'postgresql') return; // sql.js has one connection: nothing can run beside a transaction
    const inside = gate();
    const checked = gate();
    const block = atomic(async () => {
      await Author.objects.create({ name: 'uncommitted' });
      inside.open();
      await checked.wait;
    });
    await inside.wait;
    assert.is(await Author.objects.count(), 0); // the pool, not the pinned client
    checked.open();
    await block;
    assert.is(await Author.objects.count(), 1);
  });

  test('nested atomic() inside a context is a savepoint of that context only', async () => {
    const result = await atomic(async () => {
      await Author.objects.create({ name: 'outer' });
      await atomic(async () => {
        await Author.objects.create({ name: 'inner' });
        throw new Error('inner fails');
      }).catch(() => undefined);
      return Author.objects.orderBy('name').valuesList('name', { flat: true });
    });
    assert.equal(result, ['outer']);
    assert.ok(!connections.get().inAtomicBlock);
  });

  test('selectForUpdate(): a second transaction waits for the first to commit (PostgreSQL)', async ({ vendor }) => {
    const alice = await Author.objects.create({ name: 'Alice', age: 1 });
    if (vendor !== 'postgresql') {
      // SQLite has no row locks: the flag adds nothing to the SQL
      assert.not.match(Author.objects.selectForUpdate().toSql().sql, /FOR UPDATE/);
      return;
    }
    assert.match(Author.objects.filter({ pk: alice.pk }).selectForUpdate().toSql().sql, / FOR UPDATE$/);
    const events: string[] = [];
    const locked = gate();
    const first = atomic(async () => {
      const a = await Author.objects.selectForUpdate().get({ pk: alice.pk });
      events.push('first locked');
      locked.open();
      await sleep(150);
      await Author.objects.filter({ pk: a.pk }).update({ age: a.age! + 1 });
      events.push('first commits');
    });
    await locked.wait;
    const second = atomic(async () => {
      events.push('second asks');
      const a = await Author.objects.selectForUpdate().get({ pk: alice.pk });
      events.push(`second got age ${a.age}`);
      await Author.objects.filter({ pk: a.pk }).update({ age: a.age! + 1 });
    });
    await Promise.all([first, second]);
    assert.equal(events, ['first locked', 'second asks', 'first commits', 'second got age 2']);
    assert.is((await Author.objects.get({ pk: alice.pk })).age, 3);
  });
});

test('the storage (and with it Node\'s per-promise hooks) is on only while an outermost block runs: off before, on in a block that outlives a failing one, off after', () => {
  const child = fileURLToPath(new URL('./fixtures/context-hooks.ts', import.meta.url));
  const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', timeout: 60_000 }));
  assert.equal(out, { before: false, seen: [true, true, true], after: false, results: ['A done', 'B fails'] });
});

test.run();
