// The e2e harness: starts each contender in a child process, bundled and run
// with plain node (cold start = spawn to the first list page answered), checks that every contender answers
// the same HTML (whitespace-normalized, the per-request CSRF mask blanked) and
// the same JSON, then loads each page with autocannon for a bounded time and
// reads the child's RSS from /proc before and after.
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { codeLogFlags } from './code-log';
import { heapComposition, type HeapComposition } from './heap-snapshot';
import { unmaskToken } from './data';

export class HarnessError extends Error {
  override name = 'HarnessError';
}

export interface Running {
  name: string;
  child: ChildProcess;
  port: number;
  cookie: string;
  coldStartMs: number;
  /** performance.now() when the process was spawned: its own clock's zero, near enough. */
  startedAt: number;
  /** The --log-code log the process writes (E2E_CODE_LOG), complete once it has stopped. */
  codeLog?: string;
  /** Where the process writes heap snapshots on SIGUSR2 (E2E_HEAP), and how many it has written. */
  snapshots?: { dir: string; taken: number };
  stop(): Promise<void>;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../build/bench-e2e/', import.meta.url));

/**
 * Bundles child.ts with one contender into build/bench-e2e/<name>.mjs (see
 * child.ts for why): only the contender's own TypeScript and the shared
 * data.ts go in; every package import stays a runtime import. The file sits
 * inside the repository so that `manouche` resolves to its own built package.
 */
export async function bundle(name: string): Promise<string> {
  if (!/^[a-z]+$/.test(name)) throw new HarnessError(`expected a contender name, got ${JSON.stringify(name)}`);
  const outfile = `${outDir}${name}.mjs`;
  await build({
    stdin: { contents: `import { listen } from './contenders/${name}.ts';\nimport { main } from './child.ts';\nawait main(listen);\n`, resolveDir: here, sourcefile: `${name}-entry.ts`, loader: 'ts' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/**
 * Node options every contender gets alike, from E2E_NODE_FLAGS (none by
 * default): for experiments such as `--no-opt --no-sparkplug`, which shows
 * what each stack's memory does without the code its JIT compilers emit.
 */
export function nodeFlags(value = process.env.E2E_NODE_FLAGS ?? ''): string[] {
  const flags = value.split(/\s+/).filter(Boolean);
  const bad = flags.find((f) => !/^--[a-z0-9][a-z0-9_-]*(=[\w.,-]+)?$/i.test(f));
  if (bad !== undefined) throw new HarnessError(`E2E_NODE_FLAGS: expected options such as --no-opt, got ${JSON.stringify(bad)}`);
  return flags;
}

/** Spawns a contender; undefined (with the reason printed) when it skips itself. */
export async function start(name: string, timeoutMs = 60_000): Promise<Running | undefined> {
  const script = await bundle(name);
  const codeLog = process.env.E2E_CODE_LOG ? `${outDir}${name}.code.log` : undefined;
  const snapshotDir = process.env.E2E_HEAP ? `${outDir}heap` : undefined;
  if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
  const t0 = performance.now();
  const env = snapshotDir ? { ...process.env, E2E_HEAP_SNAPSHOTS: snapshotDir } : process.env;
  const child = spawn(process.execPath, [...nodeFlags(), ...(codeLog ? codeLogFlags(codeLog) : []), script], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new HarnessError(`${name}: no "listening" line within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      buffer += d;
      const nl = buffer.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buffer.slice(0, nl));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!buffer.includes('\n')) reject(new HarnessError(`${name}: exited with code ${code} before listening`));
    });
  });
  if (line.startsWith('skip ')) {
    console.log(`SKIPPED ${name}: ${line.slice(5)}`);
    return undefined;
  }
  const port = Number(/^listening (\d+)$/.exec(line)?.[1]);
  if (!port) throw new HarnessError(`${name}: unexpected first line ${JSON.stringify(line)}`);
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/login/`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sessionid='));
  if (login.status !== 200 || !cookie) throw new HarnessError(`${name}: /login/ answered ${login.status} without a sessionid cookie`);
  const first = await fetch(`${base}/posts/`, { headers: { cookie } });
  await first.text();
  const coldStartMs = performance.now() - t0;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { name, child, port, cookie, coldStartMs, startedAt: t0, codeLog, snapshots: snapshotDir ? { dir: snapshotDir, taken: 0 } : undefined, stop };
}

/**
 * Has a contender started with E2E_HEAP write a heap snapshot (which first
 * collects all garbage) and returns its heap by kind; the file is removed.
 */
export async function heapSnapshot(r: Running, timeoutMs = 120_000): Promise<HeapComposition> {
  if (!r.snapshots || r.child.pid === undefined) throw new HarnessError(`${r.name}: not started with E2E_HEAP=1, so it writes no heap snapshots`);
  const file = `${r.snapshots.dir}/${r.child.pid}-${r.snapshots.taken++}.heapsnapshot`;
  r.child.kill('SIGUSR2');
  for (const until = performance.now() + timeoutMs; !existsSync(file); ) {
    if (r.child.exitCode !== null || performance.now() > until) throw new HarnessError(`${r.name}: no heap snapshot at ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    return heapComposition(JSON.parse(readFileSync(file, 'utf8')));
  } finally {
    rmSync(file);
  }
}

const clockTicks = (() => {
  try {
    return Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used, in milliseconds (Linux /proc), or NaN elsewhere. */
export function cpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of a process in MiB (Linux /proc), or NaN elsewhere. */
export function rssMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * Resident memory held by glibc's per-thread malloc arenas, in MiB (Linux
 * /proc/<pid>/smaps), or NaN elsewhere. V8's background threads compile hot
 * WebAssembly with TurboFan (sql.js's SQLite interpreter loop in every
 * contender) in tens of MiB of zone memory, freed at once; their arenas keep
 * most of it resident (malloc_stats(): 3-11 MiB per arena, 0.1-0.2 MiB of it
 * in use). How much stays is luck of which thread compiled what, and it moves
 * one launch's RSS by ±10 MiB for every stack alike; RSS without it is what a
 * stack itself holds, steady to a few tenths of a MiB from launch to launch.
 */
export function threadArenasMiB(pid: number | undefined): number {
  try {
    return threadArenasKiB(readFileSync(`/proc/${pid}/smaps`, 'utf8')) / 1024;
  } catch {
    return Number.NaN;
  }
}

// An arena is a 64 MiB-aligned reservation of 64 MiB (glibc's HEAP_MAX_SIZE
// on 64-bit): a read-write part that grows, then the rest inaccessible.
const ARENA = 64n << 20n;
const MAPPING = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+ *(.*)$/;

/** The Rss (KiB) of the read-write parts of glibc thread arenas in an smaps text. */
export function threadArenasKiB(smaps: string): number {
  const maps: Array<{ start: bigint; end: bigint; perm: string; named: boolean; rss: number }> = [];
  for (const line of smaps.split('\n')) {
    const m = MAPPING.exec(line);
    if (m) maps.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), perm: m[3], named: m[4] !== '', rss: 0 });
    else if (line.startsWith('Rss:') && maps.length) maps[maps.length - 1].rss = Number(/(\d+)/.exec(line)?.[1] ?? 0);
  }
  let kib = 0;
  maps.forEach((m, i) => {
    if (m.named || m.perm !== 'rw-p' || m.start % ARENA !== 0n) return;
    const rest = maps[i + 1];
    const end = rest && !rest.named && rest.perm === '---p' && rest.start === m.end ? rest.end : m.end;
    if (end - m.start === ARENA) kib += m.rss;
  });
  return kib;
}

/** RSS less the thread arenas' share (see threadArenasMiB), in MiB. */
export function rssWithoutArenasMiB(pid: number | undefined): number {
  return rssMiB(pid) - threadArenasMiB(pid);
}

/**
 * The highest RSS a process reaches while it is watched, and the highest RSS
 * without its thread arenas: sampled every `everyMs` and whenever sample() is
 * called (stop() samples once more). The arenas are read only when RSS sets a
 * new high: reading smaps takes about 3 ms (status: 0.01) in the process that
 * also drives the load, and arenas seldom give memory back, so a lower RSS
 * later holds no more without them.
 */
export function watchRss(pid: number | undefined, everyMs = 100): { sample(): void; stop(): number; peakWithoutArenas(): number } {
  let peak = Number.NaN;
  let net = Number.NaN;
  const sample = () => {
    const now = rssMiB(pid);
    if (!(now > peak || Number.isNaN(peak))) return;
    peak = now;
    const without = now - threadArenasMiB(pid);
    if (without > net || Number.isNaN(net)) net = without;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
    peakWithoutArenas: () => net,
  };
}

const TOKEN = /(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")/;

/** Whitespace-normalized HTML with the CSRF token blanked (its mask is random per request, as in Django). */
export function normalizeHtml(html: string): string {
  return html.replace(TOKEN, '$1…$3').replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
}

export const PAGES = [
  { name: 'list', path: '/posts/?page=3', kind: 'html' },
  { name: 'detail', path: '/posts/4242/', kind: 'html' },
  { name: 'json', path: '/api/posts/?page=3', kind: 'json' },
] as const;

// Edge pages checked for agreement but not loaded.
const EXTRA = ['/posts/', '/posts/?page=500', '/posts/?page=99999', '/posts/?page=x', '/posts/1/', '/posts/10001/', '/api/posts/?page=0'];

async function answer(r: Running, path: string, cookie: string | undefined): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(`http://127.0.0.1:${r.port}${path}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: await res.text(), type: (res.headers.get('content-type') ?? '').split(';')[0] };
}

/**
 * Every contender must answer every page as the reference does: same status,
 * content type, normalized HTML or parsed JSON; a 403 without the session; and
 * CSRF tokens that differ per request yet unmask to one secret per session.
 */
export async function checkSame(running: Running[]): Promise<void> {
  const [reference, ...others] = running;
  for (const path of [...PAGES.map((p) => p.path), ...EXTRA]) {
    const want = await answer(reference, path, reference.cookie);
    for (const r of others) {
      const got = await answer(r, path, r.cookie);
      if (got.status !== want.status) throw new HarnessError(`${r.name} answered ${path} with ${got.status}, ${reference.name} with ${want.status}`);
      if (got.type !== want.type) throw new HarnessError(`${r.name} answered ${path} as ${got.type}, ${reference.name} as ${want.type}`);
      const same = want.type === 'application/json' ? JSON.stringify(JSON.parse(got.body)) === JSON.stringify(JSON.parse(want.body)) : normalizeHtml(got.body) === normalizeHtml(want.body);
      if (!same) {
        const a = want.type === 'application/json' ? want.body : normalizeHtml(want.body);
        const b = want.type === 'application/json' ? got.body : normalizeHtml(got.body);
        let i = 0;
        while (i < a.length && a[i] === b[i]) i++;
        throw new HarnessError(`${r.name} differs from ${reference.name} on ${path} at character ${i}:\n  ${reference.name}: …${a.slice(Math.max(0, i - 60), i + 60)}\n  ${r.name}: …${b.slice(Math.max(0, i - 60), i + 60)}`);
      }
    }
  }
  for (const r of running) {
    const anonymous = await answer(r, '/posts/', undefined);
    if (anonymous.status !== 403) throw new HarnessError(`${r.name} served the list page without a session (status ${anonymous.status})`);
    const tokens = await Promise.all([1, 2].map(async () => TOKEN.exec((await answer(r, '/posts/', r.cookie)).body)?.[2] ?? ''));
    if (!tokens[0] || tokens[0] === tokens[1]) throw new HarnessError(`${r.name}: the CSRF token is missing or not masked per request`);
    if (unmaskToken(tokens[0]) !== unmaskToken(tokens[1])) throw new HarnessError(`${r.name}: two tokens of one session unmask to different secrets`);
  }
}

export interface LoadResult {
  requests: number;
  /** The server process's CPU time per request, in microseconds (steadier than requests/s on a busy machine). */
  cpuPerRequest: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Loads one page for `seconds` over `connections` keep-alive connections. */
export async function load(r: Running, path: string, seconds: number, connections = 10): Promise<LoadResult> {
  const before = cpuMs(r.child?.pid);
  const result = await autocannon({ url: `http://127.0.0.1:${r.port}${path}`, connections, duration: seconds, headers: { cookie: r.cookie } });
  const used = cpuMs(r.child?.pid) - before;
  const errors = result.errors + result.timeouts + result.non2xx;
  return { requests: result.requests.average, cpuPerRequest: (used * 1000) / result.requests.total, p50: result.latency.p50, p99: result.latency.p99, errors };
}
