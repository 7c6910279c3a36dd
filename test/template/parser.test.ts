// The WebAssembly parser on its own: records, errors with line and column,
// hostile inputs (deep nesting, 10 MB, random bytes) and memory growth.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Engine, TemplateSyntaxError } from '../../src/template/index';
import { parseStream } from '../../src/template/stream';
import { memorySize } from '../../src/wasm/memory';

const engine = new Engine();
const parse = (src: string) => parseStream(src, 't.html', engine.shapes, engine.tagBytes).stream.records;

function syntaxError(src: string): TemplateSyntaxError {
  try {
    engine.fromString(src);
  } catch (e) {
    assert.instance(e, TemplateSyntaxError);
    return e as TemplateSyntaxError;
  }
  throw new Error(`no error for ${JSON.stringify(src)}`);
}

test('text, variables, tags and comments become records with byte spans', () => {
  const r = parse('a{{ x.y|default:"z" }}b{# note #}{% if x %}c{% endif %}');
  assert.equal(
    r.map((x) => x.op),
    [1, 2, 1, 3, 1, 3],
  );
  const v = r[1] as Extract<(typeof r)[number], { op: 2 }>;
  assert.is(v.expr.base, 'x.y');
  assert.is(v.expr.filters[0].name, 'default');
  assert.is(v.expr.filters[0].arg, '"z"');
  const open = r[3] as Extract<(typeof r)[number], { op: 3 }>;
  assert.is(open.role, 1);
  assert.is(open.name, 'if');
  assert.equal(
    open.bits.map((b) => b.text),
    ['if', 'x'],
  );
});

test('tags never span lines and braces that do not close are text', () => {
  const r = parse('{{ a\n}} {% b');
  assert.equal(
    r.map((x) => x.op),
    [1],
  );
});

test('smart_split keeps quoted strings with spaces in one bit', () => {
  const r = parse('{% with a="x y" b=\'p q\'|upper %}{% endwith %}');
  const tag = r[0] as Extract<(typeof r)[number], { op: 3 }>;
  assert.equal(
    tag.bits.map((b) => b.text),
    ['with', 'a="x y"', "b='p q'|upper"],
  );
  assert.is(tag.bits[1].keyword, 'a');
  assert.is(tag.bits[2].valueExpr!.filters[0].name, 'upper');
});

test('verbatim makes everything text up to its own end tag', () => {
  const out = engine.fromString('{% verbatim %}{{ a }}{% if %}{% endverbatim %}').render({ a: 1 });
  assert.is(out, '{{ a }}{% if %}');
  const named = engine.fromString('{% verbatim x %}{% endverbatim %}{% endverbatim x %}').render();
  assert.is(named, '{% endverbatim %}');
});

test('comment skips everything, even unknown tags', () => {
  assert.is(engine.fromString('a{% comment %}{% bogus %}{{ x|nope }}{% endcomment %}b').render(), 'ab');
});

test('errors carry template name, line, column and the source line', () => {
  const e = syntaxError('first\n  {% if a %}\n  {% endfor %}\n');
  assert.is(e.reason, "Invalid block tag on line 3: 'endfor', expected 'elif', 'else' or 'endif'. Did you forget to register or load this tag?");
  assert.equal(e.position, { name: '<unknown source>', line: 3, column: 3, sourceLine: '  {% endfor %}' });
  const u = syntaxError('x\n{% for a in b %}{% if c %}{% endif %}');
  assert.is(u.reason, "Unclosed tag on line 2: 'for'. Looking for one of: empty, endfor.");
  assert.is(u.position!.line, 2);
  assert.is(syntaxError('{% foo %}').reason, "Invalid block tag on line 1: 'foo'. Did you forget to register or load this tag?");
  assert.is(syntaxError('{% %}').reason, 'Empty block tag on line 1');
  assert.is(syntaxError('{{ }}').reason, 'Empty variable tag on line 1');
  assert.is(syntaxError('{% if a %}{% else %}{% else %}{% endif %}').reason, "Invalid block tag on line 1: 'else', expected 'endif'. Did you forget to register or load this tag?");
});

