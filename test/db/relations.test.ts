// Related managers, many-to-many and prefetch_related on both backends, after
// Django's tests/many_to_many, tests/many_to_one and tests/prefetch_related.
import * as assert from 'uvu/assert';
import { FieldError } from '../../src/core/exceptions';
import { IntegrityError, Q, atomic, connections, m2mChanged, postDelete, postSave, preDelete, preSave } from '../../src/db/index';
import { dbSuite, rejects } from './harness';
import { ALL, Author, Choice, Profile, Question, Tag } from './models';

const names = (objs: Array<{ name: string }>) => objs.map((o) => o.name).sort();

dbSuite('relations', ALL, (test) => {
  test('one-to-one: the reverse side is one object', async () => {
    const a = await Author.objects.create({ name: 'A' });
    const b = await Author.objects.create({ name: 'B' });
    await Profile.objects.create({ author: a, bio: 'hello' });
    await rejects(() => Profile.objects.create({ author: a, bio: 'twice' }), IntegrityError);
    const p = await (a as any).fetchRelated('profile');
    assert.is(p.bio, 'hello');
    assert.is((a as any).profile.bio, 'hello');
    await rejects(() => (b as any).fetchRelated('profile'), Profile.DoesNotExist);
    const fresh = await Author.objects.get({ pk: b.pk });
    assert.throws(() => (fresh as any).profile, (e: Error) => e instanceof FieldError);
    const all = await Author.objects.prefetchRelated('profile').orderBy('name');
    assert.is((all[0] as any).profile.bio, 'hello');
    assert.throws(() => (all[1] as any).profile, (e: Error) => e instanceof Profile.DoesNotExist);
    assert.is(await Author.objects.filter(Q({ profile__bio: 'hello' })).count(), 1);
  });

  test('reverse foreign key manager: all, filter, count, create, add, remove, clear', async () => {
    const alice = await Author.objects.create({ name: 'Alice' });
    const bob = await Author.objects.create({ name: 'Bob' });
    const q1 = await (alice as any).questions.create({ question_text: 'one', pub_date: new Date('2024-01-01Z') });
    await (alice as any).questions.create({ question_text: 'two', pub_date: new Date('2024-01-02Z') });
    assert.is(q1.author_id, alice.pk);
    assert.equal((await (alice as any).questions.all()).map((q: any) => q.question_text), ['two', 'one']);
    assert.is(await (alice as any).questions.count(), 2);
    assert.is(await (alice as any).questions.filter({ question_text: 'one' }).count(), 1);
    assert.is(await (bob as any).questions.count(), 0);
    await (bob as any).questions.add(q1);
    assert.is(await (bob as any).questions.count(), 1);
    assert.is(q1.author_id, bob.pk);
    await (bob as any).questions.remove(q1);
    assert.is(await (bob as any).questions.count(), 0);
    await (alice as any).questions.clear();
    assert.is(await Question.objects.filter({ author__isnull: true }).count(), 2);
    // `<model>_set` when no relatedName
    const q = await Question.objects.create({ question_text: 'c', pub_date: new Date() });
    await Choice.objects.create({ question: q, choice_text: 'x' });
    assert.is(await (q as any).choices.count(), 1);
  });

  test('many-to-many: add, remove, set, clear, create, both directions, filters across it', async () => {
    const q1 = await Question.objects.create({ question_text: 'q1', pub_date: new Date() });
    const q2 = await Question.objects.create({ question_text: 'q2', pub_date: new Date() });
    const [py, js, go] = await Promise.all(['python', 'js', 'go'].map((name) => Tag.objects.create({ name })));
    await q1.tags.add(py!, js!);
    await q1.tags.add(js!); // already linked: kept once
    assert.equal(names(await q1.tags.all()), ['js', 'python']);
    await q2.tags.add(js!.pk);
    assert.equal((await (js as any).questions.orderBy('question_text')).map((q: any) => q.question_text), ['q1', 'q2']);
    assert.equal(
      await Question.objects.filter({ tags__name: 'python' }).valuesList('question_text', { flat: true }),
      ['q1'],
    );
    assert.equal(await Tag.objects.filter(Q({ questions__question_text: 'q2' })).valuesList('name', { flat: true }), ['js']);
    assert.is(await Question.objects.filter({ tags: js }).count(), 2);
    assert.is(await Question.objects.filter({ tags__in: [py, go] }).count(), 1);
    assert.is(await Question.objects.exclude(Q({ tags__name: 'python' })).count(), 1);
    await q1.tags.remove(py!);
    assert.equal(names(await q1.tags.all()), ['js']);
    await q1.tags.set([go!, py!]);
    assert.equal(names(await q1.tags.all()), ['go', 'python']);
    const rust = await q1.tags.create({ name: 'rust' });
    assert.equal(names(await q1.tags.all()), ['go', 'python', 'rust']);
    assert.is(rust.name, 'rust');
    await q1.tags.clear();
    assert.is(await q1.tags.count(), 0);
    // deleting an object deletes its links (the intermediate rows CASCADE)
    await q2.tags.add(go!);
    const [, per] = await q2.delete();
    assert.equal(per['qt.Question_tags'], 2);
    assert.is(await Tag.objects.count(), 4);
  });

  test('signals: pre/post save with created, pre/post delete through the collector, m2m_changed', async () => {
    const log: string[] = [];
    const onPreSave = ({ instance }: any) => void log.push(`pre_save ${instance.question_text} ${instance.pk === null ? 'new' : 'old'}`);
    const onPostSave = ({ instance, created }: any) => void log.push(`post_save ${instance.question_text} ${created}`);
    const onPreDelete = ({ instance, sender }: any) => void log.push(`pre_delete ${sender.name} ${instance.question_text ?? instance.choice_text}`);
    const onPostDelete = ({ instance, sender }: any) => void log.push(`post_delete ${sender.name} ${instance.question_text ?? instance.choice_text}`);
    const onM2m = ({ action, pkSet }: any) => void log.push(`${action} ${pkSet ? pkSet.size : '-'}`);
    preSave.connect(onPreSave, { sender: Question });
    postSave.connect(onPostSave, { sender: Question });
    preDelete.connect(onPreDelete);
    postDelete.connect(onPostDelete);
    m2mChanged.connect(onM2m);
    try {
      const q = await Question.objects.create({ question_text: 'q', pub_date: new Date() });
      q.question_text = 'q2';
      await q.save();
      await Choice.objects.create({ question: q, choice_text: 'c' }); // no receiver for Choice saves
      const t = await Tag.objects.create({ name: 't' });
      await q.tags.add(t);
      await q.tags.add(t); // nothing new: no signal
      await q.tags.remove(t);
      await q.tags.clear();
      await q.delete();
      assert.equal(log, [
        'pre_save q new',
        'post_save q true',
        'pre_save q2 old',
        'post_save q2 false',
        'pre_add 1',
        'post_add 1',
        'pre_remove 1',
        'post_remove 1',
        'pre_clear -',
        'post_clear -',
        'pre_delete Choice c',
        'post_delete Choice c',
        'pre_delete Question q2',
        'post_delete Question q2',
      ]);
    } finally {
      preSave.disconnect(onPreSave, { sender: Question });
      postSave.disconnect(onPostSave, { sender: Question });
      preDelete.disconnect(onPreDelete);
      postDelete.disconnect(onPostDelete);
      m2mChanged.disconnect(onM2m);
    }
  });

  test('distinct, values across a many-to-many, selectForUpdate, save({ updateFields })', async () => {
    const q1 = await Question.objects.create({ question_text: 'q1', pub_date: new Date() });
    const q2 = await Question.objects.create({ question_text: 'q2', pub_date: new Date() });
    const [a, b] = await Promise.all(['a', 'b'].map((name) => Tag.objects.create({ name })));
    await q1.tags.add(a!, b!);
    await q2.tags.add(a!);
    assert.is(await Question.objects.filter(Q({ tags__name__in: ['a', 'b'] })).count(), 3); // one row per link
    assert.is(await Question.objects.filter(Q({ tags__name__in: ['a', 'b'] })).distinct().count(), 2);
    assert.equal((await Question.objects.filter(Q({ tags__name__in: ['a', 'b'] })).distinct().orderBy('question_text')).map((q) => q.question_text), ['q1', 'q2']);
    const pairs = await Question.objects.values('question_text', 'tags__name' as any).orderBy('question_text', 'tags__name' as any);
    assert.equal(pairs, [
      { question_text: 'q1', tags__name: 'a' },
      { question_text: 'q1', tags__name: 'b' },
      { question_text: 'q2', tags__name: 'a' },
    ]);
    await atomic(async () => {
      const locked = await Question.objects.selectForUpdate().filter({ pk: q1.pk });
      assert.is(locked.length, 1);
      if (connections.get().vendor === 'postgresql') assert.match(Question.objects.selectForUpdate().toSql().sql, / FOR UPDATE$/);
    });
    // updateFields writes only those columns
    const stale = await Question.objects.get({ pk: q1.pk });
    q1.question_text = 'changed';
    await q1.save();
    stale.pub_date = new Date('2020-01-01Z');
    await stale.save({ updateFields: ['pub_date'] });
    const now = await Question.objects.get({ pk: q1.pk });
    assert.is(now.question_text, 'changed');
    assert.equal(now.pub_date, new Date('2020-01-01Z'));
  });

  test('prefetchRelated: two queries for a many-to-many and a reverse FK, nested', async () => {
    const a = await Author.objects.create({ name: 'A' });
    const tags = await Promise.all(['t1', 't2', 't3'].map((name) => Tag.objects.create({ name })));
    for (let i = 0; i < 5; i++) {
      const q = await Question.objects.create({ question_text: `q${i}`, pub_date: new Date(Date.UTC(2024, 0, i + 1)), author: i % 2 ? a : null });
      await q.tags.add(...tags.slice(0, i % 4));
      for (let c = 0; c < i; c++) await Choice.objects.create({ question: q, choice_text: `c${c}` });
    }
    const conn = connections.get();
    const before = conn.queryCount;
    const qs = await Question.objects.prefetchRelated('tags', 'choices', 'author').orderBy('pub_date');
    assert.is(conn.queryCount - before, 4); // questions, tags, choices, authors
    const counted = [];
    for (const q of qs) counted.push([q.question_text, (await q.tags.all()).length, await (q as any).choices.count(), q.author?.name ?? null]);
    assert.is(conn.queryCount - before, 4); // the managers answered from the cache
    assert.equal(counted, [
      ['q0', 0, 0, null],
      ['q1', 1, 1, 'A'],
      ['q2', 2, 2, null],
      ['q3', 3, 3, 'A'],
      ['q4', 0, 4, null],
    ]);
    // reverse many-to-many and nesting
    const n0 = conn.queryCount;
    const ts = await Tag.objects.prefetchRelated('questions__author').orderBy('name');
    assert.is(conn.queryCount - n0, 3);
    assert.equal(ts.map((t: any) => t.name), ['t1', 't2', 't3']);
    const t1 = ts[0] as any;
    const qsOfT1 = await t1.questions.all();
    assert.equal(qsOfT1.map((q: any) => q.question_text).sort(), ['q1', 'q2', 'q3']);
    assert.equal(qsOfT1.map((q: any) => q.author?.name ?? null).sort(), ['A', 'A', null]);
    assert.is(conn.queryCount - n0, 3);
    await rejects(() => Question.objects.prefetchRelated('nope').fetch(), FieldError, /Cannot find 'nope' on Question object/);
  });
});
