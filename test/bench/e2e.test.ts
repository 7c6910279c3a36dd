import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import { checkSame, HarnessError, normalizeHtml, rssMiB, watchRss, type Running } from '../../bench/e2e/harness';
import { maskedToken, randomString, unmaskToken } from '../../bench/e2e/data';

test('normalizeHtml ignores whitespace between tags and runs of spaces, and blanks the CSRF token', () => {
  const a = `<p>\n  <a href="/x/">Hi   there</a>\n</p><input type="hidden" name="csrfmiddlewaretoken" value="${'a'.repeat(64)}">`;
  const b = `<p><a href="/x/">Hi there</a></p><input type="hidden" name="csrfmiddlewaretoken" value="${'B'.repeat(64)}">`;
  assert.is(normalizeHtml(a), normalizeHtml(b));
  assert.is.not(normalizeHtml('<p>Hi there</p>'), normalizeHtml('<p>Hi  there!</p>'));
});

test('a masked CSRF token unmasks to its secret, with a fresh mask each time', () => {
  const secret = randomString(32);
  const t1 = maskedToken(secret);
  const t2 = maskedToken(secret);
  assert.is(t1.length, 64);
  assert.is.not(t1, t2);
  assert.is(unmaskToken(t1), secret);
  assert.is(unmaskToken(t2), secret);
});

/** A stand-in contender: answers the pages from `page(path)`, 403 without a cookie, fresh CSRF masks. */
async function fake(name: string, page: (path: string) => string): Promise<Running & { server: Server }> {
  const secret = randomString(32);
  const server = createServer((req, res) => {
    if (!req.headers.cookie) {
      res.writeHead(req.url!.startsWith('/api/') ? 200 : 403, { 'content-type': 'text/plain' });
      return res.end(req.url!.startsWith('/api/') ? page(req.url!) : 'no');
    }
    const json = req.url!.startsWith('/api/');
    res.writeHead(200, { 'content-type': json ? 'application/json' : 'text/html' });
    res.end(json ? page(req.url!) : `<form><input type="hidden" name="csrfmiddlewaretoken" value="${maskedToken(secret)}"></form>${page(req.url!)}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { name, server, port, cookie: 'sessionid=x', coldStartMs: 0, child: undefined as never, stop: async () => void server.close() };
}

test('checkSame passes equal contenders and names the one that differs, with the path and the place', async () => {
  const good = (p: string) => (p.startsWith('/api/') ? JSON.stringify({ page: p }) : `<p>${p}</p>`);
  const a = await fake('a', good);
  const b = await fake('b', (p) => (p.startsWith('/api/') ? `{ "page": ${JSON.stringify(p)} }` : `\n  <p>${p}</p>\n`));
  const c = await fake('c', (p) => (p === '/posts/4242/' ? '<p>/posts/4243/</p>' : good(p)));
  try {
    await checkSame([a, b]);
    try {
      await checkSame([a, c]);
      assert.unreachable();
    } catch (e) {
      assert.instance(e, HarnessError);
      assert.match((e as Error).message, /c differs from a on \/posts\/4242\//);
    }
  } finally {
    for (const s of [a, b, c]) s.server.close();
  }
});

test('watchRss keeps the peak RSS: 64 MiB touched and dropped by a child process still counts', async () => {
  // A fresh child, so the 64 MiB cannot come from pages this test process already holds.
  const child = spawn(process.execPath, ['-e', `
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => {
      let block = new Uint8Array(64 * 1024 * 1024).fill(1);
      setTimeout(() => { block = null; process.stdout.write('dropped\\n'); }, 400);
    });
    process.stdin.resume();`], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waitFor = (line: string) => new Promise<void>((resolve) => {
    const check = () => (lines.includes(line) ? resolve() : setTimeout(check, 10));
    check();
  });
  child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  await waitFor('ready');
  const before = rssMiB(child.pid);
  const watch = watchRss(child.pid, 20);
  child.stdin!.write('go\n');
  await waitFor('dropped');
  const peak = watch.stop();
  child.kill();
  assert.ok(peak >= before + 48, `peak ${peak} MiB, ${before} MiB before the block`);
  assert.ok(Number.isNaN(watchRss(-1).stop()), 'no process: NaN, not 0');
});

test.run();
