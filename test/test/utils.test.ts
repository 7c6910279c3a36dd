import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpResponse, configure, path, resetSettings, settings } from '../../src/index';
import { setScriptPrefix } from '../../src/urls/index';
import { Client, modifySettings, overrideSettings } from '../../src/test/index';

test.before.each(() => {
  resetSettings();
});
test.after(() => {
  resetSettings();
});

test('overrideSettings: the settings hold inside, and what was there before (set or not) is back after', async () => {
  configure({ DEBUG: false, APP_COLOUR: 'blue' });
  const seen = await overrideSettings({ DEBUG: true, APP_COLOUR: 'red', NEW_ONE: 1 }, () => [settings.DEBUG, settings.APP_COLOUR, settings.NEW_ONE]);
  assert.equal(seen, [true, 'red', 1]);
  assert.equal([settings.DEBUG, settings.APP_COLOUR, 'NEW_ONE' in settings], [false, 'blue', false]);
});

test('overrideSettings: restores after a throw, and nested overrides unwind in order', async () => {
  configure({ LOGIN_URL: '/a/' });
  await overrideSettings({ LOGIN_URL: '/b/' }, async () => {
    try {
      await overrideSettings({ LOGIN_URL: '/c/' }, async () => {
        assert.is(settings.LOGIN_URL, '/c/');
        throw new Error('boom');
      });
    } catch (e) {
      assert.is((e as Error).message, 'boom');
    }
    assert.is(settings.LOGIN_URL, '/b/');
  });
  assert.is(settings.LOGIN_URL, '/a/');
});

test('overrideSettings: a relative STATIC_URL comes back as set, still read with the script prefix', async () => {
  configure({ STATIC_URL: 'static/' });
  setScriptPrefix('/app/');
  try {
    await overrideSettings({ STATIC_URL: 'https://cdn.example.com/' }, () => assert.is(settings.STATIC_URL, 'https://cdn.example.com/'));
    assert.is(settings.STATIC_URL, '/app/static/');
    setScriptPrefix('/');
    assert.is(settings.STATIC_URL, '/static/');
  } finally {
    setScriptPrefix('/');
  }
});

test('overrideSettings: views see the overridden settings through the test client', async () => {
  configure({ ROOT_URLCONF: [path('colour/', () => new HttpResponse(String(settings.APP_COLOUR)))], APP_COLOUR: 'blue' });
  const c = new Client();
  assert.is(await overrideSettings({ APP_COLOUR: 'green' }, async () => (await c.get('/colour/')).text), 'green');
  assert.is((await c.get('/colour/')).text, 'blue');
});

test('modifySettings: append and prepend add what is missing, remove takes out, in the order given; a string is one item', async () => {
  configure({ MIDDLEWARE: ['a', 'b', 'c'] });
  const inside = await modifySettings({ MIDDLEWARE: { append: ['d', 'a'], prepend: 'first', remove: ['b', 'nope'] } }, () => settings.MIDDLEWARE);
  assert.equal(inside, ['first', 'a', 'c', 'd']);
  assert.equal(settings.MIDDLEWARE, ['a', 'b', 'c']);
  // a list not set yet starts empty
  assert.equal(await modifySettings({ EXTRA_LIST: { append: 'x' } }, () => settings.EXTRA_LIST), ['x']);
  assert.not.ok('EXTRA_LIST' in settings);
});

test('bad input: not an object, a setting that is not a list, an unknown action, INSTALLED_APPS — each named, nothing changed', async () => {
  const fails = async (run: () => Promise<unknown>, pattern: RegExp) => {
    const error = await run().then(
      () => undefined,
      (e: Error) => e,
    );
    assert.match(String(error), pattern);
  };
  configure({ DEBUG: false, MIDDLEWARE: ['a'] });
  await fails(() => overrideSettings(null as never, () => 1), /overrideSettings: expected an object of settings, got null/);
  await fails(() => overrideSettings([] as never, () => 1), /got an array/);
  await fails(() => modifySettings({ DEBUG: { append: 'x' } }, () => 1), /modifySettings: DEBUG is not a list \(it is false\)/);
  await fails(() => modifySettings({ MIDDLEWARE: { insert: 'x' } as never }, () => 1), /unsupported action 'insert' for MIDDLEWARE/);
  await fails(() => overrideSettings({ INSTALLED_APPS: [] }, () => 1), /INSTALLED_APPS cannot be overridden here/);
  assert.equal([settings.DEBUG, settings.MIDDLEWARE], [false, ['a']]);
});

test.run();
