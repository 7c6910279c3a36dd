// union() / intersection() / difference() and datetimes(), on both backends
// (after Django's tests/queries/test_qs_combinators.py and tests/dates).
import * as assert from 'uvu/assert';
import { FieldError, ValueError } from '../../src/core/exceptions';
import { Count, DatabaseError, NotSupportedError } from '../../src/db/index';
import { dbSuite, rejects, throws } from './harness';
import { ALL, Author, Question } from './models';

const d = (s: string) => new Date(s);

async function seed() {
  for (const [name, age] of [['Alice', 30], ['Bob', 45], ['Carol', 50], ['Dan', 20]] as const) await Author.objects.create({ name, age });
}

dbSuite('combinators', ALL, (test) => {
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
    throws(() => Author.objects.all().intersection(Author.objects.all()).alias({}), NotSupportedError, /alias\(\) after intersection/);
    await rejects(() => u.update({ age: 1 }), NotSupportedError, /update\(\) after union/);
    await rejects(() => u.delete(), NotSupportedError, /delete\(\) after union/);
    await rejects(() => u.aggregate({ n: Count('pk') }), NotSupportedError);
    throws(() => Author.objects.orderBy('name').union(Author.objects.all()), DatabaseError, /ORDER BY not allowed in subqueries of compound statements/);
    throws(() => Author.objects.all().union(Author.objects.all().slice(0, 1)), DatabaseError, /LIMIT\/OFFSET not allowed/);
    throws(() => u.intersection(Author.objects.all()), NotSupportedError, /intersection\(\) on the result of union\(\)/);
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
