/**
 * How the browser tests get Chromium (SERVICES.md): Debian's binary, the
 * flags these machines need, a fresh profile. Without Chromium a browser
 * test is skipped with a loud banner, except in CI (CI=true), where it fails.
 */
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
// Playwright adds --user-data-dir for the fresh profile given to launchPersistentContext().
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium with a fresh profile in `profileDir`. */
export function launchChromium(profileDir: string, timeout: number): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout });
}

/** Registers `fn` as a test that needs Chromium: skipped loudly when it is missing, a failure in CI. */
export function chromiumTest(test: Test, name: string, what: string, fn: () => Promise<void>): void {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') {
    test(name, async () => {
      if (!existsSync(CHROMIUM)) assert.unreachable(`${CHROMIUM} is missing; CI needs it (.ci/run installs it: apt-get install -y chromium)`);
      await fn();
    });
    return;
  }
  console.log(
    [
      '',
      '!'.repeat(78),
      `!! SKIPPED: ${what}. ${CHROMIUM} is missing.`,
      '!! Install it with: apt-get update && apt-get install -y chromium',
      '!! (In CI, CI=true, this is a failure, not a skip.)',
      '!'.repeat(78),
      '',
    ].join('\n'),
  );
  test.skip(name, () => {});
}
