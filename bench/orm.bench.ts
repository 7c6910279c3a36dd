// ORM benchmark: one seeded schema (1,000 authors, 10,000 posts with a FK),
// the same work for every contender, the same rows asserted before timing.
//
//   raw        sql.js prepared statements (cached), rows mapped to plain objects: the floor
//   raw async  (get by pk) the floor inside an async function: the cost of returning a promise
//   manouche   this package
//   drizzle    drizzle-orm with its sql-js driver
//   typeorm    typeorm with its sqljs driver (EntitySchema, repositories)
//   kysely     kysely building SQL, executed with sql.js (prepare, bind, getAsObject, free)
//   knex       knex building SQL, executed the same way
//
// Run: node --import tsx bench/orm.bench.ts
//   BENCH_TIME=ms per task and round (default 250), BENCH_ROUNDS (default 3, best round kept)
import 'reflect-metadata';
import initSqlJs, { type Database } from 'sql.js';
import { asc, between, count, desc, eq, gte, inArray, sql as dsql, sum } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/sql-js';
import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { DataSource, EntitySchema, MoreThanOrEqual } from 'typeorm';
import { DummyDriver, type Generated, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql as ksql } from 'kysely';
import knexFactory from 'knex';
import {
  CASCADE,
  CharField,
  Count,
  F,
  FloatField,
  ForeignKey,
  IntegerField,
  ManyToManyField,
  SqlJsBackend,
  Sum,
  TextField,
  connections,
  createTables,
  defineModel,
} from '../src/db/index';
import { PREFETCHED } from '../src/db/models/state';
import { clearShapeCache } from '../src/db/sql/compiler';
import { type Row, printTable, runWorkload } from './orm/harness';
import { applyPragmas } from '../src/db/backends/sqljs';

const TIME = Number(process.env.BENCH_TIME ?? 250);
const AUTHORS = 1000;
const POSTS = 10000;

// --- Manouche models (their tables are the schema every contender uses) ---
const Tag = defineModel('bench.Tag', { name: CharField({ maxLength: 30 }) });
const Author = defineModel('bench.Author', {
  name: CharField({ maxLength: 50 }),
  email: CharField({ maxLength: 100 }),
  age: IntegerField(),
});
const Post = defineModel('bench.Post', {
  author: ForeignKey(() => Author, { onDelete: CASCADE }),
  title: CharField({ maxLength: 100 }),
  body: TextField(),
  views: IntegerField(),
  score: FloatField(),
  tags: ManyToManyField(() => Tag, { relatedName: 'posts' }),
});
const Log = defineModel('bench.Log', {
  author_ref: IntegerField(),
  msg: CharField({ maxLength: 100 }),
  n: IntegerField(),
});

// --- seeding (deterministic) ---
const SQL = await initSqlJs();
const seedDb = await SqlJsBackend.open({ sqlJs: SQL });
connections.set('default', seedDb);
await createTables(seedDb, [Tag, Author, Post, Log]);
{
  let x = 12345;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const authors = [];
  for (let i = 1; i <= AUTHORS; i++) authors.push(new Author({ name: `author ${i}`, email: `a${i}@example.com`, age: 18 + (i % 60) }));
  await Author.objects.bulkCreate(authors);
  const posts = [];
  for (let i = 1; i <= POSTS; i++) {
    posts.push(new Post({ author_id: 1 + Math.floor(rnd() * AUTHORS), title: `post ${i}`, body: `body of post ${i} `.repeat(3), views: Math.floor(rnd() * 5000), score: Math.round(rnd() * 1000) / 10 }));
  }
  await Post.objects.bulkCreate(posts);
  await Tag.objects.bulkCreate(Array.from({ length: 50 }, (_, i) => new Tag({ name: `tag ${i + 1}` })));
  const Through = Post._meta.through(Post._meta.manyToMany[0]!).model;
  const links = [];
  for (let i = 1; i <= POSTS; i++) {
    const ids = new Set<number>();
    for (let k = 0; k < i % 4; k++) ids.add(((i * 7 + k * 13) % 50) + 1);
    for (const t of ids) links.push(new Through({ post_id: i, tag_id: t }));
  }
  await Through.objects.bulkCreate(links);
}
const seed = seedDb.export();
await seedDb.close();

