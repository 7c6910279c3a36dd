import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

// `npm start` serves this app: start it as a newcomer would (on a free port)
// and walk the tutorial: index, detail, a vote, results, the errors.
let child: ChildProcess;
let base = '';

test.before(async () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  child = spawn(process.execPath, ['--import', 'tsx', 'examples/polls/serve.ts'], {
    env: { ...process.env, PORT: String(port), DEBUG: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const timeout = setTimeout(() => child.kill(), 30_000);
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  while (!out.includes('http://127.0.0.1:')) await once(child.stdout!, 'data');
  clearTimeout(timeout);
  base = `http://127.0.0.1:${port}`;
});

test.after(() => {
  child?.kill();
});

const get = async (path: string, init?: RequestInit) => fetch(base + path, { redirect: 'manual', ...init });

test('the index lists the published questions, newest first, escaped', async () => {
  const html = await (await get('/polls/')).text();
  assert.match(html, /<li><a href="\/polls\/2\/">Which framework has batteries included\?<\/a><\/li>\s*<li><a href="\/polls\/1\/">What&#x27;s new\?<\/a><\/li>/);
  assert.not.match(html, /future/); // pub_date in the future: not listed
});

test('a vote redirects to the results, which count it; no choice re-renders the form with an error', async () => {
  const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  const voted = await get('/polls/1/vote/', { ...form, body: 'choice=3' });
  assert.is(voted.status, 302);
  assert.is(voted.headers.get('location'), '/polls/1/results/');
  const results = await (await get('/polls/1/results/')).text();
  assert.match(results, /Just hacking again -- 1 vote<\/li>/);
  assert.match(results, /Not much -- 0 votes<\/li>/);
  const empty = await (await get('/polls/1/vote/', { ...form, body: '' })).text();
  assert.match(empty, /<strong>You didn&#x27;t select a choice.<\/strong>/);
});

test('a missing slash redirects (APPEND_SLASH); an unknown path is a 404 listing the patterns tried', async () => {
  const slash = await get('/polls/1');
  assert.is(slash.status, 301);
  assert.is(slash.headers.get('location'), '/polls/1/');
  const missing = await get('/nope/');
  assert.is(missing.status, 404);
  assert.match(await missing.text(), /<li>\s*polls\/\s*<\/li>/);
  assert.is((await get('/polls/99/')).status, 404);
});

test.run();
