// The generated render functions against the interpreter, over random
// templates and contexts: both must give the same output, or both the same
// kind of error. Also: interpreted mode never generates code (CSP).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Engine, markSafe } from '../../src/template/index';

const paths = ['a', 'n', 's', 'flag', 'items', 'items.0', 'items.0.x', 'items.1.tags', 'missing', 'obj', 'obj.k', 'obj.items', 'forloop.counter', 'forloop.last', 'forloop.parentloop.counter', 'it', 'it.x', 'it.tags', 'w', 'k', 'v', 'cy', 'safe', 'fn', 'None', '1', '"q<"', '2.5',
  // Properties a primitive, MISSING (a Symbol) or every object inherits: the generated `?.` lookups must agree with R.lookup.
  'missing.description', 'missing.x', 's.length', 's.0', 'n.toFixed', 'flag.x', 'a.length', 'items.size', 'items.length', 'fn.name',
  // silent_variable_failure: a getter and a method that throw an error marked silent.
  'sv.ok', 'sv.bad', 'sv.bad.x', 'sv.m'];
const filters = ['upper', 'lower', 'length', 'default:"d"', 'join:","', 'first', 'last', 'escape', 'safe', 'truncatechars:3', 'add:1', 'yesno', 'pluralize', 'title', 'cut:"a"', 'slice:":2"', 'default_if_none:"n"', 'floatformat', 'capfirst', 'wordcount', 'linebreaksbr', 'force_escape', 'make_list', 'striptags', 'urlencode', 'addslashes', 'escapejs', 'join:s', 'default:s', 'dictsort:"x"', 'length_is:2', 'stringformat:"s"'];

const path = fc.constantFrom(...paths);
const expr = fc.tuple(path, fc.array(fc.constantFrom(...filters), { maxLength: 2 })).map(([p, fs]) => [p, ...fs].join('|'));
const cond = fc.oneof(
  expr,
  expr.map((e) => `not ${e}`),
  fc.tuple(expr, fc.constantFrom('==', '!=', '<', '>=', 'in', 'not in', 'is', 'is not', 'and', 'or'), expr).map(([a, op, b]) => `${a} ${op} ${b}`),
);

const { node } = fc.letrec<{ node: string; body: string }>((tie) => ({
  body: fc.array(tie('node'), { maxLength: 4 }).map((a) => a.join('')),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', '<p>', ' ', '&', '\n'),
    // Text the code generator must quote: template-literal specials, CR, separators, surrogates.
    fc.constantFrom('`', '${x}', '\\', '\r\n', '\u2028', '\ud83d\ude00', '\udc00', '"'),
    expr.map((e) => `{{ ${e} }}`),
    fc.tuple(cond, tie('body'), tie('body')).map(([c, a, b]) => `{% if ${c} %}${a}{% else %}${b}{% endif %}`),
    fc.tuple(cond, tie('body'), cond, tie('body')).map(([c, a, d, b]) => `{% if ${c} %}${a}{% elif ${d} %}${b}{% endif %}`),
    fc.tuple(path, tie('body'), tie('body'), fc.boolean()).map(([p, a, b, r]) => `{% for it in ${p}${r ? ' reversed' : ''} %}${a}{% empty %}${b}{% endfor %}`),
    tie('body').map((a) => `{% for k, v in obj.items %}${a}{% endfor %}`),
    fc.tuple(expr, tie('body')).map(([e, a]) => `{% with w=${e} %}${a}{% endwith %}`),
    tie('body').map((a) => `{% autoescape off %}${a}{% endautoescape %}`),
    tie('body').map((a) => `{% spaceless %}${a}{% endspaceless %}`),
    tie('body').map((a) => `{% filter upper %}${a}{% endfilter %}`),
    tie('body').map((a) => `{% ifchanged %}${a}{% endifchanged %}`),
    fc.constantFrom('{% cycle "a" "b" %}', '{% regroup items by x as cy %}', '{% firstof missing s as w %}{{ w }}', '{% now "Y" as k %}', '{% widthratio n 10 100 as v %}{{ v }}', '{% resetcycle %}', '{% lorem 2 w %}', '{% cycle "a" s as cy %}', '{% cycle "a" "b" as cy silent %}{{ cy }}', '{% firstof missing s "z" %}', '{% widthratio n 10 100 %}', '{% templatetag openblock %}', '{% include "inc" %}', '{% include "inc" with it=s only %}', '{# c #}'),
  ),
}));