// Every contender's copy gets the pragmas the Manouche backend sets (an in-memory
// rollback journal, the lock kept between statements): the comparison is about the
// libraries, not a pragma.
const openCopy = () => {
  const db = new SQL.Database(seed);
  applyPragmas(db);
  return db;
};

// --- contenders' setup ---
const manoucheDb = await SqlJsBackend.open({ sqlJs: SQL, data: seed });
connections.set('default', manoucheDb);

const rawDb = openCopy();
const rawStmts = new Map<string, ReturnType<Database['prepare']>>();
function raw(sqlText: string, params: (string | number | null)[]): unknown[][] {
  let st = rawStmts.get(sqlText);
  if (!st) rawStmts.set(sqlText, (st = rawDb.prepare(sqlText)));
  st.bind(params);
  const out: unknown[][] = [];
  while (st.step()) out.push(st.get());
  st.reset();
  return out;
}
const postObj = (r: unknown[]) => ({ id: r[0], author_id: r[1], title: r[2], body: r[3], views: r[4], score: r[5] });

const dPost = sqliteTable('bench_post', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  authorId: integer('author_id').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  views: integer('views').notNull(),
  score: real('score').notNull(),
});
const dAuthor = sqliteTable('bench_author', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  email: text('email').notNull(),
  age: integer('age').notNull(),
});
const dLog = sqliteTable('bench_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  authorRef: integer('author_ref').notNull(),
  msg: text('msg').notNull(),
  n: integer('n').notNull(),
});
const dTag = sqliteTable('bench_tag', { id: integer('id').primaryKey({ autoIncrement: true }), name: text('name').notNull() });
const dPostTags = sqliteTable('bench_post_tags', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  postId: integer('post_id').notNull(),
  tagId: integer('tag_id').notNull(),
});
const drizzleDb = drizzle(openCopy());

const TAuthor = new EntitySchema<any>({
  name: 'BenchAuthor',
  tableName: 'bench_author',
  columns: { id: { type: Number, primary: true, generated: true }, name: { type: String }, email: { type: String }, age: { type: Number } },
});
const TPost = new EntitySchema<any>({
  name: 'BenchPost',
  tableName: 'bench_post',
  columns: {
    id: { type: Number, primary: true, generated: true },
    author_id: { type: Number },
    title: { type: String },
    body: { type: String },
    views: { type: Number },
    score: { type: 'real' },
  },
  relations: {
    author: { type: 'many-to-one', target: 'BenchAuthor', joinColumn: { name: 'author_id' } },
    tags: {
      type: 'many-to-many',
      target: 'BenchTag',
      joinTable: { name: 'bench_post_tags', joinColumn: { name: 'post_id' }, inverseJoinColumn: { name: 'tag_id' } },
    },
  },
});
const TTag = new EntitySchema<any>({ name: 'BenchTag', tableName: 'bench_tag', columns: { id: { type: Number, primary: true, generated: true }, name: { type: String } } });
const TLog = new EntitySchema<any>({
  name: 'BenchLog',
  tableName: 'bench_log',
  columns: { id: { type: Number, primary: true, generated: true }, author_ref: { type: Number }, msg: { type: String }, n: { type: Number } },
});
const typeorm = new DataSource({ type: 'sqljs', database: seed, entities: [TAuthor, TPost, TLog, TTag], synchronize: false, logging: false });
await typeorm.initialize();
await typeorm.query('PRAGMA journal_mode = MEMORY');
const tPosts = typeorm.getRepository(TPost);
const tLogs = typeorm.getRepository(TLog);

interface KDB {
  bench_post: { id: number; author_id: number; title: string; body: string; views: number; score: number };
  bench_author: { id: number; name: string; email: string; age: number };
  bench_log: { id: Generated<number>; author_ref: number; msg: string; n: number };
  bench_tag: { id: number; name: string };
  bench_post_tags: { id: number; post_id: number; tag_id: number };
}
const kysely = new Kysely<KDB>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});
const kyselyDb = openCopy();
const knex = knexFactory({ client: 'sqlite3', useNullAsDefault: true });
const knexDb = openCopy();

