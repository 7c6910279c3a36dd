// Django's HTMLEqualTests (tests/test_utils): parse_html, assertHTMLEqual, assertInHTML, assertContains(html=True).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpResponse } from '../../src/http/response';
import { AssertionError, HTMLParseError, assertContains, assertHTMLEqual, assertHTMLNotEqual, assertInHTML, assertNotContains, parseHtml, type TestResponse } from '../../src/test/index';

const fails = (fn: () => void, pattern?: RegExp) => {
  try {
    fn();
  } catch (e) {
    assert.instance(e, AssertionError);
    if (pattern) assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable('the assertion passed');
};
const response = (html: string) => new HttpResponse(html) as unknown as TestResponse;

test('parseHtml builds the tree: names, children, text', () => {
  const div = parseHtml('<div><p>Hello</p></div>');
  assert.is(div.name, 'div');
  assert.is(div.children.length, 1);
  const p = div.children[0] as ReturnType<typeof parseHtml>;
  assert.is(p.name, 'p');
  assert.equal(p.children, ['Hello']);
  assert.is(String(parseHtml('<input checked>')), '<input checked>');
  assert.is(String(parseHtml('<input value>')), '<input value="">');
});

test('whitespace, attribute order and quoting do not count; content does', () => {
  assertHTMLEqual('<p>Hello</p>', '<p>\n  Hello  \n</p>');
  assertHTMLEqual('<input type="text" id="id_name" />', '<input id="id_name" type="text" />');
  assertHTMLEqual(`<input type='text' id="id_name" />`, '<input id="id_name" type="text">');
  assertHTMLNotEqual('<input type="text" id="id_name" />', '<input type="password" id="id_name" />');
  assertHTMLNotEqual('<p>Hello</p>', '<p>Hello!</p>');
  assertHTMLNotEqual('<p>foo bar</p>', '<p>foo &nbsp;bar</p>');
  assertHTMLNotEqual('<p><span>Hello</span><span>World</span></p>', '<p><span>Hello</span>World</p>');
  assertHTMLEqual('<ul><li>a</li>\n\n<li>b</li></ul>', '<ul><li>a</li><li>b</li></ul>');
  assertHTMLEqual('<p>a <!-- a comment --> b</p>', '<p>a  b</p>');
});

test('class names in any order and spacing; boolean attributes however written', () => {
  for (const html of ['<p class="foo bar"></p>', '<p class=" foo bar "></p>', '<p class="   foo    bar    "></p>', '<p class="foo\tbar"></p>', '<p class="\t \nfoo \t\nbar\n\t "></p>']) {
    assertHTMLEqual(html, '<p class="bar foo"></p>');
  }
  assertHTMLEqual('<input checked>', '<input checked="">');
  assertHTMLEqual('<input checked>', '<input checked="checked">');
  assertHTMLNotEqual('<input checked>', '<input checked="invalid">');
  assertHTMLEqual('<input value>', '<input value="">');
  assertHTMLNotEqual('<input value>', '<input value="value">');
});

test('character references equal the characters they stand for', () => {
  for (const [a, b] of [
    ['&#39;', '&#x27;'],
    ['&#39;', "'"],
    ['&amp;', '&#38;'],
    ['&amp;', '&'],
    ['&lt;', '&#60;'],
    ['&eacute;', 'é'],
    ['<p title="&quot;x&quot;"></p>', `<p title='"x"'></p>`],
  ]) {
    assertHTMLEqual(a!, b!);
  }
});

test("count: an element, a text, a run of sibling elements (Django's test_count)", () => {
  let dom1 = parseHtml('<p>foo');
  let dom2 = parseHtml('<p>foo</p>');
  assert.is(dom1.count(dom2), 1);
  assert.is(dom2.count(dom1), 1);
  assert.is(parseHtml('<p>foo</p><p>bar</p>').count(dom1), 1);
  assert.is(parseHtml('<p>foo foo</p><p>foo</p>').count('foo'), 3);
  dom2 = parseHtml('<p class="bar">foo</p>');
  assert.equal([dom2.count('bar'), dom2.count('class'), dom2.count('p'), dom2.count('o')], [0, 0, 0, 2]);
  assert.is(parseHtml('<p>foo</p><p>foo</p>').count(dom1), 2);
  assert.is(parseHtml('<div><p>foo<input type=""></p><p>foo</p></div>').count(dom1), 1);
  assert.is(parseHtml('<div><div><p>foo</p></div></div>').count(dom1), 1);
  assert.is(parseHtml('<p>foo<p>foo</p></p>').count(dom1), 1);
  assert.is(parseHtml('<p>foo<p>bar</p></p>').count(dom1), 0);
  dom1 = parseHtml('<p>foo</p><p>bar</p>');
  assert.is(parseHtml('<div><p>foo</p><p>bar</p></div>').count(dom1), 1);
  assert.is(parseHtml('<div><p>foo</p><p>bar</p><p>foo</p><p>bar</p></div>').count(dom1), 2);
  dom2 = parseHtml('<a/><b/><c/>');
  assert.is(dom2.count(parseHtml('<a/><b/>')), 1);
  assert.is(dom2.count(parseHtml('<b/><a/>')), 0);
  assert.is(parseHtml('<a><b/><b/></a><b/><b/>').count(parseHtml('<b/><b/>')), 2);
});

test('assertInHTML: found, counted, or a failure naming the needle', () => {
  const page = '<ul><li class="x">one</li><li>two</li><li class="x">one</li></ul>';
  assertInHTML('<li class="x">one</li>', page);
  assertInHTML('<li class="x">one</li>', page, 2);
  fails(() => assertInHTML('<li>three</li>', page), /Couldn't find '<li>three<\/li>' where it was expected/);
  fails(() => assertInHTML('<li class="x">one</li>', page, 1, 'counting'), /^counting: Found 2 instances of '<li class="x">one<\/li>' where 1 were expected/);
});

test("assertContains / assertNotContains with html: the page's elements, not its text (Django's test_contains_html)", () => {
  const r = response('<body>This is a form: <form method="get"><input type="text" name="Hello" /></form></body>');
  assertNotContains(r, "<input name='Hello' type='text'>");
  assertContains(r, '<form method="get">');
  assertContains(r, "<input name='Hello' type='text'>", { html: true });
  assertNotContains(r, '<form method="get">', { html: true });
  assertContains(r, '<input name="Hello" type="text">', { html: true, count: 1 });
  fails(() => assertContains(r, '<input name="Bye" type="text">', { html: true }), /Couldn't find/);
});

test('invalid HTML: an end tag with nothing open fails, naming the argument and the place', () => {
  assert.throws(() => parseHtml('</p>'), (e: unknown) => e instanceof HTMLParseError && /Unexpected end tag `p` \(Line 1, Column 0\)/.test((e as Error).message));
  fails(() => assertHTMLEqual('<p>a</p></div>', '<p>a</p>'), /^First argument is not valid HTML:\nUnexpected end tag `div` \(Line 1, Column 8\)/);
  fails(() => assertHTMLEqual('<p></p>', 'x\n</span>'), /^Second argument is not valid HTML:\nUnexpected end tag `span` \(Line 2, Column 0\)/);
  fails(() => assertContains(response('<p>x</p></b>'), '<p>x</p>', { html: true }), /Response's content is not valid HTML/);
  fails(() => assertHTMLEqual('<p>', ''));
});

test('hostile input: nesting past 1,000 levels is a parse error, not a stack overflow; large documents parse', () => {
  const nested = (n: number) => '<div>'.repeat(n) + 'x' + '</div>'.repeat(n);
  assertHTMLEqual(nested(900), nested(900).replace('x', ' x '));
  assert.throws(() => parseHtml(nested(5_000)), (e: unknown) => e instanceof HTMLParseError && /Elements nested more than 1000 deep \(Line 1, Column 5000\)/.test((e as Error).message));
  fails(() => assertHTMLEqual(nested(100_000), '<div></div>'), /First argument is not valid HTML:\nElements nested more than 1000 deep/);
  const big = '<p class="a">text &amp; more</p>'.repeat(20_000);
  assert.is(parseHtml(`<div>${big}</div>`).count(parseHtml('<p class="a">text &amp; more</p>')), 20_000);
});

test.run();
