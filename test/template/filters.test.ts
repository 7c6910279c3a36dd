// Django's template_tests/filter_tests: each filter's outputs on Django's own
// examples, rendered through templates in both modes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine, markSafe } from '../../src/template/index';
import { settings } from '../../src/conf/settings';
import { timesince } from '../../src/template/defaultfilters';

const compiled = new Engine({ mode: 'compiled' });
const interpreted = new Engine({ mode: 'interpreted' });
const raw = new Engine({ autoescape: false, mode: 'compiled' });

/** Renders `{{ v|<filter> }}` with autoescape off, both modes agreeing. */
function f(value: unknown, filter: string): string {
  const src = `{{ v|${filter} }}`;
  const a = raw.fromString(src).render({ v: value });
  const b = new Engine({ autoescape: false, mode: 'interpreted' }).fromString(src).render({ v: value });
  assert.is(a, b, `modes disagree on ${src}`);
  return a;
}

/** Renders a template with autoescape on in both modes. */
function r(src: string, ctx: Record<string, unknown> = {}): string {
  const a = compiled.fromString(src).render(ctx);
  assert.is(interpreted.fromString(src).render(ctx), a, `modes disagree on ${src}`);
  return a;
}

const nb = '\u00a0';

test('addslashes', () => {
  assert.is(f(`"double quotes" and 'single quotes'`, 'addslashes'), `\\"double quotes\\" and \\'single quotes\\'`);
  assert.is(f('\\ : backslashes, too', 'addslashes'), '\\\\ : backslashes, too');
  assert.is(r('{% autoescape off %}{{ a|addslashes }} {{ b|addslashes }}{% endautoescape %}', { a: "<a>'", b: markSafe("<a>'") }), "<a>\\' <a>\\'");
  assert.is(r('{{ a|addslashes }} {{ b|addslashes }}', { a: "<a>'", b: markSafe("<a>'") }), "&lt;a&gt;\\&#x27; <a>\\'");
});

test('capfirst, lower, upper, title', () => {
  assert.is(f('hello world', 'capfirst'), 'Hello world');
  assert.is(r('{{ a|capfirst }} {{ b|capfirst }}', { a: 'fred>', b: markSafe('fred&gt;') }), 'Fred&gt; Fred&gt;');
  assert.is(f('TEST', 'lower'), 'test');
  assert.is(f('\xcb', 'lower'), '\xeb');
  assert.is(r('{{ a|lower }} {{ b|lower }}', { a: 'Apple & banana', b: markSafe('Apple &amp; banana') }), 'apple &amp; banana apple &amp; banana');
  assert.is(f('Mixed case input', 'upper'), 'MIXED CASE INPUT');
  assert.is(f('\xeb', 'upper'), '\xcb');
  assert.is(r('{{ a|upper }} {{ b|upper }}', { a: 'a & b', b: markSafe('a &amp; b') }), 'A &amp; B A &amp;AMP; B');
  assert.is(f("a nice title, isn't it?", 'title'), "A Nice Title, Isn't It?");
  assert.is(f('discoth\xe8que', 'title'), 'Discoth\xe8que');
  assert.is(r('{{ a|title }}', { a: "JOE'S CRAB SHACK" }), 'Joe&#x27;s Crab Shack');
  assert.is(r('{{ a|title }}', { a: '555 WEST 53RD STREET' }), '555 West 53rd Street');
});

test('center, ljust, rjust, cut', () => {
  assert.is(f('test', 'center:"6"'), ' test ');
  assert.is(f('test', 'center:5'), ' test');
  assert.is(f('test', 'ljust:"10"'), 'test      ');
  assert.is(f('test', 'rjust:10'), '      test');
  assert.is(r('.{{ a|ljust:"5" }}. .{{ b|ljust:"5" }}.', { a: 'a&b', b: markSafe('a&b') }), '.a&amp;b  . .a&b  .');
  assert.is(f('a string to be mangled', 'cut:"a"'), ' string to be mngled');
  assert.is(f('a string to be mangled', 'cut:"ng"'), 'a stri to be maled');
  assert.is(f('a string to be mangled', 'cut:"strings"'), 'a string to be mangled');
  assert.is(r('{{ a|cut:"x" }} {{ b|cut:"x" }}', { a: 'x&y', b: markSafe('x&amp;y') }), '&amp;y &amp;y');
  assert.is(r('{{ a|cut:";" }} {{ b|cut:";" }}', { a: 'x&y', b: markSafe('x&amp;y') }), 'x&amp;y x&amp;ampy');
});

test('escape, force_escape, safe, safeseq, escapeseq', () => {
  assert.is(r('{{ a|escape }} {{ b|escape }}', { a: 'x&y', b: markSafe('x&y') }), 'x&amp;y x&y');
  assert.is(r('{% autoescape off %}{{ a|escape|escape }}{% endautoescape %}', { a: 'x&y' }), 'x&amp;y');
  assert.is(r('{{ a|force_escape }}', { a: 'x&y' }), 'x&amp;y');
  assert.is(r('{% autoescape off %}{{ a|force_escape|force_escape }}{% endautoescape %}', { a: 'x&y' }), 'x&amp;amp;y');
  assert.is(r('{{ a|safe }} {{ b|safe }}', { a: '<b>', b: markSafe('<b>') }), '<b> <b>');
  assert.is(r('{{ a|join:", " }} -- {{ a|safeseq|join:", " }}', { a: ['&', '<'] }), '&amp;, &lt; -- &, <');
  assert.is(r('{{ a|escapeseq|join:"," }}', { a: ['x&y', markSafe('<p>')] }), 'x&amp;y,<p>');
  assert.is(r('{{ a|escape|safe }}', { a: '<p>' }), '&lt;p&gt;');
});

