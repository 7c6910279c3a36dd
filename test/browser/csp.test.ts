/**
 * Under a Content-Security-Policy that allows WebAssembly but not generated
 * JavaScript (`script-src 'self' 'wasm-unsafe-eval'`), the built package
 * still works in its default modes: templates fall back to the interpreter,
 * routes to their interpreted capture builders, and the refusal is tried
 * once (one violation report), not once per template or route.
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
import { runCspScenario } from './csp-scenario';
import type { CspAnswer } from './csp-page';

const TIMEOUT = 20_000;
const POLICY = "script-src 'self' 'wasm-unsafe-eval'";

test('the scenario renders and resolves as expected in Node (generated code allowed)', () => {
  const { renders, resolved } = runCspScenario();
  assert.is(renders[0], '<h1>&lt;I&gt;0&lt;/I&gt;</h1><p>1. a&amp;b</p><p>2. ?</p>');
  assert.is(renders[2], '<h1>&lt;I&gt;2&lt;/I&gt;</h1><p>1. a&amp;b</p><p>2. ?</p>');
  assert.equal(resolved, [['article', { year: 2024, slug: 'hello' }], 'Resolver404', ['uuid', { id: '075194d3-6885-417e-a8a8-6c931e272f00', rest: 'a/b' }]]);
});

chromiumTest(test, 'under a CSP without unsafe-eval, templates and routes give the same answers as Node, with one refused eval', 'CSP test', async () => {
  const bundle = await bundleForBrowser(fileURLToPath(new URL('./csp-page.ts', import.meta.url)));
  const server = await servePage(bundle.code, { 'content-security-policy': POLICY });
  const profile = await mkdtemp(join(tmpdir(), 'manouche-chromium-'));
  let context: BrowserContext | undefined;
  const problems: string[] = [];
  try {
    context = await launchChromium(profile, TIMEOUT);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${server.origin}/csp/`);
    await page.waitForFunction(() => globalThis.__csp !== undefined);
    const answer: CspAnswer = await page.evaluate(() => globalThis.__csp!);
    if (!answer.ok) throw new Error(`the page threw: ${answer.error}`);
    assert.equal(problems, []);
    assert.equal(answer.result, runCspScenario(), 'the same answers as Node');
    // The policy refuses generated code in this page, so the answers above came from the fallbacks.
    assert.is(answer.probe, 'EvalError');
    // Two reports: the package's one refused attempt (never tried again) and the probe's.
    assert.equal(answer.violations, ['script-src eval', 'script-src eval']);
  } finally {
    await context?.close().catch(() => {});
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test.run();
