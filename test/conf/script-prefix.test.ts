// After Django's settings_tests MediaURLStaticURLPrefixTest: relative STATIC_URL
// and MEDIA_URL read with the script prefix in front.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { changedSettings, configure, resetSettings, settings } from '../../src/conf/settings';
import { getScriptPrefix, setScriptPrefix } from '../../src/urls/script-prefix';
import { createApp } from '../../src/core/handlers/app';
import { HttpResponse } from '../../src/http/response';
import { path } from '../../src/urls/index';

test.after.each(() => {
  setScriptPrefix('/');
  resetSettings();
});

test('relative STATIC_URL and MEDIA_URL get the script prefix; blank ones read as the prefix', () => {
  const cases: Array<[string, string, string]> = [
    ['/somesubpath', 'path/', '/somesubpath/path/'],
    ['/somesubpath/', 'path/', '/somesubpath/path/'],
    ['/', 'path/', '/path/'],
    ['/somesubpath/', 'htp://myhost.com/path/', '/somesubpath/htp://myhost.com/path/'],
    ['/somesubpath/', '', '/somesubpath/'],
  ];
  for (const name of ['STATIC_URL', 'MEDIA_URL'] as const) {
    for (const [prefix, value, expected] of cases) {
      setScriptPrefix(prefix);
      configure({ [name]: value });
      assert.is(settings[name], expected, `${name}=${JSON.stringify(value)} under ${prefix}`);
    }
  }
});

test('absolute paths, URLs and null are not prefixed', () => {
  setScriptPrefix('/somesubpath');
  for (const value of ['/path/', 'http://myhost.com/path/', 'http://myhost/path/', 'https://myhost/path/', null]) {
    configure({ STATIC_URL: value });
    assert.is(settings.STATIC_URL, value);
  }
});

test('resetSettings keeps the behaviour, and the prefixed settings still spread, list and compare as values', () => {
  resetSettings();
  configure({ STATIC_URL: 'static/' });
  assert.is(settings.STATIC_URL, '/static/');
  assert.is({ ...settings }.STATIC_URL, '/static/');
  assert.ok(Object.keys(settings).includes('STATIC_URL'));
  assert.ok(changedSettings().some(([k, v]) => k === 'STATIC_URL' && v === '/static/'));
  resetSettings();
  assert.is(settings.STATIC_URL, null);
  assert.is(settings.MEDIA_URL, '/');
});

test('an app mounted under scriptName sets the script prefix for each request, as Django\'s handler does', async () => {
  configure({ STATIC_URL: 'static/', ALLOWED_HOSTS: ['*'] });
  const app = createApp({ scriptName: '/mounted', urlconf: [path('s/', () => new HttpResponse(String(settings.STATIC_URL)))], middleware: [] });
  const r = await app.fetch(new Request('http://testserver/mounted/s/'));
  assert.is(await r.text(), '/mounted/static/');
  assert.is(getScriptPrefix(), '/mounted/');
});

test.run();