test('escapejs and json_script', () => {
  assert.is(f(`testing\r\njavascript 'string" <b>escaping</b>`, 'escapejs'), 'testing\\u000D\\u000Ajavascript \\u0027string\\u0022 \\u003Cb\\u003Eescaping\\u003C/b\\u003E');
  assert.is(f('and lots of whitespace: \r\n\t\v\f\b', 'escapejs'), 'and lots of whitespace: \\u000D\\u000A\\u0009\\u000B\\u000C\\u0008');
  assert.is(f('<script>and this</script>', 'escapejs'), '\\u003Cscript\\u003Eand this\\u003C/script\\u003E');
  assert.is(f('paragraph separator:\u2029and line separator:\u2028', 'escapejs'), 'paragraph separator:\\u2029and line separator:\\u2028');
  assert.is(f('`', 'escapejs'), '\\u0060');
  assert.is(f('\x7f\x85\x9f\xa0', 'escapejs'), '\\u007F\\u0085\\u009F\xa0');
  assert.is(
    r('{{ value|json_script:"test_id" }}', { value: { a: 'testing\r\njson \'string" <b>escaping</b>' } }),
    '<script id="test_id" type="application/json">{"a": "testing\\r\\njson \'string\\" \\u003Cb\\u003Eescaping\\u003C/b\\u003E"}</script>',
  );
  assert.is(r('{{ value|json_script }}', { value: [1, 'a&b'] }), '<script type="application/json">[1, "a\\u0026b"]</script>');
});

test('floatformat', () => {
  const cases: [unknown, string | undefined, string][] = [
    [7.7, undefined, '7.7'],
    [7.0, undefined, '7'],
    [0.7, undefined, '0.7'],
    [-0.7, undefined, '-0.7'],
    [0.07, undefined, '0.1'],
    [-0.07, undefined, '-0.1'],
    [0.007, undefined, '0.0'],
    [0.0, undefined, '0'],
    [7.7, '0', '8'],
    [7.7, '3', '7.700'],
    [6.0, '3', '6.000'],
    [6.2, '3', '6.200'],
    [6.2, '-3', '6.200'],
    [13.1031, '-3', '13.103'],
    [11.1197, '-2', '11.12'],
    [11.0, '-2', '11'],
    [11.000001, '-2', '11.00'],
    [8.2798, '3', '8.280'],
    [5555.555, '2', '5555.56'],
    [1.3, '2', '1.30'],
    [0.12345, '2', '0.12'],
    ['555.555', '2', '555.56'],
    ['09.000', undefined, '9'],
    [13.1031, '"bar"', '13.1031'],
    [18.125, '2', '18.13'],
    [-1.323297138040798e35, '2', '-132329713804079800000000000000000000.00'],
    [-1.323297138040798e35, '-2', '-132329713804079800000000000000000000'],
    [1.5e-15, '20', '0.00000000000000150000'],
    [1.5e-15, '-20', '0.00000000000000150000'],
    [0, '6', '0.000000'],
    ['0.00', '0', '0'],
    ['0.0000', '2', '0.00'],
    [-0.01, '-1', '0.0'],
    [-0.001, '2', '0.00'],
    [-0.499, '0', '0'],
    [10000, '"g"', '10,000'],
    [66666.666, '"1g"', '66,666.7'],
    [10000, '"g2"', '10000'],
    [66666.666, '"2u"', '66666.67'],
    [Infinity, undefined, 'inf'],
    [-Infinity, undefined, '-inf'],
    ['inf', undefined, 'inf'],
    ['NaN', undefined, 'NaN'],
  ];
  for (const [v, arg, want] of cases) assert.is(f(v, arg === undefined ? 'floatformat' : `floatformat:${arg}`), want, `floatformat(${v}, ${arg})`);
  for (const bad of [null, [], {}, 'abc123', '123abc', 'foo', '1e', '1e+', 'e400', '1e^2', '1e2e3', '1e.2', '1e2.', '1+e2', '1e2+']) {
    assert.is(f(bad, 'floatformat'), '', `floatformat(${JSON.stringify(bad)})`);
  }
  assert.is(r('{{ a|floatformat }} {{ b|floatformat }}', { a: '1.42', b: markSafe('1.42') }), '1.4 1.4');
});

