// Prefetch('rel', { queryset, toAttr }) on both backends (after Django's
// tests/prefetch_related/tests.py CustomPrefetchTests).
import * as assert from 'uvu/assert';
import { ValueError } from '../../src/core/exceptions';
import { NotSupportedError, Prefetch } from '../../src/db/index';
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

  test('bad input: wrong model, values(), sliced or combined querysets, bad toAttr, field clash', async () => {
    await seed();
    await rejects(
      async () => Question.objects.prefetchRelated(new Prefetch('choices', { queryset: Tag.objects.all() as any })).fetch(),
      ValueError,
      /must be a QuerySet of Choice \(got Tag\)/,
    );
    throws(() => new Prefetch('choices', { queryset: Choice.objects.values('pk') as any }), ValueError, /cannot use raw\(\), values\(\), and values_list\(\)/);
    throws(() => new Prefetch('choices', { queryset: Choice.objects.slice(0, 2) }), ValueError, /cannot be sliced/);
    throws(() => new Prefetch('choices', { queryset: Choice.objects.all().union(Choice.objects.all()) }), NotSupportedError);
    throws(() => new Prefetch('choices', { toAttr: 'a b' }), ValueError, /Invalid toAttr/);
    throws(() => new Prefetch('', {}), TypeError);
    throws(() => new Prefetch('choices', { queryset: {} as any }), TypeError);
    throws(() => Question.objects.prefetchRelated(3 as any), TypeError, /relation names or Prefetch objects/);
    await rejects(async () => Question.objects.prefetchRelated(new Prefetch('choices', { toAttr: 'author' })).fetch(), ValueError, /conflicts with a field/);
    await rejects(async () => Question.objects.prefetchRelated(new Prefetch('nope')).fetch(), Error, /Cannot find 'nope'/);
  });
});