/** How a plain driver runs built SQL: prepare, bind, getAsObject, free. */
function execObjects(db: Database, sqlText: string, params: readonly unknown[]): Record<string, unknown>[] {
  const st = db.prepare(sqlText);
  st.bind(params as any);
  const out: Record<string, unknown>[] = [];
  while (st.step()) out.push(st.getAsObject());
  st.free();
  return out;
}
function execRun(db: Database, sqlText: string, params: readonly unknown[]): number {
  const st = db.prepare(sqlText);
  st.run(params as any);
  st.free();
  return db.getRowsModified();
}

const counter = () => {
  let i = 0;
  return () => (i = (i % POSTS) + 1);
};
const rows: Row[] = [];
const ps = (o: any) => ({ id: o.id, author_id: o.author_id ?? o.authorId, title: o.title, body: o.body, views: o.views, score: o.score });

// 1. Building SQL
const VIEWS = 2500;
const qKnex = (a: number) => knex('bench_post').where('author_id', a).andWhere('views', '>=', VIEWS).orderBy('views', 'desc').limit(20).offset(40).toSQL().toNative();
const qKysely = (a: number) =>
  kysely.selectFrom('bench_post').selectAll().where('author_id', '=', a).where('views', '>=', VIEWS).orderBy('views', 'desc').limit(20).offset(40).compile();
const qDrizzle = (a: number) =>
  drizzleDb.select().from(dPost).where(dsql`${dPost.authorId} = ${a} and ${dPost.views} >= ${VIEWS}`).orderBy(desc(dPost.views)).limit(20).offset(40).toSQL();
const qTypeorm = (a: number) =>
  tPosts.createQueryBuilder('p').where('p.author_id = :a', { a }).andWhere('p.views >= :v', { v: VIEWS }).orderBy('p.views', 'DESC').limit(20).offset(40).getQueryAndParameters();
const qManouche = (a: number) => Post.objects.filter({ author: a, views__gte: VIEWS }).orderBy('-views').slice(40, 60).toSql();
for (const [label, fresh] of [
  ['build SQL, new shape', true],
  ['build SQL, repeated shape', false],
] as const) {
  let a = 0;
  rows.push(
    await runWorkload(
      label,
      [
        { name: 'knex', fn: () => qKnex(++a) },
        { name: 'kysely', fn: () => qKysely(++a) },
        { name: 'drizzle', fn: () => qDrizzle(++a) },
        { name: 'typeorm', fn: () => qTypeorm(++a) },
        {
          name: 'manouche',
          fn: () => {
            if (fresh) clearShapeCache();
            return qManouche(++a);
          },
        },
      ],
      { time: TIME, check: false },
    ),
  );
}

// 2. Get by primary key
{
  const [r, ra, m, d, t, k, n] = [counter(), counter(), counter(), counter(), counter(), counter(), counter()];
  rows.push(
    await runWorkload(
      'get by pk',
      [
        { name: 'raw', fn: () => postObj(raw('SELECT id, author_id, title, body, views, score FROM bench_post WHERE id = ?', [r()])[0]!) },
        // the same floor returned by an async function: what any promise-returning API costs at least
        { name: 'raw async', fn: async () => postObj(raw('SELECT id, author_id, title, body, views, score FROM bench_post WHERE id = ?', [ra()])[0]!) },
        { name: 'manouche', fn: () => Post.objects.get({ pk: m() }), norm: ps },
        { name: 'drizzle', fn: () => drizzleDb.select().from(dPost).where(eq(dPost.id, d())).get(), norm: ps },
        { name: 'typeorm', fn: () => tPosts.findOneBy({ id: t() }), norm: ps },
        {
          name: 'kysely',
          fn: () => {
            const c = kysely.selectFrom('bench_post').selectAll().where('id', '=', k()).compile();
            return execObjects(kyselyDb, c.sql, c.parameters)[0];
          },
          norm: ps,
        },
        {
          name: 'knex',
          fn: () => {
            const c = knex('bench_post').where('id', n()).first().toSQL().toNative();
            return execObjects(knexDb, c.sql, c.bindings)[0];
          },
          norm: ps,
        },
      ],
      { time: TIME },
    ),
  );
}

