/**
 * An app's next release in the browser (issue 10: "migrations run on first
 * load and on upgrade"), in headless Chromium. The notes app of
 * fixtures/upgrade is built by `manouche build --browser` twice into the
 * folder a static server serves:
 *
 *   1. version 1 (migration 0001) is loaded in two tabs and notes are written;
 *   2. version 2 (migration 0002 adds `pinned` with a default, a /pinned/ page)
 *      replaces it; the registration's update check installs the new service
 *      worker, which takes over both tabs and migrates the persisted database;
 *   3. while that happens the second tab keeps posting notes: every one is
 *      answered and kept (one writer at a time, old worker then new);
 *   4. the old notes are there with the new field's default, the new page
 *      works, and a page version 1 rendered in the second tab still posts to
 *      version 2; after a browser restart (and offline) it is all still there.
 *
 * Without a service worker (startInPage, `?inpage`) a tab keeps the build it
 * loaded: once a tab of version 2 has migrated, a tab of version 1 must not
 * write with its old models; it answers with a page asking for a reload.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildBrowser } from '../../src/node/browser-build';
import { serveFolder, type FolderServer } from '../../examples/offline/static-server';
import { chromiumTest, launchChromium } from './chromium';
import { connections, defineApp, resetSettings, setup } from '../../src/index';
import { MigrationRecorder } from '../../src/db/migrations/recorder';
import { unknownMigrations, upgradedResponse } from '../../src/browser/upgrade';

const STEP_TIMEOUT = 30_000;
const fixture = (file: string) => new URL(`./fixtures/upgrade/${file}`, import.meta.url).pathname;
// Writes the second tab makes while the upgrade happens, at most (the loop ends five writes after the takeover).
const MAX_WRITES = 1000;

async function items(page: Page): Promise<string[]> {
  return (await page.locator('li').allTextContents()).map((text) => text.trim());
}

async function version(page: Page): Promise<string> {
  return (await page.locator('#version').textContent())!;
}

/** Adds a note through the page's form (a navigation answered by the service worker). */
async function addNote(page: Page, text: string): Promise<void> {
  await page.getByLabel('Text').fill(text);
  await page.getByRole('button', { name: 'Add' }).click();
  await page.waitForSelector(`li:text-is("${text}")`);
}

test('unknownMigrations(): applied migrations the apps do not ship, a squash\'s replaced names known, apps without in-memory migrations not judged', async () => {
  const ship = { initial: true, operations: [] };
  const squashed = { replaces: [['shop', '0002_a'], ['shop', '0003_b']], operations: [] };
  try {
    await setup({
      INSTALLED_APPS: [defineApp({ name: 'shop', migrations: { '0001_initial': ship, '0002_squashed': { default: squashed } } }), defineApp({ name: 'files' })],
      DATABASES: { upgradedb: { ENGINE: 'manouche.db.backends.sqljs' } },
    });
    const backend = connections.get('upgradedb');
    assert.equal(await unknownMigrations(backend), [], 'no history table yet');
    const recorder = new MigrationRecorder(backend);
    await recorder.ensureSchema();
    for (const name of ['0001_initial', '0002_a', '0003_b']) await recorder.recordApplied('shop', name);
    await recorder.recordApplied('files', '0001_initial');
    assert.equal(await unknownMigrations(backend), []);
    await recorder.recordApplied('shop', '0004_newer');
    assert.equal(await unknownMigrations(backend), ['shop.0004_newer']);
    const response = upgradedResponse(['shop.0004_<newer>']);
    assert.is(response.status, 503);
    assert.match(await response.text(), 'shop.0004_&#60;newer&#62;');
  } finally {
    await connections.get('upgradedb').close();
    connections.delete('upgradedb');
    resetSettings();
  }
});

