// The planned get() (src/db/sql/get-plan.ts): Model.objects.get({ pk }) and
// other one-filter gets on a manager take a cached plan; they must give the
// rows and the errors of the general path, on both backends, and reuse one
// prepared statement without generating SQL again.
import * as assert from 'uvu/assert';
import { test as plain } from 'uvu';
import { BooleanField, CASCADE, CharField, DateTimeField, ForeignKey, IntegerField, SqlJsBackend, atomic, connections, createTables, defineModel } from '../../src/db/index';
import { cachedShapes, clearShapeCache } from '../../src/db/sql/compiler';
import { shapeEpoch } from '../../src/db/sql/shape';
import * as wasm from '../../src/db/sql/wasm';
import { dbSuite, rejects } from './harness';

const Owner = defineModel('gp.Owner', { name: CharField({ maxLength: 30 }) });
const Item = defineModel(
  'gp.Item',
  {
    owner: ForeignKey(() => Owner, { onDelete: CASCADE, null: true }),
    slug: CharField({ maxLength: 30, unique: true }),
    views: IntegerField({ default: 0 }),
    flag: BooleanField({ default: false }),
    at: DateTimeField({ null: true }),
  },
  // a default ordering: get() drops it on both paths
  { ordering: ['-views'] },
);

const plainItem = (o: any) => ({ id: o.id, owner_id: o.owner_id, slug: o.slug, views: o.views, flag: o.flag, at: o.at?.toISOString() ?? null });

