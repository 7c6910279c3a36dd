// FilePathField (Django's tests/forms_tests/field_tests/test_filepathfield.py)
// over node:fs on a directory laid out like Django's filepathfield_test_dir,
// and ComboField (test_combofield.py).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImproperlyConfigured, ValidationError } from '../../src/core/exceptions';
import { CharField, ComboField, EmailField, FilePathField, setFilePathFS } from '../../src/forms/index';
import { nodeFilePathFS } from '../../src/node/index';

let base = '';
let path = '';
test.before(() => {
  base = mkdtempSync(join(tmpdir(), 'manouche-fpf-'));
  const root = join(base, 'filepathfield_test_dir');
  for (const f of ['.dot-file', 'README', '__init__.py', 'a.py', 'ab.py', 'b.py', 'c/__init__.py', 'c/d.py', 'c/e.py', 'c/f/__init__.py', 'c/f/g.py', 'h/__init__.py', 'j/__init__.py', '__pycache__/x.pyc']) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  path = `${root}/`;
});
test.after(() => rmSync(base, { recursive: true, force: true }));

/** Choices with the temporary prefix shown as Django's tests show it. */
const choices = (f: FilePathField) => f.choices.map(([v, l]) => [String(v).replace(base, ''), l]);
const d = (name: string) => `/filepathfield_test_dir/${name}`;
const py = ['__init__.py', 'a.py', 'ab.py', 'b.py'];

test('no options: the files of the directory, sorted by name; a folder is not a choice', () => {
  assert.equal(choices(new FilePathField({ path })), ['.dot-file', 'README', ...py].map((n) => [d(n), n]));
});

test('clean: the full path is the value; a bare name is an invalid choice', () => {
  const f = new FilePathField({ path });
  assert.throws(() => f.clean('a.py'), (e: unknown) => e instanceof ValidationError && e.messages[0] === 'Select a valid choice. a.py is not one of the available choices.');
  assert.is(String(f.clean(`${path}a.py`)).replace(base, ''), d('a.py'));
});

test('match searches the name; not required adds the empty choice first', () => {
  assert.equal(choices(new FilePathField({ path, match: '^.*?\\.py$' })), py.map((n) => [d(n), n]));
  assert.equal(choices(new FilePathField({ path, match: /^a/, required: false })), [['', '---------'], [d('a.py'), 'a.py'], [d('ab.py'), 'ab.py']]);
});

test('recursive: every directory in path order, files then folders, labels relative to path; the __pycache__ folder is no choice (its files are, as os.walk)', () => {
  const all = ['__init__.py', 'a.py', 'ab.py', 'b.py', 'c/__init__.py', 'c/d.py', 'c/e.py', 'c/f/__init__.py', 'c/f/g.py', 'h/__init__.py', 'j/__init__.py'];
  assert.equal(choices(new FilePathField({ path, recursive: true, match: '^.*?\\.py$' })), all.map((n) => [d(n), n]));
  assert.equal(choices(new FilePathField({ path, recursive: true, allowFolders: true, allowFiles: false })), ['c', 'h', 'j', 'c/f'].map((n) => [d(n), n]));
  assert.equal(choices(new FilePathField({ path, recursive: true, allowFolders: false, allowFiles: false })), []);
  const both = choices(new FilePathField({ path, recursive: true, allowFolders: true }));
  assert.equal(both.slice(0, 9), ['.dot-file', 'README', ...py, 'c', 'h', 'j'].map((n) => [d(n), n]));
  assert.equal(both.slice(9, 14), ['__pycache__/x.pyc', 'c/__init__.py', 'c/d.py', 'c/e.py', 'c/f'].map((n) => [d(n), n]));
  assert.not.ok(both.some(([v]) => v === d('__pycache__')));
});

test('allowFolders alone lists the folders of the directory', () => {
  assert.equal(choices(new FilePathField({ path, allowFolders: true, allowFiles: false })), ['c', 'h', 'j'].map((n) => [d(n), n]));
});

test('bad input: a missing directory names it, no path is a TypeError, no file system installed says how to get one', () => {
  assert.throws(() => new FilePathField({ path: join(base, 'nonexistent') }), /ENOENT.*nonexistent/);
  assert.throws(() => new FilePathField({} as never), /FilePathField needs `path`/);
  setFilePathFS(undefined);
  try {
    assert.throws(() => new FilePathField({ path }), (e: unknown) => e instanceof ImproperlyConfigured && /import 'manouche\/node'/.test((e as Error).message));
  } finally {
    setFilePathFS(nodeFilePathFS);
  }
});

test('ComboField: the value must clean through each field; required is the combo\'s decision', () => {
  const f = new ComboField([new CharField({ maxLength: 20 }), new EmailField()]);
  assert.is(f.clean('test@example.com'), 'test@example.com');
  assert.throws(() => f.clean('longemailaddress@example.com'), /Ensure this value has at most 20 characters \(it has 28\)\./);
  assert.throws(() => f.clean('not an email'), /Enter a valid email address\./);
  assert.throws(() => f.clean(''), /This field is required\./);
  assert.throws(() => f.clean(null), /This field is required\./);
  const optional = new ComboField([new CharField({ maxLength: 20 }), new EmailField()], { required: false });
  assert.is(optional.clean('test@example.com'), 'test@example.com');
  assert.throws(() => optional.clean('not an email'), /Enter a valid email address\./);
  assert.is(optional.clean(''), '');
  assert.is(optional.clean(null), '');
  assert.throws(() => new ComboField(['x'] as never), /ComboField takes a list of form fields/);
});

test.run();
