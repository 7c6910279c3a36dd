/**
 * The polls tutorial in Chromium: `npm start`'s entry serves the app (real
 * Node adapter, migrated sql.js file), and a real browser clicks through a
 * vote: index → a question → a radio button → Vote → the results page that
 * counts it, with the app's stylesheet applied (`li a { color: green; }`).
 *
 * Launched as smoke.test.ts does (SERVICES.md's flags, a fresh profile,
 * Debian's /usr/bin/chromium); skipped loudly without Chromium, except in CI
 * (CI=true), where that is a failure.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { chromiumTest, launchChromium } from './chromium';
import { startPolls, type PollsServer } from '../examples/polls-server';

const STEP_TIMEOUT = 20_000;

const name = 'Chromium votes in the polls app served by npm start, and sees the result and the stylesheet';
chromiumTest(test, name, 'polls vote in Chromium', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'polls-browser-'));
  // launchPersistentContext gives Chromium this fresh --user-data-dir.
  const profile = join(dir, 'profile');
  let server: PollsServer | undefined;
  let context: BrowserContext | undefined;
  const problems: string[] = [];
  try {
    server = await startPolls(join(dir, 'db.sqlite3'));
    context = await launchChromium(profile, STEP_TIMEOUT);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // The tutorial has no favicon: Chromium's request for one is a 404, as under Django.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`console error: ${message.text()} (${message.location().url})`);
    });
    const stylesheet = page.waitForResponse((response) => new URL(response.url()).pathname === '/static/polls/style.css');

    // 1. The root redirects to the index, which links the published questions.
    await page.goto(`${server.base}/`);
    await page.waitForURL(`${server.base}/polls/`);
    assert.is((await stylesheet).status(), 200, 'the stylesheet is served');
    const link = page.getByRole('link', { name: "What's new?" });
    // The stylesheet applies: li a { color: green; }
    assert.is(await link.evaluate((a) => getComputedStyle(a).color), 'rgb(0, 128, 0)');
    assert.is(await page.getByRole('link', { name: 'Is this question from the future?' }).count(), 0);

    // 2. The question's form: pick a choice, press Vote.
    await link.click();
    await page.waitForURL(`${server.base}/polls/1/`);
    assert.is(await page.getByRole('heading', { level: 1 }).textContent(), "What's new?");
    await page.getByLabel('Just hacking again').check();
    await page.getByRole('button', { name: 'Vote' }).click();

    // 3. The POST redirected to the results, which count the vote.
    await page.waitForURL(`${server.base}/polls/1/results/`);
    const items = (await page.locator('li').allTextContents()).map((text) => text.trim());
    assert.equal(items, ['Not much -- 0 votes', 'The sky -- 0 votes', 'Just hacking again -- 1 vote']);

    // 4. Vote again? without a choice: the form comes back with the error.
    await page.getByRole('link', { name: 'Vote again?' }).click();
    await page.waitForURL(`${server.base}/polls/1/`);
    await page.getByRole('button', { name: 'Vote' }).click();
    await page.waitForURL(`${server.base}/polls/1/vote/`);
    assert.is(await page.locator('strong').textContent(), "You didn't select a choice.");
    assert.equal(problems, [], 'no errors in the page');
  } finally {
    await context?.close().catch((error) => console.error(`polls in Chromium: ${error}`));
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
