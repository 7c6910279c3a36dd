import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer as createNetServer } from 'node:net';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { RESPONSE_BODY, serve, type FetchHandler, type ServerHandle } from '../../src/node/server';
import { raw } from './raw-http';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Streaming is proven by causality, not by timing: each side waits for the
// other to have seen the first chunk, so a server that buffers deadlocks and
// the generous deadline names what never happened.
function signal(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}
function within<T>(what: string, promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function withServer(handler: FetchHandler, body: (s: ServerHandle) => Promise<void>, options = {}): Promise<void> {
  const server = await serve(handler, { port: 0, handleSignals: false, onError: () => {}, ...options });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}


test('answers a GET with the handler response: status, headers, several Set-Cookie, body', async () => {
  await withServer(
    (req, env) => {
      const h = new Headers({ 'content-type': 'text/plain', 'x-path': new URL(req.url).pathname + new URL(req.url).search, 'x-remote': env?.remoteAddr ?? '' });
      h.append('set-cookie', 'a=1');
      h.append('set-cookie', 'b=2; HttpOnly');
      return new Response(`hello ${req.headers.get('x-name')}`, { status: 201, headers: h });
    },
    async (s) => {
      const r = await fetch(`${s.url}p/q?x=1`, { headers: { 'x-name': 'Ada' } });
      assert.is(r.status, 201);
      assert.is(r.headers.get('x-path'), '/p/q?x=1');
      assert.is(r.headers.get('x-remote'), '127.0.0.1');
      assert.equal(r.headers.getSetCookie(), ['a=1', 'b=2; HttpOnly']);
      assert.is(r.headers.get('content-length'), '9');
      assert.is(await r.text(), 'hello Ada');
    },
  );
});

test('a whole body is sent with Content-Length, not chunked', async () => {
  await withServer(
    () => new Response('abc'),
    async (s) => {
      const text = await raw(s.address.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', /abc$/);
      assert.match(text, /content-length: 3\r\n/i);
      assert.not.match(text, /transfer-encoding/i);
    },
  );
});

test('a Response carrying its whole body under RESPONSE_BODY is written from it, with the right Content-Length', async () => {
  await withServer(
    () => {
      const r = new Response('from the stream', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
      (r as unknown as Record<symbol, unknown>)[RESPONSE_BODY] = 'héllo';
      return r;
    },
    async (s) => {
      const r = await fetch(s.url);
      assert.is(r.headers.get('content-length'), '6');
      assert.is(await r.text(), 'héllo');
      const head = await fetch(s.url, { method: 'HEAD' });
      assert.is(head.headers.get('content-length'), '6');
      assert.is(await head.text(), '');
    },
  );
});

test('request bodies are streamed to the handler before the client has finished sending', async () => {
  const firstSeen = signal();
  await withServer(
    async (req) => {
      const reader = req.body!.getReader();
      const parts: string[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        firstSeen.open();
        parts.push(new TextDecoder().decode(value));
      }
      return new Response(parts.join(''));
    },
    async (s) => {
      const answer = new Promise<string>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: s.address.port, method: 'POST', path: '/', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.write('first,');
        // the rest is sent only once the handler has read the first chunk
        firstSeen.opened.then(() => req.end('second'));
      });
      assert.is(await within('the handler reading the first chunk before the body ended', answer), 'first,second');
    },
  );
});

test('backpressure on uploads: an app that does not read stops the socket, so the upload is not buffered whole', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let received = 0;
  await withServer(
    async (req) => {
      await gate; // the app is busy: it reads nothing yet
      const reader = req.body!.getReader();
      for (let c = await reader.read(); !c.done; c = await reader.read()) received += c.value.byteLength;
      return new Response(String(received));
    },
    async (s) => {
      const total = 128 * 1024 * 1024;
      const chunk = Buffer.alloc(256 * 1024);
      let accepted = 0;
      const answer = new Promise<string>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: s.address.port, method: 'POST', path: '/', headers: { 'content-length': String(total) } }, (res) => {
          let t = '';
          res.on('data', (d) => (t += d));
          res.on('end', () => resolve(t));
        });
        req.on('error', reject);
        const pump = () => {
          while (accepted < total) {
            accepted += chunk.byteLength;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      await sleep(800);
      assert.ok(accepted < 48 * 1024 * 1024, `the client could only push what the buffers hold (${accepted} bytes)`);
      release();
      assert.is(await answer, String(total));
    },
  );
});