test("floatformat: Django's remaining inputs, the 200-digit cut-off, zeros", () => {
  const cases: [unknown, string | undefined, string][] = [
    ['123456.123456789012345678901', '21', '123456.123456789012345678901'],
    [1.00000000000000015, '16', '1.0000000000000002'],
    ['1e199', undefined, `1${'0'.repeat(199)}`],
    [0.000000000000000000015, '20', '0.00000000000000000002'],
    [0, '7', '0.0000000'],
    [0, '10', '0.0000000000'],
    ['0.000000', '4', '0.0000'],
    ['1_000.5', undefined, '1000.5'],
    [' 2.5 ', '0', '3'],
    [true, '2', '1.00'],
    [66666.666, '"u2"', '66666.666'],
  ];
  for (const [v, arg, want] of cases) assert.is(f(v, arg === undefined ? 'floatformat' : `floatformat:${arg}`), want, `floatformat(${String(v)}, ${arg})`);
  for (const big of ['1e200', '1E200', '1E10000000000000000', '-1E10000000000000000', '1e10000000000000000', `1${'0'.repeat(100_000)}`]) {
    assert.is(f(big, 'floatformat'), big, `${big.slice(0, 30)} is returned as it is`);
  }
  for (const bad of ['1e-', 'e+400', 'e-400', '1e2a', '1e2.0', '1e2,0', '¿Cómo esta usted?']) {
    assert.is(f(bad, 'floatformat'), '', `floatformat(${JSON.stringify(bad)})`);
    assert.is(f(bad, 'floatformat:"bar"'), '', `floatformat(${JSON.stringify(bad)}, "bar")`);
  }
});

test('floatformat grouping: g groups as English; u uses the settings (no grouping by default); USE_THOUSAND_SEPARATOR', () => {
  const s = settings as unknown as Record<string, unknown>;
  assert.is(f(66666.666, 'floatformat:"2gu"'), '66666.67', 'NUMBER_GROUPING is 0 by default');
  Object.assign(s, { USE_THOUSAND_SEPARATOR: true, NUMBER_GROUPING: 3, THOUSAND_SEPARATOR: '!' });
  try {
    assert.is(f(66666.666, 'floatformat:"2gu"'), '66!666.67');
    assert.is(f(66666.666, 'floatformat:"2ug"'), '66!666.67');
    assert.is(f(1234567.5, 'floatformat:"u"'), '1234567.5', 'unlocalized output ignores USE_THOUSAND_SEPARATOR');
    assert.is(f(1234567.5, 'floatformat'), '1,234,567.5', 'localized output groups when USE_THOUSAND_SEPARATOR is set');
    s.NUMBER_GROUPING = [3, 2, 0];
    assert.is(f(1234567.5, 'floatformat:"gu"'), '12!34!567.5', 'a grouping sequence, its last size repeated');
  } finally {
    for (const k of ['USE_THOUSAND_SEPARATOR', 'NUMBER_GROUPING', 'THOUSAND_SEPARATOR']) delete s[k];
  }
});

test('iriencode, urlencode', () => {
  assert.is(f('S\xf8r-Tr\xf8ndelag', 'iriencode'), 'S%C3%B8r-Tr%C3%B8ndelag');
  assert.is(r('{{ url|iriencode }}', { url: '?test=1&me=2' }), '?test=1&amp;me=2');
  assert.is(f('fran\xe7ois & jill', 'urlencode'), 'fran%C3%A7ois%20%26%20jill');
  assert.is(f('/test&"/me?/', 'urlencode'), '/test%26%22/me%3F/');
  assert.is(f('/test&"/me?/', 'urlencode:"/"'), '/test%26%22/me%3F/');
  assert.is(f('/test&"/me?/', 'urlencode:""'), '%2Ftest%26%22%2Fme%3F%2F');
  assert.is(f('escape/slash', 'urlencode:""'), 'escape%2Fslash');
  assert.is(f(1, 'urlencode'), '1');
});

test('linebreaks, linebreaksbr, linenumbers', () => {
  assert.is(f('line 1', 'linebreaks'), '<p>line 1</p>');
  assert.is(f('line 1\nline 2', 'linebreaks'), '<p>line 1<br>line 2</p>');
  assert.is(f('line 1\rline 2', 'linebreaks'), '<p>line 1<br>line 2</p>');
  assert.is(f('line 1\r\nline 2', 'linebreaks'), '<p>line 1<br>line 2</p>');
  assert.is(f('a\n\n\nb', 'linebreaks'), '<p>a</p>\n\n<p>b</p>');
  assert.is(r('{{ a|linebreaks }} {{ b|linebreaks }}', { a: 'x&\ny', b: markSafe('x&\ny') }), '<p>x&amp;<br>y</p> <p>x&<br>y</p>');
  assert.is(r('{% autoescape off %}{{ a|linebreaks }}{% endautoescape %}', { a: 'x&\ny' }), '<p>x&<br>y</p>');
  assert.is(f('line 1\nline 2', 'linebreaksbr'), 'line 1<br>line 2');
  assert.is(r('{{ a|linebreaksbr }} {{ b|linebreaksbr }}', { a: 'x&\ny', b: markSafe('x&\ny') }), 'x&amp;<br>y x&<br>y');
  assert.is(f('line 1\nline 2', 'linenumbers'), '1. line 1\n2. line 2');
  assert.is(f(Array(10).fill('x').join('\n'), 'linenumbers'), Array.from({ length: 10 }, (_, i) => `${String(i + 1).padStart(2, '0')}. x`).join('\n'));
  assert.is(r('{{ a|linenumbers }} {{ b|linenumbers }}', { a: 'one\n<two>\nthree', b: markSafe('one\n&lt;two&gt;\nthree') }), '1. one\n2. &lt;two&gt;\n3. three 1. one\n2. &lt;two&gt;\n3. three');
});

