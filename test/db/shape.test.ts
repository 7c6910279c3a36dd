// The shape trie (src/db/sql/shape.ts): a repeated QuerySet chain finds its
// statement without the key walk or the generator, gives the same SQL and
// parameters as the general path, and nothing grows with repeated builds.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CASCADE, CharField, DateTimeField, F, ForeignKey, IntegerField, Q, defineModel } from '../../src/db/index';
import type { QuerySet } from '../../src/db/models/query';
import { cachedShapes, clearShapeCache, selectStatement } from '../../src/db/sql/compiler';
import { setNodeLimit, shapeNodes } from '../../src/db/sql/shape';
import { orderParams } from '../../src/db/sql/wasm';
import * as plan from '../../src/db/sql/wasm';
import { memorySize } from '../../src/wasm/memory';

const Writer = defineModel('shp.Writer', { name: CharField({ maxLength: 30 }) });
const Note = defineModel('shp.Note', {
  writer: ForeignKey(() => Writer, { onDelete: CASCADE, null: true }),
  title: CharField({ maxLength: 100 }),
  views: IntegerField({ default: 0 }),
  at: DateTimeField({ null: true }),
});

// The general path for the same state: the key walk over a fresh string cache entry.
function general(qs: QuerySet<any, any>, dialect: 0 | 1): { sql: string; params: unknown[] } {
  const { compiled, params } = selectStatement(qs.state, dialect, null);
  return { sql: compiled.stmt.sql, params: orderParams(compiled.stmt, params) };
}

const chains: Array<[string, (i: number) => QuerySet<any, any>]> = [
  ['filter+order+slice', (i) => Note.objects.filter({ writer: i, views__gte: 10 }).orderBy('-views').slice(40, 60)],
  ['exclude across a nullable FK', (i) => Note.objects.exclude({ writer__name__icontains: `w${i}` }).orderBy('title')],
  ['isnull both ways', (i) => Note.objects.filter({ writer__isnull: i % 2 === 0 })],
  ['null value', (i) => Note.objects.filter({ writer: i % 2 ? null : i })],
  ['Q or / not', (i) => Note.objects.filter(Q({ views: i }).or(Q({ title__startswith: 'a' }).not()))],
  ['in and range', (i) => Note.objects.filter({ id__in: [i, i + 1], views__range: [i, i + 5] })],
  ['date transform', (i) => Note.objects.filter({ at__year: 2000 + i })],
  ['reverse, distinct, all', (i) => Note.objects.all().filter({ views__lt: i }).orderBy('views').reverse().distinct()],
  ['slices', (i) => Note.objects.filter({ views: i }).slice(i % 3, 10).slice(1)],
  ['an instance as the value', (i) => Note.objects.filter({ writer: new Writer({ id: i, name: 'x' }) })],
  ['selectRelated, defer and a page', (i) => Note.objects.selectRelated('writer').defer('title').filter({ views: i }).orderBy('-id').slice(i, i + 20)],
  ['only across a join', (i) => Note.objects.selectRelated('writer').only('title', 'writer__name').filter({ writer: i })],
  ['defer(null) after defer', (i) => Note.objects.defer('title').defer(null).filter({ views: i })],
  ['only, then defer', (i) => Note.objects.only('title', 'views').defer('views').filter({ id: i })],
  ['expression (general path)', (i) => Note.objects.filter({ views__gt: F('id').add(i) })],
  ['after values() (general path)', (i) => Note.objects.filter({ views: i }).values('title')],
];

test('a shaped chain gives the same SQL and parameters as the general path, on both dialects', () => {
  for (const [name, make] of chains) {
    for (const dialect of [0, 1] as const) {
      for (let i = 0; i < 6; i++) {
        const qs = make(i);
        assert.equal(qs.toSql(dialect), general(qs, dialect), `${name} (dialect ${dialect}, run ${i})`);
      }
    }
  }
});

test('kinds that change the SQL reach different shapes', () => {
  const a = Note.objects.filter({ writer: 1 });
  const b = Note.objects.filter({ writer: null });
  const c = Note.objects.filter({ writer__isnull: true });
  const d = Note.objects.filter({ writer__isnull: false });
  const shapes = new Set([a.shape, b.shape, c.shape, d.shape]);
  assert.is(shapes.size, 4);
  assert.ok(![...shapes].includes(null));
  // the same chain with other values: the same node
  assert.is(Note.objects.filter({ writer: 2 }).shape, a.shape);
  assert.is(Note.objects.filter({ views: 1 }).orderBy('title').slice(0, 5).shape, Note.objects.filter({ views: 9 }).orderBy('title').slice(0, 5).shape);
  assert.is.not(Note.objects.filter({ views: 1 }).slice(0, 5).shape, Note.objects.filter({ views: 1 }).slice(0, 6).shape);
  assert.is.not(Note.objects.filter({ views: 1 }).slice(0, 5).shape, Note.objects.filter({ views: 1 }).slice(1, 6).shape);
  // selectRelated(), defer() and only() log their names
  const related = Note.objects.selectRelated('writer');
  assert.ok(related.shape !== null && related.shape !== Note.objects.shape);
  assert.is(Note.objects.selectRelated('writer').filter({ views: 1 }).shape, related.filter({ views: 2 }).shape);
  const masks = [Note.objects.defer('title'), Note.objects.defer('views'), Note.objects.only('title'), Note.objects.defer('title', 'views'), Note.objects.defer('title').defer(null)];
  assert.is(new Set(masks.map((qs) => qs.shape)).size, masks.length);
  assert.ok(masks.every((qs) => qs.shape !== null));
  assert.is(Note.objects.selectRelated('writer').defer('title').shape, Note.objects.selectRelated('writer').defer('title').shape);
  assert.is.not(Note.objects.selectRelated('writer').defer('title').shape, Note.objects.defer('title').selectRelated('writer').shape);
  // a method that does not log itself leaves no shape
  assert.is(Note.objects.filter({ views: 1 }).values('title').shape, null);
  assert.is(Note.objects.filter({ views__gt: F('id') }).shape, null);
});

