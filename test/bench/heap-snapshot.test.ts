import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { heapSnapshot, HarnessError, start } from '../../bench/e2e/harness';
import { HEAP_KINDS, heapComposition, heapGrowth, heapKind, type HeapSnapshotJson } from '../../bench/e2e/heap-snapshot';

test('heapKind tells the stack\'s data from what V8 keeps for running code, and leaves native memory out', () => {
  const cases: [string, string, string | undefined][] = [
    ['object', 'HttpRequest', 'objects'],
    ['closure', 'render', 'objects'],
    ['array', '(object elements)', 'objects'],
    ['string', 'hello', 'strings'],
    ['concatenated string', 'a', 'strings'],
    ['code', 'getResponseInner', 'machine code'],
    ['code', '', 'machine code'],
    ['code', '(code deopt data)', 'machine code'],
    ['code', '(code relocation info)', 'machine code'],
    ['code', '(code for render)', 'machine code'],
    ['code', '(BASELINE code)', 'machine code'],
    ['code', '(bytecode offset table)', 'machine code'],
    ['code', 'system / BytecodeArray', 'bytecode'],
    ['code', '(source position table)', 'bytecode'],
    ['code', '(constant pool)', 'bytecode'],
    ['code', 'system / FeedbackVector', 'feedback and inline caches'],
    ['code', 'system / LoadHandler', 'feedback and inline caches'],
    ['code', 'system / ScopeInfo', 'other V8 metadata'],
    ['code', '(context local names)', 'other V8 metadata'],
    ['code', '(ArrayPush builtin handle)', 'other V8 metadata'],
    ['hidden', 'system / PropertyArray', 'other V8 metadata'],
    ['object shape', 'system / Map', 'other V8 metadata'],
    ['native', 'system / JSArrayBufferData', undefined],
    ['synthetic', '(GC roots)', undefined],
  ];
  for (const [type, name, kind] of cases) assert.is(heapKind(type, name), kind, `${type} ${name}`);
});

test('heapComposition sums self sizes by kind, reading the field layout from the snapshot\'s meta', () => {
  // fields in an order of their own: the reader must not assume V8's
  const snapshot: HeapSnapshotJson = {
    snapshot: { meta: { node_fields: ['self_size', 'name', 'type', 'id'], node_types: [['object', 'code', 'string', 'native']] } },
    strings: ['Post', 'render', 'system / FeedbackVector', 'abc', 'backing store'],
    nodes: [32, 0, 0, 1, 48, 0, 0, 2, 400, 1, 1, 3, 64, 2, 1, 4, 24, 3, 2, 5, 1_000_000, 4, 3, 6],
  };
  const c = heapComposition(snapshot);
  assert.equal(c, { objects: 80, strings: 24, 'machine code': 400, 'feedback and inline caches': 64, bytecode: 0, 'other V8 metadata': 0 });
  assert.equal(heapGrowth(c, { ...c, objects: 100, 'machine code': 300 }), { objects: 20, strings: 0, 'machine code': -100, 'feedback and inline caches': 0, bytecode: 0, 'other V8 metadata': 0 });
  assert.throws(() => heapComposition({ snapshot: { meta: { node_fields: ['id'], node_types: [[]] } }, strings: [], nodes: [] }), /not a V8 heap snapshot/);
});

test('on real snapshots, data a process keeps shows as objects and strings, a function made hot as machine code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manouche-heap-'));
  try {
    // 20,000 kept objects and a 1 MB string between the two snapshots, and a function run until optimized
    const script = `
      const { writeHeapSnapshot } = require('node:v8');
      writeHeapSnapshot(${JSON.stringify(join(dir, 'a.heapsnapshot'))});
      globalThis.kept = Array.from({ length: 20000 }, (_, i) => ({ i, j: i + 1 }));
      globalThis.text = Array.from({ length: 1 << 16 }, (_, i) => String(i).padStart(16, '-')).join('');
      function hot(o) { return o.i * 2 + o.j; }
      let s = 0;
      for (let n = 0; n < 2e6; n++) s += hot(globalThis.kept[n % 20000]);
      globalThis.sum = s;
      writeHeapSnapshot(${JSON.stringify(join(dir, 'b.heapsnapshot'))});`;
    execFileSync(process.execPath, ['-e', script]);
    const read = (f: string) => heapComposition(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    const grown = heapGrowth(read('a.heapsnapshot'), read('b.heapsnapshot'));
    assert.ok(grown.objects >= 20_000 * 20, `objects grew by ${grown.objects} bytes`);
    assert.ok(grown.strings >= 1 << 20, `strings grew by ${grown.strings} bytes`);
    assert.ok(grown['machine code'] > 0, `machine code grew by ${grown['machine code']} bytes`);
    assert.ok(grown.objects < 4 << 20 && grown.strings < 2 << 20, 'nothing else counted as the process\'s data');
    for (const k of HEAP_KINDS) assert.type(grown[k], 'number');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('heapSnapshot reads a contender started with E2E_HEAP, and refuses one started without', async () => {
  const previous = process.env.E2E_HEAP;
  process.env.E2E_HEAP = '1';
  const floor = await start('floor');
  delete process.env.E2E_HEAP;
  const plain = await start('floor');
  if (previous !== undefined) process.env.E2E_HEAP = previous;
  try {
    const a = await heapSnapshot(floor!);
    const b = await heapSnapshot(floor!);
    assert.ok(a.objects > 100_000 && a['machine code'] > 0, 'a whole heap, by kind');
    assert.ok(Math.abs(b.objects - a.objects) < a.objects / 10, 'an idle process: two snapshots alike');
    try {
      await heapSnapshot(plain!);
      assert.unreachable();
    } catch (e) {
      assert.instance(e, HarnessError);
      assert.match((e as Error).message, /floor: not started with E2E_HEAP=1/);
    }
  } finally {
    await Promise.all([floor?.stop(), plain?.stop()]);
  }
});

test.run();