test('make_list, slugify, stringformat', () => {
  assert.is(r('{{ a|make_list }}', { a: 'abc' }), '[&#x27;a&#x27;, &#x27;b&#x27;, &#x27;c&#x27;]');
  assert.is(f(1234, 'make_list'), "['1', '2', '3', '4']");
  assert.is(f(' Jack & Jill like numbers 1,2,3 and 4 and silly characters ?%.$!/', 'slugify'), 'jack-jill-like-numbers-123-and-4-and-silly-characters');
  assert.is(f("Un \xe9l\xe9phant \xe0 l'or\xe9e du bois", 'slugify'), 'un-elephant-a-loree-du-bois');
  assert.is(f(' - __-some text-__ - ', 'slugify'), 'some-text');
  assert.is(f(1, 'stringformat:"03d"'), '001');
  assert.is(f([1, null], 'stringformat:"s"'), '[1, None]');
  assert.is(f('test', 'stringformat:"s"'), 'test');
  assert.is(f('test', 'stringformat:"10s"'), '      test');
  assert.is(f('test', 'stringformat:"-10s"'), 'test      ');
  assert.is(f(3.14159, 'stringformat:".2f"'), '3.14');
  assert.is(f(255, 'stringformat:"x"'), 'ff');
  assert.is(f('one', 'stringformat:"d"'), '');
  assert.is(f('x', 'stringformat:"r"'), "'x'");
});

test('truncatechars, truncatewords, wordcount, wordwrap', () => {
  assert.is(f('Testing, testing', 'truncatechars:7'), 'Testin…');
  assert.is(f('Joel is a slug', 'truncatechars:7'), 'Joel i…');
  assert.is(f('Testing, testing', 'truncatechars:100'), 'Testing, testing');
  assert.is(f('Testing, testing', 'truncatechars:"a"'), 'Testing, testing');
  assert.is(f('Testing, testing', 'truncatechars:0'), '');
  assert.is(f('A sentence with a few words in it', 'truncatewords:1'), 'A …');
  assert.is(f('A sentence with a few words in it', 'truncatewords:5'), 'A sentence with a few …');
  assert.is(f('A sentence with a few words in it', 'truncatewords:100'), 'A sentence with a few words in it');
  assert.is(f('A sentence with a few words in it', 'truncatewords:"not a number"'), 'A sentence with a few words in it');
  assert.is(f('  spaced   out  ', 'truncatewords:5'), 'spaced out');
  assert.is(r('{{ a|truncatewords:2 }} {{ b|truncatewords:2 }}', { a: 'alpha & bravo', b: markSafe('alpha &amp; bravo') }), 'alpha &amp; … alpha &amp; …');
  assert.is(f('', 'wordcount'), '0');
  assert.is(f('oneword', 'wordcount'), '1');
  assert.is(f('lots of words', 'wordcount'), '3');
  assert.is(
    f("this is a long paragraph of text that really needs to be wrapped I'm afraid", 'wordwrap:14'),
    "this is a long\nparagraph of\ntext that\nreally needs\nto be wrapped\nI'm afraid",
  );
  assert.is(
    f('this is a short paragraph of text.\n  But this line should be indented', 'wordwrap:14'),
    'this is a\nshort\nparagraph of\ntext.\n  But this\nline should be\nindented',
  );
  assert.is(f('this is a short paragraph of text.\n  But this line should be indented', 'wordwrap:15'), 'this is a short\nparagraph of\ntext.\n  But this line\nshould be\nindented');
});

test('striptags', () => {
  assert.is(f('some <b>html</b> with <script>alert("You smell")</script> disallowed <img /> tags', 'striptags'), 'some html with alert("You smell") disallowed  tags');
  assert.is(r('{{ a|striptags }} {{ b|striptags }}', { a: '<a>x</a> <p><b>y</b></p>', b: markSafe('<a>x</a> <p><b>y</b></p>') }), 'x y x y');
  assert.not.match(r('{{ a|striptags }}', { a: '<<script>script>alert(1)<</script>/script>' }), '<');
});

