// union() / intersection() / difference() and datetimes(), on both backends
// (after Django's tests/queries/test_qs_combinators.py and tests/dates).
import * as assert from 'uvu/assert';
import { FieldError, ValueError } from '../../src/core/exceptions';
import { Count, DatabaseError, NotSupportedError } from '../../src/db/index';
import { type Ctx, dbSuite, rejects, throws } from './harness';
import { ALL, Author, Question } from './models';

const d = (s: string) => new Date(s);

async function seed() {
  for (const [name, age] of [['Alice', 30], ['Bob', 45], ['Carol', 50], ['Dan', 20]] as const) await Author.objects.create({ name, age });
}

/** Runs `fn` recording each statement the backend runs and the rows it returned (the real backend, observed). */
async function observed<T>(db: Ctx['db'], fn: () => Promise<T>): Promise<{ value: T; sql: string[]; rows: number[] }> {
  const query = db.query;
  const sql: string[] = [];
  const rows: number[] = [];
  (db as any).query = async (text: string, params: readonly unknown[]) => {
    const r = await query.call(db, text, params);
    sql.push(text);
    rows.push(r.length);
    return r;
  };
  try {
    return { value: await fn(), sql, rows };
  } finally {
    (db as any).query = query;
  }
}

dbSuite('combinators', ALL, (test, ctx) => {
  test('union of two filters, ordered and sliced as a whole', async () => {
    await seed();
    const young = Author.objects.filter({ age__lt: 31 });
    const old = Author.objects.filter({ age__gt: 46 });
    const both = young.union(old).orderBy('name');
    assert.equal((await both).map((a) => a.name), ['Alice', 'Carol', 'Dan']);
    assert.ok((await both)[0] instanceof Author);
    assert.equal((await young.union(old).orderBy('-age').slice(0, 2)).map((a) => a.name), ['Carol', 'Alice']);
    assert.equal((await young.union(old).orderBy('age').slice(1)).map((a) => a.name), ['Alice', 'Carol']);
    assert.equal((await young.union(old).orderBy('age').reverse()).map((a) => a.name), ['Carol', 'Alice', 'Dan']);
    assert.is(await young.union(old).count(), 3);
    assert.ok(await young.union(old).exists());
  });

  test('union removes duplicates; union({ all: true }) keeps them', async () => {
    await seed();
    const a = Author.objects.filter({ age__lt: 40 });
    const b = Author.objects.filter({ age__lt: 35 });
    assert.is(await a.union(b).count(), 2);
    assert.is(await a.union(b, { all: true }).count(), 4);
    assert.equal(await a.union(b, { all: true }).orderBy('name').valuesList('name', { flat: true }), ['Alice', 'Alice', 'Dan', 'Dan']);
  });

  test('intersection and difference', async () => {
    await seed();
    const a = Author.objects.filter({ age__gte: 30 });
    const b = Author.objects.filter({ age__lte: 45 });
    assert.equal(await a.intersection(b).orderBy('name').valuesList('name', { flat: true }), ['Alice', 'Bob']);
    assert.equal(await a.difference(b).valuesList('name', { flat: true }), ['Carol']);
    assert.equal(await b.difference(a).values('name'), [{ name: 'Dan' }]);
  });

  test('values() on a union applies to every query; three queries chain', async () => {
    await seed();
    const q = Author.objects.filter({ name: 'Alice' }).union(Author.objects.filter({ name: 'Bob' }), Author.objects.filter({ name: 'Dan' }));
    assert.equal(await q.orderBy('-name').valuesList('name', 'age'), [['Dan', 20], ['Bob', 45], ['Alice', 30]]);
    const chained = Author.objects.filter({ name: 'Alice' }).union(Author.objects.filter({ name: 'Bob' })).union(Author.objects.filter({ name: 'Carol' }));
    assert.is(await chained.count(), 3);
    // different models with the same column count, as in Django
    const mixed = Author.objects.filter({ name: 'Alice' }).valuesList('name').union(Question.objects.valuesList('question_text'));
    await Question.objects.create({ question_text: 'Zed?', pub_date: d('2024-01-01T00:00:00Z') });
    assert.equal(await mixed.orderBy('name'), [['Alice'], ['Zed?']]);
  });

  test('ordered and sliced parts: parenthesised on PostgreSQL, refused on SQLite as in Django', async () => {
    await seed();
    const oldest = Author.objects.orderBy('-age').slice(0, 1);
    const youngest = Author.objects.orderBy('age').slice(0, 1);
    const ends = oldest.union(youngest).orderBy('name');
    const middle = Author.objects.orderBy('name').slice(1, 3).union(Author.objects.filter({ name: 'Dan' })).orderBy('-name');
    if (ctx.vendor === 'postgresql') {
      assert.equal(await ends.valuesList('name', { flat: true }), ['Carol', 'Dan']);
      assert.equal(await middle.valuesList('name', { flat: true }), ['Dan', 'Carol', 'Bob']);
      assert.is(await ends.count(), 2);
      // a part's OFFSET takes its parameter slot in order with the other parts' values
      const q = Author.objects.filter({ age__gte: 30 }).orderBy('age').slice(1).union(Author.objects.filter({ age__lt: 25 }));
      assert.equal(await q.orderBy('-name').valuesList('name', { flat: true }), ['Dan', 'Carol', 'Bob']);
      assert.equal(await Author.objects.filter({ age__gte: 30 }).orderBy('age').difference(Author.objects.filter({ name: 'Bob' })).orderBy('age').valuesList('age', { flat: true }), [30, 50]);
    } else {
      await rejects(async () => ends.fetch(), DatabaseError, /^LIMIT\/OFFSET not allowed in subqueries of compound statements\.$/);
      await rejects(async () => Author.objects.orderBy('name').union(Author.objects.all()).fetch(), DatabaseError, /^ORDER BY not allowed in subqueries of compound statements\.$/);
      await rejects(() => Author.objects.all().intersection(Author.objects.slice(2)).count(), DatabaseError, /LIMIT\/OFFSET not allowed/);
    }
  });

  test('count() and exists() of a union, an alias()ed and a sliced queryset run one COUNT in SQL and fetch no rows', async () => {
    await seed();
    const u = Author.objects.filter({ age__lt: 31 }).union(Author.objects.filter({ age__gt: 46 }));
    const cases: Array<[string, () => Promise<unknown>, unknown]> = [
      ['union count', () => u.count(), 3],
      ['union exists', () => u.exists(), true],
      ['empty union exists', () => Author.objects.filter({ age: 1 }).union(Author.objects.filter({ age: 2 })).exists(), false],
      ['union all count', () => Author.objects.filter({ age__lt: 31 }).union(Author.objects.filter({ age: 20 }), { all: true }).count(), 3],
      ['sliced union count', () => u.orderBy('name').slice(1, 5).count(), 2],
      ['alias count', () => Author.objects.alias({ n: Count('questions') }).filter({ n: 0 }).count(), 4],
      ['slice count', () => Author.objects.orderBy('name').slice(1, 3).count(), 2],
      ['open slice count', () => Author.objects.slice(3).count(), 1],
      ['slice past the end exists', () => Author.objects.orderBy('name').slice(4).exists(), false],
      ['slice exists', () => Author.objects.filter({ age__gt: 25 }).slice(2, 3).exists(), true],
      ['annotate count', () => Author.objects.annotate({ n: Count('questions') }).count(), 4],
      ['distinct values count', () => Author.objects.filter({ age__gt: 0 }).values('age').distinct().count(), 4],
      // two tables' "id" columns in one subquery: both databases accept the duplicate names
      ['select_related slice count', () => Question.objects.selectRelated('author').slice(0, 5).count(), 0],
    ];
    for (const [name, run, expected] of cases) {
      const { value, sql, rows } = await observed(ctx.db, run);
      assert.equal(value, expected, name);
      assert.is(sql.length, 1, `${name}: one query`);
      assert.is(rows[0], expected === false ? 0 : 1, `${name}: one row read, not the rows counted`);
      assert.match(sql[0]!, /^SELECT (COUNT\(\*\)|1) FROM \(/, name);
    }
    // the statement of a shape is cached like any other: the values change, the SQL does not
    const a = await observed(ctx.db, () => Author.objects.slice(1, 2).count());
    const b = await observed(ctx.db, () => Author.objects.slice(3, 4).count());
    assert.is(a.value, 1);
    assert.is(b.value, 1);
    assert.is(a.sql[0], b.sql[0]);
  });

  test('a combined query combined again with another operator is a nested part (Django: parentheses, a subquery on SQLite)', async () => {
    await seed();
    const [alice, bob, carol, dan] = ['Alice', 'Bob', 'Carol', 'Dan'].map((name) => Author.objects.filter({ name }));
    const ab = alice!.union(bob!);
    // (Alice ∪ Bob) ∩ (Bob ∪ Carol) = Bob
    assert.equal(await ab.intersection(bob!.union(carol!)).valuesList('name', { flat: true }), ['Bob']);
    // (Alice ∪ Bob) − Alice, then ∪ Dan
    const mixed = ab.difference(alice!).union(dan!);
    assert.equal(await mixed.orderBy('name').valuesList('name', { flat: true }), ['Bob', 'Dan']);
    assert.is(await mixed.count(), 2);
    // UNION ALL then UNION removes the duplicates of the inner part too
    assert.is(await alice!.union(alice!, { all: true }).union(bob!).count(), 2);
    assert.is(await alice!.union(alice!, { all: true }).union(bob!, { all: true }).count(), 3);
    // instances come back through the first part
    const objs = await ab.intersection(Author.objects.filter({ age__gt: 40 })).orderBy('-age');
    assert.equal(objs.map((o) => o.name), ['Bob']);
    assert.ok(objs[0] instanceof Author);
    // a nested part's values continue the outer numbering of parameters
    const deep = Author.objects.filter({ age__gte: 30 }).difference(Author.objects.filter({ age__gte: 50 })).union(Author.objects.filter({ age__lt: 25 }));
    assert.equal(await deep.orderBy('age').valuesList('age', { flat: true }), [20, 30, 45]);
  });

  test('get() and first() on a union', async () => {
    await seed();
    const q = Author.objects.filter({ name: 'Alice' }).union(Author.objects.filter({ name: 'Bob' }));
    assert.is((await q.orderBy('name').first())!.name, 'Alice');
    await rejects(() => q.get(), Author.MultipleObjectsReturned);
    await rejects(() => q.get({ name: 'Alice' }), NotSupportedError, /Calling QuerySet.get\(...\) with filters after union\(\) is not supported/);
  });

  test('bad input: methods Django refuses after a combinator, ordered or sliced parts, mismatched columns', async () => {
    await seed();
    const u = Author.objects.filter({ age: 30 }).union(Author.objects.filter({ age: 45 }));
    throws(() => u.filter({ name: 'x' }), NotSupportedError, /Calling QuerySet.filter\(\) after union\(\) is not supported./);
    throws(() => u.exclude({ name: 'x' }), NotSupportedError, /exclude\(\) after union/);
    throws(() => u.annotate({ n: Count('questions') }), NotSupportedError, /annotate\(\) after union/);
    throws(() => u.distinct(), NotSupportedError);
    throws(() => u.selectRelated(), NotSupportedError);
    throws(() => u.prefetchRelated('questions'), NotSupportedError, /Calling QuerySet.prefetchRelated\(\) after union\(\) is not supported./);
    throws(() => u.only('name'), NotSupportedError, /only\(\) after union/);
    throws(() => u.defer('name'), NotSupportedError, /defer\(\) after union/);
    throws(() => Author.objects.all().intersection(Author.objects.all()).alias({}), NotSupportedError, /alias\(\) after intersection/);
    await rejects(() => u.update({ age: 1 }), NotSupportedError, /update\(\) after union/);
    await rejects(() => u.delete(), NotSupportedError, /delete\(\) after union/);
    await rejects(() => u.aggregate({ n: Count('pk') }), NotSupportedError);
    throws(() => Author.objects.all().union(3 as any), TypeError, /takes QuerySets/);
    await rejects(async () => Author.objects.valuesList('name').union(Author.objects.valuesList('name', 'age')).fetch(), DatabaseError, /same number of columns: 1 and 2/);
    await rejects(async () => u.orderBy('nope' as any).fetch(), DatabaseError, /ORDER BY term does not match any column in the result set: 'nope'/);
    await rejects(async () => Author.objects.filter({ name__in: u }).fetch(), DatabaseError, /union\(\) cannot be used as a subquery/);
    throws(() => u.values('nope' as any), FieldError, /Cannot resolve keyword 'nope'/);
  });

  test('datetimes() truncates to each unit in UTC and reads back Dates', async () => {
    for (const t of ['2024-01-15T10:20:30Z', '2024-01-15T10:50:00Z', '2024-03-02T23:20:30Z', '2023-12-31T00:00:01Z']) {
      await Question.objects.create({ question_text: t, pub_date: d(t) });
    }
    const iso = async (kind: any, order?: 'ASC' | 'DESC') =>
      (await Question.objects.datetimes('pub_date', kind, order ? { order } : {})).map((x) => x.toISOString());
    assert.equal(await iso('year'), ['2023-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
    assert.equal(await iso('month', 'DESC'), ['2024-03-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2023-12-01T00:00:00.000Z']);
    assert.equal(await iso('day'), ['2023-12-31T00:00:00.000Z', '2024-01-15T00:00:00.000Z', '2024-03-02T00:00:00.000Z']);
    assert.equal(await iso('hour'), ['2023-12-31T00:00:00.000Z', '2024-01-15T10:00:00.000Z', '2024-03-02T23:00:00.000Z']);
    assert.equal((await iso('minute')).length, 4);
    assert.equal(await iso('second', 'DESC'), [
      '2024-03-02T23:20:30.000Z',
      '2024-01-15T10:50:00.000Z',
      '2024-01-15T10:20:30.000Z',
      '2023-12-31T00:00:01.000Z',
    ]);
    assert.equal(
      (await Question.objects.filter({ pub_date__year: 2024 }).datetimes('pub_date', 'month')).map((x) => x.toISOString()),
      ['2024-01-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    );
  });

  test('datetimes() and dates() bad input', async () => {
    throws(() => Question.objects.datetimes('question_text', 'day'), FieldError, /'question_text' isn't a DateTimeField/);
    throws(() => Question.objects.datetimes('pub_date', 'week' as any), ValueError, /'kind' must be one of/);
    throws(() => Question.objects.datetimes('pub_date', 'day', { order: 'UP' as any }), ValueError, /'order' must be either 'ASC' or 'DESC'/);
    throws(() => Question.objects.dates('pub_date', 'day', { order: 'x' as any }), ValueError, /'order'/);
    throws(() => Question.objects.datetimes('nope', 'day'), FieldError);
  });
});
