/**
 * IndexedDBStorage (src/browser/storage.ts) in headless Chromium, on the
 * browser's real IndexedDB: storage-page.ts is bundled for the browser
 * (which also proves the module imports nothing from Node), served on
 * 127.0.0.1 and run; its answers are checked here.
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
import { servePage } from './server';

const STEP_TIMEOUT = 20_000;

chromiumTest(test, 'IndexedDBStorage saves, names, lists, reopens and deletes files in Chromium\'s IndexedDB', 'IndexedDBStorage', async () => {
  const bundle = await bundleForBrowser(fileURLToPath(new URL('./storage-page.ts', import.meta.url)));
  const server = await servePage(bundle.code);
  const profile = await mkdtemp(join(tmpdir(), 'manouche-idb-'));
  let context: BrowserContext | undefined;
  try {
    context = await launchChromium(profile, STEP_TIMEOUT);
    const page = await context.newPage();
    await page.goto(`${server.origin}/`, { timeout: STEP_TIMEOUT });
    await page.waitForFunction(() => (globalThis as { __storage?: unknown }).__storage !== undefined, undefined, { timeout: STEP_TIMEOUT });
    const answer = (await page.evaluate(() => (globalThis as { __storage?: unknown }).__storage)) as Record<string, any>;
    assert.is(answer.error, undefined, answer.error);
    assert.is(answer.first, 'docs/a b.txt', 'Storage.save keeps the name; FileField makes names valid');
    assert.match(answer.second, /^docs\/a b_[A-Za-z0-9]{7}\.txt$/);
    assert.equal(answer.exists, [true, false]);
    assert.equal(answer.sizes, [5, 6]);
    assert.is(answer.text, 'hello');
    assert.equal(answer.listdir, [['sub'], ['a b.txt', answer.second.slice(5)].sort()]);
    assert.equal(answer.root, [['docs'], []]);
    assert.is(answer.url, '/media/docs/a%20b.txt');
    assert.match(answer.escape, /^SuspiciousFileOperation: /);
    assert.is(answer.persisted, 'again!');
    assert.equal(answer.afterDelete, [false, true]);
    assert.is(answer.missing, "FileNotFoundError: No such file in storage: 'docs/a b.txt'");
  } finally {
    await context?.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test.run();
