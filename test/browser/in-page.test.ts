/**
 * The runtime without a service worker (startInPage): two tabs of the
 * offline demo opened with ?inpage each run their own copy of the app and
 * of sql.js on the one IndexedDB database. Links and the vote form are taken
 * over (the POST's redirect followed, the address bar updated), and writes
 * from both tabs add up: each tab takes the lock and reloads what the other
 * wrote before its next request.
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

const STEP_TIMEOUT = 30_000;
const entry = new URL('../../examples/offline/sw.ts', import.meta.url).pathname;

async function results(page: Page): Promise<string[]> {
  return (await page.locator('li').allTextContents()).map((text) => text.trim());
}

/** Votes for `choice` from the question's page, through the in-page runtime's form handling. */
async function vote(page: Page, base: string, choice: string): Promise<void> {
  await page.getByRole('link', { name: 'Vote again?' }).click();
  await page.waitForURL(`${base}polls/1/`);
  await page.getByLabel(choice).check();
  await page.getByRole('button', { name: 'Vote' }).click();
  await page.waitForURL(`${base}polls/1/results/`);
  await page.waitForSelector('a:text("Vote again?")');
}

const name = 'without a service worker, two tabs run the app in their pages on one IndexedDB database and lose no vote';
chromiumTest(test, name, 'the in-page runtime in Chromium', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'in-page-'));
  let site: FolderServer | undefined;
  let context: BrowserContext | undefined;
  const problems: string[] = [];
  try {
    await buildBrowser({ entry, outDir: join(dir, 'out') });
    site = await serveFolder(join(dir, 'out'), 0);
    const base = site.url;
    context = await launchChromium(join(dir, 'profile'), STEP_TIMEOUT);
    const first = context.pages()[0] ?? (await context.newPage());
    first.setDefaultTimeout(STEP_TIMEOUT);
    first.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

    // 1. The front page, rendered in the page; its links are the app's.
    await first.goto(`${base}?inpage`);
    await first.waitForSelector('#demo-username');
    assert.is(await first.evaluate(() => navigator.serviceWorker.controller), null, 'no service worker answers');
    await first.getByRole('link', { name: 'Polls' }).click();
    await first.waitForURL(`${base}polls/`);
    // The stylesheet is the app's static file, through a blob: URL: li a { color: green; }
    const link = first.getByRole('link', { name: "What's new?" });
    await first.waitForFunction(() => getComputedStyle(document.querySelector('li a')!).color === 'rgb(0, 128, 0)');
    await link.click();
    await first.waitForURL(`${base}polls/1/`);
    await first.getByLabel('Just hacking again').check();
    await first.getByRole('button', { name: 'Vote' }).click();
    await first.waitForURL(`${base}polls/1/results/`);
    await first.waitForSelector('a:text("Vote again?")');
    assert.equal(await results(first), ['Not much -- 0 votes', 'The sky -- 0 votes', 'Just hacking again -- 1 vote']);

    // 2. A second tab, its own app and sql.js: it reads the first tab's vote and adds one.
    const second = await context.newPage();
    second.setDefaultTimeout(STEP_TIMEOUT);
    second.on('pageerror', (error) => problems.push(`second tab: ${error.message}`));
    await second.goto(`${base}polls/1/results/?inpage`);
    await second.waitForSelector('a:text("Vote again?")');
    assert.equal(await results(second), ['Not much -- 0 votes', 'The sky -- 0 votes', 'Just hacking again -- 1 vote']);
    await vote(second, base, 'The sky');
    assert.equal(await results(second), ['Not much -- 0 votes', 'The sky -- 1 vote', 'Just hacking again -- 1 vote']);

    // 3. The first tab, not reloaded, writes after the second: it reloads first, so no vote is lost.
    await vote(first, base, 'Not much');
    assert.equal(await results(first), ['Not much -- 1 vote', 'The sky -- 1 vote', 'Just hacking again -- 1 vote']);
    await vote(second, base, 'Not much');
    assert.equal(await results(second), ['Not much -- 2 votes', 'The sky -- 1 vote', 'Just hacking again -- 1 vote']);

    // 4. Back goes to the previous page of the app (popstate).
    await second.goBack();
    await second.waitForURL(`${base}polls/1/`);
    await second.waitForSelector('input[type="radio"]');
    assert.equal(problems, [], 'no errors in the pages');
  } finally {
    await context?.close().catch((error) => console.error(`in-page runtime: ${error}`));
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
