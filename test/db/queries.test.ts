// The QuerySet API on both backends, after Django's tutorial (part 2) and
// its QuerySet API reference and lookup tests (tests/lookup, tests/basic,
// tests/delete, tests/get_or_create, tests/update, tests/expressions).
import * as assert from 'uvu/assert';
import { FieldError, MultipleObjectsReturned, ObjectDoesNotExist, ValueError } from '../../src/core/exceptions';
import { Avg, Coalesce, Concat, Count, F, IntegrityError, Length, Lower, Max, Min, ProtectedError, Q, RestrictedError, Sum, Upper, Value, atomic, Case, When, rawQuery } from '../../src/db/index';
import { dbSuite, rejects, throws } from './harness';
import { ALL, Author, Book, Choice, Question, Review } from './models';

const d = (s: string) => new Date(s);

async function seed() {
  const alice = await Author.objects.create({ name: 'Alice', email: 'alice@example.com', age: 30 });
  const bob = await Author.objects.create({ name: 'Bob', age: 45 });
  const q1 = await Question.objects.create({ question_text: "What's new?", pub_date: d('2024-01-01T10:00:00Z'), author: alice });
  const q2 = await Question.objects.create({ question_text: 'What is up?', pub_date: d('2024-02-01T10:00:00Z'), author: bob });
  const q3 = await Question.objects.create({ question_text: 'Who are you?', pub_date: d('2024-03-01T10:00:00Z') });
  await Choice.objects.create({ question: q1, choice_text: 'Not much', votes: 1 });
  await Choice.objects.create({ question: q1, choice_text: 'The sky', votes: 5 });
  await Choice.objects.create({ question: q2, choice_text: 'Just hacking again', votes: 3 });
  return { alice, bob, q1, q2, q3 };
}

