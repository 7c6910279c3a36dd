// Template engines on the same work: "hello" (one escaped variable), "list"
// (a child template extending a base, 100 articles with escaping, filters,
// if/else, forloop.counter, joined tags, a default and a truncation), "table"
// (1,000 x 10 escaped cells) and "compile" (the list page's templates parsed
// and compiled from source, no cache). Every contender's HTML is checked equal
// (whitespace-normalized) before anything is timed.
//
//   node --import tsx bench/template.bench.ts [time-per-task-ms]
import { Bench } from 'tinybench';
import { checkSameOutput, compileNote, contenders } from './template/contenders';

const time = Number(process.argv[2] ?? 300);
const list = contenders();
checkSameOutput(list);
console.log(`all ${list.length} contenders render identical HTML (hello, list, table)\n`);

const workloads = [
  ['hello', (c: (typeof list)[number]) => c.render.hello],
  ['list', (c: (typeof list)[number]) => c.render.list],
  ['table', (c: (typeof list)[number]) => c.render.table],
  ['compile', (c: (typeof list)[number]) => c.compile],
] as const;

const peers = new Set(['eta', 'pug', 'nunjucks', 'handlebars', 'ejs', 'liquidjs']);

// Two rounds per workload, the second in reverse order, keeping each
// contender's better result: no contender always runs first (cold) or last.
for (const [workload, pick] of workloads) {
  const best = new Map<string, number>();
  for (const order of [list, [...list].reverse()]) {
    const bench = new Bench({ time, warmup: true, warmupTime: workload === 'compile' ? 1000 : 300 });
    for (const c of order) {
      if (workload === 'compile' && c.name.startsWith('template literal')) continue;
      if (workload !== 'compile' && c.compileOnly) continue;
      bench.add(c.name, pick(c));
    }
    await bench.run();
    for (const t of bench.tasks) {
      const ops = 1000 / (t.result as unknown as { period: number }).period;
      best.set(t.name, Math.max(best.get(t.name) ?? 0, ops));
    }
  }
  const rows = [...best].map(([name, ops]) => ({ name, ops }));
  const fastestPeer = Math.max(...rows.filter((r) => peers.has(r.name)).map((r) => r.ops));
  const floorOps = rows.find((r) => r.name.startsWith('template literal'))?.ops;
  console.log(`## ${workload}`);
  console.log('| contender | ops/s | vs fastest peer |' + (floorOps ? ' time vs floor |' : ''));
  console.log('|---|---:|---:|' + (floorOps ? '---:|' : ''));
  for (const r of rows.sort((a, b) => b.ops - a.ops)) {
    const ratio = (r.ops / fastestPeer).toFixed(2);
    const vsFloor = floorOps ? ` ${(floorOps / r.ops).toFixed(2)}x |` : '';
    console.log(`| ${r.name} | ${Math.round(r.ops).toLocaleString('en-US')} | ${ratio}x |${vsFloor}`);
  }
  if (workload === 'compile') console.log(`\n${compileNote}`);
  console.log('');
}
