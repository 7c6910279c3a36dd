import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import { checkSame, HarnessError, nodeFlags, normalizeHtml, rssMiB, rssWithoutArenasMiB, threadArenasKiB, threadArenasMiB, watchRss, type Running } from '../../bench/e2e/harness';
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

test('nodeFlags splits E2E_NODE_FLAGS into options and refuses anything that is not one, naming it', () => {
  assert.equal(nodeFlags(''), []);
  assert.equal(nodeFlags('  --no-opt   --no-sparkplug '), ['--no-opt', '--no-sparkplug']);
  assert.equal(nodeFlags('--max-semi-space-size=4'), ['--max-semi-space-size=4']);
  for (const bad of ['-e', 'script.js', '--require=./x;rm', '--eval="1"', '--']) {
    assert.throws(() => nodeFlags(`--no-opt ${bad}`), (e: Error) => e instanceof HarnessError && e.message.includes(JSON.stringify(bad)));
  }
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
  return { name, server, port, cookie: 'sessionid=x', coldStartMs: 0, startedAt: 0, child: undefined as never, stop: async () => void server.close() };
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
  const beforeNet = rssWithoutArenasMiB(child.pid);
  const watch = watchRss(child.pid, 20);
  child.stdin!.write('go\n');
  await waitFor('dropped');
  const peak = watch.stop();
  const net = watch.peakWithoutArenas();
  child.kill();
  assert.ok(peak >= before + 48, `peak ${peak} MiB, ${before} MiB before the block`);
  // The block is the process's own memory, not a thread arena's: it counts without the arenas too.
  assert.ok(net <= peak && net >= beforeNet + 48, `without arenas ${net} MiB (${beforeNet} before), peak ${peak}`);
  assert.ok(Number.isNaN(watchRss(-1).stop()), 'no process: NaN, not 0');
});

/** One smaps entry: its address range, permissions, name and Rss (KiB). */
const entry = (start: bigint, end: bigint, perm: string, rss: number, name = '') =>
  `${start.toString(16)}-${end.toString(16)} ${perm} 00000000 00:00 0 ${name}\nSize: ${(end - start) / 1024n} kB\nRss: ${rss} kB\nAnonymous: ${rss} kB\n`;
const MiB = 1n << 20n;

test('threadArenasKiB counts the read-write part of each 64 MiB-aligned, 64 MiB reservation and nothing else', () => {
  const arena = 64n * MiB * 3n; // aligned
  const smaps = [
    entry(0x400000n, 0x500000n, 'r-xp', 900, '/usr/bin/node'),
    entry(0x5000000n, 0x5400000n, 'rw-p', 3000, '[heap]'),
    entry(arena, arena + 5n * MiB, 'rw-p', 4096), // a thread arena grown to 5 MiB
    entry(arena + 5n * MiB, arena + 64n * MiB, '---p', 0),
    entry(arena + 64n * MiB, arena + 128n * MiB, 'rw-p', 2048), // one fully grown
    entry(arena + 200n * MiB, arena + 210n * MiB, 'rw-p', 7000), // unaligned: a V8 or wasm mapping
    entry(arena + 256n * MiB, arena + 260n * MiB, 'rw-p', 1000), // aligned, but followed by nothing that makes 64 MiB
    entry(arena + 320n * MiB, arena + 322n * MiB, 'rw-p', 512),
    entry(arena + 322n * MiB, arena + 330n * MiB, '---p', 0), // guard pages of something smaller
  ].join('');
  assert.is(threadArenasKiB(smaps), 4096 + 2048);
  assert.is(threadArenasKiB(''), 0);
});

test('threadArenasMiB reads a live process (no more than its RSS) and is NaN for no process', () => {
  const own = threadArenasMiB(process.pid);
  assert.ok(own >= 0 && own <= rssMiB(process.pid), `${own} MiB`);
  assert.ok(Number.isNaN(threadArenasMiB(-1)));
});

test.run();