const context = fc.record({
  a: fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -3, max: 3 }), fc.constant(null)),
  n: fc.integer({ min: 0, max: 20 }),
  s: fc.constantFrom('<b>&"\'</b>', 'plain', '', 'a b c'),
  flag: fc.boolean(),
  items: fc.array(fc.record({ x: fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 3 })), tags: fc.array(fc.constantFrom('t', '<u>', 'a&b'), { maxLength: 3 }) }), { maxLength: 3 }),
  obj: fc.dictionary(fc.constantFrom('k', 'j', 'items'), fc.constantFrom('v', '<v>', 1)),
});

const templates = {
  inc: '[{{ it }}{{ forloop.counter }}{{ s }}]',
  base: '[{% block a %}A{{ s }}{% endblock %}|{% for it in items %}{% block b %}B{{ it.x }}{{ forloop.counter }}{% endblock %}{% endfor %}|{% block c %}{% cycle "p" "q" as cy %}{% endblock %}{{ cy }}]',
  mid: '{% extends "base" %}{% block a %}<{{ block.super }}>{% endblock %}',
};
const compiled = new Engine({ templates, mode: 'compiled' });
const interpreted = new Engine({ templates, mode: 'interpreted' });
const invalid = [new Engine({ templates, stringIfInvalid: 'INVALID(%s)', mode: 'compiled' }), new Engine({ templates, stringIfInvalid: 'INVALID(%s)', mode: 'interpreted' })];

const quiet = () => Object.assign(new Error('quiet'), { silentVariableFailure: true });
const sv = {
  ok: 'fine',
  get bad(): string {
    throw quiet();
  },
  m(): string {
    throw quiet();
  },
};

function outcome(engine: Engine, src: string, ctx: Record<string, unknown>): string {
  try {
    // Twice: the first render compiles, later ones may take the fast path.
    const t = engine.fromString(src);
    const first = t.render({ ...ctx, safe: markSafe('<i>'), fn: () => 'called', sv });
    const second = t.render({ ...ctx, safe: markSafe('<i>'), fn: () => 'called', sv });
    return `ok:${first}\u0000${second}`;
  } catch (e) {
    return `error:${(e as Error).name}`;
  }
}

const page = fc.oneof(
  fc.array(node, { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  fc
    .tuple(fc.constantFrom('base', 'mid'), fc.array(node, { maxLength: 3 }), fc.array(node, { maxLength: 3 }), fc.boolean())
    .map(([parent, a, b, sup]) => `{% extends "${parent}" %}{% block a %}${a.join('')}${sup ? '{{ block.super }}' : ''}{% endblock %}{% block b %}${b.join('')}{{ block.super }}{% endblock %}`),
);

test('compiled and interpreted renders agree on random templates', () => {
  fc.assert(
    fc.property(page, context, (src, ctx) => {
      const c = outcome(compiled, src, ctx);
      assert.is(c, outcome(interpreted, src, ctx), src);
      // A template renders the same on its first (compiling) and later renders.
      if (c.startsWith('ok:')) {
        const [first, second] = c.slice(3).split('\u0000');
        assert.is(first, second, `${src} (second render)`);
      }
      assert.is(outcome(invalid[0], src, ctx), outcome(invalid[1], src, ctx), `${src} (string_if_invalid)`);
    }),
    { numRuns: 400 },
  );
});

test('generated lookups agree with the interpreter on properties primitives, MISSING and Maps carry', () => {
  const src = '[{{ missing.description }}|{{ missing.x }}|{{ s.length }}|{{ s.1 }}|{{ n.toFixed }}|{{ m.size }}|{{ m.k }}|{% if missing %}y{% else %}n{% endif %}|{% if not missing.x %}N{% endif %}|{{ s.description }}]';
  const ctx = { s: 'abc', n: 5, m: new Map([['k', '<v>']]) };
  const want = '[||3|b|||&lt;v&gt;|n|N|]';
  for (const engine of [compiled, interpreted]) {
    const t = engine.fromString(src);
    assert.is(t.render(ctx), want);
    assert.is(t.render(ctx), want, 'second render (generated code in compiled mode)');
  }
});

test('interpreted mode never calls the Function constructor', () => {
  const original = globalThis.Function;
  const engine = new Engine({ templates: { base: '{% block b %}{{ x }}{% endblock %}' }, mode: 'interpreted' });
  globalThis.Function = new Proxy(original, {
    construct() {
      throw new Error('Function constructor called');
    },
    apply() {
      throw new Error('Function called');
    },
  });
  try {
    const out = engine.fromString('{% extends "base" %}{% block b %}{% for i in l %}{{ block.super }}{{ i|upper }}{% endfor %}{% endblock %}').render({ l: ['a'], x: 'X' });
    assert.is(out, 'XA');
  } finally {
    globalThis.Function = original;
  }
});

test.run();
