// The two models the focused ORM loops (bench/orm-get.prof.ts, bench/orm-build.prof.ts)
// run on: bench/orm.bench.ts's Author and Post without the tags, so their SQL is the same.
import { CASCADE, CharField, FloatField, ForeignKey, IntegerField, TextField, defineModel } from '../../src/db/index';

export const Author = defineModel('bench.Author', { name: CharField({ maxLength: 50 }) });
export const Post = defineModel('bench.Post', {
  author: ForeignKey(() => Author, { onDelete: CASCADE }),
  title: CharField({ maxLength: 100 }),
  body: TextField(),
  views: IntegerField(),
  score: FloatField(),
});
