// The browser runtime in headless Chromium, on the offline demo (examples/offline,
// built by `manouche build --browser`, served as static files):
//
//   cold start   a fresh profile: loader page → service worker installed → sql.js,
//                migrations, fixture, superuser → the front page rendered
//   restart      the same profile in a new browser: the worker boots again and
//                reads the database back from IndexedDB → the front page
//   navigations  page requests answered by the service worker (fetch() from the
//                page: routing, ORM on sql.js, template rendering), per second
//   writes       vote POSTs (CSRF checked, one UPDATE, its journal record committed
//                to IndexedDB before the answer), per second; the votes counted
//                afterwards must equal the POSTs answered
//
//   npm run bench -- browser          (BROWSER_SECONDS=3 per loop)
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBrowser } from '../src/node/browser-build';
import { serveFolder } from '../examples/offline/static-server';
import { CHROMIUM, launchChromium } from '../test/browser/chromium';

const seconds = Number(process.env.BROWSER_SECONDS ?? 3);
if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium).`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}

const dir = await mkdtemp(join(tmpdir(), 'bench-browser-'));
try {
  const built = await buildBrowser({ entry: new URL('../examples/offline/sw.ts', import.meta.url).pathname, outDir: join(dir, 'out') });
  for (const line of built.lines) console.log(line);
  const server = await serveFolder(join(dir, 'out'), 0);
  const base = server.url;
  const profile = join(dir, 'profile');

  let context = await launchChromium(profile, 60_000);
  let page = context.pages()[0] ?? (await context.newPage());
  let t0 = performance.now();
  await page.goto(base);
  await page.waitForSelector('#demo-username', { timeout: 60_000 });
  const cold = performance.now() - t0;
  await context.close();

  context = await launchChromium(profile, 60_000);
  page = context.pages()[0] ?? (await context.newPage());
  t0 = performance.now();
  await page.goto(base);
  await page.waitForSelector('#demo-username', { timeout: 60_000 });
  const restart = performance.now() - t0;

  const loop = (path: string) =>
    page.evaluate(
      async ({ url, ms }) => {
        const expected = await (await fetch(url)).text();
        let n = 0;
        const end = performance.now() + ms;
        while (performance.now() < end) {
          const body = await (await fetch(url)).text();
          if (body.length !== expected.length) throw new Error(`${url} answered differently`);
          n++;
        }
        return n / (ms / 1000);
      },
      { url: `${base}${path}`, ms: seconds * 1000 },
    );
  const index = await loop('polls/');
  const results = await loop('polls/1/results/');

  const writes = await page.evaluate(
    async ({ base, ms }) => {
      const form = await (await fetch(`${base}polls/1/`)).text();
      const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(form)![1]!;
      const body = new URLSearchParams({ csrfmiddlewaretoken: token, choice: '1' });
      let n = 0;
      const end = performance.now() + ms;
      while (performance.now() < end) {
        const r = await fetch(`${base}polls/1/vote/`, { method: 'POST', body, redirect: 'manual' });
        if (r.type !== 'opaqueredirect') throw new Error(`a vote answered ${r.status}`);
        n++;
      }
      const page = await (await fetch(`${base}polls/1/results/`)).text();
      const counted = Number(/Not much -- (\d+) vote/.exec(page)![1]);
      return { perSecond: n / (ms / 1000), posted: n, counted };
    },
    { base, ms: seconds * 1000 },
  );
  if (writes.counted !== writes.posted) throw new Error(`${writes.posted} votes answered, ${writes.counted} counted`);
  await context.close();

  console.log(`\nChromium (headless), the offline demo, ${seconds} s per loop`);
  console.log(`  cold start to the first rendered page (fresh profile, seeding)  ${cold.toFixed(0)} ms`);
  console.log(`  restart to the first rendered page (database from IndexedDB)    ${restart.toFixed(0)} ms`);
  console.log(`  navigations/s in the service worker, /polls/                    ${index.toFixed(0)}`);
  console.log(`  navigations/s in the service worker, /polls/1/results/          ${results.toFixed(0)}`);
  console.log(`  write transactions/s (vote POSTs, IndexedDB-committed)          ${writes.perSecond.toFixed(0)}  (${writes.posted} votes, all counted)`);
  await server.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
