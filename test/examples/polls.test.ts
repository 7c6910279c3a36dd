import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPolls, type PollsServer } from './polls-server';

// `npm start` serves this app: run its entry on a free port and a fresh
// database file, and walk the tutorial over HTTP: migrate + fixture at start,
// index, a vote, the results, the stylesheet, the errors; then a restart
// keeps the votes.
let server: PollsServer | undefined;
let base = '';
let dir = '';
let startup = '';

async function start(): Promise<void> {
  server = await startPolls(join(dir, 'db.sqlite3'));
  ({ base, startup } = server);
}

async function stop(): Promise<void> {
  await server?.stop();
}

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'polls-'));
  await start();
});

test.after(async () => {
  await stop();
  await rm(dir, { recursive: true, force: true });
});

const get = async (path: string, init?: RequestInit) => fetch(base + path, { redirect: 'manual', ...init });
// A browser's POST: the csrftoken cookie the form page set, and the form's masked token.
async function post(path: string, fields: string, page: Response, html: string): Promise<Response> {
  const cookie = /csrftoken=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(cookie && token, 'the form page sets the CSRF cookie and renders {% csrf_token %}');
  const body = `csrfmiddlewaretoken=${token}${fields ? `&${fields}` : ''}`;
  return get(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `csrftoken=${cookie}` }, body });
}

test('the first start migrates, loads the fixture and prints runserver\'s lines', () => {
  assert.match(startup, 'Applying polls.0001_initial... OK');
  assert.match(startup, 'Installed 11 object(s) from 1 fixture(s)');
  assert.match(startup, `Starting development server at ${base}/\nQuit the server with CONTROL-C.`);
});

test('the index lists the published questions, newest first, escaped, with the stylesheet', async () => {
  const response = await get('/polls/');
  assert.is(response.status, 200);
  const html = await response.text();
  assert.match(html, /<li><a href="\/polls\/2\/">Which framework has batteries included\?<\/a><\/li>\s*<li><a href="\/polls\/1\/">What&#x27;s new\?<\/a><\/li>/);
  assert.not.match(html, /future/); // pub_date in the future: not listed
  assert.match(html, '<link rel="stylesheet" href="/static/polls/style.css">');
});

test('the stylesheet and its image are served from the app\'s static/ (DEBUG)', async () => {
  const css = await get('/static/polls/style.css');
  assert.is(css.status, 200);
  assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  const text = await css.text();
  assert.match(text, /li a \{\s*color: green;\s*\}/);
  const image = await get('/static/polls/images/background.svg');
  assert.is(image.status, 200);
  assert.match(await image.text(), /^<svg /);
  assert.is((await get('/static/polls/missing.css')).status, 404);
});

test('a vote redirects to the results, which count it; no choice re-renders the form with an error', async () => {
  const page = await get('/polls/1/');
  const detail = await page.text();
  const choice = /<input type="radio" name="choice" id="choice3" value="(\d+)">/.exec(detail)?.[1];
  assert.is(choice, '3');
  assert.is((await get('/polls/1/vote/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `choice=${choice}` })).status, 403, 'no CSRF token: refused');
  const voted = await post('/polls/1/vote/', `choice=${choice}`, page, detail);
  assert.is(voted.status, 302);
  assert.is(voted.headers.get('location'), '/polls/1/results/');
  const results = await get(voted.headers.get('location')!);
  assert.is(results.status, 200);
  const html = await results.text();
  assert.match(html, /Just hacking again -- 1 vote<\/li>/);
  assert.match(html, /Not much -- 0 votes<\/li>/);
  const empty = await (await post('/polls/1/vote/', '', page, detail)).text();
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

test('a restart on the same database file keeps the vote and loads nothing again', async () => {
  await stop();
  await start();
  assert.match(startup, 'No migrations to apply.');
  assert.not.match(startup, 'Installed');
  assert.match(await (await get('/polls/1/results/')).text(), /Just hacking again -- 1 vote<\/li>/);
});

test.run();
