// The Engine as Django's: loaders (locmem, cached, filesystem through
// manouche/node), libraries with filters, simple, inclusion and block tags,
// context processors, string_if_invalid, and memory that does not grow.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoReverseMatch } from '../../src/urls/index';
import { Context, Engine, Library, LocmemLoader, SafeString, TemplateDoesNotExist, TemplateSyntaxError, markSafe, type Node, type Parser, type TagRecord } from '../../src/template/index';
import { nodeTemplateFS } from '../../src/node/template';
import { memorySize } from '../../src/wasm/memory';
import { CodeGen } from '../../src/template/codegen';

test('getTemplate caches compiled templates unless debug', () => {
  const engine = new Engine({ templates: { a: 'A{{ x }}' } });
  assert.is(engine.getTemplate('a'), engine.getTemplate('a'));
  assert.is(engine.getTemplate('a').render({ x: 1 }), 'A1');
  const debug = new Engine({ templates: { a: 'A' }, debug: true });
  assert.is.not(debug.getTemplate('a'), debug.getTemplate('a'));
});

test('missing templates raise TemplateDoesNotExist with what was tried', () => {
  const engine = new Engine({ templates: {} });
  try {
    engine.getTemplate('nope.html');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, TemplateDoesNotExist);
    assert.equal((e as TemplateDoesNotExist).tried, ['locmem:nope.html']);
  }
  assert.is(new Engine({ templates: { b: 'B' } }).selectTemplate(['a', 'b']).render(), 'B');
});

