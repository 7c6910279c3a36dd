/**
 * The production entry (gunicorn's role): `--workers N` forks N processes with
 * node:cluster, all accepting on one port; a worker that dies is replaced
 * (with a growing delay when workers keep crashing at start, so a broken app
 * does not fork in a loop); SIGTERM/SIGINT on the primary stops every worker
 * gracefully and exits once they have finished their requests.
 *
 * @example
 * // serve.ts, run as `node serve.js --workers 4 --port 8000`
 * import { serveWorkers, parseServeArgs } from 'manouche/node';
 * await serveWorkers(async () => (await import('./app.js')).default, parseServeArgs(process.argv.slice(2)));
 */
import cluster, { type Worker } from 'node:cluster';
import { serve, type FetchHandler, type ServeOptions, type ServerHandle } from './server';

export interface WorkersOptions extends ServeOptions {
  /** Worker processes (default 1: no cluster, the app is served in this process). */
  workers?: number;
  /** Called in the primary when a worker is (re)started. */
  onWorker?: (worker: Worker) => void;
}

export type AppSource = () => FetchHandler | { fetch: FetchHandler } | Promise<FetchHandler | { fetch: FetchHandler }>;

/** Parses `--host H --port P --workers N` (also `--port=P`); unknown flags are an error naming them. */
export function parseServeArgs(argv: readonly string[]): { host?: string; port?: number; workers?: number; rest: string[] } {
  const out: { host?: string; port?: number; workers?: number; rest: string[] } = { rest: [] };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    if (!arg.startsWith('--')) {
      out.rest.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    } else value = argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value.`);
    if (arg === '--host') out.host = value;
    else if (arg === '--port' || arg === '--workers') {
      const n = Number(value);
      const max = arg === '--port' ? 65535 : 1024;
      if (!/^\d+$/.test(value) || n > max || (arg === '--workers' && n < 1)) throw new Error(`${arg} must be an integer ${arg === '--port' ? 'from 0 to 65535' : 'from 1 to 1024'}, got '${value}'.`);
      if (arg === '--port') out.port = n;
      else out.workers = n;
    } else throw new Error(`Unknown option '${arg}' (expected --host, --port, --workers).`);
  }
  return out;
}

/**
 * Serves the app from `source` in `workers` processes sharing one port. In the
 * primary it resolves once every worker listens (undefined); in a worker (or
 * with one worker) it resolves to the worker's server handle.
 */
export async function serveWorkers(source: AppSource, options: WorkersOptions = {}): Promise<ServerHandle | undefined> {
  const count = options.workers ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`workers must be a positive integer, got ${count}.`);
  if (count === 1 || cluster.isWorker) {
    return serve(await source(), options);
  }
  return primary(count, options);
}

async function primary(count: number, options: WorkersOptions): Promise<undefined> {
  let stopping = false;
  let recentCrashes = 0;
  let crashWindow = Date.now();
  const fork = (): Worker => {
    const worker = cluster.fork();
    options.onWorker?.(worker);
    return worker;
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    if (now - crashWindow > 10_000) {
      recentCrashes = 0;
      crashWindow = now;
    }
    recentCrashes++;
    const delay = Math.min(100 * 2 ** (recentCrashes - 1), 5_000);
    console.error(`Worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}); starting another in ${delay} ms.`);
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(1); // a second signal: now
    }
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    let alive = workers.length;
    if (alive === 0) process.exit(0);
    // Workers run serve(), which drains in-flight requests on SIGTERM and exits.
    for (const w of workers) {
      w.once('exit', () => {
        if (--alive === 0) process.exit(0);
      });
      w.process.kill('SIGTERM');
    }
    const limit = (options.shutdownTimeout ?? 10_000) + 2_000;
    setTimeout(() => process.exit(1), limit).unref();
    process.on(signal, () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const listening: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const w = fork();
    listening.push(new Promise((resolve) => w.once('listening', () => resolve())));
  }
  await Promise.all(listening);
  return undefined;
}

/**
 * The production command line: `<module> [--host H] [--port P] [--workers N]`,
 * where the module's default export (or its `app` export) is the app (an
 * object with fetch(), as createApp() returns) or a fetch function. The CLI's
 * `serve` command calls it.
 *
 * @example
 * await runProduction(['dist/app.js', '--workers', '4', '--port', '8000']);
 */
export async function runProduction(argv: readonly string[]): Promise<ServerHandle | undefined> {
  const { rest, ...options } = parseServeArgs(argv);
  if (rest.length !== 1) throw new Error(`Expected one app module, got ${rest.length ? rest.map((r) => `'${r}'`).join(', ') : 'none'} (usage: <module> [--host H] [--port P] [--workers N]).`);
  const { pathToFileURL } = await import('node:url');
  const { resolve } = await import('node:path');
  const href = pathToFileURL(resolve(rest[0])).href;
  return serveWorkers(async () => {
    const mod = (await import(href)) as Record<string, unknown>;
    const app = mod.default ?? mod.app;
    if (typeof app === 'function' || (app && typeof (app as { fetch?: unknown }).fetch === 'function')) return app as FetchHandler | { fetch: FetchHandler };
    throw new TypeError(`${rest[0]} must export the app (an object with fetch(), or a fetch function) as its default export or as 'app'.`);
  }, options);
}