// 3. Filter + order + limit 100
{
  const list = (rs: any[]) => rs.map(ps);
  rows.push(
    await runWorkload(
      'filter + order + limit 100',
      [
        { name: 'raw', fn: () => raw('SELECT id, author_id, title, body, views, score FROM bench_post WHERE views >= ? ORDER BY views DESC, id ASC LIMIT 100', [VIEWS]).map(postObj) },
        { name: 'manouche', fn: () => Post.objects.filter({ views__gte: VIEWS }).orderBy('-views', 'id').slice(0, 100).fetch(), norm: list },
        { name: 'drizzle', fn: () => drizzleDb.select().from(dPost).where(gte(dPost.views, VIEWS)).orderBy(desc(dPost.views), asc(dPost.id)).limit(100).all(), norm: list },
        { name: 'typeorm', fn: () => tPosts.find({ where: { views: MoreThanOrEqual(VIEWS) }, order: { views: 'DESC', id: 'ASC' }, take: 100 }), norm: list },
        {
          name: 'kysely',
          fn: () => {
            const c = kysely.selectFrom('bench_post').selectAll().where('views', '>=', VIEWS).orderBy('views', 'desc').orderBy('id', 'asc').limit(100).compile();
            return execObjects(kyselyDb, c.sql, c.parameters);
          },
          norm: list,
        },
        {
          name: 'knex',
          fn: () => {
            const c = knex('bench_post').where('views', '>=', VIEWS).orderBy([{ column: 'views', order: 'desc' }, { column: 'id', order: 'asc' }]).limit(100).toSQL().toNative();
            return execObjects(knexDb, c.sql, c.bindings);
          },
          norm: list,
        },
      ],
      { time: TIME },
    ),
  );
}

// 4. 100 rows with their FK (select_related)
{
  const withAuthor = (p: any, a: any) => ({ ...ps(p), author: { id: a.id, name: a.name, email: a.email, age: a.age } });
  const RAW = 'SELECT p.id, p.author_id, p.title, p.body, p.views, p.score, a.id, a.name, a.email, a.age FROM bench_post p INNER JOIN bench_author a ON a.id = p.author_id WHERE p.views >= ? ORDER BY p.id LIMIT 100';
  const prefixed = (o: any) =>
    withAuthor({ id: o.p_id, author_id: o.p_author_id, title: o.p_title, body: o.p_body, views: o.p_views, score: o.p_score }, { id: o.a_id, name: o.a_name, email: o.a_email, age: o.a_age });
  const cols = ['p.id as p_id', 'p.author_id as p_author_id', 'p.title as p_title', 'p.body as p_body', 'p.views as p_views', 'p.score as p_score', 'a.id as a_id', 'a.name as a_name', 'a.email as a_email', 'a.age as a_age'] as const;
  rows.push(
    await runWorkload(
      '100 rows with FK (select_related)',
      [
        {
          name: 'raw',
          fn: () =>
            raw(RAW, [VIEWS]).map((r) => ({
              id: r[0],
              author_id: r[1],
              title: r[2],
              body: r[3],
              views: r[4],
              score: r[5],
              author: { id: r[6], name: r[7], email: r[8], age: r[9] },
            })),
        },
        { name: 'manouche', fn: () => Post.objects.selectRelated('author').filter({ views__gte: VIEWS }).orderBy('id').slice(0, 100).fetch(), norm: (rs: any[]) => rs.map((p) => withAuthor(p, p.author)) },
        {
          name: 'drizzle',
          fn: () => drizzleDb.select().from(dPost).innerJoin(dAuthor, eq(dPost.authorId, dAuthor.id)).where(gte(dPost.views, VIEWS)).orderBy(asc(dPost.id)).limit(100).all(),
          norm: (rs: any[]) => rs.map((r) => withAuthor(r.bench_post, r.bench_author)),
        },
        {
          name: 'typeorm',
          fn: () => tPosts.find({ relations: { author: true }, where: { views: MoreThanOrEqual(VIEWS) }, order: { id: 'ASC' }, take: 100 }),
          norm: (rs: any[]) => rs.map((p) => withAuthor(p, p.author)),
        },
        {
          name: 'kysely',
          fn: () => {
            const c = kysely
              .selectFrom('bench_post as p')
              .innerJoin('bench_author as a', 'a.id', 'p.author_id')
              .select([...cols])
              .where('p.views', '>=', VIEWS)
              .orderBy('p.id')
              .limit(100)
              .compile();
            return execObjects(kyselyDb, c.sql, c.parameters);
          },
          norm: (rs: any[]) => rs.map(prefixed),
        },
        {
          name: 'knex',
          fn: () => {
            const c = knex('bench_post as p').join('bench_author as a', 'a.id', 'p.author_id').select(...cols).where('p.views', '>=', VIEWS).orderBy('p.id').limit(100).toSQL().toNative();
            return execObjects(knexDb, c.sql, c.bindings);
          },
          norm: (rs: any[]) => rs.map(prefixed),
        },
      ],
      { time: TIME },
    ),
  );
}

