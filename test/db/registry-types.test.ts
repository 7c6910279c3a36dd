// Reverse relations typed with no withRelated(): the models module adds its
// models to ModelRegistry by module augmentation (once, next to them), and
// every model they point at gets its reverse managers typed. tsc rejects each
// line after an expect-error directive; the runtime part checks the same
// accessors exist.
import * as assert from 'uvu/assert';
import { CASCADE, CharField, ForeignKey, ManyToManyField, defineModel } from '../../src/db/index';
import { dbSuite } from './harness';

const Writer = defineModel('rg.Writer', { name: CharField({ maxLength: 30 }) });
const Topic = defineModel('rg.Topic', { name: CharField({ maxLength: 30 }) });
const Article = defineModel('rg.Article', {
  writer: ForeignKey(() => Writer, { onDelete: CASCADE, relatedName: 'articles' }),
  editor: ForeignKey(() => Writer, { onDelete: CASCADE, null: true }),
  topics: ManyToManyField(() => Topic),
  title: CharField({ maxLength: 100 }),
});

declare module '../../src/db/index' {
  interface ModelRegistry {
    'rg.Article': typeof Article;
  }
}

// Compile-time only: never called.
async function typeChecks() {
  const w = await Writer.objects.get({ pk: 1 });
  const titles: string[] = (await w.articles.filter({ title__startswith: 'A' }).orderBy('-id')).map((a) => a.title);
  const edited = await w.article_set.all();
  const editedTitle: string = edited[0]!.title;
  const t = await Topic.objects.get({ pk: 1 });
  await t.article_set.add(1);
  const made = new Writer({ name: 'x' });
  made.articles;
  // @ts-expect-error a misspelt reverse name
  w.artcles;
  // @ts-expect-error a misspelt field of the related model
  w.articles.filter({ titel: 'x' });
  // @ts-expect-error Topic is not pointed at by a ForeignKey named articles
  t.articles;
  // @ts-expect-error Article itself gets no reverse manager from its own fields
  (await Article.objects.get({ pk: 1 })).article_set;
  return [titles, editedTitle];
}

dbSuite('registered reverse managers', [Writer, Topic, Article], (test) => {
  test('exist at run time under the registered names', async () => {
    assert.type(typeChecks, 'function');
    const w = await Writer.objects.create({ name: 'w' });
    const a = await Article.objects.create({ writer: w, editor: w, title: 'A1' });
    const topic = await Topic.objects.create({ name: 't' });
    await topic.article_set.add(a);
    assert.equal((await w.articles.all()).map((x) => x.title), ['A1']);
    assert.equal((await w.article_set.all()).map((x) => x.title), ['A1']);
    assert.equal((await topic.article_set.all()).map((x) => x.title), ['A1']);
  });
});
