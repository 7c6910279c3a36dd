import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Region, bytes, memorySize } from '../../src/wasm/memory';
import { wasm } from '../../src/wasm/instance';

test('the embedded module instantiates and exports its memory', () => {
  assert.instance(wasm.memory, WebAssembly.Memory);
  assert.ok(memorySize() >= 65536);
});

test('a region writes UTF-8 and reports the byte length', () => {
  const region = new Region(64);
  const n = region.writeUtf8('café/ü');
  assert.is(n, 8);
  assert.equal(Array.from(bytes().subarray(region.ptr, region.ptr + n)), Array.from(new TextEncoder().encode('café/ü')));
});

test('a region grows once for a bigger input, not per call', () => {
  const region = new Region(16);
  const big = 'x'.repeat(10_000);
  region.writeUtf8(big);
  const size = memorySize();
  const ptr = region.ptr;
  for (let i = 0; i < 1000; i++) region.writeUtf8(big);
  assert.is(region.ptr, ptr);
  assert.is(memorySize(), size);
});

test.run();