test('filesystem loader reads directories in order and refuses to leave them', () => {
  const root = mkdtempSync(join(tmpdir(), 'manouche-tpl-'));
  try {
    mkdirSync(join(root, 'one'));
    mkdirSync(join(root, 'two'));
    writeFileSync(join(root, 'two', 'page.html'), '{% extends "base.html" %}{% block b %}page {{ x }}{% endblock %}');
    writeFileSync(join(root, 'one', 'base.html'), '<{% block b %}{% endblock %}>');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    mkdirSync(join(root, 'polls', 'templates', 'polls'), { recursive: true });
    writeFileSync(join(root, 'polls', 'templates', 'polls', 'index.html'), '{% include "page.html" %}!');
    const engine = new Engine({ dirs: [join(root, 'one'), join(root, 'two')], appDirs: [join(root, 'polls')], fs: nodeTemplateFS });
    assert.is(engine.getTemplate('page.html').render({ x: '&' }), '<page &amp;>');
    assert.is(engine.getTemplate('polls/index.html').render({ x: 1 }), '<page 1>!');
    assert.throws(() => engine.getTemplate('../secret.txt'), (e: unknown) => e instanceof TemplateDoesNotExist);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  assert.throws(() => new Engine({ dirs: ['x'] }), /needs an 'fs'/);
});

test('inheritance ten levels deep, block.super through every level, both modes', () => {
  const templates: Record<string, string> = { t0: '<{% block b %}0{% endblock %}>' };
  for (let i = 1; i < 10; i++) templates[`t${i}`] = `{% extends "t${i - 1}" %}{% block b %}{{ block.super }}${i}{% endblock %}`;
  for (const mode of ['compiled', 'interpreted'] as const) {
    assert.is(new Engine({ templates, mode }).getTemplate('t9').render(), '<0123456789>');
  }
});

test('renderToString runs context processors under the caller’s values', () => {
  const engine = new Engine({
    templates: { p: '{{ user }} {{ site }} {{ request.path }}' },
    contextProcessors: [(request) => ({ request, user: 'anon', site: 'S' })],
  });
  assert.is(engine.renderToString('p', { user: 'ada' }, { path: '/x' }), 'ada S /x');
  assert.is(engine.renderToString('p', { user: 'ada' }), 'ada  ');
});

test('a library adds filters (isSafe, needsAutoescape), simple tags and inclusion tags', () => {
  const lib = new Library()
    .filter('shout', (v) => `${v}!`, { isSafe: true })
    .filter('wrap', (v, arg, autoescape) => markSafe(`<${arg}>${autoescape ? String(v).replace(/</g, '&lt;') : v}</${arg}>`), { arg: 'required', needsAutoescape: true })
    .simpleTag('greet', (ctx: Context, name: unknown, opts?: { punct?: string }) => `Hello ${name}${opts?.punct ?? '.'} ${String(ctx.get('who'))}`, { takesContext: true })
    .inclusionTag('items', 'items.html', (list: unknown[]) => ({ list }));
  const engine = new Engine({ templates: { 'items.html': '<ul>{% for i in list %}<li>{{ i }}</li>{% endfor %}</ul>' }, libraries: { mine: lib } });
  const t = engine.fromString('{% load mine %}{{ a|shout }} {{ b|shout }} {{ a|wrap:"b" }} {% greet "<Ada>" punct="!" %} {% items l %}');
  assert.is(t.render({ a: '<x>', b: markSafe('<y>'), who: 'me', l: ['<1>', 2] }), '&lt;x&gt;! <y>! <b>&lt;x></b> Hello &lt;Ada&gt;! me <ul><li>&lt;1&gt;</li><li>2</li></ul>');
  assert.throws(() => engine.fromString('{{ a|shout }}'), (e: unknown) => e instanceof TemplateSyntaxError);
  assert.is(engine.fromString('{% load shout from mine %}{{ "a"|shout }}').render(), 'a!');
});

test('expectsLocaltime filters see dates on the engine’s wall clock', () => {
  const lib = new Library()
    .filter('hour', (d: { getHours(): number }) => d.getHours(), { expectsLocaltime: true })
    .filter('utchour', (d: Date) => d.getUTCHours());
  const when = new Date(Date.UTC(2024, 0, 15, 17, 30));
  for (const mode of ['compiled', 'interpreted'] as const) {
    const e = new Engine({ timeZone: 'Asia/Tokyo', builtins: [lib], mode });
    assert.is(e.fromString('{{ d|hour }} {{ d|utchour }}').render({ d: when }), '2 17');
  }
});

test('a library block tag with its own parse step', () => {
  class UpperNode implements Node {
    constructor(readonly nodes: Node[]) {}
    render(ctx: Context): string {
      return this.nodes.map((n) => n.render(ctx)).join('').toUpperCase();
    }
    children() {
      return [this.nodes];
    }
  }
  const lib = new Library().tag(
    'upper',
    (parser: Parser, _token: TagRecord) => {
      const nodes = parser.parse(['endupper']);
      parser.nextToken();
      return new UpperNode(nodes);
    },
    { end: 'endupper' },
  );
  const engine = new Engine({ builtins: [lib] });
  for (const mode of ['compiled', 'interpreted'] as const) {
    const e = new Engine({ builtins: [lib], mode });
    assert.is(e.fromString('{% for x in l %}{% upper %}{{ x }}-{{ forloop.counter }}{% endupper %}{% endfor %}').render({ l: ['a', 'b'] }), 'A-1B-2');
  }
  assert.throws(() => engine.fromString('{% upper %}x'), /Unclosed tag on line 1: 'upper'. Looking for one of: endupper./);
  // Engines with different tag tables take turns with the one parser.
  const plain = new Engine();
  for (let i = 0; i < 3; i++) {
    assert.is(engine.fromString('{% upper %}x{% endupper %}').render(), 'X');
    assert.throws(() => plain.fromString('{% upper %}x{% endupper %}'), /Invalid block tag on line 1: 'upper'/);
  }
});

test('{% url %} reverses through the Engine’s reverse function', () => {
  const routes: Record<string, (a: unknown[], k: Record<string, unknown>) => string> = {
    'polls:detail': (a, k) => `/polls/${a[0] ?? k.pk}/`,
    search: (_a, k) => `/search/?q=${k.q}&x=<`,
  };
  const reverse = (name: string, args: unknown[], kwargs: Record<string, unknown>) => {
    const r = routes[name];
    if (!r) throw new NoReverseMatch(`Reverse for '${name}' not found.`);
    return r(args, kwargs);
  };
  for (const mode of ['compiled', 'interpreted'] as const) {
    const engine = new Engine({ reverse, mode });
    assert.is(engine.fromString('{% url "polls:detail" p.id %}|{% url "polls:detail" pk=3 %}').render({ p: { id: 7 } }), '/polls/7/|/polls/3/');
    assert.is(engine.fromString('{% url name q=term %}').render({ name: 'search', term: 'a' }), '/search/?q=a&amp;x=&lt;');
    assert.is(engine.fromString('{% url "nope" as u %}[{{ u }}]{% url "polls:detail" 1 as v %}{{ v }}').render(), '[]/polls/1/');
    assert.throws(() => engine.fromString('{% url "nope" %}').render(), (e: unknown) => e instanceof NoReverseMatch);
  }
  assert.throws(() => new Engine().fromString('{% url %}'), (e: unknown) => e instanceof TemplateSyntaxError);
});

test('{% url %} reverses through the router (ROOT_URLCONF) by default, as Django', async () => {
  const { path, include, configure, settings } = await import('../../src/index');
  const before = settings.ROOT_URLCONF;
  const noop = () => null;
  configure({
    ROOT_URLCONF: [
      path('polls/', include({ appName: 'polls', urlpatterns: [path('<int:question_id>/', noop, { name: 'detail' })] })),
      path('search/<str:q>/', noop, { name: 'search' }),
    ],
  });
  try {
    for (const mode of ['compiled', 'interpreted'] as const) {
      const engine = new Engine({ mode });
      assert.is(
        engine.fromString('<a href="{% url \'polls:detail\' q.id %}">{% url "search" q="a b&c" %}</a>').render({ q: { id: 34 } }),
        '<a href="/polls/34/">/search/a%20b&amp;c/</a>',
      );
      assert.is(engine.fromString('{% url "polls:detail" question_id=5 as u %}[{{ u }}]').render(), '[/polls/5/]');
      assert.is(engine.fromString('{% url "missing" as u %}[{{ u }}]').render(), '[]');
      assert.throws(() => engine.fromString('{% url "missing" %}').render(), (e: unknown) => e instanceof NoReverseMatch);
    }
  } finally {
    configure({ ROOT_URLCONF: before });
  }
});

test('with debug, render errors say where in which template they happened', () => {
  const lib = new Library().filter('boom', () => {
    throw new Error('boom');
  });
  const templates = { 'base.html': 'a\n{% block b %}{% endblock %}', 'page.html': '{% extends "base.html" %}{% block b %}\n  {% for x in l %}\n    {{ x|boom }}{% endfor %}{% endblock %}' };
  const engine = new Engine({ templates, debug: true, builtins: [lib] });
  try {
    engine.getTemplate('page.html').render({ l: [1] });
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, 'boom');
    assert.equal((e as { templateDebug?: unknown }).templateDebug, { name: 'page.html', line: 3, column: 8, sourceLine: '    {{ x|boom }}{% endfor %}{% endblock %}' });
  }
  assert.throws(() => new Engine({ templates, builtins: [lib] }).getTemplate('page.html').render({ l: [1] }), /boom/);
});

