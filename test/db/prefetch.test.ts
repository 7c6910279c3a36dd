// Prefetch('rel', { queryset, toAttr }) on both backends (after Django's
// tests/prefetch_related/tests.py CustomPrefetchTests).
import * as assert from 'uvu/assert';
import { ValueError } from '../../src/core/exceptions';
import { NotSupportedError, Prefetch } from '../../src/db/index';
import { PREFETCHED } from '../../src/db/models/state';
import { dbSuite, rejects, throws } from './harness';
import { ALL, Author, Choice, Question, Tag } from './models';

const d = (s: string) => new Date(s);

async function seed() {
  const alice = await Author.objects.create({ name: 'Alice', age: 30 });
  const bob = await Author.objects.create({ name: 'Bob', age: 40 });
  const q1 = await Question.objects.create({ question_text: 'Q1', pub_date: d('2024-01-01T00:00:00Z'), author: alice });
  const q2 = await Question.objects.create({ question_text: 'Q2', pub_date: d('2024-02-01T00:00:00Z'), author: alice });
  await Question.objects.create({ question_text: 'Q3', pub_date: d('2024-03-01T00:00:00Z'), author: bob });
  await Choice.objects.create({ question: q1, choice_text: 'a', votes: 0 });
  await Choice.objects.create({ question: q1, choice_text: 'b', votes: 4 });
  await Choice.objects.create({ question: q1, choice_text: 'c', votes: 9 });
  await Choice.objects.create({ question: q2, choice_text: 'd', votes: 1 });
  const t1 = await Tag.objects.create({ name: 'news' });
  const t2 = await Tag.objects.create({ name: 'old' });
  await (q1 as any).tags.add(t1, t2);
  await (q2 as any).tags.add(t1);
  return { alice, bob, q1, q2 };
}

