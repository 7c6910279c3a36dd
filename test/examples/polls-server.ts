/**
 * Starts the polls example the way `npm start` does (package.json's start
 * script after its build step, which `npm test` has just run), on a free port
 * (runserver's argument 127.0.0.1:0) and a given database file, and waits for
 * runserver's "Quit the server with CONTROL-C." line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';

export interface PollsServer {
  /** 'http://127.0.0.1:<port>' (no trailing slash). */
  base: string;
  /** Everything printed before the server was ready. */
  startup: string;
  stop(): Promise<void>;
}

export async function startPolls(database: string, env: Record<string, string> = {}): Promise<PollsServer> {
  const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: { start: string } };
  const prefix = 'npm run build && ';
  if (!pkg.scripts.start.startsWith(prefix)) throw new Error(`npm start is "${pkg.scripts.start}", expected "${prefix}node ..."`);
  const [command, ...args] = pkg.scripts.start.slice(prefix.length).split(/\s+/);
  if (command !== 'node') throw new Error(`npm start runs ${command}, expected node`);
  const child: ChildProcess = spawn(process.execPath, [...args, '127.0.0.1:0'], {
    env: { ...process.env, POLLS_DATABASE: database, DEBUG: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const timeout = setTimeout(() => child.kill(), 30_000);
  let startup = '';
  child.stdout!.on('data', (chunk) => (startup += chunk));
  try {
    while (!startup.includes('Quit the server with CONTROL-C.')) {
      const done = await Promise.race([once(child.stdout!, 'data').then(() => false), exited.then(() => true)]);
      if (done) throw new Error(`npm start exited before serving:\n${startup}`);
    }
  } finally {
    clearTimeout(timeout);
  }
  const base = /Starting development server at (http:\/\/127\.0\.0\.1:\d+)\//.exec(startup)?.[1];
  if (!base) throw new Error(`no address in npm start's output:\n${startup}`);
  return {
    base,
    startup,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