test('lists: first, last, join, length, length_is, random, slice, dictsort, unordered_list', () => {
  assert.is(f([0, 1, 2], 'first'), '0');
  assert.is(f('', 'first'), '');
  assert.is(f('test', 'first'), 't');
  assert.is(r('{{ a|first }} {{ b|first }}', { a: ['a&b', 'x'], b: [markSafe('a&b'), 'x'] }), 'a&amp;b a&b');
  assert.is(f([0, 1, 2], 'last'), '2');
  assert.is(f('test', 'last'), 't');
  assert.is(f([], 'last'), '');
  assert.is(f([0, 1, 2], 'join:", "'), '0, 1, 2');
  assert.is(r('{{ a|join:", " }}', { a: ['alpha', 'beta & me'] }), 'alpha, beta &amp; me');
  assert.is(r('{{ a|join:"<br>" }}', { a: ['alpha', 'beta & me'] }), 'alpha<br>beta &amp; me');
  assert.is(r('{{ a|join:var }}', { a: ['alpha', 'beta & me'], var: ' & ' }), 'alpha &amp; beta &amp; me');
  assert.is(r('{% autoescape off %}{{ a|join:var }}{% endautoescape %}', { a: ['alpha', 'beta & me'], var: ' & ' }), 'alpha & beta & me');
  assert.is(f(1, 'join:", "'), '1');
  assert.is(f([1, 2, 3, 4], 'length'), '4');
  assert.is(f('', 'length'), '0');
  assert.is(f(new Map([[1, 2]]), 'length'), '1');
  assert.is(f(1, 'length'), '0');
  assert.is(f([], 'length_is:0'), 'True');
  assert.is(f('a', 'length_is:"1"'), 'True');
  assert.is(f('a', 'length_is:"x"'), '');
  assert.ok(['a', 'b'].includes(raw.fromString('{{ v|random }}').render({ v: ['a', 'b'] })));
  assert.is(f([], 'random'), '');
  assert.is(f('abcdefg', 'slice:"0"'), '');
  assert.is(f('abcdefg', 'slice:"1"'), 'a');
  assert.is(f('abcdefg', 'slice:"-1"'), 'abcdef');
  assert.is(f('abcdefg', 'slice:"1:2"'), 'b');
  assert.is(f('abcdefg', 'slice:"1:3"'), 'bc');
  assert.is(f('abcdefg', 'slice:"0::2"'), 'aceg');
  assert.is(f('abcdefg', 'slice:"::-1"'), 'gfedcba');
  assert.is(f('abcdefg', 'slice:"foo"'), 'abcdefg');
  assert.is(f([0, 1, 2, 3], 'slice:"1:3"'), '[1, 2]');
  assert.is(f([0, 1, 2], 'slice:"0::0"'), '[0, 1, 2]');
  const people = [
    { age: 23, name: 'Barbara-Ann' },
    { age: 63, name: 'Ra Ra Rasputin' },
    { name: 'Jonny B Goode', age: 18 },
  ];
  assert.is(r('{% for p in a|dictsort:"age" %}{{ p.age }},{% endfor %}', { a: people }), '18,23,63,');
  assert.is(r('{% for p in a|dictsortreversed:"age" %}{{ p.age }},{% endfor %}', { a: people }), '63,23,18,');
  assert.is(r('{% for p in a|dictsort:"name" %}{{ p.name }},{% endfor %}', { a: people }), 'Barbara-Ann,Jonny B Goode,Ra Ra Rasputin,');
  assert.is(r('{% for p in a|dictsort:"0" %}{{ p.1 }}{% endfor %}', { a: [['b', 2], ['a', 1]] }), '12');
  assert.is(f([{ a: 1 }, 'x'], 'dictsort:"a"'), '');
  assert.is(f('x', 'dictsort:"a"'), '');
  assert.is(f(['item 1', 'item 2'], 'unordered_list'), '\t<li>item 1</li>\n\t<li>item 2</li>');
  assert.is(f(['item 1', ['item 1.1']], 'unordered_list'), '\t<li>item 1\n\t<ul>\n\t\t<li>item 1.1</li>\n\t</ul>\n\t</li>');
  assert.is(
    f(['item 1', ['item 1.1', 'item1.2'], 'item 2'], 'unordered_list'),
    '\t<li>item 1\n\t<ul>\n\t\t<li>item 1.1</li>\n\t\t<li>item1.2</li>\n\t</ul>\n\t</li>\n\t<li>item 2</li>',
  );
  assert.is(r('{{ a|unordered_list }}', { a: ['x>', ['<y']] }), '\t<li>x&gt;\n\t<ul>\n\t\t<li>&lt;y</li>\n\t</ul>\n\t</li>');
  assert.is(r('{{ a|unordered_list }}', { a: [markSafe('x>'), ['<y']] }), '\t<li>x>\n\t<ul>\n\t\t<li>&lt;y</li>\n\t</ul>\n\t</li>');
});

test('numbers: add, divisibleby, get_digit, filesizeformat, phone2numeric', () => {
  assert.is(f(1, 'add:2'), '3');
  assert.is(f('1', 'add:"2"'), '3');
  assert.is(f('a', 'add:"b"'), 'ab');
  assert.is(raw.fromString('{{ a|add:b }}').render({ a: [1, 2], b: [3] }), '[1, 2, 3]');
  assert.is(f(1, 'add:"x"'), '');
  assert.is(f(1.9, 'add:1'), '2');
  assert.is(f(4, 'divisibleby:2'), 'True');
  assert.is(f(4, 'divisibleby:3'), 'False');
  assert.is(f(123, 'get_digit:1'), '3');
  assert.is(f(123, 'get_digit:2'), '2');
  assert.is(f(123, 'get_digit:3'), '1');
  assert.is(f(123, 'get_digit:4'), '0');
  assert.is(f(123, 'get_digit:0'), '123');
  assert.is(f('xyz', 'get_digit:0'), 'xyz');
  assert.is(f(1023, 'filesizeformat'), `1023${nb}bytes`);
  assert.is(f(1, 'filesizeformat'), `1${nb}byte`);
  assert.is(f(1024, 'filesizeformat'), `1.0${nb}KB`);
  assert.is(f(10 * 1024, 'filesizeformat'), `10.0${nb}KB`);
  assert.is(f(1024 * 1024 - 1, 'filesizeformat'), `1024.0${nb}KB`);
  assert.is(f(1024 * 1024, 'filesizeformat'), `1.0${nb}MB`);
  assert.is(f(1024 * 1024 * 50, 'filesizeformat'), `50.0${nb}MB`);
  assert.is(f(1024 * 1024 * 1024 - 1, 'filesizeformat'), `1024.0${nb}MB`);
  assert.is(f(1024 * 1024 * 1024, 'filesizeformat'), `1.0${nb}GB`);
  assert.is(f(1024 ** 4, 'filesizeformat'), `1.0${nb}TB`);
  assert.is(f(1024 ** 5, 'filesizeformat'), `1.0${nb}PB`);
  assert.is(f(1024 ** 5 * 2000, 'filesizeformat'), `2000.0${nb}PB`);
  assert.is(f('', 'filesizeformat'), `0${nb}bytes`);
  assert.is(f('\xa3', 'filesizeformat'), `0${nb}bytes`);
  assert.is(f(-100, 'filesizeformat'), `-100${nb}bytes`);
  assert.is(f(-1024 * 1024 * 50, 'filesizeformat'), `-50.0${nb}MB`);
  assert.is(f(123456789, 'filesizeformat'), `117.7${nb}MB`);
  assert.is(f('0800 flowers', 'phone2numeric'), '0800 3569377');
});