// 4b. 100 rows with their many-to-many (prefetch_related): two statements each
{
  const byId = (a: any, b: any) => a.id - b.id;
  const norm = (rs: any[]) => rs.map((r) => ({ id: r.id, tags: r.tags.map((t: any) => ({ id: t.id, name: t.name })).sort(byId) }));
  const attach = (posts: any[], links: Array<{ post: unknown; id: unknown; name: unknown }>) => {
    const by = new Map<unknown, any[]>();
    for (const p of posts) by.set(p.id, (p.tags = []));
    for (const l of links) by.get(l.post)!.push({ id: l.id, name: l.name });
    return posts;
  };
  const TAGS = 'SELECT pt.post_id, t.id, t.name FROM bench_tag t INNER JOIN bench_post_tags pt ON pt.tag_id = t.id WHERE pt.post_id IN (SELECT value FROM json_each(?))';
  rows.push(
    await runWorkload(
      '100 rows with M2M (prefetch_related)',
      [
        {
          name: 'raw',
          fn: () => {
            // the floor: objects built once with their final shape, links attached by a Map
            const posts = raw('SELECT id, author_id, title, body, views, score FROM bench_post WHERE views >= ? ORDER BY id LIMIT 100', [VIEWS]).map(
              (r) => ({ id: r[0], author_id: r[1], title: r[2], body: r[3], views: r[4], score: r[5], tags: [] as unknown[] }),
            );
            const by = new Map<unknown, unknown[]>();
            const ids = new Array(posts.length);
            for (let i = 0; i < posts.length; i++) {
              ids[i] = posts[i]!.id;
              by.set(posts[i]!.id, posts[i]!.tags);
            }
            for (const r of raw(TAGS, [JSON.stringify(ids)])) by.get(r[0])!.push({ id: r[1], name: r[2] });
            return posts;
          },
          norm,
        },
        {
          name: 'manouche',
          fn: () => Post.objects.prefetchRelated('tags').filter({ views__gte: VIEWS }).orderBy('id').slice(0, 100).fetch(),
          norm: (rs: any[]) => norm(rs.map((p) => ({ id: p.id, tags: p[PREFETCHED].tags }))),
        },
        {
          name: 'drizzle',
          fn: () => {
            const posts: any[] = drizzleDb.select().from(dPost).where(gte(dPost.views, VIEWS)).orderBy(asc(dPost.id)).limit(100).all();
            const links = drizzleDb
              .select({ post: dPostTags.postId, id: dTag.id, name: dTag.name })
              .from(dTag)
              .innerJoin(dPostTags, eq(dPostTags.tagId, dTag.id))
              .where(inArray(dPostTags.postId, posts.map((p) => p.id)))
              .all();
            return attach(posts, links);
          },
          norm,
        },
        {
          name: 'typeorm',
          fn: () => tPosts.find({ relations: { tags: true }, where: { views: MoreThanOrEqual(VIEWS) }, order: { id: 'ASC' }, take: 100 }),
          norm,
        },
        {
          name: 'kysely',
          fn: () => {
            const c = kysely.selectFrom('bench_post').selectAll().where('views', '>=', VIEWS).orderBy('id').limit(100).compile();
            const posts: any[] = execObjects(kyselyDb, c.sql, c.parameters);
            const t = kysely
              .selectFrom('bench_tag as t')
              .innerJoin('bench_post_tags as pt', 'pt.tag_id', 't.id')
              .select(['pt.post_id as post', 't.id as id', 't.name as name'])
              .where('pt.post_id', 'in', posts.map((p) => p.id))
              .compile();
            return attach(posts, execObjects(kyselyDb, t.sql, t.parameters) as any);
          },
          norm,
        },
        {
          name: 'knex',
          fn: () => {
            const c = knex('bench_post').where('views', '>=', VIEWS).orderBy('id').limit(100).toSQL().toNative();
            const posts: any[] = execObjects(knexDb, c.sql, c.bindings);
            const t = knex('bench_tag as t')
              .join('bench_post_tags as pt', 'pt.tag_id', 't.id')
              .select('pt.post_id as post', 't.id as id', 't.name as name')
              .whereIn('pt.post_id', posts.map((p) => p.id))
              .toSQL()
              .toNative();
            return attach(posts, execObjects(knexDb, t.sql, t.bindings) as any);
          },
          norm,
        },
      ],
      { time: TIME },
    ),
  );
}

