// The Node server adapter alone: Manouche's serve() against @hono/node-server
// (both serving the same fetch handler), Express 5, and bare node:http, each in
// its own process, loaded with autocannon. Bodies are checked equal first.
// 'manouche+body' is the same handler with RESPONSE_BODY set; 'manouche-app' is serve(createApp())
// on the direct path (node:http → HttpRequest → HttpResponse → socket, no fetch objects).
//
//   npm run bench -- server          (SERVER_SECONDS=5, SERVER_CONNECTIONS=10)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const seconds = Number(process.env.SERVER_SECONDS ?? 5);
const connections = Number(process.env.SERVER_CONNECTIONS ?? 10);
const names = ['node', 'manouche', 'manouche+body', 'manouche-app', 'hono', 'express'];
const script = fileURLToPath(new URL('./server/child.ts', import.meta.url));
const children: Array<{ name: string; port: number; kill(): void }> = [];

try {
  for (const name of names) {
    const child = spawn(process.execPath, ['--import', 'tsx', script, name], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
      child.stdout!.once('data', (d) => {
        clearTimeout(timer);
        resolve(Number(/listening (\d+)/.exec(String(d))?.[1]));
      });
    });
    children.push({ name, port, kill: () => child.kill('SIGTERM') });
  }
  for (const path of ['/hello', '/page']) {
    const bodies = await Promise.all(children.map(async (c) => (await fetch(`http://127.0.0.1:${c.port}${path}`)).text()));
    if (bodies.some((b) => b !== bodies[0])) throw new Error(`the servers answer ${path} differently`);
  }
  console.log(`all ${children.length} servers answer identical bodies; ${seconds} s per path, ${connections} connections\n`);
  for (const path of ['/hello', '/page']) {
    const rows: Array<{ name: string; rps: number; p50: number; p99: number; cpu: number }> = [];
    for (const c of children) {
      await autocannon({ url: `http://127.0.0.1:${c.port}${path}`, connections, duration: 1 });
      const cpu = async () => {
        const u = (await (await fetch(`http://127.0.0.1:${c.port}/__cpu`)).json()) as { user: number; system: number };
        return u.user + u.system;
      };
      const before = await cpu();
      const r = await autocannon({ url: `http://127.0.0.1:${c.port}${path}`, connections, duration: seconds });
      const used = (await cpu()) - before;
      if (r.errors || r.non2xx) throw new Error(`${c.name}: ${r.errors} errors, ${r.non2xx} non-2xx on ${path}`);
      rows.push({ name: c.name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpu: used / r.requests.total });
    }
    const fastestPeer = Math.max(...rows.filter((r) => r.name === 'hono' || r.name === 'express').map((r) => r.rps));
    console.log(`## ${path}`);
    // CPU time per request (server process, user + system) holds up better than requests/s on a busy machine.
    console.log('| server | requests/s | vs fastest peer | p50 ms | p99 ms | CPU µs/request |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of rows.sort((a, b) => b.rps - a.rps)) console.log(`| ${r.name} | ${Math.round(r.rps).toLocaleString('en-US')} | ${(r.rps / fastestPeer).toFixed(2)}x | ${r.p50} | ${r.p99} | ${r.cpu.toFixed(1)} |`);
    console.log('');
  }
} finally {
  for (const c of children) c.kill();
}
