// End to end: a list page (20 of 10,000 posts: a count and a join, a session
// read, a CSRF token in a search form, a base template), a detail page and a
// JSON endpoint, served over loopback by each stack in its own process and
// loaded with autocannon. Every contender's pages are checked equal first.
//
//   npm run bench -- e2e            (E2E_SECONDS=5 per page, E2E_CONNECTIONS=10, E2E_ROUNDS=1)
//
// With E2E_ROUNDS=n the contenders take turns n times on each page (so a burst
// of load from elsewhere on the machine hits them alike) and the table shows the
// median with the range over the rounds.
//
// Memory: RSS once every contender answered its first pages ("ready"), then
// after E2E_IDLE_SECONDS (default 40) in which all of them sit idle together
// ("idle": V8 gives startup garbage back only after several seconds without
// work, in 8 s steps, so a reading at 0.5 s mostly measures how recently the
// last collection ran), the peak while each is loaded (sampled every 100 ms),
// growth = peak - idle, and RSS right after the last load.
//
// With E2E_LAUNCHES=n all of that runs n times, each time in fresh processes,
// and every figure is the median over the launches with its range: one
// launch's RSS moves by several MiB with where glibc and V8 happen to leave
// startup memory, so one launch per contender compares luck as much as stacks.
//
// E2E_NODE_FLAGS passes Node options to every contender alike, for
// experiments: `--no-opt --no-sparkplug` shows each stack's memory without the
// code V8's compilers emit for its hot path. E2E_CODE_LOG=1 has every
// contender log the code V8 creates (--log-code) and adds tables of the
// machine code compiled from the idle wait on, by compiler and by whose
// source, and of Manouche's own by source file (bench/e2e/code-log.ts): the
// part of the growth that is the JIT's. Logging costs CPU, so take rates and
// RSS from a run without it. E2E_HEAP=1 has every contender write a heap
// snapshot at idle and one after the loads, and adds a table of what the loads
// left alive in V8's heap, by kind (bench/e2e/heap-snapshot.ts): the stack's
// objects and strings against machine code, feedback and bytecode. Each
// snapshot collects all garbage first, so take RSS from a run without it too.
//
// A second table gives the same readings without glibc's thread arenas (see
// threadArenasMiB in e2e/harness.ts): freed TurboFan memory from compiling
// sql.js's WebAssembly, kept by whichever threads compiled it, which moves
// one launch's RSS by ±10 MiB for every stack alike. Without it a stack's
// idle RSS repeats to a few tenths of a MiB from launch to launch.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bySourceFile, codeEntries, tallyEntries, type CodeTally } from './e2e/code-log';
import { checkSame, heapSnapshot, load, nodeFlags, PAGES, rssMiB, rssWithoutArenasMiB, start, watchRss, type LoadResult, type Running } from './e2e/harness';
import { HEAP_KINDS, heapGrowth, type HeapComposition } from './e2e/heap-snapshot';

const seconds = Number(process.env.E2E_SECONDS ?? 5);
const connections = Number(process.env.E2E_CONNECTIONS ?? 10);
const rounds = Math.max(1, Number(process.env.E2E_ROUNDS ?? 1));
const idleSeconds = Math.max(0, Number(process.env.E2E_IDLE_SECONDS ?? 40));
const launches = Math.max(1, Number(process.env.E2E_LAUNCHES ?? 1));
// The issue's reference, measured on this machine class (not run here): Django 3.2 under gunicorn, one worker, list page.
const DJANGO_ONE_WORKER = 276;
// The floor first: it is the reference the others are compared with.
const names = (process.env.E2E_ONLY?.split(',') ?? ['floor', 'hono', 'express', 'fastify', 'manouche']);
const peers = new Set(['hono', 'express', 'fastify']);

interface Memory {
  ready: number;
  idle: number;
  peak: number;
  after: number;
}
interface ProcessFigures extends Memory {
  coldStartMs: number;
  /** The same readings without the thread arenas' share. */
  net: Memory;
}
const processes = new Map<string, ProcessFigures[]>();
const results = new Map<string, Map<string, LoadResult[]>>();
const compiled = new Map<string, CodeTally[]>();
/** What the loads left alive in each contender's V8 heap, per launch (E2E_HEAP). */
const heapLeft = new Map<string, HeapComposition[]>();
/** Manouche's own machine code by source file, in the last launch (E2E_CODE_LOG). */
let ownBySource = new Map<string, number>();
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
let contenders: string[] = [];

