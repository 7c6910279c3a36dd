import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { configure } from '../../../src/conf/settings';
import { staticfilesStorage, ManifestStaticFilesStorage } from '../../../src/contrib/staticfiles/index';
import { collectstatic } from '../../../src/node/staticfiles';
import { project } from './project';

const md5 = (s: string) => createHash('md5').update(s).digest('hex').slice(0, 12);
const MANIFEST = { STORAGES: { staticfiles: { BACKEND: 'manouche.contrib.staticfiles.storage.ManifestStaticFilesStorage' } } };

const plainFiles = {
  'polls/static/polls/style.css': 'li { color: green; }',
  'blog/static/polls/style.css': 'li { color: red; }',
  'assets/base.css': 'body {}',
  'vendor/jquery.js': 'jq',
};

test('collectstatic copies every found file once (the first wins) and prints Django’s summary', async () => {
  const p = await project(plainFiles);
  try {
    const r = await collectstatic();
    assert.equal(r.modified.sort(), ['base.css', 'polls/style.css', 'vendor/jquery.js']);
    assert.is(r.lines.at(-1), `3 static files copied to '${p.root}'.`);
    assert.ok(r.lines.some((l) => l.startsWith("Found another file with the destination path 'polls/style.css'")));
    assert.is(readFileSync(join(p.root, 'polls/style.css'), 'utf8'), 'li { color: green; }');
    const again = await collectstatic();
    assert.is(again.lines.at(-1), `0 static files copied to '${p.root}', 3 unmodified.`);
  } finally {
    await p.done();
  }
});

test('dry run writes nothing; clear deletes what was there; one file is "1 static file"', async () => {
  const p = await project({ 'assets/only.css': 'x' });
  try {
    const dry = await collectstatic({ dryRun: true });
    assert.ok(dry.lines.includes(`Pretending to copy '${join(p.dir, 'assets/only.css')}'`));
    assert.not.ok(existsSync(join(p.root, 'only.css')));
    await collectstatic();
    p.write('collected/stale.txt', 'old');
    const cleared = await collectstatic({ clear: true });
    assert.ok(cleared.lines.includes("Deleting 'stale.txt'"));
    assert.not.ok(existsSync(join(p.root, 'stale.txt')));
    assert.is(cleared.lines.at(-1), `1 static file copied to '${p.root}'.`);
  } finally {
    await p.done();
  }
});

test('interactive: the question is asked when STATIC_ROOT has files, and "no" cancels', async () => {
  const p = await project({ 'assets/only.css': 'x' });
  try {
    await collectstatic();
    let asked = '';
    try {
      await collectstatic({ interactive: true, clear: true, confirm: (m) => ((asked = m), 'no') });
      assert.unreachable();
    } catch (e) {
      assert.is((e as Error).message, 'Collecting static files cancelled.');
    }
    assert.match(asked, /This will DELETE ALL FILES in this location!\nAre you sure you want to do this\?\n\nType 'yes' to continue, or 'no' to cancel: $/);
    assert.ok(existsSync(join(p.root, 'only.css')));
  } finally {
    await p.done();
  }
});

const hashedFiles = {
  'assets/img/bg.png': 'PNG',
  'assets/css/base.css': 'h1 { background: url(../img/bg.png) }',
  'assets/css/site.css': [
    '@import "base.css";',
    'body { background: url("../img/bg.png#frag"); }',
    '.x { background: url(http://example.com/a.png); }',
    '.y { background: url(data:image/png;base64,AAA); }',
    ".z { background: url('/static/img/bg.png'); }",
    '.w { background: url(/elsewhere/a.png); }',
  ].join('\n'),
};

