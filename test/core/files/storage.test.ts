// The Storage API: naming rules, InMemoryStorage, and FileSystemStorage on disk.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImproperlyConfigured, ValueError, configure, resetSettings } from '../../../src/index';
import { FileNotFoundError, InMemoryStorage, Storage, SuspiciousFileOperation, defaultStorage, getValidFilename, setDefaultStorage } from '../../../src/core/files/storage';
import { SimpleUploadedFile } from '../../../src/core/files/uploadedfile';
import { FileSystemStorage } from '../../../src/node/storage';

function throwsSync(fn: () => unknown, cls: Function, pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, cls);
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable('expected an error');
}
async function rejects(fn: () => Promise<unknown>, cls: Function, pattern: RegExp): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert.instance(e, cls);
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable('expected a rejection');
}

const naming = suite('storage naming');

naming('getValidFilename keeps word characters, dashes and dots; spaces become underscores', () => {
  assert.is(getValidFilename("john's portrait in 2004.jpg"), 'johns_portrait_in_2004.jpg');
  assert.is(getValidFilename('  café <script>.txt '), 'café_script.txt');
  throwsSync(() => getValidFilename('???'), SuspiciousFileOperation, /Could not derive file name from '\?\?\?'/);
  throwsSync(() => getValidFilename('..'), SuspiciousFileOperation, /Could not derive/);
});

naming('generateFilename refuses .. and NUL and cleans the base name', () => {
  const s = new InMemoryStorage();
  assert.is(s.generateFilename('docs/./my file.txt'), 'docs/my_file.txt');
  assert.is(s.generateFilename('a\\b\\c.txt'), 'a/b/c.txt');
  throwsSync(() => s.generateFilename('../etc/passwd'), SuspiciousFileOperation, /path traversal/);
  throwsSync(() => s.generateFilename('a/../../x.txt'), SuspiciousFileOperation, /path traversal/);
  throwsSync(() => s.generateFilename('a\0b.txt'), SuspiciousFileOperation, /NUL/);
});

naming('save() refuses absolute names, .., and empty base names', async () => {
  const s = new InMemoryStorage();
  await rejects(() => s.save('/etc/passwd', 'x'), SuspiciousFileOperation, /path traversal/);
  await rejects(() => s.save('a/../../b.txt', 'x'), SuspiciousFileOperation, /path traversal/);
  await rejects(() => s.save('dir/', 'x'), SuspiciousFileOperation, /Could not derive/);
  await rejects(() => s.save('C:/x.txt', 'x'), SuspiciousFileOperation, /path traversal/);
});

naming('a taken name gets a _<7 characters> suffix before the extension; maxLength truncates the root', async () => {
  const s = new InMemoryStorage();
  assert.is(await s.save('d/report.tar.gz', 'one'), 'd/report.tar.gz');
  const second = await s.save('d/report.tar.gz', 'two');
  assert.match(second, /^d\/report\.tar_[A-Za-z0-9]{7}\.gz$/);
  assert.is(await (await s.open('d/report.tar.gz')).text(), 'one');
  assert.is(await (await s.open(second)).text(), 'two');
  const long = await s.save('d/averyveryverylongname.txt', 'x', 20);
  assert.ok(long.length <= 20, long);
  assert.match(long, /^d\/avery.*_[A-Za-z0-9]{7}\.txt$/);
  await rejects(() => s.save('d/abc.txt', 'x', 8), SuspiciousFileOperation, /can not find an available filename/);
});