dbSuite('Prefetch objects', ALL, (test) => {
  test('a custom queryset filters and orders the prefetched rows (the relation cache holds them)', async () => {
    await seed();
    const qs = await Question.objects
      .prefetchRelated(new Prefetch('choices', { queryset: Choice.objects.filter({ votes__gt: 0 }).orderBy('-votes') }))
      .orderBy('pub_date');
    assert.equal((await (qs[0] as any).choices.all()).map((c: any) => c.choice_text), ['c', 'b']);
    assert.equal((await (qs[1] as any).choices.all()).map((c: any) => c.choice_text), ['d']);
    assert.equal(await (qs[2] as any).choices.all(), []);
  });

  test('toAttr stores a list (many) or an object (forward FK) and leaves the relation cache alone', async () => {
    await seed();
    const qs = await Question.objects
      .prefetchRelated(
        new Prefetch('choices', { queryset: Choice.objects.filter({ votes__gte: 4 }), toAttr: 'popular' }),
        new Prefetch('tags', { queryset: Tag.objects.filter({ name: 'old' }), toAttr: 'oldTags' }),
        new Prefetch('author', { queryset: Author.objects.filter({ age__gt: 35 }), toAttr: 'senior' }),
      )
      .orderBy('pub_date');
    const [q1, q2, q3] = qs as any[];
    assert.equal(q1.popular.map((c: any) => c.choice_text).sort(), ['b', 'c']);
    assert.equal(q2.popular, []);
    assert.equal(q1.oldTags.map((t: any) => t.name), ['old']);
    assert.equal(q2.oldTags, []);
    assert.is(q1.senior, null);
    assert.is(q3.senior.name, 'Bob');
    // the relation itself was not prefetched: all() still queries, unfiltered
    assert.is((await q1.choices.all()).length, 3);
  });

  test('nested lookups: the queryset applies to the last relation', async () => {
    await seed();
    const authors = await Author.objects
      .prefetchRelated(new Prefetch('questions__choices', { queryset: Choice.objects.filter({ votes: 0 }), toAttr: 'zero' }))
      .orderBy('name');
    const alice = authors[0] as any;
    const questions = await alice.questions.all();
    assert.equal(questions.map((q: any) => q.question_text).sort(), ['Q1', 'Q2']);
    const byText = Object.fromEntries(questions.map((q: any) => [q.question_text, q.zero.map((c: any) => c.choice_text)]));
    assert.equal(byText, { Q1: ['a'], Q2: [] });
  });

  test('a plain name and a Prefetch mix; strings keep working', async () => {
    await seed();
    const qs = await Question.objects.prefetchRelated('tags', new Prefetch('choices', { toAttr: 'all_choices' })).orderBy('pub_date');
    assert.is((qs[0] as any).all_choices.length, 3);
    assert.is((await (qs[0] as any).tags.all()).length, 2);
  });

  test('bad input: wrong model, values(), combined querysets, a slice on a single-valued relation, bad toAttr, field clash', async () => {
    await seed();
    await rejects(
      async () => Question.objects.prefetchRelated(new Prefetch('choices', { queryset: Tag.objects.all() as any })).fetch(),
      ValueError,
      /must be a QuerySet of Choice \(got Tag\)/,
    );
    throws(() => new Prefetch('choices', { queryset: Choice.objects.values('pk') as any }), ValueError, /cannot use raw\(\), values\(\), and values_list\(\)/);
    // a forward foreign key cannot be sliced per object (Django filters the sliced queryset and fails)
    await rejects(
      async () => Choice.objects.prefetchRelated(new Prefetch('question', { queryset: Question.objects.orderBy('pk').slice(0, 1) })).fetch(),
      TypeError,
      /Cannot filter a query once a slice has been taken/,
    );
    throws(() => new Prefetch('choices', { queryset: Choice.objects.all().union(Choice.objects.all()) }), NotSupportedError);
    throws(() => new Prefetch('choices', { toAttr: 'a b' }), ValueError, /Invalid toAttr/);
    throws(() => new Prefetch('', {}), TypeError);
    throws(() => new Prefetch('choices', { queryset: {} as any }), TypeError);
    throws(() => Question.objects.prefetchRelated(3 as any), TypeError, /relation names or Prefetch objects/);
    await rejects(async () => Question.objects.prefetchRelated(new Prefetch('choices', { toAttr: 'author' })).fetch(), ValueError, /conflicts with a field/);
    await rejects(async () => Question.objects.prefetchRelated(new Prefetch('nope')).fetch(), Error, /Cannot find 'nope'/);
  });

  // Django 4.2: a sliced Prefetch queryset slices each object's rows (ROW_NUMBER() per parent)
  const names = (xs: any[]) => xs.map((x) => x.choice_text ?? x.name ?? x.question_text);

  test("a sliced queryset keeps each object's first rows in its order, in two statements", async (ctx) => {
    await seed();
    const before = ctx.db.queryCount;
    const qs = await Question.objects.prefetchRelated(new Prefetch('choices', { queryset: Choice.objects.orderBy('-votes').slice(0, 2) })).orderBy('pub_date');
    assert.is(ctx.db.queryCount - before, 2, 'two statements');
    assert.equal(qs.map((q: any) => names(q[PREFETCHED].choices)), [['c', 'b'], ['d'], []]);
    // the same rows as slicing each object's own queryset
    for (const q of qs) {
      assert.equal(names(await (q as any).choices.all()), names(await Choice.objects.filter({ question: q }).orderBy('-votes').slice(0, 2)));
    }
  });

  test('an offset, an open end and an empty slice, with toAttr', async () => {
    await seed();
    const run = async (low: number, high?: number) =>
      (await Question.objects.prefetchRelated(new Prefetch('choices', { queryset: Choice.objects.orderBy('votes').slice(low, high), toAttr: 'some' })).orderBy('pub_date')).map((q: any) => names(q.some));
    assert.equal(await run(1, 3), [['b', 'c'], [], []]);
    assert.equal(await run(1), [['b', 'c'], [], []]);
    assert.equal(await run(0, 1), [['a'], ['d'], []]);
    assert.equal(await run(2, 2), [[], [], []]);
  });

  test('a sliced queryset on a many-to-many, both directions, with filters', async () => {
    await seed();
    const qs = await Question.objects.prefetchRelated(new Prefetch('tags', { queryset: Tag.objects.orderBy('-name').slice(0, 1) })).orderBy('pub_date');
    assert.equal(qs.map((q: any) => names(q[PREFETCHED].tags)), [['old'], ['news'], []]);
    const tags = await Tag.objects
      .prefetchRelated(new Prefetch('questions', { queryset: Question.objects.filter({ question_text__startswith: 'Q' }).orderBy('-pub_date').slice(0, 1), toAttr: 'latest' }))
      .orderBy('name');
    assert.equal(tags.map((t: any) => names(t.latest)), [['Q2'], ['Q1']]);
  });

  test('the windowed SQL: ROW_NUMBER() partitioned by the parent key, the range as parameters', async (ctx) => {
    await seed();
    const seen: string[] = [];
    const query = ctx.db.query.bind(ctx.db);
    (ctx.db as any).query = (sql: string, params: readonly unknown[]) => {
      seen.push(`${sql} ${JSON.stringify(params)}`);
      return query(sql, params);
    };
    try {
      await Question.objects.prefetchRelated(new Prefetch('choices', { queryset: Choice.objects.orderBy('-votes').slice(1, 3) }));
    } finally {
      delete (ctx.db as any).query;
    }
    assert.is(seen.length, 2);
    assert.match(seen[1]!, /^SELECT \* FROM \(SELECT .*ROW_NUMBER\(\) OVER \(PARTITION BY "qt_choice"\."question_id" ORDER BY "qt_choice"\."votes" DESC\) AS "qual0" FROM "qt_choice" WHERE .*\) "qualify" WHERE "qualify"\."qual0" > (\?|\$\d) AND "qualify"\."qual0" <= (\?|\$\d) ORDER BY "qualify"\."qual0" ASC \[.*1,3\]$/);
  });
});
