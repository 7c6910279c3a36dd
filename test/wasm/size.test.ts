import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// Budgets as tests (see STYLE.md): the design promises a framework light
// enough for a browser tab. The browser issue's budget for the framework's own
// JavaScript and WebAssembly is 150 KB gzipped; the module alone gets 64 KB.
const dist = new URL('../../dist/', import.meta.url);

test('the release WebAssembly module stays under 64 KB gzipped', () => {
  const wasm = readFileSync(new URL('../../build/manouche.wasm', import.meta.url));
  const size = gzipSync(wasm, { level: 9 }).length;
  assert.ok(size > 1000, `suspiciously small module: ${size} bytes`);
  assert.ok(size < 64 * 1024, `manouche.wasm is ${size} bytes gzipped`);
});

// The contrib apps (dist/contrib/) are loaded only by apps that import them;
// they have their own budget below, outside the framework's. Most of it is
// Django's common-passwords list (81 KB gzipped), shipped with contrib/auth.
const isContrib = (path: string): boolean => path.includes('/dist/contrib/');

function gzippedJs(filter: (path: string) => boolean): number {
  let total = 0;
  const walk = (dir: URL): void => {
    for (const name of readdirSync(dir)) {
      const file = new URL(name, dir);
      if (statSync(file).isDirectory()) walk(new URL(name + '/', dir));
      else if (name.endsWith('.js') && filter(file.pathname)) total += gzipSync(readFileSync(file), { level: 9 }).length;
    }
  };
  walk(dist);
  return total;
}

test('the built package (JavaScript with the embedded module) stays under 150 KB gzipped', () => {
  const total = gzippedJs((path) => !isContrib(path));
  assert.ok(total > 5000, `suspiciously small bundle: ${total} bytes`);
  assert.ok(total < 150 * 1024, `dist/**/*.js is ${total} bytes gzipped`);
});

test('the contrib apps (with the common-passwords list) stay under 120 KB gzipped', () => {
  const contrib = gzippedJs((path) => isContrib(path));
  assert.ok(contrib > 50_000 && contrib < 120 * 1024, `dist/contrib/**/*.js is ${contrib} bytes gzipped`);
});

test.run();
