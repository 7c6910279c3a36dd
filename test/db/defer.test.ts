// only() and defer() across selectRelated() joins, on both backends, after
// Django's tests/defer (test_only_select_related, test_defer_select_related,
// test_defer_only_chaining, InvalidDeferTests). The single-model basics are in
// queries.test.ts ('only() and defer()').
import * as assert from 'uvu/assert';
import { FieldError } from '../../src/core/exceptions';
import { assertNumQueries, captureQueries } from '../../src/test/index';
import { dbSuite, rejects, throws } from './harness';
import { ALL, Author, Choice, Question } from './models';

/** The selected columns of a SELECT, as "table.column" (quotes dropped). */
function columns(sql: string): string[] {
  return sql
    .slice('SELECT '.length, sql.indexOf(' FROM '))
    .split(', ')
    .map((c) => c.replace(/"/g, ''));
}

/** Runs `fn`, expects one query, returns its result and its selected columns. */
async function selecting<T>(fn: () => PromiseLike<T>): Promise<{ result: T; cols: string[] }> {
  const { result, count, queries } = await captureQueries(async () => await fn());
  assert.is(count, 1);
  return { result, cols: columns(queries[0]!.sql) };
}

/** How many of `model`'s fields `obj` did not load (Django's len(get_deferred_fields())). */
function delayed(model: { _meta: { fields: ReadonlyArray<{ name: string; column: string }> } }, obj: any): number {
  return model._meta.fields.filter((f) => obj[f.name] === undefined && obj[`${f.name}_id`] === undefined).length;
}

async function seed() {
  const alice = await Author.objects.create({ name: 'Alice', email: 'alice@example.com', age: 30 });
  const q = await Question.objects.create({ question_text: 'Why?', pub_date: new Date('2024-01-01T10:00:00Z'), author: alice });
  const c = await Choice.objects.create({ question: q, choice_text: 'Because', votes: 3 });
  return { alice, q, c };
}

dbSuite('only() and defer() across relations', ALL, (test) => {
  test("only('title', 'author__name'): the root's pk, fields and foreign key, the join's pk and fields", async () => {
    const { alice } = await seed();
    const { result, cols } = await selecting(() => Question.objects.selectRelated('author').only('question_text', 'author__name'));
    assert.equal(cols, ['qt_question.id', 'qt_question.question_text', 'qt_question.author_id', 'qt_author.id', 'qt_author.name']);
    const q = result[0]!;
    assert.equal([q.question_text, q.author_id, q.pub_date], ['Why?', alice.pk, undefined]);
    // the joined author is there, no query: its pk and name loaded, the rest left out
    const a = await assertNumQueries(0, () => q.author!);
    assert.instance(a, Author);
    assert.equal([a.pk, a.name, a.email, a.age], [alice.pk, 'Alice', undefined, undefined]);
    assert.is(delayed(Question, q), 1);
    assert.is(delayed(Author, a), 2);
    // get() reads the same columns
    const got = await Question.objects.selectRelated('author').only('question_text', 'author__name').get({ pk: q.pk });
    assert.equal([got.question_text, got.author!.name, got.author!.age], ['Why?', 'Alice', undefined]);
  });

  test("defer('author__email') leaves the joined column out, nothing else", async () => {
    await seed();
    const { result, cols } = await selecting(() => Question.objects.selectRelated('author').defer('author__email'));
    assert.equal(cols, ['qt_question.id', 'qt_question.question_text', 'qt_question.pub_date', 'qt_question.author_id', 'qt_author.id', 'qt_author.name', 'qt_author.age']);
    const q = result[0]!;
    assert.instance(q.pub_date, Date);
    assert.equal([q.author!.name, q.author!.age, q.author!.email], ['Alice', 30, undefined]);
    assert.is(delayed(Question, q), 0);
    assert.is(delayed(Author, q.author), 1);
    // a relation named alone in only() loads all of its fields
    const { cols: all } = await selecting(() => Question.objects.selectRelated('author').only('question_text', 'author'));
    assert.equal(all, ['qt_question.id', 'qt_question.question_text', 'qt_question.author_id', 'qt_author.id', 'qt_author.name', 'qt_author.email', 'qt_author.age']);
  });

  test('a deferred field of the joined instance loads like a root one: refreshFromDb(), one query; save() writes the loaded fields', async () => {
    const { alice } = await seed();
    const [q] = await Question.objects.selectRelated('author').only('question_text', 'author__name');
    const a = q!.author!;
    assert.is(a.email, undefined);
    await assertNumQueries(1, () => a.refreshFromDb({ fields: ['email'] }));
    assert.equal([a.name, a.email, a.age], ['Alice', 'alice@example.com', undefined]);
    assert.is(delayed(Author, a), 1);
    // the root instance works the same way
    await assertNumQueries(1, () => q!.refreshFromDb({ fields: ['pub_date'] }));
    assert.instance(q!.pub_date, Date);
    // saving the joined author leaves its still-deferred age alone
    a.name = 'Alicia';
    await a.save();
    const full = await Author.objects.get({ pk: alice.pk });
    assert.equal([full.name, full.email, full.age], ['Alicia', 'alice@example.com', 30]);
  });

  test('two joins deep: only() and defer() of question__author__... on Choice', async () => {
    await seed();
    const only = await selecting(() => Choice.objects.selectRelated('question__author').only('votes', 'question__question_text', 'question__author__name'));
    assert.equal(only.cols, [
      'qt_choice.id', 'qt_choice.question_id', 'qt_choice.votes',
      'qt_question.id', 'qt_question.question_text', 'qt_question.author_id',
      'qt_author.id', 'qt_author.name',
    ]);
    const c = only.result[0]!;
    assert.equal([c.votes, c.choice_text, c.question.question_text, c.question.pub_date, c.question.author!.name, c.question.author!.age], [3, undefined, 'Why?', undefined, 'Alice', undefined]);
    const defer = await selecting(() => Choice.objects.selectRelated('question__author').defer('choice_text', 'question__pub_date', 'question__author__email', 'question__author__age'));
    assert.equal(defer.cols, [
      'qt_choice.id', 'qt_choice.question_id', 'qt_choice.votes',
      'qt_question.id', 'qt_question.question_text', 'qt_question.author_id',
      'qt_author.id', 'qt_author.name',
    ]);
    assert.equal(defer.result[0]!.question.author!.name, 'Alice');
  });

  test("only() and defer() chain as in Django (test_defer_only_chaining), across relations too; defer(null) clears", async () => {
    await seed();
    const qs = Author.objects.all();
    const n = async (q: PromiseLike<any[]>) => delayed(Author, (await q)[0]);
    assert.is(await n(qs.only('name', 'age').defer('name')), 2);
    assert.is(await n(qs.defer('name').only('age', 'name')), 2);
    assert.is(await n(qs.defer('name').only('name').only('age')), 2);
    assert.is(await n(qs.defer('name').only('age')), 2);
    assert.is(await n(qs.only('name').defer('age')), 2);
    assert.is(await n(qs.only('name').defer('name').defer('age')), 1);
    assert.is(await n(qs.only('name').defer('name', 'age')), 1);
    assert.is(await n(qs.only('name').defer(null)), 0);
    const sr = Question.objects.selectRelated('author');
    const a = await selecting(() => sr.only('question_text', 'author__name', 'author__age').defer('author__age'));
    assert.equal(a.cols, ['qt_question.id', 'qt_question.question_text', 'qt_question.author_id', 'qt_author.id', 'qt_author.name']);
    const b = await selecting(() => sr.defer('author__email').defer('pub_date'));
    assert.equal(b.cols, ['qt_question.id', 'qt_question.question_text', 'qt_question.author_id', 'qt_author.id', 'qt_author.name', 'qt_author.age']);
    // defer() then only(): the deferred name stays out of the only() set
    const c = await selecting(() => sr.defer('author__age').only('author__name', 'author__age'));
    assert.equal(c.cols, ['qt_question.id', 'qt_question.author_id', 'qt_author.id', 'qt_author.name']);
    // selectRelated() after only() is checked when the query runs, as in Django
    const d = await selecting(() => Question.objects.only('author__name').selectRelated('author'));
    assert.equal(d.cols, ['qt_question.id', 'qt_question.author_id', 'qt_author.id', 'qt_author.name']);
  });

  test('a related path without selectRelated() keeps the foreign key and loads nothing of the relation (as Django)', async () => {
    const { alice } = await seed();
    const { result, cols } = await selecting(() => Question.objects.only('author__name'));
    assert.equal(cols, ['qt_question.id', 'qt_question.author_id']);
    assert.is(result[0]!.author_id, alice.pk);
    throws(() => result[0]!.author, FieldError, /not loaded: use selectRelated\('author'\)/);
  });

  test('a deferred foreign key reads as deferred, not as null; refreshFromDb() loads it', async () => {
    const { alice } = await seed();
    const [q] = await Question.objects.only('question_text');
    assert.is(q!.author_id, undefined);
    throws(() => q!.author, FieldError, /Question\.author is deferred: await obj\.refreshFromDb\(\{ fields: \['author'\] \}\)/);
    await assertNumQueries(1, () => q!.refreshFromDb({ fields: ['author'] }));
    assert.is(q!.author_id, alice.pk);
  });

  test('bad paths: unknown field, unknown field of a relation, a path through a non-relation', () => {
    throws(() => Question.objects.only('nope' as any), FieldError, /^Question has no field named 'nope'$/);
    throws(() => Question.objects.defer('nope' as any), FieldError, /^Question has no field named 'nope'$/);
    throws(() => Question.objects.only('author__nope' as any), FieldError, /^Author has no field named 'nope' \(in only\('author__nope'\)\)$/);
    throws(() => Choice.objects.defer('question__author__nope' as any), FieldError, /^Author has no field named 'nope' \(in defer\('question__author__nope'\)\)$/);
    throws(() => Question.objects.only('question_text__x' as any), FieldError, /^Question.question_text is not a relation: only\('question_text__x'\) cannot follow it to 'x'\.$/);
    throws(() => Choice.objects.defer('question__pub_date__year' as any), FieldError, /Question.pub_date is not a relation: defer\('question__pub_date__year'\) cannot follow it to 'year'/);
    // many-to-many and reverse relations: the names are checked, and (no join follows them) load nothing more
    throws(() => Question.objects.only('tags__nope' as any), FieldError, /^Tag has no field named 'nope' \(in only\('tags__nope'\)\)$/);
    throws(() => Author.objects.only('questions__nope' as any), FieldError, /^Question has no field named 'nope' \(in only\('questions__nope'\)\)$/);
    assert.equal(columns(Author.objects.only('name', 'questions__question_text' as any).toSql().sql), ['qt_author.id', 'qt_author.name']);
  });

  test('a relation selectRelated() follows cannot be deferred (Django: "cannot be both deferred and traversed")', async () => {
    await seed();
    const msg = (m: string, f: string) => new RegExp(`^Field ${m}\\.${f} cannot be both deferred and traversed using select_related at the same time\\.$`);
    await rejects(async () => Question.objects.selectRelated('author').only('question_text'), FieldError, msg('Question', 'author'));
    await rejects(async () => Question.objects.selectRelated('author').defer('author'), FieldError, msg('Question', 'author'));
    await rejects(async () => Question.objects.defer('author').selectRelated('author').first(), FieldError, msg('Question', 'author'));
    // one level down: only() of question__... without question__author
    await rejects(async () => Choice.objects.selectRelated('question__author').only('votes', 'question__question_text'), FieldError, msg('Question', 'author'));
    await rejects(async () => Choice.objects.selectRelated('question__author').defer('question__author'), FieldError, msg('Question', 'author'));
    throws(() => Question.objects.selectRelated('author').only('question_text').toSql(), FieldError, msg('Question', 'author'));
  });
});
