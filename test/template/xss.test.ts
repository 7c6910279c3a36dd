// A corpus of XSS payloads through every built-in filter, as the value and as
// the argument: with autoescape on, nothing from a payload reaches the output
// unescaped unless a filter marks it safe on purpose (`safe`, `safeseq`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../src/template/index';
import { builtinFilters } from '../../src/template/defaultfilters';

const payloads = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  '&lt;script&gt;',
  '</textarea><script>alert(1)</script>',
  '<<SCRIPT>alert("XSS");//<</SCRIPT>',
  '<img src="x" onerror="&#97;lert(1)">',
  '<p style="x:expression(alert(1))">\n\n<b>two</b>\nlines',
  '\u2028</script><script>alert(1)</script>',
];

const args: Record<string, string> = {
  add: '"x"',
  center: '40',
  cut: '"x"',
  date: '"Y"',
  default: '"x"',
  default_if_none: '"x"',
  dictsort: '"a"',
  dictsortreversed: '"a"',
  divisibleby: '2',
  get_digit: '1',
  join: '", "',
  json_script: '"id"',
  length_is: '1',
  ljust: '40',
  rjust: '40',
  slice: '":20"',
  stringformat: '"s"',
  truncatechars: '12',
  truncatewords: '3',
  wordwrap: '5',
};

/** Markup a filter emits itself (not from its input). */
const ownMarkup = /<\/?(p|br|li|ul)>|<script( id="[^"<>]*")? type="application\/json">|<\/script>$/g;
const unsafeOnPurpose = new Set(['safe', 'safeseq']);

const compiled = new Engine({ mode: 'compiled' });
const interpreted = new Engine({ mode: 'interpreted' });

function render(src: string, ctx: Record<string, unknown>): string {
  let a: string;
  let b: string;
  try {
    a = compiled.fromString(src).render(ctx);
  } catch {
    a = '';
  }
  try {
    b = interpreted.fromString(src).render(ctx);
  } catch {
    b = '';
  }
  if (!src.includes('random')) assert.is(a, b, `modes disagree on ${src}`);
  return a;
}

function assertEscaped(out: string, filter: string, payload: string): void {
  const rest = out.replace(ownMarkup, '');
  if (filter === 'json_script') {
    assert.not.match(rest, /[<>]/, `json_script leaked markup for ${JSON.stringify(payload)}: ${out}`);
    return;
  }
  assert.not.match(rest, /[<>"']/, `${filter} leaked ${JSON.stringify(payload)}: ${out}`);
}

for (const name of builtinFilters.keys()) {
  if (unsafeOnPurpose.has(name)) continue;
  test(`${name} escapes payloads`, () => {
    const arg = args[name] ? `:${args[name]}` : '';
    for (const p of payloads) {
      const values: unknown[] = [p, [p, [p]], [{ a: p }, { a: 'z' }], { a: p }];
      for (const v of values) assertEscaped(render(`{{ v|${name}${arg} }}`, { v }), name, p);
      if (builtinFilters.get(name)!.arg !== undefined && builtinFilters.get(name)!.arg !== 'none') {
        for (const v of ['x', ['a', 'b'], null, 1]) assertEscaped(render(`{{ v|${name}:p }}`, { v, p }), name, p);
      }
    }
  });
}

test('safe and safeseq are the only ways out, and only for what they mark', () => {
  assert.is(render('{{ v|safe }}', { v: '<b>' }), '<b>');
  assert.is(render('{{ v|safeseq|join:p }}', { v: ['<b>', '<i>'], p: '<hr>' }), '<b>&lt;hr&gt;<i>');
  assert.is(render('{% for x in v|safeseq %}{{ x }}{{ p }}{% endfor %}', { v: ['<b>'], p: '<i>' }), '<b>&lt;i&gt;');
});

test('tags escape what they print: cycle, firstof, simple values in include/with', () => {
  const p = payloads[0];
  for (const src of ['{% cycle v "a" %}', '{% firstof v %}', '{% with x=v %}{{ x }}{% endwith %}', '{% for x in l %}{{ x }}{% endfor %}', '{% filter lower %}{{ v }}{% endfilter %}']) {
    assert.not.match(render(src, { v: p, l: [p] }), /[<>]/, src);
  }
});

test.run();
