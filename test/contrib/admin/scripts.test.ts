// The admin's progressive scripts: each one compiles, they stay small (a
// budget), and URLify turns a title into Django's slug (tests/admin_views'
// urlify cases, run here in a plain JavaScript context).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Script, createContext, runInContext } from 'node:vm';
import { adminApp, adminScriptFiles } from '../../../src/contrib/admin/index';

const test = suite('contrib/admin scripts');

function urlify(): (s: string, n: number, unicode?: boolean) => string {
  const context = createContext({});
  runInContext(adminScriptFiles['admin/js/urlify.js']!, context);
  return runInContext('URLify', context);
}

test('every script compiles and the admin app serves it with its stylesheet', () => {
  for (const [name, source] of Object.entries(adminScriptFiles)) {
    if (name.endsWith('.js')) assert.not.throws(() => new Script(source, { filename: name }), name);
    assert.is(adminApp.staticFiles?.[name], source, name);
  }
  assert.ok(adminApp.staticFiles?.['admin/css/base.css']);
});

// 14 KB since DateTimeShortcuts.js draws Django's month calendar (it was 12 KB before).
test('the scripts stay small: under 14 KB together, no library, no remote URL', () => {
  const js = Object.entries(adminScriptFiles).filter(([n]) => n.endsWith('.js')).map(([, s]) => s);
  const total = js.reduce((n, s) => n + s.length, 0);
  assert.ok(total < 14_000, `${total} bytes`);
  for (const s of js) {
    assert.not.match(s, /https?:\/\//);
    assert.not.match(s, /jQuery|\$\(/);
  }
});

test('URLify: lower case, punctuation dropped, words joined by dashes', () => {
  const URLify = urlify();
  assert.is(URLify('Hello, World!', 50), 'hello-world');
  assert.is(URLify('  spaces   and---dashes  ', 50), 'spaces-and-dashes');
  assert.is(URLify("What's up?", 50), 'whats-up');
  assert.is(URLify('under_score stays', 50), 'under_score-stays');
});

test('URLify: accents become ASCII unless unicode is allowed', () => {
  const URLify = urlify();
  assert.is(URLify('Café déjà vu', 50), 'cafe-deja-vu');
  assert.is(URLify('Crème Brûlée', 50, true), 'crème-brûlée');
  assert.is(URLify('Привет мир', 50, true), 'привет-мир');
});

test('URLify: cut to the field\'s max length without a trailing dash', () => {
  const URLify = urlify();
  assert.is(URLify('one two three', 7), 'one-two');
  assert.is(URLify('abc def', 4), 'abc');
  assert.is(URLify('', 50), '');
});

test.run();
