// SQL-injection payloads through every lookup, order_by, values, annotate
// alias, F() and write path, on both backends: values stay parameters, names
// are validated before they reach SQL, and the data is untouched.
import * as assert from 'uvu/assert';
import { FieldError, ValueError } from '../../src/core/exceptions';
import { Count, DatabaseError, Exists, F, OuterRef, Prefetch, Q, Subquery, rawQuery } from '../../src/db/index';
import { dbSuite } from './harness';
import { ALL, Author, Question } from './models';

const PAYLOADS = [
  "'; DROP TABLE qt_author; --",
  "' OR '1'='1",
  '" OR ""="',
  "') OR 1=1 --",
  '1; DELETE FROM qt_author',
  "%' OR 1=1 --",
  '_%',
  '\\',
  "\\'; DROP TABLE qt_question; --",
  '$1',
  '?',
  '?1 OR 1=1',
  "' UNION SELECT name, name, name, name FROM sqlite_master --",
  "'||(SELECT pg_sleep(0))||'",
  '/* comment */ OR 1=1',
  'Robert\'); DROP TABLE "qt_author";--',
  '\u2019 OR 1=1 --',
  '"qt_author"',
  '*',
];

const LOOKUPS = ['exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'gt', 'gte', 'lt', 'lte', 'regex', 'iregex'];

async function snapshot() {
  const authors = await Author.objects.orderBy('id').valuesList('id', 'name', 'email', 'age');
  const questions = await Question.objects.orderBy('id').valuesList('id', 'question_text', 'author');
  return JSON.stringify([authors, questions]);
}

dbSuite('injection corpus', ALL, (test) => {
  test('values through every lookup are parameters', async () => {
    const a = await Author.objects.create({ name: 'Alice', email: 'a@x', age: 1 });
    await Question.objects.create({ question_text: 'q', pub_date: new Date(), author: a });
    const before = await snapshot();
    let ran = 0;
    for (const payload of PAYLOADS) {
      for (const lookup of LOOKUPS) {
        try {
          const n = await Author.objects.filter({ [`name__${lookup}`]: payload } as any).count();
          if (lookup.startsWith('regex') || lookup.startsWith('iregex')) assert.ok(n <= 1);
          else if (!['gt', 'gte', 'lt', 'lte'].includes(lookup)) assert.is(n, 0, `${lookup} ${payload}`);
          ran++;
        } catch (e) {
          // only an invalid regular expression may fail, as a database error
          assert.ok(lookup.includes('regex') && e instanceof DatabaseError, `${lookup} ${payload}: ${(e as Error).message}`);
        }
      }
      assert.is(await Author.objects.filter({ name__in: [payload, 'x'] }).count(), 0);
      assert.is(await Author.objects.filter({ name__range: [payload, payload] }).count(), 0);
      assert.is(await Question.objects.filter({ author__name: payload }).count(), 0);
      assert.is(await Question.objects.filter(Q({ author__email__icontains: payload }).or(Q({ question_text: payload }))).count(), 0);
      assert.is(await Author.objects.exclude({ name: payload }).count(), 1);
      // get() by one keyword (the planned path): a parameter too
      for (const key of ['name', 'name__icontains', 'email__startswith']) {
        const miss = await Author.objects.get({ [key]: payload } as any).then(() => null, (e: unknown) => e);
        assert.ok(miss instanceof Author.DoesNotExist, `get ${key} ${payload}`);
      }
      ran += 5;
    }
    assert.ok(ran > PAYLOADS.length * 10);
    assert.is(await snapshot(), before);
  });

  test('names (filter keys, order_by, values, F, update) are validated, never spliced', async () => {
    await Author.objects.create({ name: 'Alice' });
    const before = await snapshot();
    for (const payload of PAYLOADS) {
      const attempts: Array<() => unknown> = [
        () => Author.objects.filter({ [payload]: 1 } as any).toSql(),
        () => Author.objects.filter({ [`name__${payload}`]: 1 } as any).toSql(),
        ...(payload === '?' ? [] : [() => Author.objects.orderBy(payload as any).toSql()]), // '?' is random order
        () => Author.objects.orderBy(`-${payload}` as any).toSql(),
        () => Author.objects.values(payload as any).toSql(),
        () => Author.objects.valuesList(payload as any).toSql(),
        () => Author.objects.filter({ age: F(payload) }).toSql(),
        ...(payload === '*' ? [] : [() => Author.objects.values('name').annotate({ n: Count(payload) }).toSql()]), // COUNT(*)
        () => Question.objects.selectRelated(payload as any).toSql(),
      ];
      for (const attempt of attempts) {
        try {
          attempt();
          assert.unreachable(`accepted ${payload}`);
        } catch (e) {
          assert.ok(e instanceof FieldError || e instanceof ValueError, `${payload}: ${(e as Error).name} ${(e as Error).message}`);
        }
      }
      // a payload as get()'s key never reaches SQL (the planned path steps aside; the general one refuses it)
      const refused = await Author.objects.get({ [payload]: 1 } as any).then(() => null, (e: unknown) => e);
      assert.ok(refused instanceof FieldError || refused instanceof ValueError, `get key ${payload}: ${String(refused)}`);
      try {
        await Author.objects.update({ [payload]: 1 } as any);
        assert.unreachable();
      } catch (e) {
        assert.instance(e, FieldError);
      }
      // an annotate alias is only a key of the returned rows
      const rows = await Author.objects.values('name').annotate({ [payload]: Count('id') });
      assert.equal(rows, [{ name: 'Alice', [payload]: 1 }]);
    }
    assert.is(await snapshot(), before);
  });

  test('raw SQL parameters are parameters', async () => {
    await Author.objects.create({ name: 'Alice' });
    const before = await snapshot();
    for (const payload of PAYLOADS) {
      const { rows } = await rawQuery('SELECT COUNT(*) FROM qt_author WHERE name = %s OR email = %s', [payload, payload]);
      assert.is(Number(rows[0]![0]), 0);
      assert.equal(await Author.objects.raw('SELECT * FROM qt_author WHERE name = %s', [payload]), []);
    }
    assert.is(await snapshot(), before);
  });

  test('payloads are stored and read back verbatim', async () => {
    for (const payload of PAYLOADS) {
      const q = await Question.objects.create({ question_text: payload, pub_date: new Date() });
      const back = await Question.objects.get({ pk: q.pk });
      assert.is(back.question_text, payload);
      assert.is((await Question.objects.get({ question_text: payload })).pk, q.pk);
      await Question.objects.filter({ pk: q.pk }).update({ question_text: `${payload}!` });
      assert.is((await Question.objects.get({ question_text: `${payload}!` })).pk, q.pk);
    }
    assert.is(await Question.objects.count(), PAYLOADS.length);
  });

  test('alias names, Subquery/Exists/OuterRef, aggregate filters, unions and Prefetch querysets', async () => {
    const a = await Author.objects.create({ name: 'Alice', email: 'a@x', age: 1 });
    await Question.objects.create({ question_text: 'q', pub_date: new Date(), author: a });
    const before = await snapshot();
    const A: any = Author;
    for (const payload of PAYLOADS) {
      // values inside subqueries, aggregate filters and union parts are parameters
      const inner = Question.objects.filter({ author: OuterRef('pk'), question_text: payload });
      assert.is(await Author.objects.filter(Exists(inner)).count(), 0);
      assert.equal(await A.objects.annotate({ t: Subquery(inner.values('question_text').slice(0, 1)) }).valuesList('t', { flat: true }), [null]);
      assert.equal(await A.objects.annotate({ n: Count('questions', { filter: { questions__question_text: payload } }) }).valuesList('n', { flat: true }), [0]);
      assert.is(await Author.objects.filter({ name: payload }).union(Author.objects.filter({ email: payload })).count(), 0);
      const withPrefetch = await Author.objects.prefetchRelated(new Prefetch('questions', { queryset: Question.objects.filter({ question_text: payload }), toAttr: 'hits' }));
      assert.equal((withPrefetch[0] as any).hits, []);
      // names are validated: an OuterRef name, an alias used in filter and orderBy
      for (const attempt of [
        () => Author.objects.filter(Exists(Question.objects.filter({ author: OuterRef(payload) }))).toSql(),
        () => A.objects.annotate({ x: Subquery(Question.objects.filter({ pk: OuterRef(OuterRef(payload)) }).values('pk')) }).toSql(),
        () => A.objects.alias({ n: F(payload) }).filter({ n: 1 }).toSql(),
        () => A.objects.annotate({ n: Count('id', { filter: { [payload]: 1 } }) }).toSql(),
      ]) {
        try {
          attempt();
          assert.unreachable(`accepted ${payload}`);
        } catch (e) {
          assert.ok(e instanceof FieldError || e instanceof ValueError, `${payload}: ${(e as Error).name} ${(e as Error).message}`);
        }
      }
      // an alias is never written into SQL: any name (without '__') filters and orders
      if (!payload.includes('__')) {
        const qs = A.objects.alias({ [payload]: Count('questions') }).filter({ [payload]: 1 }).orderBy(`-${payload}`);
        assert.equal(await qs.valuesList('name', { flat: true }), ['Alice']);
      }
    }
    assert.is(await snapshot(), before);
  });
});
