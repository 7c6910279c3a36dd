// A focused loop for get by pk (not part of `npm run bench`):
//   node --import tsx [--cpu-prof] bench/orm-get.prof.ts [N]
// Interleaves, in batches, the raw sql.js floor of bench/orm.bench.ts (prepared
// statement, bind, step, get, plain object), that floor behind one `await` of
// an async function (what any promise-returning API costs at least), and
// `Post.objects.get({ pk })` (and `filter({ pk }).first()`, the shaped chain); prints each one's best and median batch and the
// ratios to the floor. Every contender's rows are checked equal first.
import initSqlJs from 'sql.js';
import { deepStrictEqual } from 'node:assert';
import { SqlJsBackend, connections, createTables } from '../src/db/index';
import { Author, Post } from './orm/profile-models';
import { applyPragmas } from '../src/db/backends/sqljs';

const POSTS = 10000;
const SQL = await initSqlJs();
const backend = await SqlJsBackend.open({ sqlJs: SQL });
connections.set('default', backend);
await createTables(backend, [Author, Post]);
await Author.objects.bulkCreate(Array.from({ length: 100 }, (_, i) => new Author({ name: `author ${i}` })));
await Post.objects.bulkCreate(
  Array.from({ length: POSTS }, (_, i) => new Post({ author_id: 1 + (i % 100), title: `post ${i}`, body: `body of post ${i} `.repeat(3), views: (i * 37) % 5000, score: (i % 1000) / 10 })),
);
const rawDb = new SQL.Database(backend.database().export());
applyPragmas(rawDb);
const st = rawDb.prepare('SELECT id, author_id, title, body, views, score FROM bench_post WHERE id = ?');
const floor = (id: number) => {
  st.bind([id]);
  const out: unknown[][] = [];
  while (st.step()) out.push(st.get());
  st.reset();
  const r = out[0]!;
  return { id: r[0], author_id: r[1], title: r[2], body: r[3], views: r[4], score: r[5] };
};
const asyncFloor = async (id: number) => floor(id);
const plain = (p: any) => ({ id: p.id, author_id: p.author_id, title: p.title, body: p.body, views: p.views, score: p.score });
for (const id of [1, 77, POSTS]) {
  deepStrictEqual(plain(await Post.objects.get({ pk: id })), floor(id));
  deepStrictEqual(plain(await Post.objects.filter({ pk: id }).first()), floor(id));
}

const N = Number(process.argv[2] ?? 200_000);
const B = 2000;
let sink = 0;
let at = 0;
const next = () => (at = (at % POSTS) + 1);
const kinds: Record<string, (n: number) => Promise<number>> = {
  floor: async (n) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += floor(next()).views as number;
    return Number(process.hrtime.bigint() - t) / n;
  },
  'async floor': async (n) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += (await asyncFloor(next())).views as number;
    return Number(process.hrtime.bigint() - t) / n;
  },
  manouche: async (n) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += (await Post.objects.get({ pk: next() })).views;
    return Number(process.hrtime.bigint() - t) / n;
  },
  'filter.first': async (n) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += (await Post.objects.filter({ pk: next() }).first())!.views;
    return Number(process.hrtime.bigint() - t) / n;
  },
};
// ONLY=manouche runs one contender (for a profile of it alone)
const only = process.env.ONLY;
const times: Record<string, number[]> = {};
for (let r = 0; r < N / B; r++) for (const [k, fn] of Object.entries(kinds)) if (!only || k === only || k === 'floor') (times[k] ??= []).push(await fn(only && k === 'floor' ? 1 : B));
const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { best: s[0]!, median: s[s.length >> 1]! };
};
const f = stat(times.floor!);
for (const k of Object.keys(times)) {
  const s = stat(times[k]!);
  console.log(`${k.padEnd(12)} best ${(s.best / 1000).toFixed(3)} µs (${(s.best / f.best).toFixed(2)}x)  median ${(s.median / 1000).toFixed(3)} µs (${(s.median / f.median).toFixed(2)}x)`);
}
if (sink === 0) console.log('');
