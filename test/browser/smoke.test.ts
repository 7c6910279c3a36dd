/**
 * Browser smoke test (issue 2): the BUILT package, bundled for the browser by
 * esbuild, resolves and reverses URLs in headless Chromium exactly as it does
 * in Node.
 *
 *   1. Bundle test/browser/page.ts (which imports dist/index.js) with esbuild,
 *      platform 'browser', no externals: the build fails if anything in the
 *      isomorphic core imports a Node builtin. Fixtures prove it does fail.
 *   2. Serve the page from node:http on 127.0.0.1 at a random port.
 *   3. Drive Debian's Chromium (/usr/bin/chromium) through playwright-core with
 *      a fresh profile; the page runs scenario.ts and returns JSON.
 *   4. Run the same scenario in Node; the two answers must be deeply equal,
 *      and a few literal expectations guard against two equally broken runs.
 *
 * Without Chromium the browser test is skipped loudly, except in CI
 * (CI=true), where it fails.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { chromiumTest, launchChromium } from './chromium';
import { bundleForBrowser } from './bundle';
import { runScenario, type ScenarioResult } from './scenario';
import { servePage } from './server';
import type { PageAnswer } from './page';

// The page is served at a percent-encoded, non-ASCII path, as a browser sends it.
const PAGE_PATH = '/caf%C3%A9/cr%C3%A8me/';
const STEP_TIMEOUT = 20_000;

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const PAGE_ENTRY = here('./page.ts');
const fixture = (name: string) => here(`./fixtures/${name}`);

/** Rejects after `ms` for steps that have no timeout of their own. */
async function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Literal expectations, so that two equally wrong answers cannot pass. */
function checkLiterals(result: ScenarioResult, where: string): void {
  const resolved = new Map(result.resolved.map((r) => [r.path, r as Record<string, unknown>]));
  const reversed = new Map(result.reversed.map((r) => [`${r.name} ${JSON.stringify(r.options)}`, r as Record<string, unknown>]));
  const at = (p: string): Record<string, unknown> => {
    const r = resolved.get(p);
    if (r === undefined) throw new Error(`${where}: no result for ${p}`);
    return r;
  };
  const url = (name: string, options: object = {}) => reversed.get(`${name} ${JSON.stringify(options)}`)?.url;

  assert.equal(
    at('/polls/3/'),
    {
      path: '/polls/3/',
      func: 'detail',
      args: [],
      kwargs: { question_id: 3 },
      kwargTypes: { question_id: 'number' },
      urlName: 'detail',
      route: 'polls/<int:question_id>/',
      namespace: 'polls',
      appName: 'polls',
      viewName: 'polls:detail',
    },
    `${where}: /polls/3/`,
  );
  assert.is(at('/author-polls/42/vote/').viewName, 'author-polls:vote', `${where}: instance namespace`);
  assert.is(at('/author-polls/42/vote/').appName, 'polls', `${where}: application namespace`);
  assert.equal(at('/articles/2024/hello-world_2/').kwargs, { year: 2024, slug: 'hello-world_2' }, `${where}: int + slug`);
  assert.is(at('/pages/about/').func, 'page', `${where}: first match in declaration order`);
  assert.is(at('/things/6ba7b810-9dad-11d1-80b4-00c04fd430c8/').urlName, 'thing', `${where}: uuid`);
  assert.is(at('/things/6BA7B810-9DAD-11D1-80B4-00C04FD430C8/').error, 'Resolver404', `${where}: uuid is lowercase`);
  assert.equal(at('/files/a/b/c.txt').kwargs, { filepath: 'a/b/c.txt' }, `${where}: path converter`);
  assert.equal(at('/café/crème/').kwargs, { nom: 'crème' }, `${where}: non-ASCII path`);
  assert.is(at('/caf%C3%A9/cr%C3%A8me/').error, 'Resolver404', `${where}: resolve() takes a decoded path`);
  assert.equal(at('/legacy/12/').args, ['12'], `${where}: rePath positional group`);
  assert.equal(at('/archive/2024/05/').kwargs, { year: '2024', month: '05' }, `${where}: rePath named groups`);
  assert.is(at('/polls/3').missingSlash, true, `${where}: APPEND_SLASH hint`);
  assert.is(at('/polls/99999999999999999999/').error, 'Resolver404', `${where}: int beyond 2**53`);

  assert.is(url('polls:detail', { args: [3] }), '/polls/3/', `${where}: reverse polls:detail`);
  assert.is(url('polls:vote', { args: [5], currentApp: 'author-polls' }), '/author-polls/5/vote/', `${where}: currentApp`);
  assert.is(url('cafe', { kwargs: { nom: 'crème brûlée' } }), '/caf%C3%A9/cr%C3%A8me%20br%C3%BBl%C3%A9e/', `${where}: IRI to URI`);
  assert.is(url('percent'), '/100%25/', `${where}: a literal % is escaped`);
  assert.is(url('file', { kwargs: { filepath: 'a/b/c d.txt' } }), '/files/a/b/c%20d.txt', `${where}: path converter`);
  assert.is(reversed.get('missing {}')?.error, 'NoReverseMatch', `${where}: unknown name`);
  assert.is(reversed.get(`thing ${JSON.stringify({ args: ['not-a-uuid'] })}`)?.error, 'NoReverseMatch', `${where}: bad uuid`);

  // Every failure is one of the router's own exceptions, never a crash.
  for (const r of [...result.resolved, ...result.reversed] as Record<string, unknown>[]) {
    if ('error' in r) assert.ok(r.error === 'Resolver404' || r.error === 'NoReverseMatch', `${where}: ${JSON.stringify(r)}`);
  }
  assert.equal(result.resolver, { cached: true, entries: 18 }, `${where}: getResolver()`);
}