test('response bodies are streamed: the first chunk arrives before the stream has ended', async () => {
  const firstRead = signal();
  await withServer(
    () =>
      new Response(
        new ReadableStream({
          async start(c) {
            c.enqueue(new TextEncoder().encode('one;'));
            // the rest is produced only once the client has read the first chunk
            await firstRead.opened;
            c.enqueue(new TextEncoder().encode('two'));
            c.close();
          },
        }),
      ),
    async (s) => {
      const reader = await within('the response head reaching the client before the stream ended', fetch(s.url)).then((r) => r.body!.getReader());
      const first = await within('the first chunk reaching the client before the stream ended', reader.read());
      assert.is(new TextDecoder().decode(first.value), 'one;');
      firstRead.open();
      let rest = '';
      for (let c = await reader.read(); !c.done; c = await reader.read()) rest += new TextDecoder().decode(c.value);
      assert.is(rest, 'two');
    },
  );
});

test('backpressure: a client that does not read stops the handler stream from being pulled', async () => {
  let produced = 0;
  let cancelled = false;
  const chunk = new Uint8Array(64 * 1024);
  await withServer(
    () =>
      new Response(
        new ReadableStream(
          {
            pull(c) {
              produced += chunk.byteLength;
              c.enqueue(chunk);
              if (produced >= 512 * 1024 * 1024) c.close();
            },
            cancel() {
              cancelled = true;
            },
          },
          { highWaterMark: 0 },
        ),
      ),
    async (s) => {
      const socket = connect(s.address.port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.pause(); // never read: the kernel buffers fill, then write() returns false
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      // wait (on a loaded machine, as long as it takes) for production to stall...
      let before = -1;
      for (let i = 0; i < 40 && produced !== before; i++) {
        before = produced;
        await sleep(250);
      }
      // ...where the buffers are full, and stay stalled
      assert.ok(produced < 32 * 1024 * 1024, `only what the socket buffers hold is produced (${produced} bytes)`);
      await sleep(300);
      assert.is(produced, before, 'production has stopped while the client does not read');
      socket.destroy();
      for (let i = 0; i < 500 && !cancelled; i++) await sleep(20);
      assert.ok(cancelled, 'the disconnect cancels the body stream');
    },
  );
});

test('keep-alive: several requests reuse one connection', async () => {
  let connections = 0;
  await withServer(
    () => new Response('ok'),
    async (s) => {
      s.server.on('connection', () => connections++);
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const get = () =>
        new Promise<string>((resolve, reject) => {
          httpRequest({ host: '127.0.0.1', port: s.address.port, path: '/', agent }, (res) => {
            let t = '';
            res.on('data', (d) => (t += d));
            res.on('end', () => resolve(t));
          }).on('error', reject).end();
        });
      for (let i = 0; i < 5; i++) assert.is(await get(), 'ok');
      agent.destroy();
      assert.is(connections, 1);
    },
  );
});

test('HEAD answers the GET headers with no body', async () => {
  await withServer(
    (req) => new Response(req.method === 'HEAD' ? 'x'.repeat(10) : 'never', { headers: { 'content-length': '10', 'x-m': req.method } }),
    async (s) => {
      const text = await raw(s.address.port, 'HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n', /never$/);
      const [head, second] = text.split(/(?=HTTP\/1\.1 200)/g).filter(Boolean);
      assert.match(head, /x-m: HEAD/i);
      assert.match(head, /content-length: 10/i);
      assert.ok(head.endsWith('\r\n\r\n'), 'no body after the HEAD response headers');
      assert.match(second, /x-m: GET/i);
    },
  );
});

test('a client disconnect aborts the request signal', async () => {
  let aborted = false;
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  await withServer(
    (req) =>
      new Promise<Response>((resolve) => {
        started();
        req.signal.addEventListener('abort', () => {
          aborted = true;
          resolve(new Response('late'));
        });
      }),
    async (s) => {
      const socket = connect(s.address.port, '127.0.0.1');
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await running;
      socket.destroy();
      for (let i = 0; i < 500 && !aborted; i++) await sleep(20);
      assert.ok(aborted);
    },
  );
});

test('a handler exception becomes a 500 and the server keeps serving', async () => {
  const errors: unknown[] = [];
  await withServer(
    (req) => {
      if (new URL(req.url).pathname === '/boom') throw new Error('boom');
      if (new URL(req.url).pathname === '/nothing') return undefined as unknown as Response;
      return new Response('fine');
    },
    async (s) => {
      const r = await fetch(`${s.url}boom`);
      assert.is(r.status, 500);
      assert.is(await r.text(), 'Internal Server Error');
      const n = await fetch(`${s.url}nothing`);
      assert.is(n.status, 500);
      await n.text();
      assert.is(await (await fetch(s.url)).text(), 'fine');
      assert.is(errors.length, 2);
      assert.match(String(errors[1]), /returned undefined, not a Response/);
    },
    { onError: (e: unknown) => errors.push(e) },
  );
});

test('a stream that fails after the head cuts the connection instead of ending it cleanly', async () => {
  await withServer(
    () =>
      new Response(
        new ReadableStream({
          async start(c) {
            c.enqueue(new TextEncoder().encode('part'));
            await sleep(50);
            c.error(new Error('broken'));
          },
        }),
      ),
    async (s) => {
      const r = await fetch(s.url);
      let failed = false;
      await r.text().catch(() => (failed = true));
      assert.ok(failed, 'the client sees a broken body, not a complete one');
    },
  );
});

test('a request the fetch API cannot represent (a malformed Host) is a 400, and the server goes on', async () => {
  await withServer(
    () => new Response('fine'),
    async (s) => {
      const text = await raw(s.address.port, 'GET / HTTP/1.1\r\nHost: exa mple\r\nConnection: close\r\n\r\n', /\r\n\r\n[\s\S]*Bad Request/);
      assert.match(text, /^HTTP\/1\.1 400/);
      assert.is(await (await fetch(s.url)).text(), 'fine');
    },
  );
});

test('serve() reports the bound address, refuses a bad port, and close() stops accepting', async () => {
  try {
    await serve(() => new Response(''), { port: 70000, handleSignals: false });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /port must be an integer from 0 to 65535, got 70000/);
  }
  const s = await serve(() => new Response('x'), { port: 0, handleSignals: false });
  assert.is(s.address.host, '127.0.0.1');
  assert.ok(s.address.port > 0);
  assert.is(s.url, `http://127.0.0.1:${s.address.port}/`);
  await s.close();
  try {
    await fetch(s.url);
    assert.unreachable();
  } catch (e) {
    assert.match(String((e as Error & { cause?: Error }).cause?.message ?? e), /ECONNREFUSED/);
  }
});

