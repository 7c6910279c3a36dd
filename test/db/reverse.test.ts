// Reverse relations under Django's default names (`reporter.article_set`,
// `publication.article_set`) and reverse many-to-many managers, plain and
// through a model, on both backends; typed with withRelated() (after
// Django's tests/many_to_one, tests/many_to_many and tests/m2m_through).
import * as assert from 'uvu/assert';
import { FieldError, ValueError } from '../../src/core/exceptions';
import {
  CASCADE,
  CharField,
  DateField,
  ForeignKey,
  ManyToManyField,
  OneToOneField,
  connections,
  defineModel,
  m2mChanged,
  withRelated,
} from '../../src/db/index';
import { dbSuite, rejects } from './harness';

const Reporter = defineModel('rv.Reporter', { name: CharField({ maxLength: 30 }) });
const Publication = defineModel('rv.Publication', { title: CharField({ maxLength: 30 }) }, { ordering: ['title'] });
const Article = defineModel(
  'rv.Article',
  {
    headline: CharField({ maxLength: 100 }),
    reporter: ForeignKey(() => Reporter, { onDelete: CASCADE, null: true }),
    publications: ManyToManyField(() => Publication),
  },
  { ordering: ['headline'] },
);
const Desk = defineModel('rv.Desk', { reporter: OneToOneField(() => Reporter, { onDelete: CASCADE }), floor: CharField({ maxLength: 5 }) });
const Hidden = defineModel('rv.Hidden', { reporter: ForeignKey(() => Reporter, { onDelete: CASCADE, relatedName: 'hidden+' }) });
// relatedName names the accessor, relatedQueryName the filter key (Django's related_query_name)
const Memo = defineModel('rv.Memo', {
  reporter: ForeignKey(() => Reporter, { onDelete: CASCADE, relatedName: 'memos', relatedQueryName: 'memo' }),
  text: CharField({ maxLength: 30 }),
});
const Person = defineModel('rv.Person', { name: CharField({ maxLength: 30 }) });
const Band = defineModel('rv.Band', {
  name: CharField({ maxLength: 30 }),
  members: ManyToManyField(() => Person, { through: () => Membership }),
});
const Membership = defineModel('rv.Membership', {
  person: ForeignKey(() => Person, { onDelete: CASCADE }),
  band: ForeignKey(() => Band, { onDelete: CASCADE }),
  joined: DateField(),
  role: CharField({ maxLength: 20, default: '' }),
});

// The one-line typed views (nothing changes at run time).
const Reporters = withRelated(Reporter, Article, Desk, Hidden);
const Publications = withRelated(Publication, Article);
const People = withRelated(Person, Band);

const MODELS = [Reporter, Publication, Article, Desk, Hidden, Memo, Person, Band, Membership];

// Compile-time only: never called.
async function typeChecks() {
  const r = await Reporters.objects.get({ pk: 1 });
  const headline: string = (await r.article_set.filter({ headline__startswith: 'J' }))[0]!.headline;
  // @ts-expect-error a misspelt default reverse name
  r.articles_set;
  // @ts-expect-error a wrong field in the reverse manager's filter
  r.article_set.filter({ headlin: 'x' });
  // @ts-expect-error a wrong value type in the reverse manager's filter
  r.article_set.filter({ headline: 3 });
  // @ts-expect-error create() checks the related model's fields
  await r.article_set.create({ headlin: 'x' });
  // @ts-expect-error a Publication is not an Article
  await r.article_set.add(await Publication.objects.get({ pk: 1 }));
  // @ts-expect-error a one-to-one's reverse side is one object, not a manager
  r.desk_set;
  // @ts-expect-error relatedName ending in '+' has no reverse accessor
  r.hidden;
  // @ts-expect-error ... and no default one either
  r.hidden_set;
  const p = await Publications.objects.get({ pk: 1 });
  const a = (await p.article_set.orderBy('-headline'))[0]!;
  await p.article_set.add(a, 3);
  await p.article_set.remove(a);
  await p.article_set.set([a]);
  const made = await p.article_set.create({ headline: 'x' });
  const made2: string = made.headline;
  // @ts-expect-error a Reporter is not an Article
  await p.article_set.add(r);
  // @ts-expect-error create() checks the other side's fields
  await p.article_set.create({ headlin: 'x' });
  // @ts-expect-error a misspelt reverse many-to-many name
  p.articles;
  const person = await People.objects.get({ pk: 1 });
  await person.band_set.add(1, { throughDefaults: { joined: '2024-01-01' } });
  return [headline, made2];
}

