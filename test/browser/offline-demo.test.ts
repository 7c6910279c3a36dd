/**
 * The offline demo (examples/offline) in headless Chromium, as a user meets
 * it: `manouche build --browser`'s output served by a static file server
 * only; the polls app and its admin run in the service worker on sql.js kept
 * in IndexedDB.
 *
 *   1. The same pages as the Node server (examples/polls under npm start):
 *      identical HTML apart from the CSRF token.
 *   2. Log in to the admin with the seeded credentials the front page shows,
 *      add a question; vote on the public pages.
 *   3. Reload: everything persisted. A second tab sees the same data.
 *   4. Offline (the context's offline mode): pages and votes keep working.
 *      The page exports the database file and imports an edited one.
 *   5. Clearing the site's data gives a fresh seeded database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildBrowser } from '../../src/node/browser-build';
import { serveFolder, type FolderServer } from '../../examples/offline/static-server';
import { startPolls, type PollsServer } from '../examples/polls-server';
import initSqlJs from 'sql.js';
import { bundleForBrowser } from './bundle';
import { chromiumTest, launchChromium } from './chromium';

const STEP_TIMEOUT = 30_000;
const entry = new URL('../../examples/offline/sw.ts', import.meta.url).pathname;
const databasePage = new URL('./fixtures/database-page.ts', import.meta.url).pathname;

/**
 * The page's HTML without what differs by design: the CSRF token (a fresh
 * masked value per page; `npm start`'s polls settings have no CSRF middleware,
 * so its {% csrf_token %} is empty).
 */
