// Subquery / OuterRef / Exists, aggregates with `filter`, ExpressionWrapper and
// alias(), on both backends (after Django's tests/expressions and
// tests/aggregation_regress, and the QuerySet API reference's examples).
import * as assert from 'uvu/assert';
import { FieldError, ValueError } from '../../src/core/exceptions';
import { Count, Exists, ExpressionWrapper, F, FloatField, IntegerField, Max, OuterRef, Q, Subquery, Sum } from '../../src/db/index';
import { dbSuite, rejects, throws } from './harness';
import * as M from './models';

// annotation and alias names are not in the model types yet: the queries are built untyped
const { ALL } = M;
const Author: any = M.Author;
const Question: any = M.Question;
const Choice: any = M.Choice;

const d = (s: string) => new Date(s);

async function seed() {
  const alice = await Author.objects.create({ name: 'Alice', age: 30 });
  const bob = await Author.objects.create({ name: 'Bob', age: 45 });
  const carol = await Author.objects.create({ name: 'Carol', age: 50 });
  const q1 = await Question.objects.create({ question_text: 'Old of Alice', pub_date: d('2024-01-01T10:00:00Z'), author: alice });
  const q2 = await Question.objects.create({ question_text: 'New of Alice', pub_date: d('2024-03-01T10:00:00Z'), author: alice });
  const q3 = await Question.objects.create({ question_text: 'Only of Bob', pub_date: d('2024-02-01T10:00:00Z'), author: bob });
  await Choice.objects.create({ question: q1, choice_text: 'a', votes: 1 });
  await Choice.objects.create({ question: q1, choice_text: 'b', votes: 5 });
  await Choice.objects.create({ question: q2, choice_text: 'c', votes: 3 });
  await Choice.objects.create({ question: q3, choice_text: 'd', votes: 0 });
  return { alice, bob, carol, q1, q2, q3 };
}