naming('a custom Storage gets the naming rules from the base class', async () => {
  class Counting extends Storage {
    names = new Set<string>();
    protected async _save(name: string) {
      this.names.add(name);
      return name;
    }
    protected async _open(): Promise<never> {
      throw new Error('no');
    }
    async delete(name: string) {
      this.names.delete(name);
    }
    async exists(name: string) {
      return this.names.has(name);
    }
    async size() {
      return 0;
    }
    async listdir(): Promise<[string[], string[]]> {
      return [[], [...this.names]];
    }
  }
  const s = new Counting();
  await s.save('a.txt', 'x');
  assert.match(await s.save('a.txt', 'x'), /^a_[A-Za-z0-9]{7}\.txt$/);
  throwsSync(() => s.path('a.txt'), Error, /doesn't support absolute paths/);
  throwsSync(() => s.url('a.txt'), Error, /must provide a url\(\) method/);
});

const memory = suite('InMemoryStorage');

memory('save, open, size, exists, listdir, url, delete', async () => {
  const s = new InMemoryStorage({ baseUrl: '/media/' });
  const upload = new SimpleUploadedFile('hello.txt', 'héllo', 'text/plain');
  const name = await s.save('notes/hello world.txt', upload);
  assert.is(name, 'notes/hello world.txt', 'save() keeps a valid relative name (generateFilename is what cleans)');
  assert.ok(await s.exists(name));
  assert.is(await s.size(name), 6);
  const f = await s.open(name);
  assert.is(f.name, name);
  assert.is(f.contentType, 'text/plain');
  assert.is(await f.text(), 'héllo');
  assert.is(s.url(name), '/media/notes/hello%20world.txt');
  assert.equal(await s.listdir(''), [['notes'], []]);
  assert.equal(await s.listdir('notes'), [[], ['hello world.txt']]);
  await s.delete(name);
  assert.not.ok(await s.exists(name));
  await rejects(() => s.open(name), FileNotFoundError, /No such file/);
  await rejects(() => s.size(name), FileNotFoundError, /No such file/);
  await rejects(() => s.delete(''), ValueError, /name must be given/);
  throwsSync(() => new InMemoryStorage({ baseUrl: null }).url('a'), ValueError, /not accessible via a URL/);
  throwsSync(() => new InMemoryStorage({ baseUrl: '/media' }).url('a'), ImproperlyConfigured, /must end in a slash/);
});

memory('the stored bytes are a copy: changing the source afterwards changes nothing', async () => {
  const s = new InMemoryStorage();
  const bytes = new Uint8Array([1, 2, 3]);
  const name = await s.save('b.bin', bytes);
  bytes[0] = 9;
  assert.equal([...(await (await s.open(name)).bytes())], [1, 2, 3]);
  await s.save('blob.txt', new Blob(['from a blob']));
  assert.is(await (await s.open('blob.txt')).text(), 'from a blob');
  await rejects(() => s.save('x.txt', 42 as never), TypeError, /Cannot store/);
});

memory('defaultStorage() is ImproperlyConfigured until set', () => {
  setDefaultStorage(null);
  throwsSync(() => defaultStorage(), ImproperlyConfigured, /No default file storage/);
  const s = new InMemoryStorage();
  setDefaultStorage(s);
  assert.is(defaultStorage(), s);
  setDefaultStorage(null);
});

const disk = suite('FileSystemStorage');
let root = '';
disk.before(() => {
  root = mkdtempSync(join(tmpdir(), 'manouche-media-'));
  resetSettings();
  configure({ MEDIA_ROOT: root, MEDIA_URL: '/media/' });
});
disk.after(() => {
  rmSync(root, { recursive: true, force: true });
  resetSettings();
});

disk('saves under MEDIA_ROOT, in created directories, served at MEDIA_URL', async () => {
  const s = new FileSystemStorage();
  const name = await s.save('up/2026/a.txt', new SimpleUploadedFile('a.txt', 'disk!'));
  assert.is(name, 'up/2026/a.txt');
  assert.is(readFileSync(join(root, 'up/2026/a.txt'), 'utf8'), 'disk!');
  assert.is(s.path(name), join(root, 'up/2026/a.txt'));
  assert.is(s.url(name), '/media/up/2026/a.txt');
  assert.is(await s.size(name), 5);
  assert.is(await (await s.open(name)).text(), 'disk!');
  assert.equal(await s.listdir('up'), [['2026'], []]);
  const again = await s.save('up/2026/a.txt', 'second');
  assert.match(again, /^up\/2026\/a_[A-Za-z0-9]{7}\.txt$/);
  assert.is(readFileSync(join(root, 'up/2026/a.txt'), 'utf8'), 'disk!', 'the first file is never overwritten');
  await s.delete(name);
  assert.not.ok(existsSync(join(root, 'up/2026/a.txt')));
  assert.not.ok(await s.exists(name));
  await s.delete(name); // deleting a missing file is not an error, as in Django
  await rejects(() => s.open(name), FileNotFoundError, /No such file/);
});

disk('no name reaches outside the location: .., absolute paths, NUL', async () => {
  const s = new FileSystemStorage();
  for (const bad of ['../escape.txt', 'a/../../escape.txt', '/etc/passwd', 'a\0.txt']) {
    await rejects(() => s.save(bad, 'x'), SuspiciousFileOperation, /traversal|NUL/);
    throwsSync(() => s.path(bad), SuspiciousFileOperation, /traversal|NUL|outside/);
    await rejects(() => s.exists(bad), SuspiciousFileOperation, /traversal|NUL|outside/);
    await rejects(() => s.delete(bad), SuspiciousFileOperation, /traversal|NUL|outside/);
    await rejects(() => s.open(bad), SuspiciousFileOperation, /traversal|NUL|outside/);
  }
  assert.not.ok(existsSync(join(root, '..', 'escape.txt')));
});

disk('a location is required', () => {
  throwsSync(() => new FileSystemStorage({ location: '' }).path('a.txt'), ImproperlyConfigured, /MEDIA_ROOT/);
});

naming.run();
memory.run();
disk.run();
