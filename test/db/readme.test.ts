// The README's example of models and QuerySets, run as written (labels
// changed to stay unique in the test process).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MinValueValidator, ValidationError } from '../../src/index';
import { CASCADE, CharField, Count, DateTimeField, EmailField, Exists, F, ForeignKey, IntegerField, OuterRef, Prefetch, SlugField, Q, SqlJsBackend, Subquery, Sum, atomic, connections, createTables, defineModel } from '../../src/db/index';

test('the README example runs', async () => {
  const Question = defineModel('readme.Question', {
    question_text: CharField({ maxLength: 200 }),
    pub_date: DateTimeField(),
  }, { ordering: ['-pub_date'] });

  const Choice = defineModel('readme.Choice', {
    question: ForeignKey(() => Question, { onDelete: CASCADE, relatedName: 'choices' }),
    choice_text: CharField({ maxLength: 200 }),
    votes: IntegerField({ default: 0 }),
  });

  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Question, Choice]);

  const q = await Question.objects.create({ question_text: "What's new?", pub_date: new Date() });
  await Choice.objects.create({ question: q, choice_text: 'Not much' });
  const mine = await (q as any).choices.all();
  const latest = await Question.objects.filter({ pub_date__lte: new Date() }).orderBy('-pub_date').slice(0, 5);
  await Choice.objects.filter({ pk: 1 }).update({ votes: F('votes').add(10) });
  const hot = await Choice.objects.selectRelated('question').filter({ votes__gte: 10, question__question_text__icontains: 'new' });
  const either = await Question.objects.filter(Q({ question_text__startswith: 'Who' }).or(Q({ question_text__startswith: 'What' }).not()));
  const perQuestion = await Choice.objects.values('question__question_text').annotate({ total: Sum('votes') });
  await atomic(async () => {});

  assert.is(mine.length, 1);
  assert.is(latest[0]!.pk, q.pk);
  assert.is(hot[0]!.question.question_text, "What's new?");
  assert.equal(either, []);
  assert.equal(perQuestion, [{ question__question_text: "What's new?", total: 10 }]);

  // the subqueries example
  const top = Choice.objects.filter({ question: OuterRef('pk') }).orderBy('-votes').values('choice_text').slice(0, 1);
  const withTop = await Question.objects.annotate({ top: Subquery(top) });
  const voted = await Question.objects.filter(Exists(Choice.objects.filter({ question: OuterRef('pk'), votes__gt: 0 })));
  const counts = await Question.objects.annotate({ popular: Count('choices', { filter: Q({ choices__votes__gte: 10 }) }) });
  const either2 = await Question.objects.filter({ question_text__startswith: 'Who' }).union(Question.objects.filter({ question_text__startswith: 'What' })).orderBy('question_text');
  const qs = await Question.objects.prefetchRelated(new Prefetch('choices', { queryset: Choice.objects.filter({ votes__gt: 0 }), toAttr: 'voted' }));
  assert.is(withTop[0]!.top, 'Not much');
  assert.is(voted.length, 1);
  assert.is(counts[0]!.popular, 1);
  assert.equal(either2.map((x) => x.question_text), ["What's new?"]);
  assert.is((qs[0] as any).voted.length, 1);
  await connections.get().close();
});

test("the README's validation example runs", async () => {
  const Article = defineModel('readme.Article', {
    title: CharField({ maxLength: 20 }),
    slug: SlugField({ unique: true }),
    author_email: EmailField({ blank: true }),
    rating: IntegerField({ null: true, blank: true, validators: [new MinValueValidator(1)] }),
    status: CharField({ maxLength: 1, choices: [['d', 'Draft'], ['p', 'Published']], default: 'd' }),
  });
  Article.prototype.clean = function () {
    if (this.status === 'p' && !this.author_email) throw new ValidationError('A published article needs an author.');
  };
  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Article]);

  const a = new Article({ title: 'x'.repeat(25), slug: 'no spaces!', author_email: 'nope', rating: 0, status: 'p' });
  let errors: Record<string, string[]> | undefined;
  try {
    await a.fullClean();
  } catch (e) {
    errors = (e as ValidationError).messageDict;
  }
  assert.equal(errors, {
    title: ['Ensure this value has at most 20 characters (it has 25).'],
    slug: ['Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'],
    author_email: ['Enter a valid email address.'],
    rating: ['Ensure this value is greater than or equal to 1.'],
  });
  await new Article({ title: 'Hello', slug: 'hello', author_email: '' }).fullClean();
  await a.fullClean({ exclude: ['title', 'slug', 'author_email', 'rating'], validateUnique: false });
  const b = new Article({ title: 'Hi', slug: 'hi', author_email: '', status: 'p' });
  const e = await b.fullClean().catch((x) => x);
  assert.equal(e.messageDict, { __all__: ['A published article needs an author.'] });
  await connections.get().close();
});

test.run();