test('tag-level errors are located too: bad if, extends not first, argument counts, nested tags', () => {
  const engine2 = new Engine({ templates: { 'page.html': 'line one\n{% for x in y %}\n  {% if x == %}yes{% endif %}\n{% endfor %}' } });
  try {
    engine2.getTemplate('page.html');
    throw new Error('no error');
  } catch (e) {
    assert.instance(e, TemplateSyntaxError);
    const err = e as TemplateSyntaxError;
    assert.is(err.reason, 'Unexpected end of expression in if tag.');
    assert.equal(err.position, { name: 'page.html', line: 3, column: 6, sourceLine: '  {% if x == %}yes{% endif %}' });
    assert.match(err.message, /page\.html, line 3, column 6/);
  }
  const notFirst = syntaxError('{% csrf_token %}\n{% extends "base.html" %}');
  assert.is(notFirst.reason, `<ExtendsNode: extends "base.html"> must be the first tag in the template.`);
  assert.is(notFirst.position?.line, 2);
  const first = syntaxError('x{% with %}{% endwith %}');
  assert.is(first.reason, "'with' expected at least one variable assignment");
  assert.is(first.position?.column, 5);
  const ratio = syntaxError('\n\n{% widthratio a b %}');
  assert.is(ratio.reason, 'widthratio takes at least three arguments');
  assert.is(ratio.position?.line, 3);
  const filterInTag = syntaxError('{% if a|nope %}{% endif %}');
  assert.is(filterInTag.reason, "Invalid filter: 'nope'");
  assert.is(filterInTag.position?.column, 9);
  const extendsTwice = syntaxError('{% extends "a" %}{% extends "b" %}');
  assert.is(extendsTwice.reason, "'extends' cannot appear more than once in the same template");
});

test('columns count characters, not bytes, after non-ASCII text', () => {
  const e = syntaxError('héllo wörld {{ a|nope }}');
  assert.is(e.position!.column, 18);
});

test('filter expression errors are Django’s messages', () => {
  assert.is(syntaxError('{{ a b }}').reason, "Could not parse the remainder: ' b' from 'a b'");
  assert.is(syntaxError('{{ |a }}').reason, 'Could not find variable at start of |a.');
  assert.is(syntaxError('{{ "a|b }}').reason, 'Could not parse some characters: |"a||b');
  assert.is(syntaxError('{{ foo|default:5.2e-3 }}').reason, "Could not parse the remainder: '-3' from 'foo|default:5.2e-3'");
  assert.is(syntaxError('{{ a._b }}').reason, "Variables and attributes may not begin with underscores: 'a._b'");
  assert.is(syntaxError('{{ a|cut }}').reason, 'cut requires 2 arguments, 1 provided');
  assert.is(syntaxError('{{ a|lower:"x" }}').reason, 'lower requires 1 arguments, 2 provided');
});

test('WebAssembly memory per compile stays within a budget per source byte', () => {
  // Run before the 10 MB tests below grow the buffers: growth here is this parse's own.
  const chunk = '<p>{{ item.name|upper }} and some text</p>{% if a %}{{ b|default:"x" }}{% endif %}\n';
  const src = chunk.repeat(Math.ceil((1024 * 1024) / chunk.length));
  let before = memorySize();
  engine.fromString(src);
  assert.ok(memorySize() - before <= 16 * src.length, `a 1 MB template grew linear memory by ${memorySize() - before} bytes`);
  // The worst case per byte: one tag made of one-letter bits. A bit whose whole text is its
  // base takes 4 words of stream (its span and a one-word expression): measured 19 bytes of growth
  // per source byte for 500,000 bits with the doubling buffer and the allocator growing memory by
  // at least its size (67 when every bit carried a 7-word expression).
  const bits = `{% firstof ${'a '.repeat(500_000)}%}`;
  before = memorySize();
  engine.fromString(bits);
  assert.ok(memorySize() - before <= 32 * bits.length, `a 1 MB tag grew linear memory by ${memorySize() - before} bytes`);
});

test('a bit that is its own base takes four words of stream ({% cycle a b … %}, {% if a or b … %})', () => {
  for (const [src, bits] of [
    [`{% cycle ${'a '.repeat(100_000)}%}`, 100_001],
    [`{% if ${'a or '.repeat(100_000)}b %}x{% endif %}`, 200_002],
  ] as const) {
    const { stream } = parseStream(src, 't', engine.shapes, engine.tagBytes);
    stream.words.release();
    // Header 8, END 1, per tag 7 words (with {% endif %}'s bit and text 13 more), per bit 4.
    assert.ok(stream.words.length <= 8 + 1 + 2 * 7 + 13 + 4 * bits, `${src.slice(0, 12)}… took ${stream.words.length} words for ${bits} bits`);
    assert.is((stream.records[0] as { bits: unknown[] }).bits.length, bits);
  }
});

