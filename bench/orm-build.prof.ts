// A focused loop for profiling SQL building (not part of `npm run bench`):
//   node --import tsx --cpu-prof bench/orm-build.prof.ts [new|repeated|both] [N]
// Builds the same filtered, ordered, paginated QuerySet as bench/orm.bench.ts
// N times, with the shape cache cleared before each build (new) or not
// (repeated), interleaved with knex's toSQL() so the ratio is read in one run.
import knexFactory from 'knex';
import { SqlJsBackend, connections } from '../src/db/index';
import { Post } from './orm/profile-models';
import { clearShapeCache } from '../src/db/sql/compiler';

connections.set('default', await SqlJsBackend.open());
const knex = knexFactory({ client: 'sqlite3', useNullAsDefault: true });

const which = process.argv[2] ?? 'both';
const N = Number(process.argv[3] ?? 200_000);
let sink = 0;
const m = (a: number) => Post.objects.filter({ author: a, views__gte: 2500 }).orderBy('-views').slice(40, 60).toSql();
const k = (a: number) => knex('bench_post').where('author_id', a).andWhere('views', '>=', 2500).orderBy('views', 'desc').limit(20).offset(40).toSQL().toNative();

function batch(kind: string, n: number): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    if (kind === 'new') {
      clearShapeCache();
      sink += m(i).sql.length;
    } else if (kind === 'repeated') sink += m(i).sql.length;
    else sink += k(i).sql.length;
  }
  return Number(process.hrtime.bigint() - t) / n;
}
const kinds = which === 'both' ? ['new', 'repeated', 'knex'] : process.env.ALONE ? [which] : [which, 'knex'];
const best: Record<string, number> = {};
const B = 2000;
for (let r = 0; r < N / B; r++) for (const kind of kinds) best[kind] = Math.min(best[kind] ?? Infinity, batch(kind, B));
for (const kind of kinds) console.log(`${kind.padEnd(9)} ${(best[kind]! / 1000).toFixed(2)} µs  ${best.knex ? (best[kind]! / best.knex).toFixed(2) : '-'}x knex`);
if (sink === 0) console.log('');
