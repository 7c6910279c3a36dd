// The WebAssembly query compiler: SQL text per dialect, identifier quoting,
// parameter order, the cache by shape and the memory budget.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CASCADE, CharField, DateField, DateTimeField, F, ForeignKey, IntegerField, Q, defineModel } from '../../src/db/index';
import * as compilerFns from '../../src/db/sql/compiler';
import { cachedShapes } from '../../src/db/sql/compiler';
import * as plan from '../../src/db/sql/wasm';
import { wasm } from '../../src/wasm/instance';
import { memorySize } from '../../src/wasm/memory';

const SQLITE = 0;
const PG = 1;

const Reporter = defineModel('sg.Reporter', {
  first_name: CharField({ maxLength: 30 }),
  last_name: CharField({ maxLength: 30, dbColumn: 'last"name' }),
});
const Article = defineModel(
  'sg.Article',
  {
    headline: CharField({ maxLength: 100 }),
    reporter: ForeignKey(() => Reporter, { onDelete: CASCADE, null: true }),
    views: IntegerField({ default: 0 }),
  },
  { ordering: ['-views'] },
);

const EventModel = defineModel('sg.Event', { at: DateTimeField(), day: DateField() });

test('a filtered, ordered, sliced query on SQLite', () => {
  const { sql, params } = Article.objects.filter({ headline__startswith: 'Hello', views__gte: 3 }).orderBy('headline').slice(10, 30).toSql(SQLITE);
  assert.is(
    sql,
    'SELECT "sg_article"."id", "sg_article"."headline", "sg_article"."reporter_id", "sg_article"."views" FROM "sg_article" ' +
      'WHERE (substr("sg_article"."headline", 1, length(?)) = ? AND "sg_article"."views" >= ?) ORDER BY "sg_article"."headline" ASC LIMIT 20 OFFSET ?',
  );
  // startswith uses its value twice: the parameter order repeats it. The
  // limit is an integer written into the text (a page size is part of the
  // shape), the offset a parameter.
  assert.equal(params, ['Hello', 'Hello', 3, 10]);
});

test('the same query on PostgreSQL numbers parameters by slot', () => {
  const { sql, params } = Article.objects.filter({ headline__startswith: 'Hello', views__gte: 3 }).orderBy('headline').slice(10, 30).toSql(PG);
  assert.is(
    sql,
    'SELECT "sg_article"."id", "sg_article"."headline", "sg_article"."reporter_id", "sg_article"."views" FROM "sg_article" ' +
      'WHERE (starts_with(("sg_article"."headline")::text, $1) AND "sg_article"."views" >= $2) ORDER BY "sg_article"."headline" ASC LIMIT 20 OFFSET $3',
  );
  assert.equal(params, ['Hello', 3, 10]);
});

test('joins across a nullable FK: LEFT for ordering and OR, INNER for a top-level filter', () => {
  const ordered = Article.objects.orderBy('reporter__first_name').toSql(SQLITE).sql;
  assert.match(ordered, 'LEFT OUTER JOIN "sg_reporter" ON ("sg_article"."reporter_id" = "sg_reporter"."id")');
  const filtered = Article.objects.filter({ reporter__first_name: 'A' }).toSql(SQLITE).sql;
  assert.match(filtered, ' INNER JOIN "sg_reporter" ON ');
  const either = Article.objects.filter(Q({ reporter__first_name: 'A' }).or(Q({ views: 1 }))).toSql(SQLITE).sql;
  assert.match(either, 'LEFT OUTER JOIN');
  // the FK column itself needs no join
  assert.not.match(Article.objects.filter({ reporter__id: 1 }).toSql(SQLITE).sql, 'JOIN');
});

test('date transforms per dialect', () => {
  const Event = EventModel;
  assert.match(Event.objects.filter({ at__year: 2024 }).toSql(SQLITE).sql, `(CAST(strftime('%Y', "sg_event"."at") AS INTEGER)) = ?`);
  assert.match(Event.objects.filter({ at__year: 2024 }).toSql(PG).sql, `EXTRACT(YEAR FROM ("sg_event"."at") AT TIME ZONE 'UTC') = $1`);
  assert.match(Event.objects.filter({ day__week_day: 1 }).toSql(PG).sql, `(EXTRACT(DOW FROM ("sg_event"."day")) + 1) = $1`);
  assert.match(Event.objects.filter({ at__date: '2024-01-01' }).toSql(PG).sql, `(("sg_event"."at") AT TIME ZONE 'UTC')::date = $1`);
  assert.match(Event.objects.filter({ at__date: '2024-01-01' }).toSql(SQLITE).sql, `date("sg_event"."at") = ?`);
});

test('identifiers are quoted, embedded quotes doubled', () => {
  const { sql } = Reporter.objects.filter({ last_name: 'x' }).toSql(SQLITE);
  assert.match(sql, '"sg_reporter"."last""name" = ?');
});

