/**
 * `manouche build --browser` (src/node/browser-build.ts) on bad input, and
 * its `?files` modules: the Chromium tests build the offline demo itself.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImproperlyConfigured } from '../../src/core/exceptions';
import { buildBrowser, filesModule, indexHtml } from '../../src/node/browser-build';
import { manouche, removeProject, tempProject } from '../core/management/helpers';

async function rejects(fn: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await fn();
  } catch (error) {
    assert.instance(error, ImproperlyConfigured);
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected ${pattern}`);
}

test('a missing entry, output folder or malformed base path is refused by name', async () => {
  await rejects(() => buildBrowser({ entry: '', outDir: 'out' }), /needs the app's browser entry/);
  await rejects(() => buildBrowser({ entry: 'nowhere/sw.ts', outDir: 'out' }), /the entry 'nowhere\/sw.ts' is not a file/);
  await rejects(() => buildBrowser({ entry: 'package.json', outDir: '' }), /needs an output folder/);
  await rejects(() => buildBrowser({ entry: 'package.json', outDir: 'out', basePath: 'app' }), /the base path 'app' must start and end with '\/'/);
});

test('a bundling error names the file, line and column, and nothing is written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'build-'));
  try {
    await writeFile(join(dir, 'sw.ts'), "import { nothing } from './missing';\nnothing();\n");
    await rejects(() => buildBrowser({ entry: join(dir, 'sw.ts'), outDir: join(dir, 'out') }), /sw\.ts:1:\d+: Could not resolve "\.\/missing"/);
    assert.equal(await readdir(join(dir, 'out')), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a ?files module holds the folder: text as strings, other files as bytes, names with /', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'files-'));
  try {
    await mkdir(join(dir, 'polls', 'images'), { recursive: true });
    await writeFile(join(dir, 'polls', 'style.css'), 'li a { color: green; }');
    await writeFile(join(dir, 'polls', 'images', 'dot.png'), new Uint8Array([137, 80, 78, 71, 0, 255]));
    const { contents } = await filesModule(dir);
    const module = await import(`data:text/javascript,${encodeURIComponent(contents)}`);
    assert.equal(Object.keys(module.default), ['polls/images/dot.png', 'polls/style.css']);
    assert.is(module.default['polls/style.css'], 'li a { color: green; }');
    assert.equal([...module.default['polls/images/dot.png']], [137, 80, 78, 71, 0, 255]);
    await rejects(() => filesModule(join(dir, 'nope')), /names the folder '.*nope', which does not exist/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the bundle names its runtime cache after the files it caches (sql-wasm.wasm, common-passwords.txt.gz)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'build-cache-'));
  try {
    const entry = new URL('../browser/fixtures/upgrade/v1.ts', import.meta.url).pathname;
    const built = await buildBrowser({ entry, outDir: join(dir, 'out'), minify: false });
    const files = [await readFile(join(dir, 'out', 'sql-wasm.wasm')), await readFile(join(dir, 'out', 'common-passwords.txt.gz'))];
    const expected = createHash('sha256').update(files[0]!).update(files[1]!).digest('hex').slice(0, 16);
    assert.is(built.assetsVersion, expected);
    const sw = await readFile(join(dir, 'out', 'sw.js'), 'utf8');
    assert.ok(sw.includes(JSON.stringify(expected)), 'the version is stamped into sw.js');
    assert.not.match(sw, /typeof __MANOUCHE_ASSETS_VERSION__/, 'no unstamped fallback left to chance');
    // The same files, the same version: a rebuild of the app keeps the worker's cache.
    assert.is((await buildBrowser({ entry, outDir: join(dir, 'again'), minify: false })).assetsVersion, expected);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the loader page escapes its title and looks for sw.js under the base path', () => {
  const html = indexHtml('<Polls & co>', '/demo/');
  assert.match(html, '<title>&#60;Polls &#38; co&#62;</title>');
  assert.match(html, 'new URL("/demo/", location.href)');
});

test('the command: `manouche build` without --browser, or with a missing entry, exits 1 naming the problem', () => {
  const dir = tempProject();
  try {
    const bare = manouche(['build'], { cwd: dir });
    assert.is(bare.status, 1);
    assert.match(bare.stderr, 'build needs --browser ENTRY');
    const missing = manouche(['build', '--browser', 'nope.ts'], { cwd: dir });
    assert.is(missing.status, 1);
    assert.match(missing.stderr, "the entry 'nope.ts' is not a file");
  } finally {
    removeProject(dir);
  }
});

test.run();