// 5. Grouped aggregate: posts and total views per author
{
  const norm = (rs: any[]) => rs.map((r) => ({ author: Number(r.author ?? r.author_id ?? r.authorId), n: Number(r.n), total: Number(r.total) }));
  rows.push(
    await runWorkload(
      'grouped aggregate (1,000 groups)',
      [
        { name: 'raw', fn: () => raw('SELECT author_id, COUNT(id), SUM(views) FROM bench_post GROUP BY author_id ORDER BY author_id', []).map((r) => ({ author: r[0], n: r[1], total: r[2] })) },
        { name: 'manouche', fn: () => Post.objects.values('author').annotate({ n: Count('id'), total: Sum('views') }).orderBy('author').fetch(), norm },
        {
          name: 'drizzle',
          fn: () => drizzleDb.select({ authorId: dPost.authorId, n: count(dPost.id), total: sum(dPost.views) }).from(dPost).groupBy(dPost.authorId).orderBy(asc(dPost.authorId)).all(),
          norm,
        },
        {
          name: 'typeorm',
          fn: () => tPosts.createQueryBuilder('p').select('p.author_id', 'author').addSelect('COUNT(p.id)', 'n').addSelect('SUM(p.views)', 'total').groupBy('p.author_id').orderBy('p.author_id').getRawMany(),
          norm,
        },
        {
          name: 'kysely',
          fn: () => {
            const c = kysely
              .selectFrom('bench_post')
              .select(['author_id', (eb) => eb.fn.count('id').as('n'), (eb) => eb.fn.sum('views').as('total')])
              .groupBy('author_id')
              .orderBy('author_id')
              .compile();
            return execObjects(kyselyDb, c.sql, c.parameters);
          },
          norm,
        },
        {
          name: 'knex',
          fn: () => {
            const c = knex('bench_post').select('author_id').count('id as n').sum('views as total').groupBy('author_id').orderBy('author_id').toSQL().toNative();
            return execObjects(knexDb, c.sql, c.bindings);
          },
          norm,
        },
      ],
      { time: TIME },
    ),
  );
}

