// The TEMPLATES-style configuration (django.template.engines) and the
// loader functions that search every engine (django.template.loader).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Liquid } from 'liquidjs';
import { settings } from '../../src/conf/settings';
import { ImproperlyConfigured } from '../../src/core/exceptions';
import {
  Engine, EngineHandler, InvalidTemplateEngineError, Library, LiquidBackend, TemplateDoesNotExist,
  engines, getTemplate, renderToString, selectTemplate, installTemplateFS, type TemplateSetting,
} from '../../src/template/index';
import { nodeTemplateFS } from '../../src/node/template';

const django = 'manouche.template.backends.django';
const liquidEnv = (options: Record<string, unknown>) => new Liquid(options);

function withFiles(files: Record<string, string>, f: (root: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'manouche-engines-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    f(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test.before.each(() => {
  installTemplateFS(undefined); // importing manouche/node elsewhere in the run installs nodeTemplateFS
});
test.after.each(() => {
  engines.configure([]);
  delete (settings as { TEMPLATES?: unknown }).TEMPLATES;
});
test.after(() => {
  engines.configure(); // back to settings.TEMPLATES for the suites after this one
  installTemplateFS(nodeTemplateFS);
});

test('a DTL entry becomes an Engine: DIRS first, then the app template directories (APP_DIRS)', () => {
  withFiles({ 'site/page.html': 'site {{ x }}', 'polls/templates/page.html': 'app', 'polls/templates/polls/detail.html': 'detail {{ x|upper }}' }, (root) => {
    engines.configure([{ BACKEND: django, DIRS: [join(root, 'site')], APP_DIRS: true }], { appTemplateDirs: [join(root, 'polls/templates')], fs: nodeTemplateFS });
    const engine = engines.get('django');
    assert.instance(engine, Engine);
    assert.is(engine.getTemplate('page.html').render({ x: '<' }), 'site &lt;');
    assert.is(getTemplate('polls/detail.html').render({ x: 'q' }), 'detail Q');
    assert.is(engines.get('django'), engine, 'built once');
  });
});

test('APP_DIRS false ignores the app template directories', () => {
  withFiles({ 'polls/templates/only-app.html': 'app' }, (root) => {
    engines.configure([{ BACKEND: django, APP_DIRS: false }], { appTemplateDirs: [join(root, 'polls/templates')], fs: nodeTemplateFS });
    assert.throws(() => getTemplate('only-app.html'), (e: unknown) => e instanceof TemplateDoesNotExist);
  });
});

test('aliases: the backend module by default, NAME overrides, all() in TEMPLATES order', () => {
  engines.configure([
    { BACKEND: 'django.template.backends.django.DjangoTemplates', OPTIONS: { templates: {} } },
    { BACKEND: django, NAME: 'other', OPTIONS: { templates: {} } },
    { BACKEND: 'manouche.template.backends.liquid', OPTIONS: { environment: liquidEnv, templates: {} } },
  ]);
  assert.equal(engines.aliases(), ['django', 'other', 'liquid']);
  const all = engines.all();
  assert.is(all.length, 3);
  assert.instance(all[2], LiquidBackend);
  assert.equal([...engines.templates.get('other')!.DIRS], []);
  assert.is(engines.templates.get('other')!.APP_DIRS, false);
  assert.throws(() => engines.get('jinja2'), (e: unknown) => e instanceof InvalidTemplateEngineError && e.message === "Could not find config for 'jinja2' in settings.TEMPLATES");
});