test('a repeated shape calls neither the key walk nor the generator', () => {
  clearShapeCache();
  const make = (i: number) => Note.objects.filter({ writer: i, views__gte: 10 }).orderBy('-views').slice(40, 60);
  make(0).toSql(0);
  const generated = plan.generated;
  const keys = cachedShapes();
  const nodes = shapeNodes();
  for (let i = 1; i < 1000; i++) make(i).toSql(0);
  assert.is(plan.generated, generated, 'no generation');
  assert.is(cachedShapes(), keys, 'no string key looked up or added');
  assert.is(shapeNodes(), nodes, 'no trie node added');
  // after clearShapeCache() the shape generates again, once
  clearShapeCache();
  make(1).toSql(0);
  make(2).toSql(0);
  assert.is(plan.generated, generated + 1);
});

test('errors are raised where the general path raises them', () => {
  assert.throws(() => Note.objects.filter({ nope: 1 } as any).toSql(0), /Cannot resolve keyword 'nope'/);
  // orderBy() checks names when called; a chain seen before skips only names it checked
  Note.objects.filter({ views: 1 }).orderBy('title');
  assert.throws(() => Note.objects.filter({ views: 1 }).orderBy('title', 'nope' as any), /Cannot resolve keyword 'nope'/);
  assert.throws(() => Note.objects.filter({ views: 1 }).orderBy(3 as any), /Invalid order_by argument/);
  assert.throws(() => Note.objects.filter({ views__in: 3 as any }).toSql(0), /needs a list of values/);
  assert.throws(() => Note.objects.filter({ writer__isnull: 'yes' as any }).toSql(0), /must be true or false/);
  assert.throws(() => Note.objects.filter({ views__gt: null as any }).toSql(0), /Cannot use None/);
  // so do selectRelated(), defer() and only()
  Note.objects.selectRelated('writer').defer('title').only('views');
  assert.throws(() => Note.objects.selectRelated('writer', 'not a name' as any), /Invalid field name\(s\) given in select_related: 'not a name'/);
  assert.throws(() => Note.objects.selectRelated(3 as any), /Invalid field name\(s\)/);
  assert.throws(() => Note.objects.selectRelated('writer').defer('title', 'nope' as any), /nope/);
  assert.throws(() => Note.objects.selectRelated('writer').defer(7 as any), /defer\(\) takes field names/);
  assert.throws(() => Note.objects.selectRelated('writer').defer('title').only('views__x' as any), /not a relation/);
  // a shape seen with good values still checks every value
  Note.objects.filter({ id__in: [1] }).toSql(0);
  assert.throws(() => Note.objects.filter({ id__in: 3 as any }).toSql(0), /needs a list of values/);
});

test('memory does not grow over 100,000 builds of one shape', () => {
  const make = (i: number) => Note.objects.filter({ writer: i, views__gte: 10 }).orderBy('-views').slice(40, 60).toSql(0);
  for (let i = 0; i < 1000; i++) make(i);
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const heap = process.memoryUsage().heapUsed;
  const linear = memorySize();
  const nodes = shapeNodes();
  const keys = cachedShapes();
  for (let i = 0; i < 100_000; i++) make(i);
  gc();
  assert.is(memorySize(), linear, 'WebAssembly memory');
  assert.is(shapeNodes(), nodes, 'trie nodes');
  assert.is(cachedShapes(), keys, 'cached statements');
  assert.ok(process.memoryUsage().heapUsed - heap < 2 * 1024 * 1024, `heap grew by ${process.memoryUsage().heapUsed - heap} bytes`);
});

test('past the node limit the trie restarts: managers keep the fast path, older QuerySets take the general one', () => {
  const make = (i: number) => Note.objects.filter({ views: i }).orderBy('title').slice(0, 5 + (i % 50));
  const kept = Note.objects.filter({ title: 'kept' });
  const previous = setNodeLimit(40);
  try {
    for (let i = 0; i < 200; i++) {
      const qs = make(i);
      assert.equal(qs.toSql(0), general(qs, 0));
      const more = kept.orderBy(i % 2 ? 'views' : 'title').slice(0, 1 + (i % 30));
      assert.equal(more.toSql(0), general(more, 0));
      assert.ok(shapeNodes() <= 40);
    }
    // after the restarts the chain is shaped again from the manager's new root, and cached
    make(3).toSql(0);
    const generated = plan.generated;
    assert.equal(make(3).toSql(0), general(make(3), 0));
    assert.is(plan.generated, generated);
  } finally {
    setNodeLimit(previous);
  }
});

test.run();