// 6. Bulk insert 1,000 rows (one transaction each)
{
  const batch = (i: number) => Array.from({ length: 1000 }, (_, j) => ({ author_ref: (j % AUTHORS) + 1, msg: `log ${i}-${j}`, n: j }));
  let calls = 0;
  const insertRaw = () => {
    const rowsIn = batch(++calls);
    rawDb.run('BEGIN');
    let st = rawStmts.get('ins');
    if (!st) rawStmts.set('ins', (st = rawDb.prepare('INSERT INTO bench_log (author_ref, msg, n) VALUES (?, ?, ?)')));
    for (const r of rowsIn) st.run([r.author_ref, r.msg, r.n]);
    rawDb.run('COMMIT');
    return 1000;
  };
  const kyInsert = (db: Database, rs: ReturnType<typeof batch>) => {
    // SQLite's limit on parameters: 3 per row, batches of 300 rows
    db.run('BEGIN');
    for (let i = 0; i < rs.length; i += 300) {
      const c = kysely.insertInto('bench_log').values(rs.slice(i, i + 300)).compile();
      execRun(db, c.sql, c.parameters);
    }
    db.run('COMMIT');
    return rs.length;
  };
  rows.push(
    await runWorkload(
      'bulk insert 1,000 rows',
      [
        { name: 'raw', fn: insertRaw },
        { name: 'manouche', fn: async () => (await Log.objects.bulkCreate(batch(++calls).map((r) => new Log(r)))).length },
        {
          name: 'drizzle',
          fn: () => {
            const rs = batch(++calls).map((r) => ({ authorRef: r.author_ref, msg: r.msg, n: r.n }));
            drizzleDb.transaction((tx) => {
              for (let i = 0; i < rs.length; i += 300) tx.insert(dLog).values(rs.slice(i, i + 300)).run();
            });
            return rs.length;
          },
        },
        { name: 'typeorm', fn: async () => (await tLogs.insert(batch(++calls))).identifiers.length },
        { name: 'kysely', fn: () => kyInsert(kyselyDb, batch(++calls)) },
        {
          name: 'knex',
          fn: () => {
            const rs = batch(++calls);
            knexDb.run('BEGIN');
            for (let i = 0; i < rs.length; i += 300) {
              const c = knex('bench_log').insert(rs.slice(i, i + 300)).toSQL().toNative();
              execRun(knexDb, c.sql, c.bindings);
            }
            knexDb.run('COMMIT');
            return rs.length;
          },
        },
      ],
      { time: TIME },
    ),
  );
}

// 7. Update 100 rows by filter
{
  const win = () => {
    let i = 0;
    return () => {
      i = (i + 100) % (POSTS - 100);
      return [i + 1, i + 100] as const;
    };
  };
  const [r, m, d, t, k, n] = [win(), win(), win(), win(), win(), win()];
  rows.push(
    await runWorkload(
      'update 100 rows by filter',
      [
        { name: 'raw', fn: () => (raw('UPDATE bench_post SET views = views + 1 WHERE id BETWEEN ? AND ?', [...r()]), rawDb.getRowsModified()) },
        { name: 'manouche', fn: () => Post.objects.filter({ id__range: m() }).update({ views: F('views').add(1) }) },
        { name: 'drizzle', fn: () => { const [a, b] = d(); drizzleDb.update(dPost).set({ views: dsql`${dPost.views} + 1` }).where(between(dPost.id, a, b)).run(); return 100; } },
        {
          name: 'typeorm',
          fn: async () => {
            const [a, b] = t();
            const res = await tPosts.createQueryBuilder().update().set({ views: () => 'views + 1' }).where('id BETWEEN :a AND :b', { a, b }).execute();
            return res.affected ?? 100;
          },
        },
        {
          name: 'kysely',
          fn: () => {
            const [a, b] = k();
            const c = kysely.updateTable('bench_post').set({ views: ksql`views + 1` }).where('id', '>=', a).where('id', '<=', b).compile();
            return execRun(kyselyDb, c.sql, c.parameters);
          },
        },
        {
          name: 'knex',
          fn: () => {
            const [a, b] = n();
            const c = knex('bench_post').whereBetween('id', [a, b]).update({ views: knex.raw('views + 1') }).toSQL().toNative();
            return execRun(knexDb, c.sql, c.bindings);
          },
        },
      ],
      { time: TIME },
    ),
  );
}

printTable(rows);
await typeorm.destroy();
await knex.destroy();
await kysely.destroy();