test('bad TEMPLATES entries are refused with what is wrong and where', () => {
  const bad = (list: unknown, re: RegExp, env = {}) =>
    assert.throws(() => new EngineHandler().configure(list as TemplateSetting[], env).all(), (e: unknown) => e instanceof ImproperlyConfigured && re.test(e.message), String(re));
  bad([{ BACKEND: django }, { BACKEND: django }], /Template engine aliases aren't unique, duplicates: django\. Set a unique NAME/);
  bad([{ BACKEND: 'django.template.backends.jinja2.Jinja2' }], /Invalid BACKEND for a template engine: django\.template\.backends\.jinja2\.Jinja2\. Check your TEMPLATES setting \(TEMPLATES\[0\]\)/);
  bad([{ DIRS: [] }], /Invalid BACKEND for a template engine: <not defined>/);
  bad([{ BACKEND: django, OPTIONS: { context_processor: [] } }], /engine 'django': unknown OPTIONS key 'context_processor'/);
  bad([{ BACKEND: django, APP_DIRS: true, OPTIONS: { loaders: [] } }], /APP_DIRS must not be set when OPTIONS\.loaders is defined/);
  bad([{ BACKEND: django, DIRS: ['templates'] }], /DIRS needs a file system; pass one: engines\.configure\(TEMPLATES, \{ fs: nodeTemplateFS \}\)/);
  bad([{ BACKEND: django, DIRS: 'templates' }], /TEMPLATES\[0\]: DIRS must be a list/);
  bad([{ BACKEND: django, TEMPLATE_DIRS: [] }], /TEMPLATES\[0\]: unknown key 'TEMPLATE_DIRS'/);
  bad([{ BACKEND: django, OPTIONS: { loaders: ['django.template.loaders.eggs.Loader'] } }], /unknown loader "django\.template\.loaders\.eggs\.Loader"/);
  bad([{ BACKEND: 'manouche.template.backends.liquid' }], /Liquid backend needs OPTIONS\.environment/);
  bad([{ BACKEND: django, OPTIONS: { file_charset: 'latin-1' } }], /only 'utf-8' is supported as file_charset/);
  assert.throws(() => engines.configure('nope' as unknown as TemplateSetting[]), /TEMPLATES must be a list/);
});

test('without configure(), settings.TEMPLATES is read lazily and re-read when replaced', () => {
  engines.configure();
  assert.equal(engines.all(), [], 'no TEMPLATES setting: no engine, as in Django');
  (settings as { TEMPLATES?: unknown }).TEMPLATES = [{ BACKEND: django, OPTIONS: { templates: { 'a.html': 'A{{ x }}' } } }];
  assert.is(renderToString('a.html', { x: 1 }), 'A1');
  (settings as { TEMPLATES?: unknown }).TEMPLATES = [{ BACKEND: django, NAME: 'second', OPTIONS: { templates: { 'a.html': 'B' } } }];
  assert.is(renderToString('a.html'), 'B');
  assert.equal(engines.aliases(), ['second']);
  (settings as { TEMPLATES?: unknown }).TEMPLATES = 'templates';
  assert.throws(() => engines.all(), /settings\.TEMPLATES must be a list/);
});

test('getTemplate searches every engine in order; TemplateDoesNotExist lists each engine and what it tried', () => {
  engines.configure([
    { BACKEND: django, OPTIONS: { templates: { 'both.html': 'dtl {{ x }}' } } },
    { BACKEND: 'manouche.template.backends.liquid', OPTIONS: { environment: liquidEnv, templates: { 'both.html': 'liquid', 'only.liquid': 'liquid {{ x | upcase }}' } } },
  ]);
  assert.is(getTemplate('both.html').render({ x: 1 }), 'dtl 1');
  assert.is(getTemplate('only.liquid').render({ x: 'a<' }), 'liquid A&lt;');
  assert.is(getTemplate('both.html', 'liquid').render(), 'liquid');
  try {
    getTemplate('missing.html');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, TemplateDoesNotExist);
    const err = e as TemplateDoesNotExist;
    assert.is(err.templateName, 'missing.html');
    assert.equal(err.chain.map((c) => c.backend), ['django', 'liquid']);
    assert.equal(err.tried, ['django: locmem:missing.html', 'liquid: liquid:missing.html']);
    assert.match(err.message, /^missing\.html\n  engine 'django' tried: locmem:missing\.html\n  engine 'liquid' tried: liquid:missing\.html$/);
  }
  assert.throws(() => getTemplate('x', 'nope'), (e: unknown) => e instanceof InvalidTemplateEngineError);
});

test('selectTemplate: the first name any engine has; a string or an empty list is refused as Django does', () => {
  engines.configure([{ BACKEND: django, OPTIONS: { templates: { 'b.html': 'B', 'c.html': 'C' } } }]);
  assert.is(selectTemplate(['a.html', 'b.html', 'c.html']).render(), 'B');
  assert.throws(() => selectTemplate('b.html' as unknown as string[]), (e: unknown) => e instanceof TypeError && /takes a list of template names but got a string: "b\.html"\. Use getTemplate\(\)/.test((e as Error).message));
  assert.throws(() => selectTemplate([]), (e: unknown) => e instanceof TemplateDoesNotExist && (e as Error).message === 'No template names provided');
  assert.throws(() => selectTemplate(['x.html', 'y.html']), (e: unknown) => e instanceof TemplateDoesNotExist && (e as TemplateDoesNotExist).templateName === 'x.html, y.html' && (e as TemplateDoesNotExist).chain.length === 2);
});

