/**
 * runserver's auto-reloader (django/utils/autoreload.py, its StatReloader):
 *
 *   1. The parent process (no MANOUCHE_RUN_MAIN in its environment) starts
 *      the same command line again as a child with MANOUCHE_RUN_MAIN=true;
 *      the child serves.
 *   2. The parent polls the modification times of the project's source files
 *      (.ts, .js, .json, .html, ... outside node_modules and dot-directories;
 *      at most MAX_FILES) every `interval` ms.
 *   3. On a change it waits until the files are quiet for `debounce` ms,
 *      prints "<file> changed, reloading.", stops the child (SIGTERM, then
 *      SIGKILL after 5 s) and starts a new one.
 *   4. A child that exits on its own ends the parent with its status (the
 *      port was taken, the checks failed), except after a reload: then a
 *      broken edit waits for the next change instead of ending the server.
 *   5. SIGINT/SIGTERM to the parent stop the child, then the parent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const RUN_MAIN = 'MANOUCHE_RUN_MAIN';
const WATCHED = /\.(?:[cm]?[jt]sx?|json|html)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '__pycache__']);
const MAX_FILES = 20_000;

export interface ReloaderOptions {
  /** The directory watched (the project root). */
  root: string;
  /** Where "X changed, reloading." goes. */
  log: (line: string) => void;
  interval?: number;
  debounce?: number;
  /** Extra environment for the child (runserver passes the port it chose for port 0). */
  env?: Record<string, string>;
}

/** path -> mtime of every watched file under `root`. */
export function snapshot(root: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.size >= MAX_FILES) return;
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(full);
      } else if (e.isFile() && WATCHED.test(e.name) && !e.name.endsWith('.tmp')) {
        try {
          out.set(full, statSync(full).mtimeMs);
        } catch {
          // removed while walking
        }
      }
    }
  };
  walk(root);
  return out;
}

/** The first file that differs between two snapshots (changed, added or removed), or null. */
export function changedFile(before: Map<string, number>, after: Map<string, number>): string | null {
  for (const [path, mtime] of after) if (before.get(path) !== mtime) return path;
  for (const path of before.keys()) if (!after.has(path)) return path;
  return null;
}

/** Runs this process's command line as a child and restarts it on file changes; resolves with the exit status. */
export function runWithReloader(options: ReloaderOptions): Promise<number> {
  const interval = options.interval ?? 500;
  const debounce = options.debounce ?? 300;
  return new Promise((resolve) => {
    let child: ChildProcess | null = null;
    let reloads = 0;
    let stopping = false;
    let restarting = false;
    let files = snapshot(options.root);

    const start = () => {
      const c = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
        env: { ...process.env, ...options.env, [RUN_MAIN]: 'true' },
        stdio: 'inherit',
      });
      child = c;
      c.once('exit', (code, signal) => {
        if (child === c) child = null;
        if (stopping) return finish(0);
        if (restarting) return;
        // after a reload, a broken edit waits for the next change
        if (reloads > 0 && code !== 0) {
          options.log('Waiting for a file change to restart the server.');
          return;
        }
        finish(code ?? (signal ? 1 : 0));
      });
    };

    const stopChild = (): Promise<void> =>
      new Promise((done) => {
        const c = child;
        if (!c || c.exitCode !== null || c.signalCode !== null) return done();
        const kill = setTimeout(() => c.kill('SIGKILL'), 5_000);
        c.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        c.kill('SIGTERM');
      });

    let pending: NodeJS.Timeout | null = null;
    let changed: string | null = null;
    const timer = setInterval(() => {
      const now = snapshot(options.root);
      const path = changedFile(files, now);
      files = now;
      if (!path) return;
      changed = path;
      // 3. debounce: restart once the files have been quiet for `debounce` ms
      if (pending) clearTimeout(pending);
      pending = setTimeout(async () => {
        pending = null;
        if (stopping) return;
        options.log(`${relative(options.root, changed!) || changed} changed, reloading.`);
        restarting = true;
        await stopChild();
        restarting = false;
        reloads++;
        files = snapshot(options.root);
        if (!stopping) start();
      }, debounce);
    }, interval);

    const onSignal = async () => {
      stopping = true;
      await stopChild();
      finish(0);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    let finished = false;
    const finish = (status: number) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      if (pending) clearTimeout(pending);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(status);
    };

    start();
  });
}
