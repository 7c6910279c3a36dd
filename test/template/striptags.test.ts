// Django's strip_tags (the striptags filter) on Django's own test inputs:
// what Python's HTMLParser treats as a tag decides what is kept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SuspiciousOperation } from '../../src/core/exceptions';
import { Engine, markSafe } from '../../src/template/index';
import { stripTags } from '../../src/template/striptags';

test("Django's strip_tags cases (utils_tests/test_html.py)", () => {
  const items: [string, string][] = [
    ['<p>See: &#39;&eacute; is an apostrophe followed by e acute</p>', 'See: &#39;&eacute; is an apostrophe followed by e acute'],
    ['<p>See: &#x27;&eacute; is an apostrophe followed by e acute</p>', 'See: &#x27;&eacute; is an apostrophe followed by e acute'],
    ['<adf>a', 'a'], ['</adf>a', 'a'], ['<asdf><asdf>e', 'e'], ['hi, <f x', 'hi, <f x'], ['234<235, right?', '234<235, right?'],
    ['a4<a5 right?', 'a4<a5 right?'], ['b7>b2!', 'b7>b2!'], ['</fe', '</fe'], ['<x>b<y>', 'b'],
    ["a<p onclick=\"alert('<test>')\">b</p>c", 'abc'], ['a<p a >b</p>c', 'abc'], ['d<a:b c:d>e</p>f', 'def'],
    ['<strong>foo</strong><a href="http://example.com">bar</a>', 'foobar'], ['&gotcha&#;<>', '&gotcha&#;<>'],
    ['<sc<!-- -->ript>test<<!-- -->/script>', 'ript>test'], ['<script>alert()</script>&h', 'alert()h'],
    [`><!${'&'.repeat(16000)}D`, `><!${'&'.repeat(16000)}D`], ['X<<<<br>br>br>br>X', 'XX'],
    ['<'.repeat(50) + 'a>'.repeat(50), ''], [`>${'<a'.repeat(500)}a`, `>${'<a'.repeat(500)}a`],
    ['<a'.repeat(49) + 'a'.repeat(951), '<a'.repeat(49) + 'a'.repeat(951)], [`<${'a'.repeat(1002)}`, `<${'a'.repeat(1002)}`],
  ];
  for (const [input, want] of items) assert.is(stripTags(input), want, JSON.stringify(input.slice(0, 40)));
});

test('comments, declarations, processing instructions and CDATA sections go; script and style text stays', () => {
  assert.is(stripTags('a<!-- x <b>y</b> -->b<!DOCTYPE html>c<?php echo 1 ?>d<![CDATA[ e ]]>f'), 'abcdf');
  assert.is(stripTags('<style>p > a { x: 1 }</style>t'), 'p > a { x: 1 }t');
  // The text kept from a script is stripped again on the next pass, as in Django.
  assert.is(stripTags('<script>"<b>"</script>'), '""');
  assert.is(stripTags('<p>a &amp; b &copy 2</p>'), 'a &amp; b &copy; 2');
});

test('nesting deeper than Django allows, or a huge unclosed tag, is refused (SuspiciousOperation)', () => {
  for (const v of ['<'.repeat(51) + 'a>'.repeat(51), `>${'<a'.repeat(501)}`, '<a'.repeat(50) + 'a'.repeat(950)]) {
    assert.throws(() => stripTags(v), (e: unknown) => e instanceof SuspiciousOperation, v.slice(0, 20));
  }
});

test('the striptags filter: safe output, both modes', () => {
  for (const mode of ['compiled', 'interpreted'] as const) {
    const t = new Engine({ mode }).fromString('{{ a|striptags }}|{{ b|striptags }}');
    assert.is(t.render({ a: '<b>x</b> &amp; <i>y', b: markSafe('<p>1 < 2</p>') }), 'x &amp;amp; y|1 < 2');
    assert.is(t.render({ a: 'hi, <f x', b: '' }), 'hi, &lt;f x|');
  }
});

test.run();
