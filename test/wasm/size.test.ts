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

test('the browser-reachable package (JavaScript with the embedded module) stays under 150 KB gzipped', () => {
  let total = 0;
  const walk = (dir: URL): void => {
    for (const name of readdirSync(dir)) {
      const file = new URL(name, dir);
      // Node-only entries (manouche/node and the `manouche` binary's CLI) never reach a browser tab
      if (dir.href === dist.href && (name === 'node' || name === 'cli.js')) continue;
      if (statSync(file).isDirectory()) walk(new URL(name + '/', dir));
      else if (name.endsWith('.js')) total += gzipSync(readFileSync(file), { level: 9 }).length;
    }
  };
  walk(dist);
  assert.ok(total > 5000, `suspiciously small bundle: ${total} bytes`);
  assert.ok(total < 150 * 1024, `dist/**/*.js is ${total} bytes gzipped`);
});

test.run();
