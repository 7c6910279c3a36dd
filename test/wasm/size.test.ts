import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// Budgets as tests (see STYLE.md): the design promises a framework light
// enough for a browser tab. The browser issue's budget for the framework's own
// JavaScript and WebAssembly is 150 KB gzipped; the module alone gets 64 KB.
test('the release WebAssembly module stays under 64 KB gzipped', () => {
  const wasm = readFileSync(new URL('../../build/manouche.wasm', import.meta.url));
  const size = gzipSync(wasm, { level: 9 }).length;
  assert.ok(size > 1000, `suspiciously small module: ${size} bytes`);
  assert.ok(size < 64 * 1024, `manouche.wasm is ${size} bytes gzipped`);
});

test('the polls app bundled for a browser: the framework\'s JavaScript and WebAssembly stay under 150 KB gzipped (sql.js excluded)', async () => {
  // Issue 10's budget is for an app, not for every subpath of the package:
  // bundle what the polls example imports, minified, sql.js left out.
  const { build } = await import('esbuild');
  const polls = new URL('../../examples/polls/', import.meta.url);
  const entries = ['models.ts', 'urls.ts', 'views.ts'].map((f) => `export * from ${JSON.stringify(new URL(f, polls).pathname)};`);
  const out = await build({
    stdin: { contents: entries.join('\n'), resolveDir: polls.pathname, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    minify: true,
    external: ['sql.js'],
    logLevel: 'silent',
  });
  const bytes = out.outputFiles.reduce((n, f) => n + f.contents.length, 0);
  const size = gzipSync(Buffer.concat(out.outputFiles.map((f) => f.contents)), { level: 9 }).length;
  assert.ok(bytes > 5000, `suspiciously small bundle: ${bytes} bytes`);
  assert.ok(size < 150 * 1024, `the polls bundle is ${size} bytes gzipped`);
});

test.run();