dbSuite('reverse relations', MODELS, (test, ctx) => {
  const queries = async (fn: () => Promise<unknown>): Promise<number> => {
    const before = connections.get().queryCount;
    await fn();
    return connections.get().queryCount - before;
  };

  test('reverse foreign key under the default name <model>_set', async () => {
    assert.type(typeChecks, 'function');
    const r = await Reporters.objects.create({ name: 'John' });
    const other = await Reporters.objects.create({ name: 'Paul' });
    const a1 = await r.article_set.create({ headline: 'John’s first' });
    assert.is(a1.reporter_id, r.pk);
    await Article.objects.create({ headline: 'Another', reporter: r });
    await Article.objects.create({ headline: 'Elsewhere', reporter: other });
    assert.equal((await r.article_set.all()).map((a) => a.headline), ['Another', 'John’s first']);
    assert.is(await r.article_set.filter({ headline__startswith: 'John' }).count(), 1);
    await other.article_set.add(a1);
    assert.is(await r.article_set.count(), 1);
    await other.article_set.remove(a1);
    assert.is((await Article.objects.get({ pk: a1.pk })).reporter_id, null);
    // the reverse query name is the model name (Django's related_query_name default)
    assert.equal(await Reporter.objects.filter({ article__headline: 'Elsewhere' } as any).valuesList('name', { flat: true }), ['Paul']);
    assert.not.ok('hidden' in r || 'hidden_set' in r, "relatedName 'hidden+' puts no accessor on Reporter");
    assert.throws(() => (new Reporter({ name: 'unsaved' }) as any).article_set, (e: Error) => e instanceof ValueError && /needs a value for its primary key/.test(e.message));
  });

  test('relatedQueryName is the filter key, relatedName the accessor', async () => {
    const r = await Reporter.objects.create({ name: 'Ann' });
    await Reporter.objects.create({ name: 'Ben' });
    await Memo.objects.create({ reporter: r, text: 'hello' });
    assert.equal(await Reporter.objects.filter({ memo__text: 'hello' } as any).valuesList('name', { flat: true }), ['Ann']);
    assert.equal((await (r as any).memos.all()).map((m: any) => m.text), ['hello']);
    assert.throws(() => Reporter.objects.filter({ memos__text: 'hello' } as any).toSql(), (e: Error) => e instanceof FieldError && /Cannot resolve keyword 'memos'/.test(e.message));
  });

  test('reverse many-to-many: all, filter, add, remove, set, clear, create, with queries per operation', async () => {
    const [science, nature, times] = await Promise.all(['Science', 'Nature', 'Times'].map((title) => Publications.objects.create({ title })));
    const a1 = await Article.objects.create({ headline: 'Django lets you build web apps' });
    const a2 = await Article.objects.create({ headline: 'NASA uses Python' });
    const a3 = await Article.objects.create({ headline: 'Oxygen-free diet' });
    // add: one SELECT of the existing links and one INSERT (in a transaction)
    assert.is(await queries(() => science!.article_set.add(a1, a2)), 2);
    assert.equal((await science!.article_set.all()).map((a) => a.headline), [a1.headline, a2.headline]);
    assert.equal((await a1.publications.all()).map((p) => p.title), ['Science']);
    // linking again keeps one link; primary keys are accepted
    await science!.article_set.add(a1.pk, a2);
    assert.is(await science!.article_set.count(), 2);
    assert.is(await science!.article_set.filter({ headline__contains: 'Python' }).count(), 1);
    await nature!.article_set.add(a2);
    assert.equal((await a2.publications.all()).map((p) => p.title), ['Nature', 'Science']);
    // remove: one DELETE
    assert.is(await queries(() => science!.article_set.remove(a2)), 1);
    assert.equal((await a2.publications.all()).map((p) => p.title), ['Nature']);
    // set: reads the links, removes the stale ones, adds the missing
    await science!.article_set.set([a2, a3]);
    assert.equal((await science!.article_set.all()).map((a) => a.headline), [a2.headline, a3.headline]);
    assert.is(await queries(() => science!.article_set.set([a2, a3])), 1, 'an unchanged set() reads the links once and writes nothing');
    const created = await times!.article_set.create({ headline: 'Created from the reverse side' });
    assert.equal((await created.publications.all()).map((p) => p.title), ['Times']);
    // filters across the reverse relation use the model name
    assert.equal(await Publication.objects.filter({ article__headline__startswith: 'NASA' } as any).valuesList('title', { flat: true }), ['Nature', 'Science']);
    assert.is(await queries(() => science!.article_set.clear()), 1);
    assert.is(await science!.article_set.count(), 0);
    assert.is(await Article.objects.count(), 4, 'clear() removes links, never the articles');
    // prefetch fills the reverse manager: two queries for every publication's articles
    await science!.article_set.add(a1, a3);
    const n = await queries(async () => {
      const pubs = await Publication.objects.prefetchRelated('article_set');
      assert.equal(pubs.map((p: any) => p.title), ['Nature', 'Science', 'Times']);
      assert.equal((await (pubs[1] as any).article_set.all()).map((a: any) => a.headline), [a1.headline, a3.headline]);
    });
    assert.is(n, 2);
  });

  test('reverse many-to-many sends m2m_changed with reverse: true', async () => {
    const pub = await Publications.objects.create({ title: 'Signals' });
    const art = await Article.objects.create({ headline: 'x' });
    const seen: Array<[string, boolean, unknown[] | null]> = [];
    const listener = (e: any) => {
      seen.push([e.action, e.reverse, e.pkSet ? [...e.pkSet] : null]);
    };
    const through = Article._meta.through(Article._meta.manyToMany[0]!).model;
    m2mChanged.connect(listener, { sender: through });
    try {
      await pub.article_set.add(art);
      await pub.article_set.clear();
    } finally {
      m2mChanged.disconnect(listener, { sender: through });
    }
    assert.equal(seen, [
      ['pre_add', true, [art.pk]],
      ['post_add', true, [art.pk]],
      ['pre_clear', true, null],
      ['post_clear', true, null],
    ]);
  });

  test('reverse many-to-many through a model: throughDefaults, set, remove, and its errors', async () => {
    const ringo = await People.objects.create({ name: 'Ringo' });
    const beatles = await Band.objects.create({ name: 'Beatles' });
    const wings = await Band.objects.create({ name: 'Wings' });
    await ringo.band_set.add(beatles, { throughDefaults: { joined: '1962-08-16', role: 'drums' } });
    const m = await Membership.objects.get({ person: ringo, band: beatles });
    assert.is(m.role, 'drums');
    assert.equal((await beatles.members.all()).map((p) => p.name), ['Ringo']);
    await ringo.band_set.set([beatles, wings], { throughDefaults: { joined: () => '1970-01-01' } });
    assert.equal((await Membership.objects.orderBy('band__name').valuesList('band__name', 'joined', 'role')), [
      ['Beatles', '1962-08-16', 'drums'],
      ['Wings', '1970-01-01', ''],
    ]);
    const other = await ringo.band_set.create({ name: 'All-Starr' }, { throughDefaults: { joined: '1989-07-23' } });
    assert.is(await ringo.band_set.count(), 3);
    await ringo.band_set.remove(other, wings);
    assert.equal((await ringo.band_set.all()).map((b) => b.name), ['Beatles']);
    // bad input: a required through field missing, unknown names, wrong models, unsaved objects
    await rejects(() => ringo.band_set.add(wings), Error, /joined/);
    assert.is(await ringo.band_set.count(), 1, 'a failed add() links nothing');
    await rejects(() => ringo.band_set.add(wings, { throughDefaults: { nope: 1 } } as any), TypeError, /unexpected keyword argument 'nope' in throughDefaults/);
    await rejects(() => ringo.band_set.add(ringo as any), TypeError, /'Band' instance expected/);
    await rejects(() => ringo.band_set.add(new Band({ name: 'unsaved' })), ValueError, /has no primary key yet/);
    await rejects(() => ringo.band_set.set(beatles as any), TypeError, /band_set.set\(\) takes a list/);
    assert.is(await Membership.objects.count(), 1);
  });
});
