// Type-level tests: tsc (part of `npm test`) must reject every line that
// follows an expect-error directive; if one compiled, tsc would fail on the
// unused directive. The runtime part checks the same declarations behave.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Avg, Count, Exists, ExpressionWrapper, F, FloatField, OuterRef, type Instance, withRelated } from '../../src/db/index';
import { Author, Book, Choice, Question } from './models';

// Compile-time only: never called.
async function typeChecks() {
  // instances are typed from the declaration
  const q = await Question.objects.get({ pk: 1 });
  const text: string = q.question_text;
  const when: Date = q.pub_date;
  const authorId: number | null = q.author_id;
  const id: number = q.id;
  // @ts-expect-error a misspelt attribute
  q.question_txt;
  // @ts-expect-error a wrong attribute type
  q.question_text = 5;
  const c = await Choice.objects.selectRelated('question').get({ pk: 1 });
  const parent: Instance<typeof Question._fields> = c.question;
  const votes: number = c.votes;
  const price: string = (await Book.objects.get({ pk: 1 })).price;
  const status: string = (await Book.objects.get({ pk: 1 })).getStatusDisplay();
  // @ts-expect-error no choices on title: no display method
  (await Book.objects.get({ pk: 1 })).getTitleDisplay();

  // validation
  await q.fullClean({ exclude: ['question_text'], validateUnique: false });
  await q.cleanFields(['pub_date']);
  await q.validateUnique();
  // @ts-expect-error a misspelt option
  await q.fullClean({ validate_unique: false });
  // @ts-expect-error exclude names fields
  await q.fullClean({ exclude: ['question_txt'] });

  // create() arguments
  await Question.objects.create({ question_text: 'x', pub_date: new Date() });
  // @ts-expect-error pub_date is required
  await Question.objects.create({ question_text: 'x' });
  // @ts-expect-error a misspelt field
  await Question.objects.create({ question_txt: 'x', pub_date: new Date() });
  // @ts-expect-error wrong value type
  await Question.objects.create({ question_text: 1, pub_date: new Date() });
  await Choice.objects.create({ question: q, choice_text: 'a' }); // votes has a default
  await Choice.objects.create({ question_id: 1, choice_text: 'a' });
  // @ts-expect-error an Author is not a Question
  await Choice.objects.create({ question: await Author.objects.get({ pk: 1 }), choice_text: 'a' });
  new Question({ question_text: 'x', pub_date: new Date() });

  // filter keys: fields, lookups, spans
  Question.objects.filter({ question_text__startswith: 'W', pub_date__lt: new Date(), author__name__icontains: 'a', id__in: [1, 2] });
  Choice.objects.filter({ question__author__age__gte: 3, question__pub_date__range: [new Date(), new Date()], votes__isnull: false });
  // @ts-expect-error a misspelt field
  Question.objects.filter({ question_txt: 'x' });
  // @ts-expect-error an unknown lookup
  Question.objects.filter({ question_text__startwith: 'x' });
  // @ts-expect-error a misspelt field across a span
  Choice.objects.filter({ question__question_txt: 'x' });
  // @ts-expect-error a lookup value of the wrong type
  Choice.objects.filter({ votes__gt: 'many' });
  // @ts-expect-error in needs a list
  Choice.objects.filter({ votes__in: 3 });
  // @ts-expect-error isnull needs a boolean
  Choice.objects.filter({ votes__isnull: 1 });
  Question.objects.exclude({ author: null });
  Question.objects.filter({ pub_date__year: 2024, pub_date__month__gte: 2, pub_date__date: '2024-01-01', pub_date__hour__in: [1, 2] });
  Book.objects.filter({ published__year: 2020, published__week_day: 1 });
  // @ts-expect-error a year is a number
  Question.objects.filter({ pub_date__year: '2024' });
  // @ts-expect-error a date has no hour
  Book.objects.filter({ published__hour: 1 });
  // @ts-expect-error no transforms on text
  Question.objects.filter({ question_text__year: 1 });

  // order_by, values, select_related
  Choice.objects.orderBy('-votes', 'question__pub_date', '?');
  // @ts-expect-error unknown ordering field
  Choice.objects.orderBy('-vote');
  const rows = await Choice.objects.values('choice_text', 'question__question_text');
  const t: string = rows[0]!.question__question_text;
  // @ts-expect-error not selected
  rows[0]!.votes;
  const flat: number[] = await Choice.objects.valuesList('votes', { flat: true });
  // @ts-expect-error values of an unknown field
  Choice.objects.values('nope');
  Choice.objects.selectRelated('question__author');
  // @ts-expect-error votes is not a relation
  Choice.objects.selectRelated('votes');
  // only() and defer() name fields, also across foreign keys
  Choice.objects.selectRelated('question__author').only('votes', 'question__question_text', 'question__author__name').defer('question__author__name');
  // @ts-expect-error only() of an unknown field of a relation
  Choice.objects.only('question__nope');
  // @ts-expect-error defer() of an unknown field
  Choice.objects.defer('nope');
  await q.refreshFromDb({ fields: ['pub_date'] });
  // @ts-expect-error refreshFromDb() names fields
  await q.refreshFromDb({ fields: ['pub_dat'] });

  // annotations add typed names to the rows
  const annotated = await Question.objects.annotate({
    n: Count('choices'),
    avg: Avg('choices__votes'),
    asked: Exists(Choice.objects.filter({ question: OuterRef('pk') })),
    half: ExpressionWrapper(F('id').div(2), FloatField()),
  });
  const n: number = annotated[0]!.n;
  const avg: number | null = annotated[0]!.avg;
  const asked: boolean = annotated[0]!.asked;
  const half: number | null = annotated[0]!.half;
  const stillText: string = annotated[0]!.question_text; // the instance's own fields stay typed
  // @ts-expect-error a count is not a string
  const wrong: string = annotated[0]!.n;
  // @ts-expect-error an Exists is not a number
  const wrong2: number = annotated[0]!.asked;
  // @ts-expect-error not annotated
  annotated[0]!.m;
  // annotation names are filter and orderBy keys, typed by their output
  const counted = Question.objects.annotate({ n: Count('choices') });
  await counted.filter({ n__gte: 2 }).orderBy('-n', 'question_text').exclude({ n: 0 });
  // @ts-expect-error a count is compared with numbers
  counted.filter({ n: 'many' });
  // @ts-expect-error not an annotation or a field
  counted.orderBy('-m');
  // @ts-expect-error not an annotation or a field
  counted.filter({ m__gte: 1 });
  // @ts-expect-error no annotation on the plain manager
  Question.objects.filter({ n: 1 });
  // alias() names are filter and orderBy keys too, typed by their output, and never row attributes
  const aliased = Question.objects.alias({ nc: Count('choices') });
  await aliased.filter({ nc__gte: 2 }).orderBy('-nc', 'question_text').exclude({ nc: 0 });
  await aliased.annotate({ m: Count('tags') }).filter({ nc__gt: 0, m__gt: 0 }).orderBy('nc', '-m');
  await aliased.alias({ later: Count('tags') }).filter({ nc: 1, later__lt: 3 });
  // @ts-expect-error a misspelt alias
  aliased.filter({ nd__gte: 2 });
  // @ts-expect-error a misspelt alias in orderBy
  aliased.orderBy('-nd');
  // @ts-expect-error the alias is a count: compared with numbers
  aliased.filter({ nc: 'many' });
  // @ts-expect-error an alias is not selected: the rows have no such attribute
  (await aliased.get({ pk: 1 })).nc;
  // @ts-expect-error no alias on the plain manager
  Question.objects.orderBy('nc');
  const grouped = await Choice.objects.values('question').annotate({ total: Count('pk') });
  const total: number = grouped[0]!.total;

  // reverse relations, once named with withRelated()
  const Authors = withRelated(Author, Question, Book);
  const au = await Authors.objects.get({ pk: 1 });
  const asks = await au.questions.filter({ question_text__startswith: 'W' }).orderBy('-pub_date');
  const askedText: string = asks[0]!.question_text;
  const books = await au.books.all();
  const bookTitle: string = books[0]!.title;
  // @ts-expect-error a misspelt field of the related model
  au.questions.filter({ question_txt: 'x' });
  // @ts-expect-error Review's foreign key to Book declares no relatedName onto Author
  au.reviews;
  const Questions = withRelated(Question, Choice);
  const qq = await Questions.objects.get({ pk: 1 });
  const firstChoice: number = (await qq.choices.all())[0]!.votes;
  // @ts-expect-error Choice points at Question, not at Author
  (await withRelated(Author, Choice).objects.get({ pk: 1 })).choices;
  return [text, when, authorId, id, parent, votes, price, status, t, flat, n, avg, asked, half, stillText, wrong, wrong2, total, askedText, bookTitle, firstChoice];
}

test('the typed declarations behave at run time', async () => {
  assert.type(typeChecks, 'function');
  const q = new Question({ question_text: 'x', pub_date: new Date(0) });
  assert.is(q.question_text, 'x');
  assert.is(q.pk, null);
  assert.is(q.author_id, null);
  const b = new Book({ author_id: 1, title: 't' });
  assert.is(b.price, '0.00');
  assert.is(b.status, 'd');
  assert.is(b.getStatusDisplay(), 'Draft');
  assert.is(new Choice({ question_id: 3, choice_text: 'c' }).votes, 0);
  assert.is(withRelated(Author, Question, Book), Author); // a type-level view of the same class
});

test.run();