test('string_if_invalid and autoescape settings', () => {
  assert.is(new Engine({ stringIfInvalid: '<%s>' }).fromString('{{ a.b }}|{{ a|upper }}').render(), '&lt;a.b&gt;|&lt;a&gt;');
  assert.is(new Engine({ autoescape: false }).fromString('{{ a }}').render({ a: '<b>' }), '<b>');
  const c = new Context({ a: '<b>' }, { autoescape: false });
  assert.is(new Engine().fromString('{{ a }}').render(c), '<b>');
});

test('Context is a stack of dictionaries', () => {
  const ctx = new Context({ a: 1 });
  ctx.push({ a: 2, b: 3 });
  assert.is(ctx.get('a'), 2);
  ctx.set('c', 4);
  ctx.pop();
  assert.is(ctx.get('a'), 1);
  assert.not.ok(ctx.has('c'));
  assert.throws(() => {
    ctx.pop();
    ctx.pop();
  });
});

test('SafeString renders unescaped and stays safe through safe filters', () => {
  const s = markSafe('<i>');
  assert.instance(s, SafeString);
  assert.is(new Engine().fromString('{{ s|lower }}{{ s|upper }}').render({ s }), '<i>&lt;I&gt;');
});

test('linear memory is stable across many parses of many templates', () => {
  const engine = new Engine({ loaders: [new LocmemLoader({})] });
  const make = (i: number) => `{% for a in l %}{{ a.x${i}|default:"${i}" }}{% if a %}<p>${i}</p>{% endif %}{% endfor %}`.repeat(20);
  for (let i = 0; i < 100; i++) engine.fromString(make(i));
  const size = memorySize();
  for (let i = 0; i < 2000; i++) engine.fromString(make(i % 1000)).render({ l: [{}] });
  assert.is(memorySize(), size);
});

/** Counts the render functions generated while `f` runs. */
function codeGenerated(f: () => void): number {
  const build = CodeGen.prototype.build;
  let n = 0;
  CodeGen.prototype.build = function (this: CodeGen, list) {
    n++;
    return build.call(this, list);
  };
  try {
    f();
  } finally {
    CodeGen.prototype.build = build;
  }
  return n;
}