test('the built package bundles for the browser with no Node builtins', async () => {
  const bundle = await bundleForBrowser(PAGE_ENTRY);
  // The page uses the built package, not the sources.
  assert.ok(bundle.inputs.includes('dist/index.js'), `inputs: ${bundle.inputs.join(', ')}`);
  assert.not.ok(
    bundle.inputs.some((input) => input.startsWith('src/')),
    `the bundle must not reach into src/: ${bundle.inputs.join(', ')}`,
  );
  assert.not.match(bundle.code, /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](?:node:|fs["'])/);
});

test('the browser build fails on a Node builtin, so the check above can fail', async () => {
  const cases: [string, string][] = [
    ['imports-node-fs.ts', 'node:fs'],
    ['imports-node-indirectly.ts', 'node:fs'],
    ['imports-node-dynamically.ts', 'node:crypto'],
    ['imports-bare-builtin.ts', '"path"'],
  ];
  for (const [file, builtin] of cases) {
    try {
      await bundleForBrowser(fixture(file));
    } catch (error) {
      assert.match(String(error), builtin, `${file}: the error names ${builtin}`);
      continue;
    }
    assert.unreachable(`bundling ${file} for the browser should fail: it imports ${builtin}`);
  }
});

test('the scenario gives the expected answers in Node', () => {
  checkLiterals(runScenario(), 'node');
});

const browserTest = 'Chromium resolves and reverses exactly as Node, from the built bundle';
chromiumTest(test, browserTest, 'browser smoke test', async () => {
  const t0 = performance.now();
  const bundle = await bundleForBrowser(PAGE_ENTRY);
  const t1 = performance.now();
  const server = await servePage(bundle.code);
  const profile = await mkdtemp(join(tmpdir(), 'manouche-chromium-'));
  let context: BrowserContext | undefined;
  const problems: string[] = [];
  let t2 = t1;
  try {
    context = await launchChromium(profile, STEP_TIMEOUT);
    t2 = performance.now();
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(server.origin + PAGE_PATH, { timeout: STEP_TIMEOUT });
    try {
      await page.waitForFunction(() => globalThis.__smoke !== undefined, undefined, { timeout: STEP_TIMEOUT });
    } catch (error) {
      throw new Error(`the page never answered (${String(error).split('\n')[0]})\n${problems.join('\n')}`);
    }
    const answer: PageAnswer = await page.evaluate(() => globalThis.__smoke!);
    if (!answer.ok) throw new Error(`the page threw: ${answer.error}`);
    assert.equal(problems, [], 'no errors in the page');

    assert.equal(answer.scenario, runScenario(), 'Chromium and Node give the same answers');
    checkLiterals(answer.scenario, 'chromium');
    assert.equal(answer.location, {
      pathname: PAGE_PATH,
      viewName: 'cafe',
      kwargs: { nom: 'crème' },
    });
  } finally {
    await bounded(context?.close() ?? Promise.resolve(), STEP_TIMEOUT, 'closing Chromium').catch((error) =>
      console.error(`browser smoke: ${error}`),
    );
    await server.close();
    await rm(profile, { recursive: true, force: true });
    const t3 = performance.now();
    console.log(
      `browser smoke: bundle ${Math.round(t1 - t0)} ms (${Math.round(bundle.code.length / 1024)} KB), Chromium launch ${Math.round(t2 - t1)} ms, ` +
        `total ${Math.round(t3 - t0)} ms`,
    );
  }
});

test.run();
