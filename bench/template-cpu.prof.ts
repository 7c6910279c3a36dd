// The template workloads timed in CPU time, for a loaded machine (not part of `npm run bench`):
//   node --import tsx bench/template-cpu.prof.ts [hello|list|table|compile|all] [rounds]
// Each round runs every contender's loop once, alternating the order between
// rounds, and charges it the process's CPU time (process.cpuUsage), which other
// processes on the machine disturb less than wall-clock time. Prints each
// contender's median microseconds per operation, the range over the rounds and
// the median ratio to the fastest peer. The same contenders and equal-output
// check as bench/template.bench.ts.
import { type Contender, checkSameOutput, compileNote, contenders } from './template/contenders';

const peers = new Set(['eta', 'pug', 'nunjucks', 'handlebars', 'ejs', 'liquidjs']);
const only = process.argv[2] ?? 'all';
const rounds = Number(process.argv[3] ?? 9);
/** Operations per loop: about 20–50 ms of work each on a quiet machine. */
const loops: Record<string, number> = { hello: 100_000, list: 300, table: 40, compile: 1000 };
const skip = new Set(['handlebars', 'ejs', 'liquidjs', 'nunjucks']); // far behind on every workload; they only lengthen the run

const all = contenders().filter((c) => !skip.has(c.name));
checkSameOutput(all);

for (const workload of only === 'all' ? ['hello', 'list', 'table', 'compile'] : [only]) {
  const list = all.filter((c) => (workload === 'compile' ? !c.name.startsWith('template literal') : !c.compileOnly));
  const fn = (c: Contender) => (workload === 'compile' ? c.compile : c.render[workload as 'hello']);
  const n = workload === 'compile' ? loops.compile : loops[workload];
  for (const c of list) for (let i = 0; i < n; i++) fn(c)(); // warm-up
  const times = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const c of r % 2 ? [...list].reverse() : list) {
      const f = fn(c);
      const t0 = process.cpuUsage();
      for (let i = 0; i < n; i++) f();
      const d = process.cpuUsage(t0);
      const us = (d.user + d.system) / n;
      const got = times.get(c.name);
      if (got) got.push(us);
      else times.set(c.name, [us]);
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  const fastestPeer = Math.min(...[...times].filter(([k]) => peers.has(k)).map(([, v]) => median(v)));
  console.log(`## ${workload} (CPU µs per operation, ${rounds} interleaved rounds of ${n})`);
  console.log('| contender | median µs | range | speed vs fastest peer |');
  console.log('|---|---:|---:|---:|');
  for (const [name, v] of [...times].sort((a, b) => median(a[1]) - median(b[1]))) {
    const s = [...v].sort((a, b) => a - b);
    console.log(`| ${name} | ${median(v).toFixed(2)} | ${s[0].toFixed(2)}–${s[s.length - 1].toFixed(2)} | ${(fastestPeer / median(v)).toFixed(2)}x |`);
  }
  if (workload === 'compile') console.log(`\n${compileNote}`);
  console.log('');
}
