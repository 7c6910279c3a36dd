import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { defineApp } from '../../../src/apps/config';
import { configure } from '../../../src/conf/settings';
import { AppDirectoriesFinder, FileSystemFinder, find, findStatic, SuspiciousFileOperation } from '../../../src/contrib/staticfiles/index';
import { project } from './project';

const files = {
  'polls/static/polls/style.css': 'li { color: green; }',
  'polls/static/polls/images/bg.png': 'PNG',
  'polls/static/polls/.hidden': 'secret',
  'polls/static/polls/notes.txt~': 'backup',
  'blog/static/blog/site.js': 'console.log(1)',
  'blog/static/polls/style.css': 'li { color: red; }',
  'assets/polls/style.css': 'li { color: blue; }',
  'assets/base.css': 'body {}',
  'vendor/jquery.js': 'jq',
};

test('STATICFILES_DIRS come first, then the apps in INSTALLED_APPS order; find() stops at the first', async () => {
  const p = await project(files);
  try {
    const [first] = await find('polls/style.css');
    assert.is(first.location, join(p.dir, 'assets/polls/style.css'));
    assert.is(new TextDecoder().decode(await first.read()), 'li { color: blue; }');
    const all = await find('polls/style.css', { all: true });
    assert.equal(
      all.map((f) => f.location),
      [join(p.dir, 'assets/polls/style.css'), join(p.dir, 'polls/static/polls/style.css'), join(p.dir, 'blog/static/polls/style.css')],
    );
  } finally {
    await p.done();
  }
});

test('a [prefix, path] entry of STATICFILES_DIRS serves its files under the prefix only', async () => {
  const p = await project(files);
  try {
    assert.is((await find('vendor/jquery.js'))[0]?.location, join(p.dir, 'vendor/jquery.js'));
    assert.equal(await find('jquery.js'), []);
  } finally {
    await p.done();
  }
});

test('list() yields every file with its destination path and skips the default ignore patterns', async () => {
  const p = await project(files);
  try {
    const names: string[] = [];
    for await (const f of new AppDirectoriesFinder().list()) names.push(f.name);
    assert.equal(names, ['polls/images/bg.png', 'polls/style.css', 'blog/site.js', 'polls/style.css']);
    const fsNames: string[] = [];
    for await (const f of new FileSystemFinder().list()) fsNames.push(f.name);
    assert.equal(fsNames, ['base.css', 'polls/style.css', 'vendor/jquery.js']);
  } finally {
    await p.done();
  }
});

test("an app's staticFiles map is found without a file system", async () => {
  const p = await project(files, { apps: [defineApp({ name: 'offline', staticFiles: { 'offline/app.css': 'a{}', 'offline/logo.svg': new Uint8Array([60, 115]) } })] });
  try {
    const [file] = await find('offline/app.css');
    assert.is(file.location, "app 'offline' staticFiles: offline/app.css");
    assert.is(new TextDecoder().decode(await file.read()), 'a{}');
    assert.is((await file.stat()).size, 3);
  } finally {
    await p.done();
  }
});

test("an app's in-memory static files carry its staticFilesMtime (whole seconds); a date that is not one is refused", async () => {
  const when = new Date('2026-01-02T03:04:05.678Z');
  const p = await project(files, { apps: [defineApp({ name: 'stamped', staticFiles: { 'stamped/app.css': 'a{}' }, staticFilesMtime: when })] });
  try {
    const [file] = await find('stamped/app.css');
    assert.is((await file.stat()).mtime.toISOString(), '2026-01-02T03:04:05.000Z');
  } finally {
    await p.done();
  }
  assert.throws(() => defineApp({ name: 'bad', staticFiles: {}, staticFilesMtime: new Date('nope') }), /'staticFilesMtime' must be a valid Date, not Invalid Date/);
});

test('findstatic prints the locations like Django, or that nothing matched, and the searched places at verbosity 2', async () => {
  const p = await project(files);
  try {
    const { found, lines } = await findStatic('blog/site.js');
    assert.equal(found, [join(p.dir, 'blog/static/blog/site.js')]);
    assert.equal(lines, ["Found 'blog/site.js' here:", `  ${join(p.dir, 'blog/static/blog/site.js')}`]);
    const none = await findStatic('nope.css', { verbosity: 2 });
    assert.equal(none.found, []);
    assert.is(none.lines[0], "No matching file found for 'nope.css'.");
    assert.ok(none.lines.includes('Looking in the following locations:'));
    assert.ok(none.lines.includes(`  ${join(p.dir, 'polls', 'static')}`));
  } finally {
    await p.done();
  }
});

test('paths that try to leave the static directories are refused by the finders', async () => {
  const p = await project({ ...files, 'secret.txt': 'password' });
  try {
    for (const bad of ['../secret.txt', 'polls/../../secret.txt', '/etc/passwd', 'a\0b', 'C:/x', '..\\secret.txt']) {
      try {
        await find(bad);
        assert.unreachable(`${bad} was accepted`);
      } catch (e) {
        assert.instance(e, SuspiciousFileOperation, bad);
      }
    }
  } finally {
    await p.done();
  }
});

test('bad STATICFILES_DIRS are ImproperlyConfigured with Django’s messages', async () => {
  const p = await project(files);
  try {
    assert.throws(() => new FileSystemFinder({ dirs: [['css/', p.dir]] }), /The prefix 'css\/' in the STATICFILES_DIRS setting must not end with a slash\./);
    configure({ STATICFILES_DIRS: [p.root] });
    assert.throws(() => new FileSystemFinder(), /should not contain the STATIC_ROOT setting/);
  } finally {
    await p.done();
  }
});

test.run();