test('the manifest storage writes name.<md5 12>.ext copies, rewrites url() and @import, and Django’s staticfiles.json', async () => {
  const p = await project(hashedFiles, { settings: MANIFEST });
  try {
    const r = await collectstatic();
    const png = `img/bg.${md5('PNG')}.png`;
    const base = `h1 { background: url("../${png}") }`;
    const baseName = `css/base.${md5(base)}.css`;
    const site = [
      `@import url("base.${md5(base)}.css");`,
      `body { background: url("../${png}#frag"); }`,
      '.x { background: url(http://example.com/a.png); }',
      '.y { background: url(data:image/png;base64,AAA); }',
      `.z { background: url("/static/${png}"); }`,
      '.w { background: url(/elsewhere/a.png); }',
    ].join('\n');
    const siteName = `css/site.${md5(site)}.css`;
    assert.is(readFileSync(join(p.root, png), 'utf8'), 'PNG');
    assert.is(readFileSync(join(p.root, baseName), 'utf8'), base);
    assert.is(readFileSync(join(p.root, siteName), 'utf8'), site);
    // The originals are collected too, unchanged.
    assert.is(readFileSync(join(p.root, 'css/site.css'), 'utf8'), hashedFiles['assets/css/site.css']);
    const text = readFileSync(join(p.root, 'staticfiles.json'), 'utf8');
    const manifest = JSON.parse(text);
    assert.equal(manifest.paths, { 'img/bg.png': png, 'css/base.css': baseName, 'css/site.css': siteName });
    assert.is(manifest.version, '1.1');
    const sortedPy = `[["css/base.css", "${baseName}"], ["css/site.css", "${siteName}"], ["img/bg.png", "${png}"]]`;
    assert.is(manifest.hash, md5(sortedPy));
    assert.ok(text.startsWith('{"paths": {"'), 'Python json.dumps separators');
    assert.is(r.lines.at(-1), `3 static files copied to '${p.root}', 3 post-processed.`);
    // No intermediate files are kept.
    assert.equal(readdirSync(join(p.root, 'css')).sort(), ['base.css', baseName.slice(4), 'site.css', siteName.slice(4)].sort());

    configure({ DEBUG: false });
    const storage = staticfilesStorage();
    assert.instance(storage, ManifestStaticFilesStorage);
    assert.is(storage.url('css/site.css'), `/static/${siteName}`);
    assert.is(storage.url('img/bg.png?v=1#x'), `/static/${png}?v=1#x`);
    assert.throws(() => storage.url('nope.css'), /Missing staticfiles manifest entry for 'nope.css'/);
    configure({ DEBUG: true });
    assert.is(storage.url('css/site.css'), '/static/css/site.css');

    const again = await collectstatic();
    assert.is(again.lines.at(-1), `0 static files copied to '${p.root}', 3 unmodified, 2 post-processed.`);
  } finally {
    await p.done();
  }
});

test('JavaScript module imports, source maps and the ?#iefix font hack are rewritten like Django', async () => {
  const p = await project(
    {
      'assets/js/util.js': 'export const x = 1;',
      'assets/js/app.js': ['import { x } from "./util.js";', "export { x } from './util.js';", 'import("./util.js");', '//# sourceMappingURL=app.js.map'].join('\n'),
      'assets/js/app.js.map': '{}',
      'assets/fonts/f.eot': 'EOT',
      'assets/css/font.css': "@font-face { src: url('../fonts/f.eot?#iefix') }",
    },
    { settings: MANIFEST },
  );
  try {
    await collectstatic();
    const util = `util.${md5('export const x = 1;')}.js`;
    const map = `app.js.${md5('{}')}.map`;
    const app = [`import { x } from "./${util}";`, `export { x } from "./${util}";`, `import("./${util}");`, `//# sourceMappingURL=${map}`].join('\n');
    const manifest = JSON.parse(readFileSync(join(p.root, 'staticfiles.json'), 'utf8')).paths;
    assert.is(readFileSync(join(p.root, manifest['js/app.js']), 'utf8'), app);
    const font = `@font-face { src: url("../fonts/f.${md5('EOT')}.eot?#iefix") }`;
    assert.is(readFileSync(join(p.root, manifest['css/font.css']), 'utf8'), font);
  } finally {
    await p.done();
  }
});

test('a CSS reference to a missing file fails collectstatic, naming both files', async () => {
  const p = await project({ 'assets/css/broken.css': 'a { background: url(../img/missing.png) }' }, { settings: MANIFEST });
  try {
    await collectstatic();
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /Post-processing 'css\/broken.css' failed!/);
    assert.match((e as Error).message, /The file 'img\/missing.png' could not be found with ManifestStaticFilesStorage at '.*collected'/);
  } finally {
    await p.done();
  }
});

test('a manifest that is not Django’s format is refused with Django’s message', async () => {
  const p = await project({});
  try {
    assert.throws(() => new ManifestStaticFilesStorage({ manifest: '{"paths": {}, "version": "9"}' }), /Couldn't load manifest 'staticfiles.json' \(version 1.1\)/);
    assert.throws(() => new ManifestStaticFilesStorage({ manifest: 'not json' }), /Couldn't load manifest/);
    const s = new ManifestStaticFilesStorage({ manifest: { paths: { 'a.css': 'a.123456789abc.css' }, version: '1.0' } });
    configure({ DEBUG: false });
    assert.is(s.url('a.css'), '/static/a.123456789abc.css');
  } finally {
    await p.done();
  }
});

test.run();