// What a get() gave: the row, or the error's class and message.
async function outcome(p: Promise<any>): Promise<unknown> {
  try {
    return { row: plainItem(await p) };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
}

// A manager's own get() is planned when it qualifies; `Item.objects.filter()`
// (no filter: a QuerySet without a shape) always takes the general path.
const planned = (f: Record<string, unknown>) => Item.objects.get(f as any);
const general = (f: Record<string, unknown>) => Item.objects.filter().get(f as any);

const AT = new Date('2024-03-01T12:00:00Z');
const filters: Array<[string, Record<string, unknown>, boolean]> = [
  // [name, filter, whether this call alone makes a plan (a value the
  // converter refuses does not: with a plan made before, it fails in getParams)]
  ['pk', { pk: 2 }, true],
  ['id', { id: 3 }, true],
  ['pk as a string', { pk: '2' }, true],
  ['pk not there', { pk: 999 }, true],
  ['pk that is not a number', { pk: 'abc' }, false],
  ['a unique column', { slug: 's4' }, true],
  ['two matches', { views: 7 }, true],
  ['more than 20 matches', { views: 5 }, true],
  ['a lookup', { slug__istartswith: 'S1' }, true],
  ['a boolean', { flag: true }, true],
  ['a date', { at: AT }, true],
  ['a date transform', { at__year: 2024 }, true],
  ['a foreign key id', { owner: 1, slug: 's1' }, true],
  ['across a relation', { owner__name: 'o2' }, true],
  ['two keys', { pk: 1, views: 7 }, true],
  ['the same keys in the other order', { views: 7, pk: 1 }, true],
  ['null', { owner: null, slug: 's3' }, false],
  ['a list', { pk__in: [1, 2] }, false],
  ['an instance', { owner: new Owner({ id: 1, name: 'o1' }), slug: 's1' }, false],
  ['an unknown field', { nope: 1 }, false],
  ['an unknown lookup', { pk__nope: 1 }, false],
  ['undefined', { pk: undefined }, false],
  ['no key', {}, false],
];

dbSuite('planned get()', [Owner, Item], (test) => {
  async function seed(): Promise<void> {
    await Owner.objects.create({ name: 'o1' });
    await Owner.objects.create({ name: 'o2' });
    const owners = await Owner.objects.orderBy('id');
    await Item.objects.create({ owner: owners[0]!, slug: 's1', views: 7, flag: true, at: AT });
    await Item.objects.create({ owner: owners[1]!, slug: 's2', views: 7 });
    await Item.objects.create({ slug: 's3', views: 1 });
    await Item.objects.create({ slug: 's4', views: 2 });
    for (let i = 0; i < 25; i++) await Item.objects.create({ slug: `m${i}`, views: 5 });
  }

  test('gives the rows and errors of the general path for every filter shape', async () => {
    await seed();
    const ids = (await Item.objects.orderBy('id').valuesList('id', { flat: true })) as number[];
    const byId = (f: Record<string, unknown>) => ('pk' in f && typeof f.pk === 'number' && f.pk < 100 ? { ...f, pk: ids[f.pk - 1] } : f);
    for (const [name, raw] of filters) {
      const f = byId(raw);
      // twice: the call that makes the plan and one that finds it
      for (const run of [1, 2]) {
        const want = await outcome(general(f));
        const got = await outcome(planned(f));
        assert.equal(got, want, `${name} (run ${run})`);
      }
    }
  });

  test('only the qualifying shapes are planned', async () => {
    await seed();
    for (const [name, f, qualifies] of filters) {
      // plans are forgotten with the statements: each filter starts with none
      clearShapeCache();
      await outcome(planned(f));
      const gets = (Item.objects as any).shape.gets;
      const keys = Object.keys(f).join('\0');
      const made = !!gets && gets.epoch === shapeEpoch() && (gets.byKeys[0].has(keys) || gets.byKeys[1].has(keys));
      assert.is(made, qualifies, name);
    }
  });

  test('sees the rows of its own transaction, and a rollback', async () => {
    const created = await atomic(async () => {
      const o = await Item.objects.create({ slug: 'tx', views: 3 });
      assert.is((await Item.objects.get({ pk: o.pk })).slug, 'tx');
      return o.pk;
    });
    assert.is((await Item.objects.get({ pk: created })).slug, 'tx');
    let inside = 0;
    await atomic(async () => {
      inside = (await Item.objects.create({ slug: 'gone', views: 3 })).pk as number;
      throw new Error('roll back');
    }).catch(() => undefined);
    await rejects(() => Item.objects.get({ pk: inside }), Item.DoesNotExist);
  });

  test("the general path is Django's: at most 21 rows from a slice's start, ordering dropped unless sliced", async (ctx) => {
    await seed();
    // 25 rows with views 5: a slice from the third still reports "more than 20"
    await rejects(() => Item.objects.filter({ views: 5 }).slice(2).get(), Item.MultipleObjectsReturned, /more than 20/);
    await rejects(() => Item.objects.filter({ views: 5 }).slice(2, 6).get(), Item.MultipleObjectsReturned, /it returned 4!/);
    // earliest(): ordered and sliced to one row
    assert.is((await Item.objects.filter({ views: 5 }).earliest('slug')).slug, 'm0');
    const seen: string[] = [];
    const query = ctx.db.query.bind(ctx.db);
    (ctx.db as any).query = (sql: string, params: readonly unknown[]) => {
      seen.push(sql);
      return query(sql, params);
    };
    try {
      await Item.objects.orderBy('slug').filter({ slug: 's1' }).get();
      await Item.objects.filter({ views: 1 }).reverse().get();
    } finally {
      delete (ctx.db as any).query;
    }
    assert.ok(seen.every((sql) => !sql.includes('ORDER BY')), seen.join('\n'));
  });

  test('chained QuerySets and related managers step aside', async () => {
    await seed();
    const owner = await Owner.objects.get({ name: 'o1' });
    // a filter chained before get() (the general path) still narrows it
    await rejects(() => Item.objects.filter({ views: 1 }).get({ slug: 's1' }), Item.DoesNotExist);
    assert.is((await Item.objects.only('slug').get({ slug: 's1' })).views, undefined);
    assert.is((await Item.objects.selectRelated('owner').get({ slug: "s1" })).owner!.name, 'o1');
    assert.is((await (owner as any).item_set.get({ slug: 's1' })).slug, 's1');
    await rejects(() => (owner as any).item_set.get({ slug: 's2' }), Item.DoesNotExist);
    // a using() of the same alias keeps the plan; the rows are the same
    assert.is((await Item.objects.using('default').get({ slug: 's2' })).views, 7);
  });
});

plain('a repeated get() (and filter({ pk }).first()) reuses its prepared statement and generates no SQL', async () => {
  const db = await SqlJsBackend.open();
  connections.set('default', db);
  try {
    await createTables(db, [Owner, Item]);
    for (let i = 0; i < 50; i++) await Item.objects.create({ slug: `r${i}`, views: i });
    const first = await Item.objects.get({ pk: 1 });
    assert.is(first.slug, 'r0');
    const prepared = db.preparedCount;
    const shapes = cachedShapes();
    const generated = wasm.generated;
    const queries = db.queryCount;
    for (let i = 1; i <= 1000; i++) assert.is((await Item.objects.get({ pk: 1 + (i % 50) })).views, i % 50);
    assert.is(db.queryCount - queries, 1000, 'one statement per get()');
    assert.is(db.preparedCount, prepared, 'no statement prepared');
    assert.is(cachedShapes(), shapes, 'no statement compiled');
    assert.is(wasm.generated, generated, 'no SQL generated');
    // filter({ pk }).first() on an unordered model (ordered by pk for it) is a shaped chain: the same holds
    const Plain = Owner;
    await Plain.objects.create({ name: 'p1' });
    await Plain.objects.create({ name: 'p2' });
    assert.is((await Plain.objects.filter({ pk: 1 }).first())!.name, 'p1');
    const [prepared2, shapes2, generated2] = [db.preparedCount, cachedShapes(), wasm.generated];
    for (let i = 0; i < 200; i++) assert.is((await Plain.objects.filter({ pk: 1 + (i % 2) }).first())!.name, `p${1 + (i % 2)}`);
    assert.equal([db.preparedCount, cachedShapes(), wasm.generated], [prepared2, shapes2, generated2], 'first(): nothing prepared, compiled or generated');
    // first()'s chain keeps its node in the shape trie (a clone would have dropped it: the string-key walk)
    assert.ok((Plain.objects.filter({ pk: 1 }) as any).ordered().slice(0, 1).shape !== null, 'first() is shaped');
    assert.is((await Plain.objects.filter({ name__startswith: 'p' }).last())!.name, 'p2');
    assert.is((await Plain.objects.filter({ name__startswith: 'p' }).reverse().first())!.name, 'p2');
  } finally {
    await db.close();
    connections.delete('default');
  }
});

plain.run();