for (let launch = 0; launch < launches; launch++) {
  const running: Running[] = [];
  const peak = new Map<string, number>();
  const peakNet = new Map<string, number>();
  let tallyFrom = Number.NaN;
  const keepHigher = (map: Map<string, number>, name: string, value: number) => {
    if (!(value <= (map.get(name) ?? -Infinity))) map.set(name, value);
  };
  /** Runs `work` while the contender's RSS is sampled, keeping its highest value under load. */
  const watched = async <T>(r: Running, work: () => Promise<T>): Promise<T> => {
    const watch = watchRss(r.child.pid);
    try {
      return await work();
    } finally {
      keepHigher(peak, r.name, watch.stop());
      keepHigher(peakNet, r.name, watch.peakWithoutArenas());
    }
  };
  try {
    for (const name of names) {
      const r = await start(name);
      if (r) running.push(r);
    }
    contenders = running.map((r) => r.name);
    await checkSame(running);
    if (launch === 0) console.log(`all ${running.length} contenders answer identical pages (${PAGES.map((p) => p.name).join(', ')}, edge pages, 403 without a session, CSRF masking)\n`);
    await new Promise((r) => setTimeout(r, 500));
    const readings = () => new Map(running.map((r) => [r.name, { rss: rssMiB(r.child.pid), net: rssWithoutArenasMiB(r.child.pid) }]));
    const ready = readings();
    const readyAt = performance.now();
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const idle = readings();
    // The code tally starts halfway through the idle wait, when nothing compiles: a child's
    // log clock starts some tens of ms after its spawn, and the first contender's load follows
    // the idle reading at once, so counting from the reading itself would miss its first burst.
    tallyFrom = (readyAt + performance.now()) / 2;
    const idleHeap = new Map<string, HeapComposition>();
    if (process.env.E2E_HEAP) for (const r of running) idleHeap.set(r.name, await heapSnapshot(r));

    for (const page of PAGES) {
      // A warm-up so the JIT (and sql.js's page cache) have seen the page before the measured runs.
      for (const r of running) await watched(r, () => load(r, page.path, 2, connections));
      for (let round = 0; round < rounds; round++) {
        for (const r of running) {
          const result = await watched(r, () => load(r, page.path, seconds, connections));
          if (result.errors) throw new Error(`${r.name}: ${result.errors} errors or non-2xx answers on ${page.path}`);
          if (!results.has(r.name)) results.set(r.name, new Map());
          const byPage = results.get(r.name)!;
          byPage.set(page.name, [...(byPage.get(page.name) ?? []), result]);
        }
      }
    }
    const after = readings();
    for (const r of running) {
      const before = idleHeap.get(r.name);
      if (before) heapLeft.set(r.name, [...(heapLeft.get(r.name) ?? []), heapGrowth(before, await heapSnapshot(r))]);
    }
    for (const r of running) {
      const [a, b, c] = [ready.get(r.name)!, idle.get(r.name)!, after.get(r.name)!];
      const figures: ProcessFigures = {
        coldStartMs: r.coldStartMs,
        ready: a.rss,
        idle: b.rss,
        peak: peak.get(r.name)!,
        after: c.rss,
        net: { ready: a.net, idle: b.net, peak: peakNet.get(r.name)!, after: c.net },
      };
      processes.set(r.name, [...(processes.get(r.name) ?? []), figures]);
    }
  } finally {
    await Promise.all(running.map((r) => r.stop()));
  }
  for (const r of running) {
    if (r.codeLog && processes.get(r.name)?.length === launch + 1) {
      const entries = codeEntries(readFileSync(r.codeLog, 'utf8'), tallyFrom - r.startedAt);
      compiled.set(r.name, [...(compiled.get(r.name) ?? []), tallyEntries(entries)]);
      if (r.name === 'manouche') ownBySource = bySourceFile(entries, dist);
    }
  }
}