test('a silent variable failure in generated code switches the template to guarded code, which keeps rendering like the interpreter', () => {
  class Quiet extends Error {
    silentVariableFailure = true;
  }
  let calls = 0;
  const obj = {
    get fine() {
      calls++;
      return 'ok';
    },
    get bad(): string {
      throw new Quiet('no');
    },
  };
  const engine = new Engine({ templates: { 't.html': '{% for o in objs %}{{ o.fine }}|{{ o.bad|default:"?" }}|{{ x.bad }};{% endfor %}' }, mode: 'compiled' });
  const t = engine.getTemplate('t.html');
  const fast = t.compiled();
  const data = () => ({ objs: [obj, obj], x: obj });
  // A Context (renderInContext) and a plain dictionary (the self-contained fast path) both switch.
  assert.is(t.render(new Context(data())), 'ok|?|;ok|?|;');
  const guarded = t.compiled();
  assert.ok(guarded && guarded !== fast, 'the template now has new, guarded code');
  assert.is(t.render(data()), 'ok|?|;ok|?|;');
  assert.is(t.interpret(data()), 'ok|?|;ok|?|;');
  // The first render ran twice up to its failure (fast code, then guarded); later renders once.
  calls = 0;
  t.render(data());
  assert.is(calls, 2);
  // An error not marked silent still propagates from the guarded code.
  const noisy = { get bad(): string { throw new RangeError('loud'); } };
  assert.throws(() => t.render({ objs: [noisy], x: obj }), /loud/);
});

test('a render again after a silent variable failure starts from the dictionaries as they were (names bound by the failed attempt are gone)', () => {
  class Quiet extends Error {
    silentVariableFailure = true;
  }
  const x = {
    get bad(): string {
      throw new Quiet('no');
    },
  };
  const engine = new Engine({ templates: { 't.html': '[{{ k }}]{% firstof "v" as k %}{{ x.bad }}[{{ k }}]' }, mode: 'compiled' });
  for (const ctx of [new Context({ x }), new Context({ x, k: 'caller' })]) {
    const t = engine.fromString('[{{ k }}]{% firstof "v" as k %}{% autoescape off %}{{ x.bad }}{% endautoescape %}[{{ k }}]');
    ctx.push({ outer: 1 }); // an include's scope: the template may write into this dictionary
    const expected = t.interpret(new Context({ ...ctx.flatten() }));
    assert.is(t.render(ctx), expected);
    assert.is(ctx.autoescape, true);
  }
  assert.is(engine.getTemplate('t.html').render({ x }), '[][v]');
});

test('adaptive mode (the default) interprets a first render and generates code for the second, same output', () => {
  const templates = { base: '<{% block b %}{% endblock %}>', page: '{% extends "base" %}{% block b %}{% for x in l %}{{ forloop.counter }}{{ x|upper }}{% endfor %}{% endblock %}' };
  const engine = new Engine({ templates });
  const page = engine.getTemplate('page');
  const outs: string[] = [];
  assert.is(codeGenerated(() => outs.push(page.render({ l: ['a', '<b>'] }))), 0);
  assert.is(codeGenerated(() => outs.push(page.render({ l: ['a', '<b>'] }))), 1);
  assert.is(codeGenerated(() => outs.push(page.render({ l: ['a', '<b>'] }))), 0);
  assert.equal(outs, ['<1A2&lt;B&gt;>', '<1A2&lt;B&gt;>', '<1A2&lt;B&gt;>']);
  // A one-off template never pays for code generation.
  assert.is(codeGenerated(() => engine.fromString('{{ a }}').render({ a: 1 })), 0);
});

test("mode 'compiled' generates code before the first render; 'interpreted' never; a bad mode is refused", () => {
  assert.is(codeGenerated(() => new Engine({ mode: 'compiled' }).fromString('{{ a }}').render({ a: 1 })), 1);
  assert.is(codeGenerated(() => {
    const t = new Engine({ mode: 'interpreted' }).fromString('{{ a }}');
    for (let i = 0; i < 3; i++) t.render({ a: 1 });
  }), 0);
  assert.throws(() => new Engine({ mode: 'fast' as 'compiled' }), /'mode' must be 'adaptive', 'compiled' or 'interpreted', not "fast"/);
});

test('an extends cycle is a TemplateSyntaxError in every mode, on the first render too (no stack overflow)', () => {
  const templates = { a: '{% extends "b" %}', b: '{% extends "a" %}x', page: '{% extends "base" %}{% block b %}{% include "p" %}{% include "p" %}{% endblock %}', base: '[{% block b %}{% endblock %}]', p: '{% extends "base" %}{% block b %}p{% endblock %}' };
  for (const mode of ['adaptive', 'compiled', 'interpreted'] as const) {
    const engine = new Engine({ templates, mode });
    for (let i = 0; i < 2; i++) {
      assert.throws(() => engine.getTemplate('a').render(), (e: unknown) => e instanceof TemplateSyntaxError && /Template 'a' extends itself \(through a -> b\)\./.test((e as Error).message), `${mode} render ${i}`);
      assert.is(engine.getTemplate('page').render(), '[[p][p]]', 'one parent reached twice through includes is not a cycle');
    }
  }
});

test.run();
