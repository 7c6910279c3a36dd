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
import { checkSame, load, PAGES, rssMiB, start, watchRss, type Running } from './e2e/harness';

const seconds = Number(process.env.E2E_SECONDS ?? 5);
const connections = Number(process.env.E2E_CONNECTIONS ?? 10);
const rounds = Math.max(1, Number(process.env.E2E_ROUNDS ?? 1));
const idleSeconds = Math.max(0, Number(process.env.E2E_IDLE_SECONDS ?? 40));
// The issue's reference, measured on this machine class (not run here): Django 3.2 under gunicorn, one worker, list page.
const DJANGO_ONE_WORKER = 276;
// The floor first: it is the reference the others are compared with.
const names = (process.env.E2E_ONLY?.split(',') ?? ['floor', 'hono', 'express', 'fastify', 'manouche']);
const peers = new Set(['hono', 'express', 'fastify']);

const running: Running[] = [];
const ready = new Map<string, number>();
const idle = new Map<string, number>();
const peak = new Map<string, number>();
try {
  for (const name of names) {
    const r = await start(name);
    if (r) running.push(r);
  }
  await checkSame(running);
  console.log(`all ${running.length} contenders answer identical pages (${PAGES.map((p) => p.name).join(', ')}, edge pages, 403 without a session, CSRF masking)\n`);
  await new Promise((r) => setTimeout(r, 500));
  for (const r of running) ready.set(r.name, rssMiB(r.child.pid));
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  for (const r of running) idle.set(r.name, rssMiB(r.child.pid));

  const results = new Map<string, Map<string, Awaited<ReturnType<typeof load>>[]>>();
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
  const after = new Map(running.map((r) => [r.name, rssMiB(r.child.pid)]));

  console.log(`${seconds} s per page${rounds > 1 ? ` × ${rounds} rounds (median, range)` : ''}, ${connections} connections, Node ${process.version}, load average ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores\n`);
  for (const page of PAGES) {
    const rows = running.map((r) => summarize(r.name, results.get(r.name)!.get(page.name)!));
    const fastestPeer = Math.max(...rows.filter((x) => peers.has(x.name)).map((x) => x.requests));
    console.log(`## ${page.name} (${page.path})`);
    const leanestPeer = Math.min(...rows.filter((x) => peers.has(x.name)).map((x) => x.cpuPerRequest));
    console.log('| contender | requests/s | vs fastest peer | p50 ms | p99 ms | CPU µs/request | CPU vs leanest peer |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const x of rows.sort((a, b) => b.requests - a.requests)) {
      const span = (v: number[]) => (rounds > 1 ? ` (${Math.round(Math.min(...v)).toLocaleString('en-US')}–${Math.round(Math.max(...v)).toLocaleString('en-US')})` : '');
      console.log(
        `| ${x.name} | ${Math.round(x.requests).toLocaleString('en-US')}${span(x.all.map((a) => a.requests))} | ${(x.requests / fastestPeer).toFixed(2)}x | ${x.p50} | ${x.p99} | ${Math.round(x.cpuPerRequest)}${span(x.all.map((a) => a.cpuPerRequest))} | ${(x.cpuPerRequest / leanestPeer).toFixed(2)}x |`,
      );
    }
    if (page.name === 'list') {
      const own = rows.find((x) => x.name === 'manouche');
      if (own) console.log(`manouche: ${(own.requests / DJANGO_ONE_WORKER).toFixed(1)}x Django 3.2 + gunicorn with one worker (${DJANGO_ONE_WORKER} requests/s in the issue's measurement; not run here)`);
    }
    console.log('');
  }
  console.log('## process');
  console.log(`| contender | cold start ms | RSS ready MiB | RSS idle (${idleSeconds} s) MiB | vs floor idle | peak under load MiB | growth (peak - idle) MiB | RSS after load MiB |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const floorIdle = idle.get('floor');
  const mib = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(1));
  for (const r of running) {
    const i = idle.get(r.name)!;
    const vsFloor = floorIdle === undefined ? 'n/a' : `${i - floorIdle >= 0 ? '+' : ''}${(i - floorIdle).toFixed(1)}`;
    console.log(`| ${r.name} | ${Math.round(r.coldStartMs)} | ${mib(ready.get(r.name))} | ${mib(i)} | ${vsFloor} | ${mib(peak.get(r.name))} | ${mib(peak.get(r.name)! - i)} | ${mib(after.get(r.name))} |`);
  }
} finally {
  await Promise.all(running.map((r) => r.stop()));
}

/** Runs `work` while the contender's RSS is sampled, keeping its highest value under load. */
async function watched<T>(r: Running, work: () => Promise<T>): Promise<T> {
  const watch = watchRss(r.child.pid);
  try {
    return await work();
  } finally {
    const top = watch.stop();
    if (!(top <= (peak.get(r.name) ?? -Infinity))) peak.set(r.name, top);
  }
}

/** The median of each figure over the rounds (one round: itself), with the rounds kept for the ranges. */
function summarize(name: string, all: Awaited<ReturnType<typeof load>>[]) {
  const median = (f: (r: (typeof all)[number]) => number) => {
    const v = all.map(f).sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  return { name, all, requests: median((r) => r.requests), cpuPerRequest: median((r) => r.cpuPerRequest), p50: median((r) => r.p50), p99: median((r) => r.p99) };
}