dbSuite('subqueries', ALL, (test) => {
  test('Subquery with OuterRef annotates each row with a value of its newest related row', async () => {
    await seed();
    const newest = Question.objects.filter({ author: OuterRef('pk') }).orderBy('-pub_date').values('question_text').slice(0, 1);
    const rows = await Author.objects.annotate({ newest: Subquery(newest) }).orderBy('name').values('name', 'newest');
    assert.equal(rows, [
      { name: 'Alice', newest: 'New of Alice' },
      { name: 'Bob', newest: 'Only of Bob' },
      { name: 'Carol', newest: null },
    ]);
  });

  test('Subquery reads back with the inner column type, and can be filtered and ordered on', async () => {
    await seed();
    const latest = Question.objects.filter({ author: OuterRef('pk') }).orderBy('-pub_date').values('pub_date').slice(0, 1);
    const authors = await Author.objects.annotate({ latest: Subquery(latest) }).filter({ latest__gte: d('2024-02-01T00:00:00Z') }).orderBy('-latest');
    assert.equal(authors.map((a: any) => a.name), ['Alice', 'Bob']);
    assert.ok((authors[0] as any).latest instanceof Date);
    assert.equal((authors[0] as any).latest, d('2024-03-01T10:00:00Z'));
  });

  test('Subquery of an aggregate grouped by the outer reference (votes per author)', async () => {
    await seed();
    const votes = Choice.objects.filter({ question__author: OuterRef('pk') }).values('question__author').annotate({ total: Sum('votes') }).values('total');
    const rows = await Author.objects.annotate({ votes: Subquery(votes) }).orderBy('name').valuesList('name', 'votes');
    assert.equal(rows, [['Alice', 9], ['Bob', 0], ['Carol', null]]);
  });

  test('Subquery as a filter value compares with the outer row', async () => {
    const { q2 } = await seed();
    // the newest question of each author is the one whose pub_date equals its author's newest
    const newest = Question.objects.filter({ author: OuterRef('author') }).orderBy('-pub_date').values('pub_date').slice(0, 1);
    const qs = await Question.objects.filter({ pub_date: Subquery(newest) }).orderBy('question_text');
    assert.equal(qs.map((q: any) => q.question_text), [q2.question_text, 'Only of Bob']);
  });

  test('Exists filters rows that have a matching related row; not() negates it', async () => {
    await seed();
    const popular = Choice.objects.filter({ question__author: OuterRef('pk'), votes__gte: 5 });
    assert.equal((await Author.objects.filter(Exists(popular))).map((a: any) => a.name), ['Alice']);
    assert.equal((await Author.objects.filter(Exists(popular).not()).orderBy('name')).map((a: any) => a.name), ['Bob', 'Carol']);
    assert.equal((await Author.objects.exclude(Exists(popular)).orderBy('name')).map((a: any) => a.name), ['Bob', 'Carol']);
    const asked = Question.objects.filter({ author: OuterRef('pk') });
    assert.equal(await Author.objects.filter(Exists(asked), { age__gt: 40 }).valuesList('name', { flat: true }), ['Bob']);
    assert.equal(await Author.objects.filter(Q({ name: 'Carol' }).or(Q({ age: 30 }))).filter(Exists(asked)).valuesList('name', { flat: true }), ['Alice']);
  });

  test('Exists in annotate() is a boolean on both backends', async () => {
    await seed();
    const asked = Question.objects.filter({ author: OuterRef('pk') });
    const rows = await Author.objects.annotate({ asked: Exists(asked) }).orderBy('name').valuesList('name', 'asked');
    assert.equal(rows, [['Alice', true], ['Bob', true], ['Carol', false]]);
  });

  test('OuterRef(OuterRef()) reaches two levels out', async () => {
    await seed();
    // authors having a question with a choice whose votes exceed the author's age / 10
    const choices = Choice.objects.filter({ question: OuterRef('pk'), votes__gt: OuterRef(OuterRef('age')).div(10) });
    const questions = Question.objects.filter({ author: OuterRef('pk') }).filter(Exists(choices));
    assert.equal(await Author.objects.filter(Exists(questions)).valuesList('name', { flat: true }), ['Alice']);
  });

  test('__in with a QuerySet that refers to the outer query', async () => {
    await seed();
    const own = Question.objects.filter({ author: OuterRef('question__author') }).orderBy('pub_date').values('pk').slice(0, 1);
    // choices on the first question of their question's author
    const texts = await Choice.objects.filter({ question__in: own }).orderBy('choice_text').valuesList('choice_text', { flat: true });
    assert.equal(texts, ['a', 'b', 'd']);
    // a plain __in subquery still works, sliced and ordered
    const two = Author.objects.orderBy('-age').slice(0, 2);
    assert.equal(await Question.objects.filter({ author__in: two }).orderBy('question_text').valuesList('question_text', { flat: true }), ['Only of Bob']);
  });

  test('aggregate filter: Count and Sum with filter in annotate() and aggregate()', async () => {
    await seed();
    const rows = await Author.objects
      .annotate({ all: Count('questions'), early: Count('questions', { filter: Q({ questions__pub_date__lt: d('2024-02-15T00:00:00Z') }) }) })
      .orderBy('name')
      .valuesList('name', 'all', 'early');
    assert.equal(rows, [['Alice', 2, 1], ['Bob', 1, 1], ['Carol', 0, 0]]);
    const agg = await Choice.objects.aggregate({
      n: Count('*'),
      many: Count('*', { filter: { votes__gte: 3 } }),
      alice: Sum('votes', { filter: Q({ question__author__name: 'Alice' }) }),
      none: Max('votes', { filter: Q({ votes__gt: 100 }) }),
    });
    assert.equal(agg, { n: 4, many: 2, alice: 9, none: null });
    const distinct = await Author.objects.aggregate({ n: Count('questions__choices__votes', { distinct: true, filter: { questions__choices__votes__gt: 0 } }) });
    assert.equal(distinct, { n: 3 });
  });

  test('aggregate filter on PostgreSQL is FILTER (WHERE), on SQLite CASE WHEN', async ({ vendor }) => {
    const { sql } = Choice.objects.values('question').annotate({ n: Count('pk', { filter: { votes__gt: 1 } }) }).toSql();
    if (vendor === 'postgresql') assert.match(sql, /COUNT\("qt_choice"\."id"\) FILTER \(WHERE "qt_choice"\."votes" > \$1\)/);
    else assert.match(sql, /COUNT\(CASE WHEN "qt_choice"\."votes" > \? THEN "qt_choice"\."id" ELSE NULL END\)/);
  });

  test('ExpressionWrapper converts with its output field', async () => {
    await seed();
    const rows = await Author.objects
      .annotate({ half: ExpressionWrapper(F('age').add(F('age')).div(4), FloatField()), next: ExpressionWrapper(F('age').add(1), IntegerField()) })
      .orderBy('name')
      .valuesList('half', 'next');
    assert.equal(rows, [[15, 31], [22, 46], [25, 51]]); // integer division, as SQL does
    throws(() => ExpressionWrapper('age' as any, FloatField()), TypeError, /takes an expression/);
    throws(() => ExpressionWrapper(F('age'), undefined as any), TypeError, /output field/);
  });

  test('alias() filters and orders without selecting', async () => {
    await seed();
    const qs = Author.objects.alias({ n: Count('questions') }).filter({ n__gte: 1 }).orderBy('-n', 'name');
    const names = await qs.valuesList('name', { flat: true });
    assert.equal(names, ['Alice', 'Bob']);
    const objs = await Author.objects.alias({ older: F('age').add(10) }).filter({ older__gt: 50 }).orderBy('name');
    assert.equal(objs.map((a: any) => a.name), ['Bob', 'Carol']);
    assert.not.ok('older' in objs[0]!);
    assert.is(await Author.objects.alias({ n: Count('questions') }).filter({ n: 0 }).count(), 1);
    throws(() => Author.objects.alias({ n: Count('questions') }).values('n'), FieldError, /Cannot select the 'n' alias. Use annotate\(\) to promote it./);
    throws(() => Author.objects.alias({ name: F('age') }), ValueError, /conflicts with a field/);
    throws(() => Author.objects.alias({ n: F('age') }).alias({ n: F('age') }), ValueError, /conflicts with an existing/);
    throws(() => Author.objects.alias({ 'a b__c': F('age') }), ValueError, /cannot be empty or contain '__'/);
    throws(() => Author.objects.alias({ n: 3 as any }), TypeError, /not an expression/);
  });

  test('bad input: unknown OuterRef field, OuterRef outside a subquery, multi-column Subquery, non-QuerySets', async () => {
    await seed();
    const bad = Question.objects.filter({ author: OuterRef('nope') }).values('pk');
    await rejects(async () => Author.objects.annotate({ x: Subquery(bad) }).fetch(), FieldError, /Cannot resolve keyword 'nope' into field. Choices are: .*name/);
    await rejects(async () => Author.objects.filter(Exists(Question.objects.filter({ nope: OuterRef('pk') }))).fetch(), FieldError, /Cannot resolve keyword 'nope'/);
    await rejects(async () => Question.objects.filter({ author: OuterRef('pk') }).fetch(), ValueError, /may only be used in a subquery/);
    await rejects(async () => Author.objects.annotate({ x: Subquery(Question.objects.values('pk', 'question_text')) }).fetch(), ValueError, /multi-field/);
    throws(() => Subquery({} as any), TypeError, /takes a QuerySet/);
    throws(() => Exists(null as any), TypeError, /takes a QuerySet/);
    throws(() => OuterRef(3 as any), TypeError, /field name/);
    throws(() => Author.objects.filter(F('age') as any), TypeError, /filter\(\) takes keyword lookups, Q objects or Exists\(\)/);
    throws(() => Count(null as any), TypeError, /field name/);
    await rejects(async () => Author.objects.annotate({ n: Count('questions', { filter: { questions__nope: 1 } }) }).fetch(), FieldError, /Cannot resolve keyword 'nope'/);
  });

  test('a repeated Subquery shape reuses its SQL with new values', async () => {
    await seed();
    const count = async (votes: number) =>
      Author.objects.filter(Exists(Choice.objects.filter({ question__author: OuterRef('pk'), votes__gte: votes }))).count();
    assert.is(await count(5), 1);
    assert.is(await count(3), 1);
    assert.is(await count(0), 2);
    assert.is(await count(100), 0);
  });
});