test('renderToString: a name or a list, context processors only with a request, `using`', () => {
  engines.configure([
    { BACKEND: django, OPTIONS: { templates: { 'u.html': '{{ user|default:"nobody" }}' }, context_processors: [(request: unknown) => ({ user: (request as { user: string }).user })] } },
    { BACKEND: django, NAME: 'plain', OPTIONS: { templates: { 'u.html': 'plain {{ user }}' } } },
  ]);
  assert.is(renderToString('u.html'), 'nobody');
  assert.is(renderToString('u.html', {}, { user: 'ada' }), 'ada');
  assert.is(renderToString('u.html', { user: 'me' }, { user: 'ada' }), 'me');
  assert.is(renderToString(['none.html', 'u.html'], {}, { user: 'bob' }), 'bob');
  assert.is(renderToString('u.html', { user: 'x' }, undefined, 'plain'), 'plain x');
});

test('OPTIONS reach the Engine: string_if_invalid, autoescape, libraries, builtins, debug', () => {
  const lib = new Library().filter('shout', (v) => `${String(v)}!`);
  engines.configure([{ BACKEND: django, OPTIONS: { templates: { t: '{% load mine %}{{ a|shout }}{{ b }}{{ missing }}' }, string_if_invalid: '[%s]', autoescape: false, libraries: { mine: lib }, builtins: [new Library().filter('twice', (v) => `${v}${v}`)], debug: true } }]);
  const engine = engines.get('django') as Engine;
  assert.is(engine.debug, true);
  assert.is(renderToString('t', { a: '<a>', b: '<b>' }), '<a>!<b>[missing]');
  assert.is(engine.fromString('{{ x|twice }}').render({ x: 'o' }), 'oo');
});

test('debug defaults to settings.DEBUG', () => {
  (settings as { DEBUG?: unknown }).DEBUG = true;
  try {
    engines.configure([{ BACKEND: django, OPTIONS: { templates: {} } }]);
    assert.is((engines.get('django') as Engine).debug, true);
  } finally {
    delete (settings as { DEBUG?: unknown }).DEBUG;
  }
  engines.configure([{ BACKEND: django, OPTIONS: { templates: {} } }]);
  assert.is((engines.get('django') as Engine).debug, false);
});

test("OPTIONS.loaders as Django spells them: dotted paths, [path, arguments], cached around others", () => {
  withFiles({ 'dir/f.html': 'file', 'app/templates/g.html': 'app' }, (root) => {
    engines.configure([{
      BACKEND: django,
      DIRS: [join(root, 'dir')],
      OPTIONS: {
        loaders: [
          ['django.template.loaders.locmem.Loader', { 'm.html': 'memory' }],
          ['manouche.template.loaders.cached.Loader', ['django.template.loaders.filesystem.Loader', 'django.template.loaders.app_directories.Loader']],
        ],
      },
    }], { appTemplateDirs: [join(root, 'app/templates')], fs: nodeTemplateFS });
    assert.equal(['m.html', 'f.html', 'g.html'].map((n) => renderToString(n)), ['memory', 'file', 'app']);
    writeFileSync(join(root, 'dir/f.html'), 'changed');
    assert.is(renderToString('f.html'), 'file', 'the cached loader keeps what it read');
  });
});

test('a Liquid entry: DIRS and APP_DIRS become liquidjs roots, escaping on, context processors', () => {
  withFiles({ 'liq/hi.liquid': 'Hi {{ name }}{% if user %} ({{ user }}){% endif %}', 'app/templates/app.liquid': 'app {{ name }}' }, (root) => {
    engines.configure([{ BACKEND: 'manouche.template.backends.liquid', DIRS: [join(root, 'liq')], APP_DIRS: true, OPTIONS: { environment: liquidEnv, context_processors: [() => ({ user: 'anon' })] } }], { appTemplateDirs: [join(root, 'app/templates')] });
    assert.is(renderToString('hi.liquid', { name: '<Ada>' }), 'Hi &lt;Ada&gt;');
    assert.is(renderToString('hi.liquid', { name: 'Ada' }, {}), 'Hi Ada (anon)');
    assert.is(renderToString('app.liquid', { name: 'x' }), 'app x');
  });
});

test('setEnvironment gives the app template directories later, keeping the TEMPLATES list', () => {
  withFiles({ 'polls/templates/p.html': 'poll {{ q }}' }, (root) => {
    (settings as { TEMPLATES?: unknown }).TEMPLATES = [{ BACKEND: django, APP_DIRS: true }];
    engines.configure();
    assert.throws(() => getTemplate('p.html'), (e: unknown) => e instanceof TemplateDoesNotExist, 'no apps known yet');
    engines.setEnvironment({ appTemplateDirs: [join(root, 'polls/templates')], fs: nodeTemplateFS });
    assert.is(renderToString('p.html', { q: 1 }), 'poll 1');
  });
});

test.run();