dbSuite('tutorial', ALL, (test) => {
  test('create, save, pk, refresh and equality', async () => {
    const q = new Question({ question_text: "What's new?", pub_date: d('2024-01-01T00:00:00Z') });
    assert.is(q.pk, null);
    await q.save();
    assert.type(q.pk, 'number');
    assert.is(q.id, q.pk);
    q.question_text = "What's up?";
    await q.save();
    const again = await Question.objects.get({ pk: q.pk });
    assert.is(again.question_text, "What's up?");
    assert.ok(again.equals(q));
    assert.not.ok(again.equals(await Question.objects.create({ question_text: 'x', pub_date: new Date() })));
    await Question.objects.filter({ pk: q.pk }).update({ question_text: 'changed' });
    await q.refreshFromDb();
    assert.is(q.question_text, 'changed');
    assert.equal(q.pub_date, d('2024-01-01T00:00:00Z'));
    assert.is(String(q), `Question object (${q.pk})`);
  });

  test('get: DoesNotExist and MultipleObjectsReturned', async () => {
    await seed();
    await rejects(() => Question.objects.get({ id: 999 }), Question.DoesNotExist, /Question matching query does not exist/);
    await rejects(() => Question.objects.get({ id: 999 }), ObjectDoesNotExist);
    await rejects(() => Question.objects.get({ question_text__startswith: 'What' }), Question.MultipleObjectsReturned, /returned more than one Question -- it returned 2!/);
    await rejects(() => Question.objects.get(), MultipleObjectsReturned);
    const q = await Question.objects.get({ question_text__startswith: 'Who' });
    assert.is(q.question_text, 'Who are you?');
  });

  test('filter, exclude, default ordering, order_by, reverse', async () => {
    await seed();
    const texts = async (qs: PromiseLike<Array<{ question_text: string }>>) => (await qs).map((q) => q.question_text);
    assert.equal(await texts(Question.objects.all()), ['Who are you?', 'What is up?', "What's new?"]);
    assert.equal(await texts(Question.objects.orderBy('pub_date')), ["What's new?", 'What is up?', 'Who are you?']);
    assert.equal(await texts(Question.objects.orderBy('pub_date').reverse()), ['Who are you?', 'What is up?', "What's new?"]);
    assert.equal(await texts(Question.objects.filter({ question_text__startswith: 'What' }).orderBy('question_text')), ['What is up?', "What's new?"]);
    assert.equal(await texts(Question.objects.exclude({ question_text__startswith: 'What' })), ['Who are you?']);
    assert.equal(await texts(Question.objects.filter({ pub_date__gt: d('2024-01-15T00:00:00Z') }, { pub_date__lt: d('2024-02-15T00:00:00Z') })), ['What is up?']);
    assert.equal(await texts(Question.objects.filter({ author__isnull: false }).orderBy('-author__name')), ['What is up?', "What's new?"]);
  });

  test('lookups: exact, iexact, contains, icontains, startswith, endswith, in, range, isnull, gt/gte/lt/lte, regex', async () => {
    const { alice } = await seed();
    const names = async (f: Record<string, unknown>) =>
      (await Author.objects.filter(f as any).orderBy('name').valuesList('name', { flat: true })) as string[];
    assert.equal(await names({ name: 'Alice' }), ['Alice']);
    assert.equal(await names({ name__exact: 'alice' }), []);
    assert.equal(await names({ name__iexact: 'alice' }), ['Alice']);
    assert.equal(await names({ name__contains: 'lic' }), ['Alice']);
    assert.equal(await names({ name__contains: 'LIC' }), []);
    assert.equal(await names({ name__icontains: 'LIC' }), ['Alice']);
    assert.equal(await names({ name__startswith: 'Al' }), ['Alice']);
    assert.equal(await names({ name__startswith: 'al' }), []);
    assert.equal(await names({ name__istartswith: 'al' }), ['Alice']);
    assert.equal(await names({ name__endswith: 'ob' }), ['Bob']);
    assert.equal(await names({ name__endswith: 'OB' }), []);
    assert.equal(await names({ name__iendswith: 'OB' }), ['Bob']);
    assert.equal(await names({ name__endswith: '' }), ['Alice', 'Bob']);
    assert.equal(await names({ name__endswith: 'xAlice' }), []);
    assert.equal(await names({ name__in: ['Bob', 'Carol'] }), ['Bob']);
    assert.equal(await names({ name__in: [] }), []);
    assert.equal(await names({ id__in: [alice.pk] }), ['Alice']);
    assert.equal(await names({ age__range: [40, 50] }), ['Bob']);
    assert.equal(await names({ age__gt: 30 }), ['Bob']);
    assert.equal(await names({ age__gte: 30 }), ['Alice', 'Bob']);
    assert.equal(await names({ age__lt: 45 }), ['Alice']);
    assert.equal(await names({ age__lte: 45 }), ['Alice', 'Bob']);
    assert.equal(await names({ email__isnull: true }), ['Bob']);
    assert.equal(await names({ email__isnull: false }), ['Alice']);
    assert.equal(await names({ email: null }), ['Bob']);
    assert.equal(await names({ name__regex: '^B.b$' }), ['Bob']);
    assert.equal(await names({ name__regex: '^b' }), []);
    assert.equal(await names({ name__iregex: '^b' }), ['Bob']);
    // LIKE wildcards in values are literal
    await Author.objects.create({ name: '100%_sure' });
    assert.equal(await names({ name__icontains: '%' }), ['100%_sure']);
    assert.equal(await names({ name__icontains: '_' }), ['100%_sure']);
    assert.equal(await names({ name__istartswith: '100%' }), ['100%_sure']);
    assert.equal(await names({ name__contains: '%_' }), ['100%_sure']);
  });

  test('spanning foreign keys with __ (forward and reverse)', async () => {
    await seed();
    const choices = await Choice.objects.filter({ question__question_text__startswith: 'What' }).orderBy('votes').valuesList('choice_text', { flat: true });
    assert.equal(choices, ['Not much', 'Just hacking again', 'The sky']);
    const byAuthor = await Choice.objects.filter({ question__author__name: 'Bob' }).valuesList('choice_text', { flat: true });
    assert.equal(byAuthor, ['Just hacking again']);
    const qs = await Question.objects.filter(Q({ choices__votes__gte: 5 })).valuesList('question_text', { flat: true });
    assert.equal(qs, ["What's new?"]);
    const noAuthor = await Question.objects.filter({ author__isnull: true }).valuesList('question_text', { flat: true });
    assert.equal(noAuthor, ['Who are you?']);
    const notBob = await Question.objects.exclude({ author__name: 'Bob' }).orderBy('pub_date').valuesList('question_text', { flat: true });
    assert.equal(notBob, ["What's new?", 'Who are you?']);
    // exclude across a multi-valued relation: questions with no choice above 4 votes
    const low = await Question.objects.exclude(Q({ choices__votes__gt: 4 })).orderBy('pub_date').valuesList('question_text', { flat: true });
    assert.equal(low, ['What is up?', 'Who are you?']);
    // a related instance as a value
    const alice = await Author.objects.get({ name: 'Alice' });
    assert.equal(await Question.objects.filter({ author: alice }).valuesList('question_text', { flat: true }), ["What's new?"]);
    assert.equal(await Question.objects.filter({ author_id: alice.pk }).count(), 1);
    assert.equal(await Question.objects.filter({ author__id: alice.pk }).count(), 1);
    // reverse relation to an ordered count
    const counts = await Author.objects.values('name').annotate({ n: Count('questions') }).orderBy('name');
    assert.equal(counts, [
      { name: 'Alice', n: 1 },
      { name: 'Bob', n: 1 },
    ]);
  });

  test('date transforms: __year, __month, __day, __week_day, __quarter, __hour, __minute, __second, __date', async () => {
    await seed(); // pub_dates 2024-01-01, 2024-02-01, 2024-03-01 at 10:00 UTC
    await Question.objects.create({ question_text: 'late', pub_date: d('2023-12-31T23:59:58Z') });
    const t = async (f: Record<string, unknown>) => (await Question.objects.filter(f as any).orderBy('pub_date').valuesList('question_text', { flat: true })) as string[];
    assert.equal(await t({ pub_date__year: 2024 }), ["What's new?", 'What is up?', 'Who are you?']);
    assert.equal(await t({ pub_date__year__lt: 2024 }), ['late']);
    assert.equal(await t({ pub_date__month: 2 }), ['What is up?']);
    assert.equal(await t({ pub_date__month__gte: 2, pub_date__year: 2024 }), ['What is up?', 'Who are you?']);
    assert.equal(await t({ pub_date__day: 31 }), ['late']);
    assert.equal(await t({ pub_date__week_day: 2 }), ["What's new?"]); // 2024-01-01 is a Monday (Sunday = 1)
    assert.equal(await t({ pub_date__quarter: 4 }), ['late']);
    assert.equal(await t({ pub_date__hour: 23 }), ['late']);
    assert.equal(await t({ pub_date__minute: 59, pub_date__second: 58 }), ['late']);
    assert.equal(await t({ pub_date__date: '2024-02-01' }), ['What is up?']);
    assert.equal(await t({ pub_date__date__range: ['2023-12-31', '2024-01-01'] }), ['late', "What's new?"]);
    assert.equal(await t({ pub_date__year__in: [2023, 2025] }), ['late']);
    const bob = await Author.objects.get({ name: 'Bob' });
    await Book.objects.create({ author: bob, title: 'x', published: '2020-02-29' });
    assert.is(await Book.objects.filter({ published__year: 2020, published__month: 2, published__day: 29 }).count(), 1);
    assert.is(await Book.objects.filter({ published__week_day: 7 }).count(), 1); // a Saturday
    throws(() => Book.objects.filter({ published__hour: 1 } as any).toSql(), FieldError);
    throws(() => Author.objects.filter({ name__year: 1 } as any).toSql(), FieldError);
  });

  test('a QuerySet as the value of __in is a subquery', async () => {
    await seed();
    const old = Author.objects.filter({ age__gt: 40 });
    assert.equal(await Question.objects.filter({ author__in: old }).valuesList('question_text', { flat: true }), ['What is up?']);
    const names = Author.objects.filter({ name__startswith: 'A' }).values('name');
    assert.equal(await Question.objects.filter({ author__name__in: names }).valuesList('question_text', { flat: true }), ["What's new?"]);
    const top = Choice.objects.orderBy('-votes').slice(0, 1).valuesList('question', { flat: true });
    assert.equal(await Question.objects.filter({ id__in: top, question_text__contains: 'new' }).valuesList('question_text', { flat: true }), ["What's new?"]);
    assert.is(await Question.objects.exclude({ author__in: old }).count(), 2);
    const second = Author.objects.orderBy('name').slice(1, 2);
    assert.equal(await Author.objects.filter({ pk__in: second }).valuesList('name', { flat: true }), ['Bob']);
    throws(() => Question.objects.filter({ author__in: Author.objects.values('name', 'age') as any }).toSql(), ValueError);
  });

  test('dates()', async () => {
    await seed(); // 2024-01-01, 2024-02-01, 2024-03-01
    await Question.objects.create({ question_text: 'x', pub_date: d('2023-12-31T23:00:00Z') });
    await Question.objects.create({ question_text: 'y', pub_date: d('2024-02-01T23:00:00Z') });
    assert.equal(await Question.objects.dates('pub_date', 'year'), ['2023-01-01', '2024-01-01']);
    assert.equal(await Question.objects.dates('pub_date', 'month'), ['2023-12-01', '2024-01-01', '2024-02-01', '2024-03-01']);
    assert.equal(await Question.objects.filter({ pub_date__year: 2024 }).dates('pub_date', 'day', { order: 'DESC' }), ['2024-03-01', '2024-02-01', '2024-01-01']);
    throws(() => Question.objects.dates('question_text', 'year'), FieldError);
  });

  test('Q objects: &, |, ~ and nesting', async () => {
    await seed();
    const t = async (q: any) => (await Question.objects.filter(q).orderBy('pub_date').valuesList('question_text', { flat: true })) as string[];
    assert.equal(await t(Q({ question_text__startswith: 'Who' }).or(Q({ question_text__startswith: 'What is' }))), ['What is up?', 'Who are you?']);
    assert.equal(await t(Q({ question_text__startswith: 'What' }).and(Q({ question_text__contains: 'new' }).not())), ['What is up?']);
    assert.equal(await t(Q({ question_text__startswith: 'What' }).not()), ['Who are you?']);
    // OR across a nullable relation keeps rows without the relation (LEFT OUTER JOIN)
    assert.equal(await t(Q({ author__name: 'Alice' }).or(Q({ author__isnull: true }))), ["What's new?", 'Who are you?']);
  });

  test('F expressions in filters and updates', async () => {
    await seed();
    assert.is(await Choice.objects.filter({ votes__gt: F('id') }).count(), await Choice.objects.filter({ votes__gt: F('id') }).count());
    const n = await Choice.objects.filter({ choice_text: 'Not much' }).update({ votes: F('votes').add(10) });
    assert.is(n, 1);
    const c = await Choice.objects.get({ choice_text: 'Not much' });
    assert.is(c.votes, 11);
    await Choice.objects.update({ votes: F('votes').mul(2).sub(1) });
    assert.equal(await Choice.objects.orderBy('choice_text').valuesList('votes', { flat: true }), [5, 21, 9]);
    assert.is(await Choice.objects.filter({ votes: F('votes') }).count(), 3);
    await rejects(() => Choice.objects.update({ votes: F('question__question_text') }), FieldError, /Joined field references are not permitted/);
  });

  test('count, exists, first, last, latest, earliest, inBulk', async () => {
    const { q1, q3 } = await seed();
    assert.is(await Question.objects.count(), 3);
    assert.is(await Question.objects.filter({ question_text__startswith: 'What' }).count(), 2);
    assert.is(await Question.objects.filter({ id: -1 }).exists(), false);
    assert.is(await Question.objects.exists(), true);
    assert.is((await Question.objects.first())!.pk, q3.pk); // default ordering: -pub_date
    assert.is((await Question.objects.last())!.pk, q1.pk);
    assert.is((await Author.objects.first())!.name, 'Alice'); // unordered: by pk
    assert.is((await Author.objects.last())!.name, 'Bob');
    assert.is(await Author.objects.filter({ name: 'nobody' }).first(), null);
    assert.is((await Question.objects.latest()).pk, q3.pk);
    assert.is((await Question.objects.earliest()).pk, q1.pk);
    assert.is((await Question.objects.latest('-pub_date')).pk, q1.pk);
    const bulk = await Question.objects.inBulk([q1.pk, q3.pk]);
    assert.equal([...bulk.keys()].sort(), [q1.pk, q3.pk].sort());
    assert.is(bulk.get(q1.pk)!.question_text, "What's new?");
  });

  test('first() on an ordered slice is the slice\'s first row; bad input: an unordered slice, last() or reverse() of a slice', async () => {
    const { q2 } = await seed();
    await Author.objects.create({ name: 'Cy', age: 20 });
    await Author.objects.create({ name: 'Dee', age: 50 });
    // by age: Cy 20, Alice 30, Bob 45, Dee 50; the slice [1:3] is Alice, Bob
    assert.is((await Author.objects.orderBy('age').slice(1, 3).first())!.name, 'Alice');
    assert.is((await Author.objects.orderBy('-age').slice(1).first())!.name, 'Bob');
    assert.is(await Author.objects.orderBy('age').slice(9).first(), null);
    assert.is((await Question.objects.slice(1, 3).first())!.pk, q2.pk); // Meta ordering counts as ordered
    // Django: first()/last() order an unordered queryset by pk, which a slice refuses
    await rejects(() => Author.objects.slice(1, 3).first(), TypeError, /^Cannot reorder a query once a slice has been taken\.$/);
    await rejects(() => Author.objects.all().slice(0, 2).last(), TypeError, /Cannot reorder a query once a slice has been taken/);
    // last() reverses, and reversing after LIMIT/OFFSET would pick other rows
    await rejects(() => Author.objects.orderBy('age').slice(0, 2).last(), TypeError, /^Cannot reverse a query once a slice has been taken\.$/);
    throws(() => Author.objects.orderBy('age').slice(0, 2).reverse(), TypeError, /Cannot reverse a query once a slice has been taken/);
  });

  test('bulkUpdate and iterator', async () => {
    const objs = await Author.objects.bulkCreate(Array.from({ length: 7 }, (_, i) => new Author({ name: `n${i}`, age: i })));
    objs.forEach((o, i) => {
      o.age = 100 + i;
      o.email = i % 2 ? `e${i}@x` : null;
    });
    assert.is(await Author.objects.bulkUpdate(objs, ['age', 'email'], { batchSize: 3 }), 7);
    assert.equal(await Author.objects.orderBy('name').valuesList('age', 'email'), objs.map((o, i) => [100 + i, i % 2 ? `e${i}@x` : null]));
    const seen: string[] = [];
    for await (const a of Author.objects.orderBy('-age').iterator({ chunkSize: 2 })) seen.push(a.name);
    assert.equal(seen, ['n6', 'n5', 'n4', 'n3', 'n2', 'n1', 'n0']);
    const part: number[] = [];
    for await (const a of Author.objects.orderBy('age').slice(1, 6).iterator({ chunkSize: 2 })) part.push(a.age!);
    assert.equal(part, [101, 102, 103, 104, 105]);
  });

  test('slicing is LIMIT/OFFSET', async () => {
    for (let i = 0; i < 10; i++) await Author.objects.create({ name: `a${i}`, age: i });
    const ages = async (qs: any) => (await qs.valuesList('age', { flat: true })) as number[];
    assert.equal(await ages(Author.objects.orderBy('age').slice(0, 3)), [0, 1, 2]);
    assert.equal(await ages(Author.objects.orderBy('age').slice(5, 8)), [5, 6, 7]);
    assert.equal(await ages(Author.objects.orderBy('age').slice(8)), [8, 9]);
    assert.equal(await ages(Author.objects.orderBy('age').slice(2, 8).slice(1, 3)), [3, 4]);
    assert.equal(await ages(Author.objects.orderBy('age').slice(3, 3)), []);
    assert.is(await Author.objects.orderBy('age').slice(2, 5).count(), 3);
    throws(() => Author.objects.slice(-1), ValueError);
    throws(() => Author.objects.slice(0, 2).filter({ age: 1 }), TypeError);
  });

  test('values and valuesList', async () => {
    await seed();
    const rows = await Question.objects.filter({ author__name: 'Alice' }).values('question_text', 'author__name', 'author');
    const alice = await Author.objects.get({ name: 'Alice' });
    assert.equal(rows, [{ question_text: "What's new?", author__name: 'Alice', author: alice.pk }]);
    const all = await Author.objects.filter({ name: 'Bob' }).values();
    assert.equal(Object.keys(all[0]!).sort(), ['age', 'email', 'id', 'name']);
    const tuples = await Author.objects.orderBy('name').valuesList('name', 'age');
    assert.equal(tuples, [
      ['Alice', 30],
      ['Bob', 45],
    ]);
    throws(() => (Author.objects as any).valuesList('name', 'age', { flat: true }), TypeError);
    // named: Django's namedtuple rows, read by index or by name
    const named = await Author.objects.orderBy('name').valuesList('name', 'age', { named: true });
    assert.equal(named.map((r) => [...r]), [
      ['Alice', 30],
      ['Bob', 45],
    ]);
    assert.equal([named[1]!.name, named[1]!.age, named[1]![0]], ['Bob', 45, 'Bob']);
    const [name, age] = named[0]!;
    assert.equal([name, age], ['Alice', 30]);
    const across = await Question.objects.filter({ author__name: 'Alice' }).valuesList('author__name', 'question_text', { named: true });
    assert.is(across[0]!.author__name, 'Alice');
    throws(() => (Author.objects as any).valuesList('name', { flat: true, named: true }), TypeError);
  });

  test('select_related loads the foreign key in the same query', async () => {
    await seed();
    const before = (await import('../../src/db/index')).connections.get().queryCount;
    const choices = await Choice.objects.selectRelated('question__author').orderBy('votes');
    const conn = (await import('../../src/db/index')).connections.get();
    assert.is(conn.queryCount - before, 1);
    assert.equal(
      choices.map((c) => [c.choice_text, c.question.question_text, c.question.author?.name ?? null]),
      [
        ['Not much', "What's new?", 'Alice'],
        ['Just hacking again', 'What is up?', 'Bob'],
        ['The sky', "What's new?", 'Alice'],
      ],
    );
    const qs = await Question.objects.selectRelated('author').orderBy('pub_date');
    assert.is(qs[2]!.author, null); // LEFT OUTER JOIN keeps the row without an author
    const plain = await Choice.objects.first();
    throws(() => plain!.question, FieldError);
    const q = await plain!.fetchRelated('question');
    assert.is(q.pk, plain!.question_id);
    assert.is(plain!.question.pk, q.pk);
    await rejects(async () => Choice.objects.selectRelated('votes' as any).fetch(), FieldError, /Invalid field name\(s\) given in select_related: 'votes'. Choices are: question/);
  });

  test('delete: CASCADE, SET_NULL, PROTECT, RESTRICT', async () => {
    const { alice, q1 } = await seed();
    // CASCADE: deleting a question deletes its choices
    const [total, per] = await q1.delete();
    assert.is(total, 3);
    assert.equal(per, { 'qt.Question': 1, 'qt.Choice': 2 });
    assert.is(await Choice.objects.count(), 1);
    assert.is(q1.pk, null);
    // SET_NULL: deleting an author keeps the questions
    await Question.objects.create({ question_text: 'by alice', pub_date: new Date(), author: alice });
    await alice.delete();
    assert.is(await Question.objects.filter({ author__isnull: true }).count(), 2);
    // PROTECT
    const bob = await Author.objects.get({ name: 'Bob' });
    const book = await Book.objects.create({ author: bob, title: 'B' });
    const err = (await rejects(() => bob.delete(), ProtectedError, /protected foreign keys: 'Book.author'/)) as ProtectedError;
    assert.is((err.protectedObjects[0] as any).title, 'B');
    assert.ok(await Author.objects.filter({ name: 'Bob' }).exists());
    // RESTRICT: a review blocks deleting its book
    const q = await Question.objects.create({ question_text: 'R', pub_date: new Date() });
    await Review.objects.create({ book, question: q, text: 'good' });
    await rejects(() => book.delete(), RestrictedError);
    // ... unless the review goes too through CASCADE (deleting the question first here)
    await q.delete();
    await book.delete();
    assert.is(await Book.objects.count(), 0);
    // QuerySet.delete()
    const [n] = await Question.objects.filter({ question_text__startswith: 'What' }).delete();
    assert.ok(n >= 1);
    assert.is(await Question.objects.filter({ question_text__startswith: 'What' }).count(), 0);
  });

  test('get_or_create, update_or_create, bulk_create', async () => {
    const [a, created] = await Author.objects.getOrCreate({ name: 'Zed' }, { age: 20 });
    assert.ok(created);
    assert.is(a.age, 20);
    const [b, created2] = await Author.objects.getOrCreate({ name: 'Zed' }, { age: 99 });
    assert.not.ok(created2);
    assert.is(b.pk, a.pk);
    assert.is(b.age, 20);
    const [c, created3] = await Author.objects.updateOrCreate({ name: 'Zed' }, { age: 21 });
    assert.not.ok(created3);
    assert.is(c.age, 21);
    assert.is((await Author.objects.get({ name: 'Zed' })).age, 21);
    const objs = await Author.objects.bulkCreate([new Author({ name: 'b1' }), new Author({ name: 'b2', age: 3 }), new Author({ name: 'b3' })]);
    assert.ok(objs.every((o) => typeof o.pk === 'number'));
    assert.equal(await Author.objects.filter({ name__startswith: 'b' }).orderBy('name').valuesList('age', { flat: true }), [null, 3, null]);
    assert.is(new Set(objs.map((o) => o.pk)).size, 3);
  });

  test('aggregate and values().annotate()', async () => {
    await seed();
    const agg = await Choice.objects.aggregate({ total: Sum('votes'), avg: Avg('votes'), lo: Min('votes'), hi: Max('votes'), n: Count('id') });
    assert.equal(agg, { total: 9, avg: 3, lo: 1, hi: 5, n: 3 });
    const perQ = await Choice.objects.values('question__question_text').annotate({ total: Sum('votes') }).orderBy('question__question_text');
    assert.equal(perQ, [
      { question__question_text: 'What is up?', total: 3 },
      { question__question_text: "What's new?", total: 6 },
    ]);
    const empty = await Choice.objects.filter({ votes__gt: 100 }).aggregate({ total: Sum('votes') });
    assert.equal(empty, { total: null });
  });

  test('annotate() on instances: one row per object, ordered by the annotation', async () => {
    await seed();
    const qs = await Question.objects.annotate({ n: Count('choices'), top: Max('choices__votes') }).selectRelated('author').orderBy('-n' as any, 'pub_date');
    assert.equal(
      qs.map((q: any) => [q.question_text, q.n, q.top, q.author?.name ?? null]),
      [
        ["What's new?", 2, 5, 'Alice'],
        ['What is up?', 1, 3, 'Bob'],
        ['Who are you?', 0, null, null],
      ],
    );
    // a filter on an aggregate annotation is a HAVING, on an expression a WHERE
    const withChoices = await Question.objects.annotate({ n: Count('choices') }).filter({ n__gte: 1 } as any).orderBy('pub_date');
    assert.equal(withChoices.map((q: any) => [q.question_text, q.n]), [["What's new?", 2], ['What is up?', 1]]);
    assert.equal(
      await Question.objects.annotate({ n: Count('choices') }).exclude({ n: 1 } as any).filter({ question_text__startswith: 'W' }).orderBy('pub_date').valuesList('question_text', { flat: true }),
      ["What's new?", 'Who are you?'],
    );
    assert.equal(
      await Choice.objects.values('question').annotate({ total: Sum('votes') }).filter({ total__gt: 4 } as any).valuesList('total' as any, { flat: true }),
      [6],
    );
    assert.equal(await Author.objects.annotate({ len: Length('name') }).filter({ len__gt: 3 } as any).valuesList('name', { flat: true }), ['Alice']);
    assert.is(await Question.objects.annotate({ n: Count('choices') }).filter({ n__gt: 5 } as any).exists(), false);
    const busy = await Author.objects.annotate({ q: Count('questions') }).filter({ name__startswith: 'A' });
    assert.equal(busy.map((a: any) => [a.name, a.q]), [['Alice', 1]]);
    throws(() => Question.objects.annotate({ question_text: Count('id') }), ValueError);
  });

  test('expressions: Value, Lower, Upper, Length, Coalesce, Concat in annotate, filter and update', async () => {
    await seed();
    const rows = await Author.objects
      .filter({ age__gte: Value(30) as any })
      .annotate({ lower: Lower('name'), shout: Upper(Concat('name', Value('!'))), len: Length('name'), mail: Coalesce('email', Value('none')) })
      .orderBy('-len' as any, 'name');
    assert.equal(
      rows.map((a: any) => [a.lower, a.shout, a.len, a.mail]),
      [
        ['alice', 'ALICE!', 5, 'alice@example.com'],
        ['bob', 'BOB!', 3, 'none'],
      ],
    );
    const v = await Author.objects.values('name').annotate({ tag: Concat(Value('<'), 'name', Value('>')) }).orderBy('name');
    assert.equal(v, [
      { name: 'Alice', tag: '<Alice>' },
      { name: 'Bob', tag: '<Bob>' },
    ]);
    assert.equal(await Author.objects.filter({ email: Lower(Value('ALICE@example.com')) as any }).valuesList('name', { flat: true }), ['Alice']);
    const ages = await Author.objects
      .annotate({ band: Case(When({ age__gte: 40 }, Value('old')), When(Q({ age__lt: 18 }).or(Q({ age: null })), Value('?')), { default: Value('young') }) })
      .orderBy('name');
    assert.equal(ages.map((a: any) => a.band), ['young', 'old']);
    await Author.objects.update({ age: Case(When({ name: 'Alice' }, F('age').add(1)), { default: F('age') }) as any });
    assert.equal(await Author.objects.orderBy('name').valuesList('age', { flat: true }), [31, 45]);
    await Author.objects.filter({ name: 'Bob' }).update({ email: Concat(Lower('name'), Value('@example.org')) });
    assert.is((await Author.objects.get({ name: 'Bob' })).email, 'bob@example.org');
  });

  test('field types round-trip exactly', async () => {
    const bob = await Author.objects.create({ name: 'Bob' });
    const uid = '12345678-1234-5678-1234-567812345678';
    const book = await Book.objects.create({
      author: bob,
      title: 'T',
      price: '12345678.905',
      in_print: false,
      published: '2024-02-29',
      rating: 4.25,
      meta: { tags: ['a', 'b'], n: 1, nested: { ok: true } },
      uid,
      status: 'p',
      opens: '09:30',
      length: 90 * 60 * 1000 + 1500,
      cover: new Uint8Array([0, 1, 2, 255, 0]),
    });
    const got = await Book.objects.get({ pk: book.pk });
    assert.is(got.opens!.slice(0, 8), '09:30:00');
    assert.is(got.length, 5401500);
    assert.equal(Array.from(got.cover!), [0, 1, 2, 255, 0]);
    assert.instance(got.cover, Uint8Array);
    assert.is(await Book.objects.filter({ length__gt: 3600000, opens__lt: '10:00' }).count(), 1);
    assert.is(got.price, '12345678.91'); // quantized half-up, as a string: no float rounding
    assert.is(got.in_print, false);
    assert.is(got.published, '2024-02-29');
    assert.is(got.rating, 4.25);
    assert.equal(got.meta, { tags: ['a', 'b'], n: 1, nested: { ok: true } });
    assert.is(got.uid, uid);
    assert.is(got.getStatusDisplay(), 'Published');
    assert.instance(got.created, Date);
    assert.instance(got.updated, Date);
    assert.is(got.slug, null);
    const cheap = await Book.objects.create({ author: bob, title: 'C', price: '0.10' });
    assert.is((await Book.objects.get({ pk: cheap.pk })).price, '0.10');
    assert.is((await Book.objects.get({ pk: cheap.pk })).in_print, true);
    assert.is(await Book.objects.filter({ price__gt: '1.00' }).count(), 1);
    assert.is(await Book.objects.filter({ in_print: true }).count(), 1);
    assert.is(await Book.objects.filter({ uid }).count(), 1);
    assert.is(await Book.objects.filter({ published__range: ['2024-01-01', '2024-12-31'] }).count(), 1);
    // auto_now changes on save, auto_now_add does not
    const created = got.created.getTime();
    await new Promise((r) => setTimeout(r, 5));
    got.title = 'T2';
    await got.save();
    await got.refreshFromDb();
    assert.is(got.created.getTime(), created);
    assert.ok(got.updated.getTime() > created);
    throws(() => Book.objects.filter({ price: 'abc' }).toSql(), ValueError);
    throws(() => Book.objects.filter({ uid: 'nope' }).toSql(), ValueError);
  });

  test('database errors map to Django exceptions', async () => {
    await Author.objects.create({ name: 'Dup' });
    const e = await rejects(() => Author.objects.create({ name: 'Dup' }), IntegrityError);
    assert.match(e.message, /name|unique|UNIQUE/);
    await rejects(() => Choice.objects.create({ question_id: 424242, choice_text: 'x' }), IntegrityError);
    // inside a transaction the deferred foreign key fails at COMMIT, and nothing stays
    await rejects(() => atomic(() => Choice.objects.create({ question_id: 424242, choice_text: 'y' })), IntegrityError);
    assert.is(await Choice.objects.count(), 0);
    await rejects(() => Author.objects.create({ name: null as any }), IntegrityError);
  });

  test('only() and defer()', async () => {
    await seed();
    const [a] = await Author.objects.only('name').filter({ name: 'Alice' });
    assert.is(a!.name, 'Alice');
    assert.is(a!.age, undefined);
    assert.is(a!.email, undefined);
    a!.name = 'Alicia';
    await a!.save(); // writes only the loaded fields
    const full = await Author.objects.get({ pk: a!.pk });
    assert.equal([full.name, full.age, full.email], ['Alicia', 30, 'alice@example.com']);
    const [b] = await Author.objects.defer('email').filter({ name: 'Bob' });
    assert.equal([b!.name, b!.age, b!.email], ['Bob', 45, undefined]);
    await b!.refreshFromDb();
    assert.is(b!.email, null);
    b!.email = 'b@x';
    await b!.save();
    assert.is((await Author.objects.get({ name: 'Bob' })).email, 'b@x');
  });

  test('raw() and rawQuery() with %s parameters', async () => {
    await seed();
    const people = await Author.objects.raw('SELECT id, name, age, 1 + 1 AS two FROM qt_author WHERE age > %s ORDER BY name', [20]);
    assert.equal(people.map((a: any) => [a.name, a.age, a.two, a.email]), [
      ['Alice', 30, 2, undefined],
      ['Bob', 45, 2, undefined],
    ]);
    assert.instance(people[0], Author);
    assert.ok(typeof people[0]!.save === 'function');
    const qs = await Question.objects.raw("SELECT * FROM qt_question WHERE question_text LIKE 'What%%' AND pub_date > %s ORDER BY pub_date", [d('2024-01-15T00:00:00Z')]);
    assert.equal(qs.map((q) => q.question_text), ['What is up?']);
    assert.instance(qs[0]!.pub_date, Date);
    const { columns, rows } = await rawQuery("SELECT name, '%s' AS lit FROM qt_author WHERE name = %s", ['Bob']);
    assert.equal(columns, ['name', 'lit']);
    assert.equal(rows, [['Bob', '%s']]);
    await rejects(() => rawQuery('SELECT %s, %s', [1]), ValueError, /2 placeholders but 1 parameters/);
    await rejects(() => Author.objects.raw('SELECT name FROM qt_author'), ValueError, /primary key/);
  });

  test('FieldError names the valid choices', async () => {
    throws(() => Question.objects.filter({ nope: 1 } as any).toSql(), FieldError, /Cannot resolve keyword 'nope' into field. Choices are: .*author.*choices.*id.*pub_date.*question_text/);
    throws(() => Question.objects.filter({ question_text__foo: 1 } as any).toSql(), FieldError, /Unsupported lookup 'foo' for CharField.*Valid lookups: exact, iexact/);
    throws(() => Question.objects.orderBy('nope' as any).toSql(), FieldError);
    throws(() => Question.objects.values('author__nope' as any).toSql(), FieldError);
    throws(() => Question.objects.filter({ author__name__nope__x: 1 } as any).toSql(), FieldError);
    throws(() => Question.objects.filter({ pub_date__in: 5 } as any).toSql(), ValueError);
    throws(() => new (Question as any)({ nope: 1 }), TypeError);
  });

  test('atomic: commit, rollback, nested savepoints, onCommit', async () => {
    const fired: string[] = [];
    await atomic(async () => {
      await Author.objects.create({ name: 'in-tx' });
      (await import('../../src/db/index')).onCommit(() => fired.push('outer'));
      await rejects(
        () =>
          atomic(async () => {
            await Author.objects.create({ name: 'inner' });
            (await import('../../src/db/index')).onCommit(() => fired.push('dropped'));
            throw new ValueError('boom');
          }),
        ValueError,
      );
      await atomic(async () => {
        await Author.objects.create({ name: 'inner2' });
      });
    });
    assert.equal(await Author.objects.orderBy('name').valuesList('name', { flat: true }), ['in-tx', 'inner2']);
    assert.equal(fired, ['outer']);
    await rejects(
      () =>
        atomic(async () => {
          await Author.objects.create({ name: 'gone' });
          throw new Error('rollback');
        }),
      Error,
      /rollback/,
    );
    assert.is(await Author.objects.filter({ name: 'gone' }).count(), 0);
  });

  test('QuerySets are lazy, immutable, cached and async-iterable', async () => {
    await seed();
    const conn = (await import('../../src/db/index')).connections.get();
    const base = Question.objects.all();
    const filtered = base.filter({ question_text__startswith: 'What' });
    assert.is.not(base, filtered);
    const n0 = conn.queryCount;
    const rows = await filtered;
    assert.is(rows.length, 2);
    await filtered;
    assert.is(await filtered.count(), 2);
    assert.is(conn.queryCount - n0, 1);
    const seen: string[] = [];
    for await (const q of Question.objects.orderBy('pub_date')) seen.push(q.question_text);
    assert.equal(seen, ["What's new?", 'What is up?', 'Who are you?']);
    assert.is(await Question.objects.count(), 3); // the manager never caches
    await Question.objects.create({ question_text: 'new', pub_date: new Date() });
    assert.is((await Question.objects).length, 4);
  });
});