function run(file: string, env: Record<string, string> = {}): { child: ChildProcess; lines: string[]; waitFor(re: RegExp, ms?: number): Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixtures + file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  child.stdout!.on('data', (d) => {
    buffer += d;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr!.on('data', () => {});
  return {
    child,
    lines,
    waitFor(re, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${ms} ms; got ${JSON.stringify(lines)}`)), ms);
        const check = () => {
          const hit = lines.find((l) => re.test(l));
          if (hit) {
            clearTimeout(timer);
            resolve(hit);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

const exited = (child: ChildProcess, ms = 15_000) =>
  new Promise<number | null>((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the child did not exit'));
    }, ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });

test('SIGTERM: the request in flight finishes, then the process exits 0', async () => {
  const p = run('slow-server.ts');
  try {
    const port = Number((await p.waitFor(/^listening \d+/)).split(' ')[1]);
    const answer = fetch(`http://127.0.0.1:${port}/slow`).then(async (r) => [r.status, await r.text()]);
    await p.waitFor(/^got \/slow/);
    p.child.kill('SIGTERM');
    assert.equal(await answer, [200, 'finished']);
    assert.is(await exited(p.child), 0);
  } finally {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }
});

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('cluster: two workers answer on one port, a crashed worker is replaced, SIGTERM stops all', async () => {
  const port = await freePort();
  const p = run('cluster-server.ts', { PORT: String(port) });
  try {
    await p.waitFor(/^ready/, 30_000);
    const url = `http://127.0.0.1:${port}/`;
    const pids = new Set<string>();
    const deadline = Date.now() + 10_000;
    while (pids.size < 2 && Date.now() < deadline) pids.add(await (await fetch(url)).text());
    assert.is(pids.size, 2, 'both workers answered');
    await fetch(`${url}crash`).catch(() => {});
    const fresh = new Set<string>();
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      const r = await fetch(url).then((x) => x.text(), () => '');
      if (r && !pids.has(r)) {
        fresh.add(r);
        break;
      }
      await sleep(50);
    }
    assert.is(fresh.size, 1, 'a new worker took the crashed one’s place');
    p.child.kill('SIGTERM');
    assert.is(await exited(p.child), 0);
  } finally {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }
});

test.run();
