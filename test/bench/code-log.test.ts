import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bySourceFile, codeEntries, codeLogFlags, originOf, tallyEntries } from '../../bench/e2e/code-log';
import { pathToFileURL } from 'node:url';

const LOG = [
  'v8-version,11,3,244,8,-node.38,0',
  'code-creation,Builtin,2,5765,0x18c4000,768,DeoptimizationEntry_Eager',
  'code-creation,JS,13,900000,0xa,5000,early file:///x/dist/chunk.js:1:1,0x1,*',
  'code-creation,JS,13,2000000,0xb,1000,render file:///x/dist/chunk.js:1:2,0x2,*',
  'code-creation,JS,12,2000001,0xc,300,write node:internal/streams/writable:1:1,0x3,+',
  'code-creation,JS,11,2000002,0xd,200,onwrite node:internal/streams/writable:2:1,0x4,^',
  'code-creation,JS,10,2000003,0xe,50,lazy file:///x/dist/chunk.js:3:1,0x5,~',
  'code-creation,JS,13,2000004,0xf,400,c.get /x/node_modules/sql.js/dist/sql-wasm.js:82:38,0x6,*',
  'code-creation,JS,13,2000005,0x10,70, file:///x/build/bench-e2e/floor.mjs:124:31,0x7,*',
  'code-creation,JS,13,2000006,0x11,60,render :3:36,0x8,*',
  'code-creation,JS,4,2000007,0x12,9000,wasm-function[158],0x9,*',
  'code-creation,JS,11,2000008,0x13,25,handler /x/node_modules/hono/dist/hono.js:1:1,0xa,^',
  'code-move,0xb,0xc',
  'code-creation,JS,13,not-a-number,0x14,999,broken',
].join('\n');

test('tallyEntries counts code created from the mark on, by compiler, leaving out bytecode and builtins', () => {
  const t = tallyEntries(codeEntries(LOG, 1000));
  assert.is(t.optimized, 1000 + 300 + 400 + 70 + 60);
  assert.is(t.baseline, 200 + 25);
  assert.is(t.wasm, 9000);
});

test('tallyEntries splits JavaScript code by whose source it came from', () => {
  assert.equal(tallyEntries(codeEntries(LOG, 1000)).byOrigin, { node: 500, sqljs: 400, stack: 1000 + 60 + 25, app: 70 });
  assert.is(tallyEntries(codeEntries(LOG, 0)).byOrigin.stack, 5000 + 1000 + 60 + 25);
  assert.is(tallyEntries(codeEntries(LOG, 1e9)).optimized, 0);
});

test('codeEntries gives each piece of machine code its compiler and the function without its V8 suffix', () => {
  const entries = codeEntries(LOG, 1000);
  assert.equal(entries[0], { compiler: 'optimized', size: 1000, name: 'render file:///x/dist/chunk.js:1:2' });
  assert.equal(entries.find((e) => e.compiler === 'wasm'), { compiler: 'wasm', size: 9000, name: 'wasm-function[158]' });
  assert.is(entries.filter((e) => e.compiler === 'baseline').length, 2);
  assert.ok(!entries.some((e) => e.name.startsWith('lazy')), 'bytecode is not machine code');
});

test('bySourceFile maps functions in dist/ to their source files through the source maps, and leaves the rest out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'code-src-'));
  try {
    const dist = join(dir, 'dist') + '/';
    mkdirSync(dist);
    // chunk.js line 1 holds two functions: columns 0-9 come from src/a.ts, 10 on from src/b.ts (VLQ: AAAA = 0,0,0,0; UCAA = +10 cols, +1 source).
    writeFileSync(join(dist, 'chunk.js'), 'function a(){}function b(){}\n');
    writeFileSync(join(dist, 'chunk.js.map'), JSON.stringify({ version: 3, sources: ['../src/a.ts', '../src/b.ts'], names: [], mappings: 'AAAA,UCAA' }));
    writeFileSync(join(dist, 'nomap.js'), 'function c(){}\n');
    const url = (file: string) => pathToFileURL(join(dist, file)).href;
    const entries = [
      { compiler: 'optimized' as const, size: 100, name: `a ${url('chunk.js')}:1:1` },
      { compiler: 'baseline' as const, size: 20, name: `a ${url('chunk.js')}:1:5` },
      { compiler: 'optimized' as const, size: 300, name: `b ${url('chunk.js')}:1:12` },
      { compiler: 'optimized' as const, size: 7, name: `c ${url('nomap.js')}:1:1` },
      { compiler: 'optimized' as const, size: 999, name: 'parserOnIncoming node:_http_server:1026:26' },
      { compiler: 'optimized' as const, size: 999, name: 'render :3:36' },
      { compiler: 'wasm' as const, size: 999, name: 'wasm-function[1]' },
    ];
    assert.equal(Object.fromEntries(bySourceFile(entries, dist)), { 'src/a.ts': 120, 'src/b.ts': 300, 'nomap.js': 7 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('originOf: Node URLs, the contender bundle, sql.js, and the stack (packages and generated code)', () => {
  assert.is(originOf('parserOnIncoming node:_http_server:1026:26'), 'node');
  assert.is(originOf('listView file:///r/build/bench-e2e/manouche.mjs:88:20'), 'app');
  assert.is(originOf('c.bind /r/node_modules/sql.js/dist/sql-wasm.js:80:210'), 'sqljs');
  assert.is(originOf('writeJson file:///r/dist/chunk-serving.js:41:13480'), 'stack');
  assert.is(originOf('render :3:36'), 'stack');
  assert.is(originOf('nodeName file:///r/dist/x.js:1:1'), 'stack');
});

test('a real node --log-code log tallies: a hot function in the app file is optimized code of the app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'code-log-'));
  try {
    mkdirSync(join(dir, 'build', 'bench-e2e'), { recursive: true });
    const script = join(dir, 'build', 'bench-e2e', 'hot.mjs');
    writeFileSync(script, 'function hot(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }\nlet t = 0;\nfor (let k = 0; k < 20000; k++) t += hot(100);\nconsole.log(t);\n');
    const log = join(dir, 'hot.log');
    execFileSync(process.execPath, [...codeLogFlags(log), script]);
    const tally = tallyEntries(codeEntries(readFileSync(log, 'utf8'), 0));
    assert.ok(tally.optimized > 0, 'some optimized code');
    assert.ok(tally.byOrigin.app > 0, `the app's hot function is counted as the app's: ${JSON.stringify(tally)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
