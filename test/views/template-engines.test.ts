// The HTTP layer renders through src/template's `engines`: TEMPLATES read once, APP_DIRS from INSTALLED_APPS
// (an app's `path`/templates on Node, or its in-memory `templates` map).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpResponse, TemplateResponse, defineApp, engines, path, render, resetSettings, setup, type HttpRequest } from '../../src/node/index';
import { engines as httpEngines } from '../../src/http/index';
import { Client } from '../../src/test/index';

let root = '';
const urls = [
  path('disk/', (request: HttpRequest) => render(request, 'disk/page.html', { who: 'disk' })),
  path('memory/', (request: HttpRequest) => new TemplateResponse(request, 'mem/page.html', { who: '<memory>' })),
  path('both/', (request: HttpRequest) => render(request, ['missing.html', 'shared.html'], {})),
  path('plain/', () => new HttpResponse('plain')),
];

test.before(() => {
  root = mkdtempSync(join(tmpdir(), 'manouche-apps-'));
  mkdirSync(join(root, 'diskapp/templates/disk'), { recursive: true });
  writeFileSync(join(root, 'diskapp/templates/disk/page.html'), 'from {{ who }} app');
  writeFileSync(join(root, 'diskapp/templates/shared.html'), 'shared from disk');
});
test.after(() => {
  rmSync(root, { recursive: true, force: true });
  resetSettings();
});

const DiskApp = () => defineApp({ name: 'diskapp', path: join(root, 'diskapp') });
const MemApp = defineApp({ name: 'memapp', templates: { 'mem/page.html': 'from {{ who }} map', 'shared.html': 'shared from memory' } });

test('one engines handler: manouche/http re-exports the template layer’s', () => {
  assert.is(httpEngines, engines);
});

test('APP_DIRS: an app path is read from disk on Node, a templates map from memory, in INSTALLED_APPS order', async () => {
  resetSettings();
  await setup({ ROOT_URLCONF: urls, INSTALLED_APPS: [DiskApp(), MemApp], TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', APP_DIRS: true }] });
  const c = new Client({ log: () => {} });
  let r = await c.get('/disk/');
  assert.is(r.text, 'from disk app');
  assert.equal(r.templates, ['disk/page.html']);
  r = await c.get('/memory/');
  assert.is(r.text, 'from &lt;memory&gt; map');
  assert.is(r.context!.who, '<memory>');
  r = await c.get('/both/');
  assert.is(r.text, 'shared from disk');
});

test('populating INSTALLED_APPS again rebuilds the engines (the memory app first now)', async () => {
  resetSettings();
  await setup({ ROOT_URLCONF: urls, INSTALLED_APPS: [MemApp, DiskApp()], TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', APP_DIRS: true }] });
  const r = await new Client({ log: () => {} }).get('/both/');
  assert.is(r.text, 'shared from memory');
});

test('APP_DIRS false: app templates are not found; the 500 is a TemplateDoesNotExist naming what was tried', async () => {
  resetSettings();
  await setup({ ROOT_URLCONF: urls, INSTALLED_APPS: [DiskApp()], TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', APP_DIRS: false }] });
  const r = await new Client({ raiseRequestException: false, log: () => {} }).get('/disk/');
  assert.is(r.statusCode, 500);
  try {
    await new Client({ log: () => {} }).get('/disk/');
    assert.unreachable('expected TemplateDoesNotExist');
  } catch (e) {
    assert.is((e as Error).name, 'TemplateDoesNotExist');
    assert.match((e as Error).message, 'disk/page.html');
  }
});

test('no TEMPLATES: render() is ImproperlyConfigured with a clear message; a bad BACKEND names the entry', async () => {
  resetSettings();
  await setup({ ROOT_URLCONF: urls, INSTALLED_APPS: [], TEMPLATES: [] });
  try {
    await new Client({ log: () => {} }).get('/disk/');
    assert.unreachable('expected ImproperlyConfigured');
  } catch (e) {
    assert.is((e as Error).name, 'ImproperlyConfigured');
    assert.match((e as Error).message, 'No template engine is configured');
  }
  resetSettings();
  await setup({ ROOT_URLCONF: urls, INSTALLED_APPS: [], TEMPLATES: [{ BACKEND: 'nope.Backend' }] });
  try {
    await new Client({ log: () => {} }).get('/disk/');
    assert.unreachable('expected ImproperlyConfigured');
  } catch (e) {
    assert.match((e as Error).message, /Invalid BACKEND for a template engine: nope\.Backend/);
  }
  assert.is((await new Client({ log: () => {} }).get('/plain/')).text, 'plain');
});

test('OPTIONS.engine hands over a built Engine, alone', async () => {
  const { Engine, ImproperlyConfigured } = await import('../../src/node/index');
  const engine = new Engine({ templates: { 'x.html': 'built' } });
  resetSettings();
  await setup({ INSTALLED_APPS: [], TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { engine } }] });
  assert.is(engines.get('django'), engine);
  resetSettings();
  await setup({ INSTALLED_APPS: [], TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', APP_DIRS: true, OPTIONS: { engine } }] });
  try {
    engines.get('django');
    assert.unreachable('expected ImproperlyConfigured');
  } catch (e) {
    assert.instance(e, ImproperlyConfigured);
    assert.match((e as Error).message, 'cannot be combined with it');
  }
});

test.run();