test('default, default_if_none, yesno, pluralize', () => {
  assert.is(f('val', 'default:"default"'), 'val');
  assert.is(f(null, 'default:"default"'), 'default');
  assert.is(f('', 'default:"default"'), 'default');
  assert.is(r('{{ a|default:"x<" }}', { a: '' }), 'x<');
  assert.is(r('{{ a|default:"x<" }}', { a: '<' }), '&lt;');
  assert.is(f('val', 'default_if_none:"default"'), 'val');
  assert.is(f(null, 'default_if_none:"default"'), 'default');
  assert.is(f('', 'default_if_none:"default"'), '');
  assert.is(f(true, 'yesno'), 'yes');
  assert.is(f(false, 'yesno'), 'no');
  assert.is(f(null, 'yesno'), 'maybe');
  assert.is(f(true, 'yesno:"certainly,get out of town,perhaps"'), 'certainly');
  assert.is(f(false, 'yesno:"certainly,get out of town,perhaps"'), 'get out of town');
  assert.is(f(null, 'yesno:"certainly,get out of town,perhaps"'), 'perhaps');
  assert.is(f(null, 'yesno:"certainly,get out of town"'), 'get out of town');
  assert.is(f(true, 'yesno:"x"'), 'True');
  assert.is(f(1, 'pluralize'), '');
  assert.is(f(0, 'pluralize'), 's');
  assert.is(f(2, 'pluralize'), 's');
  assert.is(f([1], 'pluralize'), '');
  assert.is(f([], 'pluralize'), 's');
  assert.is(f('1', 'pluralize'), '');
  assert.is(f('a', 'pluralize'), '');
  assert.is(f(1, 'pluralize:"es"'), '');
  assert.is(f(0, 'pluralize:"es"'), 'es');
  assert.is(f(1, 'pluralize:"y,ies"'), 'y');
  assert.is(f(2, 'pluralize:"y,ies"'), 'ies');
  assert.is(f(0, 'pluralize:"y,ies,error"'), '');
  assert.is(f(1.5, 'pluralize'), 's');
  assert.is(f(new Map(), 'pluralize'), 's');
  assert.is(f(true, 'pluralize'), '');
});

test('date, time, timesince, timeuntil', () => {
  const d = new Date(2008, 0, 1, 15, 4, 5);
  assert.is(f(d, 'date:"d F Y"'), '01 January 2008');
  assert.is(f(d, 'date'), 'Jan. 1, 2008');
  assert.is(f(d, 'date:"jS \\o\\f F, Y"'), '1st of January, 2008');
  assert.is(f(new Date(2003, 9, 22), 'date:"D, N jS"'), 'Wed, Oct. 22nd');
  assert.is(f(d, 'date:"a A f g G h H i s P"'), 'p.m. PM 3:04 3 15 03 15 04 05 3:04 p.m.');
  assert.is(f(new Date(2008, 0, 1, 0, 0), 'date:"P"'), 'midnight');
  assert.is(f(new Date(2008, 0, 1, 12, 0), 'date:"P"'), 'noon');
  assert.is(f(new Date(2008, 1, 1), 'date:"L t z w W y Y n m M b"'), 'True 29 32 5 5 08 2008 2 02 Feb feb');
  assert.is(f(new Date(2009, 11, 31), 'date:"o W"'), '2009 53');
  assert.is(f(new Date(2010, 0, 3), 'date:"o W"'), '2009 53');
  assert.is(f(new Date(1999, 8, 9), 'date:"N"'), 'Sept.');
  assert.is(f('not a date', 'date:"Y"'), '');
  assert.is(f('', 'date'), '');
  assert.is(f(d, 'time:"H:i"'), '15:04');
  assert.is(f(d, 'time'), '3:04 p.m.');
  assert.is(f(d, 'time:"Y"'), '');
  const now = new Date(2024, 5, 15, 12, 0, 0);
  const minus = (ms: number) => new Date(now.getTime() - ms);
  assert.is(raw.fromString('{{ a|timesince:b }}').render({ a: minus(60_000), b: now }), `1${nb}minute`);
  assert.is(raw.fromString('{{ a|timesince:b }}').render({ a: minus(3 * 86_400_000 + 2 * 3_600_000), b: now }), `3${nb}days, 2${nb}hours`);
  assert.is(raw.fromString('{{ a|timesince:b }}').render({ a: new Date(2023, 3, 15, 12), b: now }), `1${nb}year, 2${nb}months`);
  assert.is(raw.fromString('{{ a|timesince:b }}').render({ a: now, b: now }), `0${nb}minutes`);
  assert.is(raw.fromString('{{ a|timesince:b }}').render({ a: new Date(now.getTime() + 1000), b: now }), `0${nb}minutes`);
  assert.is(raw.fromString('{{ a|timeuntil:b }}').render({ a: new Date(now.getTime() + 14 * 86_400_000), b: now }), `2${nb}weeks`);
  assert.is(raw.fromString('{{ a|timesince }}').render({ a: null }), '');
});