const name = 'an upgrade: the new build\'s service worker takes over both tabs, migrates the persisted database, keeps every note (even those posted meanwhile), and its new field and page work';
chromiumTest(test, name, 'the upgrade of a browser app in Chromium', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'upgrade-'));
  const out = join(dir, 'out');
  let site: FolderServer | undefined;
  let context: BrowserContext | undefined;
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  };
  try {
    // 1. Version 1, two tabs, two notes.
    const { assetsVersion } = await buildBrowser({ entry: fixture('v1.ts'), outDir: out, title: 'Notes' });
    site = await serveFolder(out, 0);
    const base = site.url;
    context = await launchChromium(join(dir, 'profile'), STEP_TIMEOUT);
    const first = context.pages()[0] ?? (await context.newPage());
    watch(first);
    await first.goto(base);
    await first.waitForSelector('#version');
    assert.is(await version(first), '1');
    await addNote(first, 'written by version 1');
    // Escaped by the template (autoescape), shown as typed.
    await addNote(first, 'also <by> version 1');
    const second = await context.newPage();
    watch(second);
    await second.goto(base);
    assert.is(await version(second), '1');
    assert.equal(await items(second), ['written by version 1', 'also <by> version 1']);

    // The worker cached its files under the build's version. Caches of older builds of this app (planted:
    // v1 and v2 ship the same sql.js) go when the new worker activates; another app's stay.
    const runtimeCache = `manouche-runtime / ${assetsVersion}`;
    assert.ok(await first.evaluate((name) => caches.match('/sql-wasm.wasm', { cacheName: name }).then(Boolean), runtimeCache), 'sql-wasm.wasm is in the versioned cache');
    await first.evaluate(() => Promise.all(['manouche-runtime', 'manouche-runtime / 0ldbuild', 'manouche-runtime /elsewhere/ 0ldbuild', 'another-app'].map((name) => caches.open(name))));

    // 2. Version 2 replaces the files; the second tab posts notes until its page has a new controller (and a few after).
    await buildBrowser({ entry: fixture('v2.ts'), outDir: out, title: 'Notes' });
    const writes = second.evaluate(async (max) => {
      let changed = false;
      let after = 0;
      navigator.serviceWorker.addEventListener('controllerchange', () => (changed = true));
      const answers: string[] = [];
      for (let i = 0; i < max && after < 5; i++) {
        const response = await fetch('/', { method: 'POST', body: new URLSearchParams({ text: `meanwhile ${i}` }) });
        const body = await response.text();
        answers.push(`${response.status} ${/<p id="version">(\d+)</.exec(body)?.[1] ?? body.slice(0, 200)}`);
        if (changed) after++;
        // A user pauses between writes. Chromium activates the new worker once the old one has no request in
        // flight: a tab that never pauses can keep it waiting (service-worker.ts). On a loaded machine the check
        // comes late enough that 50 ms pauses kept the new worker 'installed' for a minute in a CI run.
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return { answers, changed };
    }, MAX_WRITES);
    // Awaited below; if a step before that fails, the browser closes under it and that rejection must not end the run.
    writes.catch(() => {});
    // The update check a navigation would make, made now: the new worker installs, skips waiting, claims the tabs.
    await first.evaluate(async (ms) => {
      const registration = await navigator.serviceWorker.getRegistration();
      const changed = new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      await registration!.update();
      const stuck = new Promise((_, reject) => setTimeout(() => reject(new Error(`no new controller after ${ms} ms: the new worker is ${registration!.waiting?.state ?? registration!.installing?.state}`)), ms));
      await Promise.race([changed, stuck]);
    }, 2 * STEP_TIMEOUT); // installing fetches every runtime file past the HTTP cache: slow on a loaded machine
    const { answers, changed } = await writes;
    assert.ok(changed, `the second tab was taken over by the new worker (${answers.length} writes made)`);
    const failed = answers.filter((a) => !a.startsWith('200 '));
    assert.equal(failed, [], 'every write during the upgrade was answered by the app');
    assert.is(answers[0], '200 1', 'the first writes were answered by version 1');
    assert.is(answers.at(-1), '200 2', 'the last writes were answered by version 2');
    // Pages switch to the new worker when it starts activating; its activate step (the cleanup) ends with 'activated'.
    const keys = await first.evaluate(async () => {
      const worker = (await navigator.serviceWorker.getRegistration())!.active!;
      if (worker.state !== 'activated') await new Promise((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve(null)));
      return caches.keys();
    });
    assert.equal(keys.sort(), ['another-app', runtimeCache, 'manouche-runtime /elsewhere/ 0ldbuild'].sort(), 'the old builds\' caches are deleted');

    // 3. Every note is kept: version 1's, and each one posted during the upgrade, once.
    await first.reload();
    assert.is(await version(first), '2');
    const meanwhile = answers.map((_, i) => `meanwhile ${i}`);
    assert.equal(await items(first), ['written by version 1', 'also <by> version 1', ...meanwhile]);

    // 4. The new field (its default on the old rows) and the new page.
    const pinned = await first.evaluate(async () => {
      const response = await fetch('/1/pin/', { method: 'POST' });
      return { url: response.url, text: await response.text() };
    });
    assert.is(pinned.url, `${base}pinned/`);
    await first.goto(`${base}pinned/`);
    assert.equal(await items(first), ['written by version 1']);
    // The second tab still shows a page of version 1; its form posts to version 2.
    assert.is(await version(second), '1');
    await second.reload();
    assert.is(await version(second), '2');
    assert.equal((await items(second)).slice(0, 2), ['written by version 1 (pinned)', 'also <by> version 1']);
    await addNote(second, 'written by version 2');

    // After a restart of the browser, offline: the new worker starts again from IndexedDB without migrating twice.
    await context.close();
    context = await launchChromium(join(dir, 'profile'), STEP_TIMEOUT);
    await context.setOffline(true);
    const again = context.pages()[0] ?? (await context.newPage());
    watch(again);
    await again.goto(base);
    assert.is(await version(again), '2');
    const after = await items(again);
    assert.equal(after.slice(0, 2), ['written by version 1 (pinned)', 'also <by> version 1']);
    assert.is(after.at(-1), 'written by version 2');
    assert.is(after.length, 3 + meanwhile.length);
    assert.equal(problems, [], 'no errors in the pages');
  } finally {
    await context?.close().catch((error) => console.error(`upgrade: ${error}`));
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  }
});