test('unterminated tags, comments and verbatim over 10 MB fail with a short located error; unclosed braces are text', () => {
  const body = 'x'.repeat(10 * 1024 * 1024);
  for (const [open, tag] of [['{% comment %}', 'comment'], ['{% verbatim %}', 'verbatim'], ['{% if a %}', 'if'], ['{% for a in b %}', 'for'], ['{% block b %}', 'block']]) {
    const e = syntaxError(open + body);
    assert.ok(e.reason.startsWith(`Unclosed tag on line 1: '${tag}'`), e.reason);
    assert.equal([e.position!.line, e.position!.column], [1, 1]);
    // The message quotes an excerpt of the 10 MB line, not all of it.
    assert.ok(e.message.length < 500, `message of ${e.message.length} characters`);
  }
  for (const open of ['{{ ', '{% ', '{# ']) {
    const src = open + body;
    assert.is(new Engine({ autoescape: false }).fromString(src).render({}), src);
  }
  assert.is(engine.fromString(`{{ ${'a'.repeat(1024 * 1024)} }}`).render({}), '');
  const e = syntaxError(`{% if a %}{% endfor %}${body}`);
  assert.ok(e.reason.includes("'endfor'"), e.reason);
});

test('10,000 levels of nesting parse and render without recursion in the parser', () => {
  const depth = 10_000;
  const src = '{% if a %}'.repeat(depth) + 'x' + '{% endif %}'.repeat(depth);
  const records = parse(src);
  assert.is(records.length, depth * 2 + 1);
  const e = syntaxError('{% if a %}'.repeat(depth));
  assert.ok(e.reason.startsWith('Unclosed tag'));
  // Compiling that deep runs out of stack in the tag compilers (as Django's
  // recursion does): a TemplateSyntaxError, never a RangeError.
  assert.match(syntaxError(src).reason, /nests tags too deeply/);
  const moderate = '{% if a %}'.repeat(300) + 'x' + '{% endif %}'.repeat(300);
  assert.is(engine.fromString(moderate).render({ a: 1 }), 'x');
  assert.is(new Engine({ mode: 'interpreted' }).fromString(moderate).render({ a: 1 }), 'x');
});

test('a 10 MB template parses in one pass', () => {
  const chunk = '<p>{{ item.name|upper }} and some text</p>\n';
  const src = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length));
  const records = parse(src);
  assert.ok(records.length > 400_000);
  const braces = '{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{'.repeat(350_000);
  assert.is(parse(braces).length, 1);
});

test('random input gives a result or a TemplateSyntaxError, never a trap', () => {
  const alphabet = fc.constantFrom('{', '}', '%', '#', '|', ':', '"', "'", ' ', '\n', 'a', 'if', 'for', 'end', 'x', '.', '_', 'é', '\\', '=', 'in');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 80 }).map((a) => a.join('')), (src) => {
      try {
        engine.fromString(src);
      } catch (e) {
        if (!(e instanceof TemplateSyntaxError)) throw e;
      }
    }),
    { numRuns: 1500 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (src) => {
      try {
        parse(src);
      } catch (e) {
        if (!(e instanceof TemplateSyntaxError)) throw e;
      }
    }),
    { numRuns: 500 },
  );
});

test('any Unicode text (lone surrogates too) survives the byte-offset round trip', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 20 }), (text, value) => {
      const src = `${text.replace(/[{}]/g, '')}{{ v }}${text.replace(/[{}]/g, '')}`;
      const out = new Engine({ autoescape: false }).fromString(src).render({ v: value });
      const half = text.replace(/[{}]/g, '');
      assert.is(out, `${half}${value}${half}`);
    }),
    { numRuns: 300 },
  );
  assert.is(new Engine().fromString('🎉 {{ x }} é').render({ x: 'ü' }), '🎉 ü é');
});

test('linear memory does not grow with the number of parses', () => {
  const src = '{% for a in b %}{{ a.x|default:"y"|join:", " }}{% if a %}t{% else %}f{% endif %}{% endfor %}'.repeat(50);
  for (let i = 0; i < 50; i++) parse(src);
  const size = memorySize();
  for (let i = 0; i < 3000; i++) parse(src);
  assert.is(memorySize(), size);
});

test.run();