test("timesince as Django 5: calendar months (February of 28 days), depth, a thousand years (Django's utils tests)", () => {
  const t = new Date(2007, 7, 14, 13, 46, 0);
  const plus = (ms: number) => new Date(t.getTime() + ms);
  const minute = 60_000, hour = 60 * minute, day = 24 * hour, week = 7 * day, month = 31 * day, year = 366 * day;
  const w = (s: string) => s.replace(/ (?=[a-z])/g, nb);
  assert.is(timesince(t, plus(1)), w('0 minutes'));
  assert.is(timesince(t, plus(1000)), w('0 minutes'));
  assert.is(timesince(t, plus(month)), w('1 month'));
  assert.is(timesince(t, plus(year)), w('1 year'));
  assert.is(timesince(t, plus(2 * week + 3 * hour + 4 * minute)), w('2 weeks'));
  assert.is(timesince(t, new Date(t.getTime() - year)), w('0 minutes'));
  const deep = plus(year + month + week + day + hour);
  const depths = ['1 year', '1 year, 1 month', '1 year, 1 month, 1 week', '1 year, 1 month, 1 week, 1 day', '1 year, 1 month, 1 week, 1 day, 1 hour', '1 year, 1 month, 1 week, 1 day, 1 hour'];
  depths.forEach((want, i) => {
    assert.is(timesince(t, deep, false, i + 1), w(want), `depth ${i + 1}`);
    assert.is(timesince(deep, t, true, i + 1), w(want), `timeuntil depth ${i + 1}`);
  });
  assert.is(timesince(t, plus(year + week + day), false, 3), w('1 year'));
  assert.throws(() => timesince(t, t, false, 0), /depth must be greater than 0\./);
  const old = new Date(t);
  old.setFullYear(1007);
  assert.is(timesince(old, t), w('1000 years'));
  const jan1 = new Date(2022, 0, 1);
  const edges: [number, number, string][] = [
    [0, 31, '4 weeks, 2 days'], [1, 1, '1 month'], [1, 28, '1 month, 3 weeks'], [2, 1, '2 months'], [2, 31, '2 months, 4 weeks'],
    [3, 30, '3 months, 4 weeks'], [5, 30, '5 months, 4 weeks'], [6, 31, '6 months, 4 weeks'], [10, 30, '10 months, 4 weeks'], [11, 1, '11 months'], [11, 31, '11 months, 4 weeks'],
  ];
  for (const [m, dd, want] of edges) assert.is(timesince(jan1, new Date(2022, m, dd)), w(want), `2022-01-01 to 2022-${m + 1}-${dd}`);
  const start = new Date(2016, 11, 25);
  assert.is(timesince(start, new Date(2017, 0, 1)), w('1 week'), 'across a year end');
});

test("timesince counts months on the engine's time zone's calendar", () => {
  const a = new Date(Date.UTC(2024, 0, 31, 20)); // Feb 1, 05:00 in Tokyo
  const b = new Date(Date.UTC(2024, 1, 29, 22)); // Mar 1, 07:00 in Tokyo
  for (const mode of ['compiled', 'interpreted'] as const) {
    const utc = new Engine({ timeZone: 'UTC', autoescape: false, mode });
    const tokyo = new Engine({ timeZone: 'Asia/Tokyo', autoescape: false, mode });
    assert.is(utc.fromString('{{ a|timesince:b }}').render({ a, b }), `4${nb}weeks, 1${nb}day`);
    assert.is(tokyo.fromString('{{ a|timesince:b }}').render({ a, b }), `1${nb}month`);
    assert.is(tokyo.fromString('{{ b|timeuntil:a }}').render({ a, b }), `1${nb}month`);
  }
});