const over = [rounds > 1 ? `${rounds} rounds` : '', launches > 1 ? `${launches} launches` : ''].filter(Boolean).join(' × ');
console.log(`${seconds} s per page${over ? ` × ${over} (median, range)` : ''}, ${connections} connections, Node ${process.version}${nodeFlags().length ? ` with ${nodeFlags().join(' ')} (every contender)` : ''}, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores\n`);
for (const page of PAGES) {
  const rows = contenders.map((name) => summarize(name, results.get(name)!.get(page.name)!));
  const fastestPeer = Math.max(...rows.filter((x) => peers.has(x.name)).map((x) => x.requests));
  console.log(`## ${page.name} (${page.path})`);
  const leanestPeer = Math.min(...rows.filter((x) => peers.has(x.name)).map((x) => x.cpuPerRequest));
  console.log('| contender | requests/s | vs fastest peer | p50 ms | p99 ms | CPU µs/request | CPU vs leanest peer |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const x of rows.sort((a, b) => b.requests - a.requests)) {
    const span = (v: number[]) => (v.length > 1 ? ` (${Math.round(Math.min(...v)).toLocaleString('en-US')}–${Math.round(Math.max(...v)).toLocaleString('en-US')})` : '');
    console.log(
      `| ${x.name} | ${Math.round(x.requests).toLocaleString('en-US')}${span(x.all.map((a) => a.requests))} | ${ratio(x.requests, fastestPeer)} | ${x.p50} | ${x.p99} | ${Math.round(x.cpuPerRequest)}${span(x.all.map((a) => a.cpuPerRequest))} | ${ratio(x.cpuPerRequest, leanestPeer)} |`,
    );
  }
  if (page.name === 'list') {
    const own = rows.find((x) => x.name === 'manouche');
    if (own) console.log(`manouche: ${(own.requests / DJANGO_ONE_WORKER).toFixed(1)}x Django 3.2 + gunicorn with one worker (${DJANGO_ONE_WORKER} requests/s in the issue's measurement; not run here)`);
  }
  console.log('');
}
// Memory per launch, then the median over the launches: "vs floor" and growth
// are taken within each launch (the same moment, the same machine state).
const cell = (v: number[], digits = 1) => {
  if (v.some((x) => Number.isNaN(x))) return 'n/a';
  const m = median(v).toFixed(digits);
  return v.length > 1 ? `${m} (${Math.min(...v).toFixed(digits)}–${Math.max(...v).toFixed(digits)})` : m;
};
/** A difference as "+1.2" or "-0.3" (n/a passes through). */
const signed = (v: number[], digits = 1) => cell(v, digits).replace(/^(?!-|n)/, '+');
const floor = processes.get('floor');
const memoryTable = (title: string, of: (f: ProcessFigures) => Memory, withColdStart: boolean) => {
  console.log(`## ${title}`);
  console.log(`| contender |${withColdStart ? ' cold start ms |' : ''} RSS ready MiB | RSS idle (${idleSeconds} s) MiB | vs floor idle | peak under load MiB | growth (peak - idle) MiB | vs floor growth | RSS after load MiB |`);
  console.log(`|---|${withColdStart ? '---:|' : ''}---:|---:|---:|---:|---:|---:|---:|`);
  for (const name of contenders) {
    const all = processes.get(name)!;
    const m = all.map(of);
    const growth = (x: Memory) => x.peak - x.idle;
    const vsIdle = floor ? signed(m.map((x, i) => x.idle - of(floor[i]).idle)) : 'n/a';
    const vsGrowth = floor ? signed(m.map((x, i) => growth(x) - growth(of(floor[i])))) : 'n/a';
    const cold = withColdStart ? ` ${cell(all.map((f) => f.coldStartMs), 0)} |` : '';
    console.log(`| ${name} |${cold} ${cell(m.map((x) => x.ready))} | ${cell(m.map((x) => x.idle))} | ${vsIdle} | ${cell(m.map((x) => x.peak))} | ${cell(m.map(growth))} | ${vsGrowth} | ${cell(m.map((x) => x.after))} |`);
  }
  console.log('');
};
memoryTable('process', (f) => f, true);
memoryTable('process, without glibc thread arenas (freed compiler memory kept by V8 threads)', (f) => f.net, false);
if (compiled.size) {
  const kb = (v: number[]) => cell(v.map((b) => b / 1024), 0);
  const total = (t: CodeTally) => t.optimized + t.baseline + t.wasm;
  const floorCode = compiled.get('floor');
  console.log('## machine code V8 compiled under load (E2E_CODE_LOG; KB created from halfway through the idle wait on, dead copies included)');
  console.log('| contender | optimized JS | baseline JS | WebAssembly | JS from Node | JS from sql.js | JS from the stack | JS from the app file | JS + Wasm vs floor |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const name of contenders) {
    const t = compiled.get(name);
    if (!t) continue;
    const vs = floorCode ? signed(t.map((x, i) => (total(x) - total(floorCode[i])) / 1024), 0) : 'n/a';
    console.log(`| ${name} | ${kb(t.map((x) => x.optimized))} | ${kb(t.map((x) => x.baseline))} | ${kb(t.map((x) => x.wasm))} | ${kb(t.map((x) => x.byOrigin.node))} | ${kb(t.map((x) => x.byOrigin.sqljs))} | ${kb(t.map((x) => x.byOrigin.stack))} | ${kb(t.map((x) => x.byOrigin.app))} | ${vs} |`);
  }
  console.log('');
  const own = compiled.get('manouche')?.at(-1);
  if (own && ownBySource.size) {
    const sorted = [...ownBySource].sort((a, b) => b[1] - a[1]);
    const sum = (rows: [string, number][]) => rows.reduce((total, [, bytes]) => total + bytes, 0);
    const row = (what: string, bytes: number) => console.log(`| ${what} | ${(bytes / 1024).toFixed(1)} |`);
    console.log(`## Manouche's JavaScript compiled under load by source file (the last launch, optimized + baseline, through dist/'s source maps)`);
    console.log('| source | KB |');
    console.log('|---|---:|');
    for (const [source, bytes] of sorted.slice(0, 15)) row(source, bytes);
    if (sorted.length > 15) row(`the other ${sorted.length - 15} files`, sum(sorted.slice(15)));
    row('generated at run time (compiled templates, row classes)', own.byOrigin.stack - sum(sorted));
    row("the app file (the contender's views)", own.byOrigin.app);
    console.log('');
  }
}
if (heapLeft.size) {
  const kb = (v: number[]) => signed(v.map((b) => b / 1024), 0);
  const total = (h: HeapComposition) => HEAP_KINDS.reduce((sum, k) => sum + h[k], 0);
  const floorHeap = heapLeft.get('floor');
  console.log('## what the loads left alive in the V8 heap (E2E_HEAP; KB, heap snapshot after the loads less the one at idle, each after a full collection)');
  console.log(`| contender | ${HEAP_KINDS.join(' | ')} | total | total vs floor |`);
  console.log(`|---|${HEAP_KINDS.map(() => '---:|').join('')}---:|---:|`);
  for (const name of contenders) {
    const h = heapLeft.get(name);
    if (!h) continue;
    const vs = floorHeap ? kb(h.map((x, i) => total(x) - total(floorHeap[i]))) : 'n/a';
    console.log(`| ${name} | ${HEAP_KINDS.map((k) => kb(h.map((x) => x[k]))).join(' | ')} | ${kb(h.map(total))} | ${vs} |`);
  }
  console.log('');
}

/** a / b as "1.23x", or n/a when no peer ran (E2E_ONLY without one). */
function ratio(a: number, b: number): string {
  return Number.isFinite(b) ? `${(a / b).toFixed(2)}x` : 'n/a';
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/** The median of each figure over the rounds (one round: itself), with the rounds kept for the ranges. */
function summarize(name: string, all: LoadResult[]) {
  const of = (f: (r: LoadResult) => number) => median(all.map(f));
  return { name, all, requests: of((r) => r.requests), cpuPerRequest: of((r) => r.cpuPerRequest), p50: of((r) => r.p50), p99: of((r) => r.p99) };
}
