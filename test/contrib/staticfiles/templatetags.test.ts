import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apps } from '../../../src/apps/registry';
import { configure, resetSettings } from '../../../src/conf/settings';
import { resetStaticfilesStorage, staticfilesApp, staticLibrary } from '../../../src/contrib/staticfiles/index';
import { Engine } from '../../../src/template/index';

const render = (source: string, context = {}, mode: 'compiled' | 'interpreted' = 'compiled') =>
  new Engine({ libraries: { static: staticLibrary }, mode }).fromString(source).render(context);

async function withSettings(values: Record<string, unknown>, body: () => void | Promise<void>, installed = true): Promise<void> {
  configure({ STATIC_URL: '/static/', MEDIA_URL: '/media/', ...values });
  await apps.populate(installed ? [staticfilesApp] : []);
  resetStaticfilesStorage();
  try {
    await body();
  } finally {
    resetSettings();
    await apps.populate([]);
    resetStaticfilesStorage();
  }
}

test('{% static %} joins STATIC_URL and the quoted path, in both render modes', async () => {
  await withSettings({}, () => {
    for (const mode of ['compiled', 'interpreted'] as const) {
      assert.is(render("{% load static %}{% static 'polls/style.css' %}", {}, mode), '/static/polls/style.css');
      assert.is(render('{% load static %}{% static path %}', { path: 'a b/ü.css' }, mode), '/static/a%20b/%C3%BC.css');
    }
  });
});

test('{% static path as var %} stores the URL; get_static_prefix and get_media_prefix answer the settings', async () => {
  await withSettings({}, () => {
    assert.is(render("{% load static %}{% static 'x.js' as u %}[{{ u }}]"), '[/static/x.js]');
    assert.is(render('{% load static %}{% get_static_prefix %}|{% get_media_prefix %}'), '/static/|/media/');
    assert.is(render('{% load static %}{% get_static_prefix as p %}<{{ p }}img.png>'), '</static/img.png>');
  });
});

test('{% static %} escapes under autoescape (a path & is quoted, a STATIC_URL & is escaped)', async () => {
  await withSettings({ STATIC_URL: '/s&t/' }, () => {
    assert.is(render("{% load static %}{% static 'a&b.css' %}"), '/s&amp;t/a%26b.css');
    assert.is(render("{% load static %}{% autoescape off %}{% static 'a.css' %}{% endautoescape %}"), '/s&t/a.css');
    assert.is(render('{% load static %}{% get_static_prefix %}'), '/s&amp;t/');
  });
});

test('with the manifest storage, {% static %} gives the hashed name (the plain one in DEBUG)', async () => {
  const STORAGES = {
    staticfiles: {
      BACKEND: 'manouche.contrib.staticfiles.storage.ManifestStaticFilesStorage',
      OPTIONS: { manifest: { paths: { 'polls/style.css': 'polls/style.0123456789ab.css' }, version: '1.1', hash: 'x' } },
    },
  };
  await withSettings({ STORAGES, DEBUG: false }, () => {
    assert.is(render("{% load static %}{% static 'polls/style.css' %}"), '/static/polls/style.0123456789ab.css');
    assert.throws(() => render("{% load static %}{% static 'missing.css' %}"), /Missing staticfiles manifest entry for 'missing.css'/);
    configure({ DEBUG: true });
    assert.is(render("{% load static %}{% static 'polls/style.css' %}"), '/static/polls/style.css');
  });
});

test('without the staticfiles app installed, {% static %} is STATIC_URL + path (Django’s fallback)', async () => {
  await withSettings(
    { STORAGES: { staticfiles: { BACKEND: 'manouche.contrib.staticfiles.storage.ManifestStaticFilesStorage', OPTIONS: { manifest: null } } }, DEBUG: false },
    () => {
      assert.is(render("{% load static %}{% static 'polls/style.css' %}"), '/static/polls/style.css');
    },
    false,
  );
});

test('bad uses are template syntax errors with Django’s messages', async () => {
  await withSettings({}, () => {
    assert.throws(() => render('{% load static %}{% static %}'), /'static' takes at least one argument \(path to file\)/);
    assert.throws(() => render('{% load static %}{% get_static_prefix foo %}'), /First argument in 'get_static_prefix' must be 'as'/);
  });
});

test('a missing STATIC_URL is ImproperlyConfigured when the storage is used', async () => {
  await withSettings({ STATIC_URL: null }, () => {
    assert.throws(() => render("{% load static %}{% static 'a.css' %}"), /without having set the required STATIC_URL setting/);
  });
});

test.run();