function normalise(html: string): string {
  return html.replace(/<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">/g, '');
}

async function results(page: Page): Promise<string[]> {
  return (await page.locator('li').allTextContents()).map((text) => text.trim());
}

async function vote(page: Page, base: string, choice: string): Promise<void> {
  await page.goto(`${base}polls/1/`);
  await page.getByLabel(choice).check();
  await page.getByRole('button', { name: 'Vote' }).click();
  await page.waitForURL(`${base}polls/1/results/`);
}

const name = 'the offline demo: admin and votes in a service worker, persisted, shared by tabs, offline, reset by clearing site data; same HTML as Node';
chromiumTest(test, name, 'the offline demo in Chromium', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'offline-demo-'));
  let site: FolderServer | undefined;
  let node: PollsServer | undefined;
  let context: BrowserContext | undefined;
  const problems: string[] = [];
  try {
    const built = await buildBrowser({ entry, outDir: join(dir, 'out'), title: 'Manouche offline demo' });
    // A budget as a test: the demo (polls + the tutorial's admin with inline choices, auth, sessions, messages, forms,
    // migrations) is 300 KB gzipped today (289 before the admin's ChoiceInline and display column joined it).
    assert.ok(built.sizes.bundle > 20_000 && built.sizes.bundle < 320 * 1024, `the demo's sw.js is ${built.sizes.bundle} bytes gzipped`);
    // Django's common-passwords list (gzip, so base64 'H4sI...') is a file of its own, fetched on first use.
    assert.not.match(await readFile(join(dir, 'out', 'sw.js'), 'utf8'), 'H4sI', 'the bundle does not carry the common-passwords list');
    assert.ok((await readFile(join(dir, 'out', 'common-passwords.txt.gz')))[0] === 0x1f, 'the list is beside it, gzipped');
    site = await serveFolder(join(dir, 'out'), 0);
    node = await startPolls(join(dir, 'node.sqlite3'), { DEBUG: '0' });
    const base = site.url;
    context = await launchChromium(join(dir, 'profile'), STEP_TIMEOUT);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

    // The loader page registers the worker and reloads; the app's front page answers.
    await page.goto(base);
    await page.waitForSelector('#demo-username');
    const username = (await page.locator('#demo-username').textContent())!;
    const password = (await page.locator('#demo-password').textContent())!;
    assert.is(username, 'admin');

    // 1. The public pages, fresh from the fixture, as the Node server renders them.
    for (const path of ['polls/', 'polls/1/', 'polls/1/results/']) {
      const inBrowser = await page.evaluate(async (url) => (await fetch(url)).text(), `${base}${path}`);
      const onNode = await (await fetch(`${node.base}/${path}`)).text();
      assert.is(normalise(inBrowser), normalise(onNode), `/${path} differs between the browser runtime and Node`);
    }

    // 2. The admin: log in, add a question published yesterday.
    await page.goto(`${base}admin/`);
    await page.waitForURL(/\/admin\/login\//);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.locator('input[type="submit"]').click();
    await page.waitForURL(`${base}admin/`);
    // the index lists Question (its choices are edited inline) and the models auth's autodiscover() registered after the URLconf was built
    const index = await page.content();
    for (const link of ['/admin/polls/question/', '/admin/auth/user/', '/admin/auth/group/']) assert.ok(index.includes(`href="${link}"`), `the admin index links ${link}`);
    await page.goto(`${base}admin/polls/question/add/`);
    await page.locator('[name="question_text"]').fill('Offline yet?');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const dateInputs = page.locator('[name^="pub_date"]');
    if ((await dateInputs.count()) === 2) {
      await page.locator('[name="pub_date_0"]').fill(yesterday);
      await page.locator('[name="pub_date_1"]').fill('12:00:00');
    } else await page.locator('[name="pub_date"]').fill(`${yesterday} 12:00:00`);
    await page.locator('input[name="_save"]').click();
    await page.waitForURL(`${base}admin/polls/question/`);
    assert.ok((await page.content()).includes('Offline yet?'), 'the change list shows the new question');

    // ... and vote on the public pages.
    await vote(page, base, 'Just hacking again');
    assert.equal(await results(page), ['Not much -- 0 votes', 'The sky -- 0 votes', 'Just hacking again -- 1 vote']);

    // 3. A reload reads it all back from IndexedDB; a second tab shares the database.
    await page.reload();
    assert.equal(await results(page), ['Not much -- 0 votes', 'The sky -- 0 votes', 'Just hacking again -- 1 vote']);
    const second = await context.newPage();
    second.setDefaultTimeout(STEP_TIMEOUT);
    await second.goto(`${base}polls/`);
    assert.ok((await second.getByRole('link', { name: 'Offline yet?' }).count()) === 1, 'the second tab lists the new question');
    await vote(second, base, 'The sky');
    await page.reload();
    assert.equal(await results(page), ['Not much -- 0 votes', 'The sky -- 1 vote', 'Just hacking again -- 1 vote']);
    await second.close();

    // 4. Offline: no server, the worker answers and writes.
    await context.setOffline(true);
    await vote(page, base, 'Not much');
    assert.equal(await results(page), ['Not much -- 1 vote', 'The sky -- 1 vote', 'Just hacking again -- 1 vote']);
    await page.goto(`${base}admin/polls/question/`);
    assert.ok((await page.content()).includes('Offline yet?'), 'the admin works offline, still logged in');
    await context.setOffline(false);

    // The database file from the page (exportDatabase), changed elsewhere (sql.js in Node), put back (importDatabase).
    await page.goto(`${base}polls/1/results/`);
    await page.addScriptTag({ content: (await bundleForBrowser(databasePage)).code, type: 'module' });
    await page.waitForFunction(() => 'manoucheDatabase' in globalThis);
    const exported = new Uint8Array(await page.evaluate(async () => [...(await (globalThis as any).manoucheDatabase.exportDatabase())]));
    assert.is(new TextDecoder().decode(exported.subarray(0, 15)), 'SQLite format 3');
    const SQL = await initSqlJs();
    const db = new SQL.Database(exported);
    assert.equal(db.exec('SELECT "votes" FROM "polls_choice" WHERE "question_id" = 1 ORDER BY "id"')[0]!.values, [[1], [1], [1]]);
    db.run('UPDATE "polls_choice" SET "votes" = 42 WHERE "id" = 2');
    // As a file from an older build would be: sessions' migration not applied yet.
    db.run('DROP TABLE "django_session"');
    db.run('DELETE FROM "django_migrations" WHERE "app" = \'sessions\'');
    const edited = [...db.export()];
    db.close();
    const refused = await page.evaluate(async () => (globalThis as any).manoucheDatabase.importDatabase(new Uint8Array([1, 2, 3])).then(() => 'imported', (e: Error) => e.message));
    assert.match(refused, 'not an SQLite database file');
    await page.evaluate(async (bytes) => (globalThis as any).manoucheDatabase.importDatabase(new Uint8Array(bytes)), edited);
    const imported = new SQL.Database(new Uint8Array(await page.evaluate(async () => [...(await (globalThis as any).manoucheDatabase.exportDatabase())])));
    assert.equal(imported.exec('SELECT "name" FROM "django_migrations" WHERE "app" = \'sessions\'')[0]?.values, [['0001_initial']], 'the older file was migrated at import, not at the next start');
    assert.is(imported.exec('SELECT COUNT(*) FROM "django_session"')[0]!.values[0]![0], 0);
    imported.close();
    await page.reload();
    assert.equal(await results(page), ['Not much -- 1 vote', 'The sky -- 42 votes', 'Just hacking again -- 1 vote']);

    // 5. Clearing the site's data (storage, caches, the worker): a fresh seeded database.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(base).origin, storageTypes: 'all' });
    await page.goto(base);
    await page.waitForSelector('#demo-username');
    await page.goto(`${base}polls/1/results/`);
    assert.equal(await results(page), ['Not much -- 0 votes', 'The sky -- 0 votes', 'Just hacking again -- 0 votes']);
    await page.goto(`${base}polls/`);
    assert.is(await page.getByRole('link', { name: 'Offline yet?' }).count(), 0, 'the added question is gone');
    assert.equal(problems, [], 'no errors in the pages');
  } finally {
    await context?.close().catch((error) => console.error(`offline demo: ${error}`));
    await site?.close();
    await node?.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