test('in uses one parameter whatever the list length (the shape stays cached)', () => {
  const a = Article.objects.filter({ id__in: [1, 2, 3] }).toSql(SQLITE);
  const b = Article.objects.filter({ id__in: [1, 2, 3, 4, 5, 6] }).toSql(SQLITE);
  assert.is(a.sql, b.sql);
  assert.match(a.sql, '"sg_article"."id" IN (SELECT value FROM json_each(?))');
  assert.equal(a.params, ['[1,2,3]']);
  const p = Article.objects.filter({ id__in: [1, 2] }).toSql(PG);
  assert.match(p.sql, '"sg_article"."id" = ANY($1)');
  assert.equal(p.params, [[1, 2]]);
});

test('exclude on a nullable column keeps NULL rows (Django semantics)', () => {
  const { sql } = Article.objects.exclude({ reporter__first_name: 'A' }).toSql(SQLITE);
  assert.match(sql, 'NOT ((');
  assert.match(sql, '"sg_reporter"."first_name" IS NOT NULL');
});

test('F() and arithmetic compile to columns, values to parameters', () => {
  const { sql, params } = Article.objects.filter({ views__gt: F('id').mul(2).add(1) }).toSql(PG);
  // PostgreSQL is told each value's type (it would take 0.5 as the column's integer)
  assert.match(sql, '"sg_article"."views" > (("sg_article"."id" * $1::integer) + $2::integer)');
  assert.equal(params, [2, 1]);
  const typed = Article.objects.filter({ views__gt: F('id').mul(0.5).add('1.10').sub(2 ** 40) }).toSql(PG).sql;
  assert.match(typed, '((("sg_article"."id" * $1::double precision) + $2::numeric) - $3::bigint)');
  const lite = Article.objects.filter({ views__gt: F('id').mul(0.5).add('1.10') }).toSql(SQLITE).sql;
  assert.match(lite, '(("sg_article"."id" * ?) + ?)');
});

test('a repeated shape generates no SQL and no wasm call; a new shape does once', () => {
  const before = plan.generated;
  const shapes = cachedShapes();
  for (let i = 0; i < 100; i++) Article.objects.filter({ headline: `h${i}`, views__lt: i }).orderBy('-views').slice(0, 10).toSql(SQLITE);
  assert.is(plan.generated - before, 1);
  assert.is(cachedShapes() - shapes, 1);
  // null changes the SQL (IS NULL), so it is a different shape
  Article.objects.filter({ headline: null as any, views__lt: 1 }).orderBy('-views').slice(0, 10).toSql(SQLITE);
  assert.is(plan.generated - before, 2);
});

test('linear memory does not grow with the number of compilations', () => {
  // warm up: one compilation of each shape used below
  const make = (i: number) =>
    Article.objects.filter(Q({ headline__icontains: `x${i}` }).or(Q({ reporter__last_name__endswith: 'z' }))).orderBy(i % 2 ? 'headline' : '-views');
  make(0).toSql(SQLITE);
  make(1).toSql(PG);
  const size = memorySize();
  const idents = wasm.sqlIdentCount();
  for (let i = 0; i < 2000; i++) {
    // compile through the wasm module every time (bypassing the shape cache)
    const p = [plan.OP_SELECT, 0, 1, plan.E_STAR, plan.intern('sg_article'), plan.intern('sg_article'), 0, 1, plan.E_LOOKUP, i % 17, plan.E_COL, plan.intern('sg_article'), plan.intern('headline')];
    if (i % 17 === plan.LOOKUPS.isnull) p.push(1);
    else if (i % 17 === plan.LOOKUPS.range) p.push(plan.E_PARAM, 0, plan.E_PARAM, 1);
    else p.push(plan.E_PARAM, 0);
    p.push(0, 0, 0);
    plan.compilePlan(i % 2 ? SQLITE : PG, p);
  }
  assert.is(memorySize(), size);
  assert.is(wasm.sqlIdentCount(), idents);
});

test('a malformed plan is refused by the module, not turned into SQL', () => {
  assert.throws(() => plan.compilePlan(SQLITE, [plan.OP_SELECT, 0, 1, 99]));
  assert.throws(() => plan.compilePlan(SQLITE, [plan.OP_SELECT, 0, 1, plan.E_COL, 0, 123456]));
});

test('update and delete with a join use a pk subquery', () => {
  // The compiler is reached through the QuerySet API; SQL is checked on the statement cache by running toSql-equivalents.
  const { updateStatement, deleteStatement } = compilerFns;
  const st = Article.objects.filter({ reporter__first_name: 'A' }).state;
  const u = updateStatement(st, SQLITE, { views: 0 });
  assert.is(
    u.compiled.stmt.sql,
    'UPDATE "sg_article" SET "views" = ? WHERE "sg_article"."id" IN (SELECT "sg_article"."id" FROM "sg_article" INNER JOIN "sg_reporter" ON ("sg_article"."reporter_id" = "sg_reporter"."id") WHERE "sg_reporter"."first_name" = ?)',
  );
  assert.equal(u.params, [0, 'A']);
  const dl = deleteStatement(Article.objects.filter({ views__lt: 3 }).state, PG);
  assert.is(dl.compiled.stmt.sql, 'DELETE FROM "sg_article" WHERE "sg_article"."views" < $1');
});

test.run();