const inPage = 'without a service worker, a tab of the old build refuses to touch a database a newer tab migrated, and its reload link loads the new build';
chromiumTest(test, inPage, 'the upgrade of an in-page app in Chromium', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'upgrade-in-page-'));
  const out = join(dir, 'out');
  let site: FolderServer | undefined;
  let context: BrowserContext | undefined;
  const problems: string[] = [];
  try {
    await buildBrowser({ entry: fixture('v1.ts'), outDir: out, title: 'Notes' });
    site = await serveFolder(out, 0);
    const base = site.url;
    context = await launchChromium(join(dir, 'profile'), STEP_TIMEOUT);
    const old = context.pages()[0] ?? (await context.newPage());
    old.setDefaultTimeout(STEP_TIMEOUT);
    old.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await old.goto(`${base}?inpage`);
    await old.waitForSelector('#version');
    assert.is(await version(old), '1');
    await addNote(old, 'written by version 1');

    // A tab of version 2 migrates the database it shares with the old tab.
    await buildBrowser({ entry: fixture('v2.ts'), outDir: out, title: 'Notes' });
    const fresh = await context.newPage();
    fresh.setDefaultTimeout(STEP_TIMEOUT);
    await fresh.goto(`${base}?inpage`);
    await fresh.waitForSelector('#version');
    assert.is(await version(fresh), '2');
    assert.equal(await items(fresh), ['written by version 1']);

    // The old tab's form: not written with version 1's models, a page that says why.
    await old.getByLabel('Text').fill('lost by version 1');
    await old.getByRole('button', { name: 'Add' }).click();
    await old.waitForSelector('#manouche-reload');
    assert.match((await old.locator('body').textContent())!, 'notes.0002_note_pinned');
    await old.locator('#manouche-reload').click();
    await old.waitForSelector('#version');
    assert.is(await version(old), '2');
    assert.equal(await items(old), ['written by version 1']);
    await addNote(old, 'written after the reload');
    await fresh.reload();
    await fresh.waitForSelector('#version');
    assert.equal(await items(fresh), ['written by version 1', 'written after the reload']);
    assert.equal(problems, [], 'no errors in the pages');
  } finally {
    await context?.close().catch((error) => console.error(`upgrade in page: ${error}`));
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