test('truncatechars_html, truncatewords_html', () => {
  const html = '<p>one <a href="#">two - three <br>four</a> five</p>';
  assert.is(f(html, 'truncatewords_html:0'), '');
  assert.is(f(html, 'truncatewords_html:2'), '<p>one <a href="#">two …</a></p>');
  assert.is(f(html, 'truncatewords_html:4'), '<p>one <a href="#">two - three …</a></p>');
  assert.is(f(html, 'truncatewords_html:5'), '<p>one <a href="#">two - three <br>four …</a></p>');
  assert.is(f(html, 'truncatewords_html:100'), html);
  assert.is(f('\xc5ngstr\xf6m was here', 'truncatewords_html:1'), '\xc5ngstr\xf6m …');
  assert.is(f(html, 'truncatechars_html:0'), '');
  assert.is(f(html, 'truncatechars_html:6'), '<p>one <a href="#">t…</a></p>');
  assert.is(f(html, 'truncatechars_html:11'), '<p>one <a href="#">two - …</a></p>');
  assert.is(f(html, 'truncatechars_html:100'), html);
  assert.is(f('<b>\xc5ngstr\xf6m</b> was here', 'truncatechars_html:3'), '<b>\xc5n…</b>');
  assert.is(f('a<b>b</b>c', 'truncatechars_html:"x"'), 'a<b>b</b>c');
});

test('urlize, urlizetrunc', () => {
  assert.is(f('http://google.com', 'urlize'), '<a href="http://google.com" rel="nofollow">http://google.com</a>');
  assert.is(f('http://google.com/', 'urlize'), '<a href="http://google.com/" rel="nofollow">http://google.com/</a>');
  assert.is(f('www.google.com', 'urlize'), '<a href="http://www.google.com" rel="nofollow">www.google.com</a>');
  assert.is(f('djangoproject.org', 'urlize'), '<a href="http://djangoproject.org" rel="nofollow">djangoproject.org</a>');
  assert.is(f('djangoproject.org/', 'urlize'), '<a href="http://djangoproject.org/" rel="nofollow">djangoproject.org/</a>');
  assert.is(f('info@djangoproject.org', 'urlize'), '<a href="mailto:info@djangoproject.org">info@djangoproject.org</a>');
  assert.is(f('some.organization', 'urlize'), 'some.organization');
  assert.is(f('(Go to http://www.example.com/foo.)', 'urlize'), '(Go to <a href="http://www.example.com/foo" rel="nofollow">http://www.example.com/foo</a>.)');
  assert.is(f('http://example.com/?x=1&y=2', 'urlize'), '<a href="http://example.com/?x=1&amp;y=2" rel="nofollow">http://example.com/?x=1&y=2</a>');
  assert.is(
    r('{{ a|urlize }} {{ b|urlize }}', { a: 'http://example.com/?x=&y=', b: markSafe('http://example.com?x=&amp;y=&lt;2&gt;') }),
    '<a href="http://example.com/?x=&amp;y=" rel="nofollow">http://example.com/?x=&amp;y=</a> <a href="http://example.com?x=&amp;y=%3C2%3E" rel="nofollow">http://example.com?x=&amp;y=&lt;2&gt;</a>',
  );
  assert.is(r('{{ a|urlize }}', { a: '<script>x</script> http://a.com' }), '&lt;script&gt;x&lt;/script&gt; <a href="http://a.com" rel="nofollow">http://a.com</a>');
  assert.is(f('http://short.com/', 'urlizetrunc:20'), '<a href="http://short.com/" rel="nofollow">http://short.com/</a>');
  assert.is(
    f('http://www.google.co.uk/search?hl=en&q=some+long+url&btnG=Search&meta=', 'urlizetrunc:20'),
    '<a href="http://www.google.co.uk/search?hl=en&amp;q=some+long+url&amp;btnG=Search&amp;meta=" rel="nofollow">http://www.google.c…</a>',
  );
});

test('dates print localized as Django’s DATETIME_FORMAT', () => {
  assert.is(r('{{ d }}', { d: new Date(2008, 0, 1, 0, 0) }), 'Jan. 1, 2008, midnight');
  assert.is(r('{{ d }}', { d: new Date(2008, 8, 3, 15, 30) }), 'Sept. 3, 2008, 3:30 p.m.');
});

test('an engine time zone shows dates in that zone (Django TIME_ZONE), DST included', () => {
  const winter = new Date(Date.UTC(2024, 0, 15, 17, 30));
  const summer = new Date(Date.UTC(2024, 6, 15, 17, 30));
  for (const mode of ['compiled', 'interpreted'] as const) {
    const ny = new Engine({ timeZone: 'America/New_York', mode });
    assert.is(ny.fromString('{{ w|date:"Y-m-d H:i O T e" }}|{{ s|date:"H:i O T" }}|{{ w|time:"g A" }}').render({ w: winter, s: summer }), '2024-01-15 12:30 -0500 EST America/New_York|13:30 -0400 EDT|12 PM');
    const kolkata = new Engine({ timeZone: 'Asia/Kolkata', mode });
    assert.is(kolkata.fromString('{{ w|date:"D j M, H:i O" }} {{ w }}').render({ w: new Date(Date.UTC(2024, 0, 15, 20, 0)) }), 'Tue 16 Jan, 01:30 +0530 Jan. 16, 2024, 1:30 a.m.');
  }
  assert.is(new Engine({ timeZone: 'UTC' }).fromString('{{ w|date:"c" }}').render({ w: winter }), '2024-01-15T17:30:00+00:00');
  assert.throws(() => new Engine({ timeZone: 'Mars/Olympus' }), /Unknown time zone/);
});

test('pprint', () => {
  assert.is(f({ a: [1, 'b'] }, 'pprint'), "{'a': [1, 'b']}");
});

test.run();
