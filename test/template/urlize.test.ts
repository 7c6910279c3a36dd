// Django's urlize and urlizetrunc (django.utils.html.Urlizer) on Django's
// own filter tests (template_tests/filter_tests/test_urlize.py).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { settings } from '../../src/conf/settings';
import { Engine, markSafe } from '../../src/template/index';
import { htmlUnescape, smartUrlquote, urlize as urlizeText } from '../../src/template/urlize';

const engines = [new Engine({ mode: 'compiled' }), new Engine({ mode: 'interpreted' })];

/** Django's urlize(value, autoescape=...) filter function, through both modes. */
function urlize(value: unknown, autoescape = true, filter = 'urlize'): string {
  const src = autoescape ? `{{ v|${filter} }}` : `{% autoescape off %}{{ v|${filter} }}{% endautoescape %}`;
  const [a, b] = engines.map((e) => e.fromString(src).render({ v: value }));
  assert.is(a, b, `modes disagree on ${JSON.stringify(value)}`);
  return a;
}
const link = (href: string, text = href) => `<a href="${href}" rel="nofollow">${text}</a>`;

test('urlize01-09: safe input, autoescape on and off, e-mail addresses', () => {
  assert.is(urlize('http://example.com/?x=&y=', false), link('http://example.com/?x=&amp;y=', 'http://example.com/?x=&y='));
  assert.is(urlize(markSafe('http://example.com?x=&amp;y=&lt;2&gt;'), false), link('http://example.com?x=&amp;y=%3C2%3E', 'http://example.com?x=&amp;y=&lt;2&gt;'));
  assert.is(urlize('http://example.com/?x=&y='), link('http://example.com/?x=&amp;y=', 'http://example.com/?x=&amp;y='));
  assert.is(urlize(markSafe('a &amp; b')), 'a &amp; b');
  assert.is(urlize("<script>alert('foo')</script>", false), "<script>alert('foo')</script>");
  assert.is(urlize("<script>alert('foo')</script>"), '&lt;script&gt;alert(&#x27;foo&#x27;)&lt;/script&gt;');
  assert.is(urlize('Email me at me@example.com'), 'Email me at <a href="mailto:me@example.com">me@example.com</a>');
  assert.is(urlize('Email me at <me@example.com>'), 'Email me at &lt;<a href="mailto:me@example.com">me@example.com</a>&gt;');
  assert.is(urlize('http://example.com/?x=&amp;y=&lt;2&gt;', false), link('http://example.com/?x=&amp;y=%3C2%3E', 'http://example.com/?x=&amp;y=&lt;2&gt;'));
});

test('URLs, split characters, quoting, unicode, IDN as percent-encoded UTF-8, upper-case schemes', () => {
  assert.is(urlize('www.google.com'), link('http://www.google.com', 'www.google.com'));
  assert.is(urlize('djangoproject.org/'), link('http://djangoproject.org/', 'djangoproject.org/'));
  assert.is(urlize('www.server.com"abc'), `${link('http://www.server.com', 'www.server.com')}&quot;abc`);
  assert.is(urlize("www.server.com'abc"), `${link('http://www.server.com', 'www.server.com')}&#x27;abc`);
  assert.is(urlize('www.server.com<abc'), `${link('http://www.server.com', 'www.server.com')}&lt;abc`);
  assert.is(urlize('some.organization'), 'some.organization');
  assert.is(urlize('http://hi.baidu.com/%E9%87%8D%E6%96%B0%E5%BC%80%E5%A7%8B'), link('http://hi.baidu.com/%E9%87%8D%E6%96%B0%E5%BC%80%E5%A7%8B'));
  assert.is(urlize('www.mystore.com/30%OffCoupons!'), `${link('http://www.mystore.com/30%25OffCoupons', 'www.mystore.com/30%OffCoupons')}!`);
  assert.is(urlize('https://en.wikipedia.org/wiki/Café'), link('https://en.wikipedia.org/wiki/Caf%C3%A9', 'https://en.wikipedia.org/wiki/Café'));
  assert.is(urlize('http://ça.ws'), link('http://%C3%A7a.ws', 'http://ça.ws'));
  assert.is(urlize('info@ça.org'), '<a href="mailto:info@%C3%A7a.org">info@ça.org</a>');
  assert.is(urlize('HTTPS://github.com/'), link('https://github.com/', 'HTTPS://github.com/'));
  assert.is(urlize('usa.gov'), link('http://usa.gov', 'usa.gov'));
  for (const bad of ['http:///www.google.com', 'http://.google.com', 'http://@foo.com', 'email@.stream.ru']) assert.is(urlize(bad), bad);
  assert.is(urlize('http://192.168.0.15/api/9'), link('http://192.168.0.15/api/9'));
  assert.is(urlize('http://[2001:db8:cafe::2]/api/9'), link('http://[2001:db8:cafe::2]/api/9'));
  assert.is(urlize(123), '123');
  assert.is(urlize('foo@bar.com or www.bar.com'), `<a href="mailto:foo@bar.com">foo@bar.com</a> or ${link('http://www.bar.com', 'www.bar.com')}`);
});

test('wrapping and trailing punctuation, entities and semicolons', () => {
  assert.is(urlize('https://en.wikipedia.org/wiki/Django_(web_framework)'), link('https://en.wikipedia.org/wiki/Django_(web_framework)'));
  assert.is(urlize('(see https://en.wikipedia.org/wiki/Django_(web_framework))'), `(see ${link('https://en.wikipedia.org/wiki/Django_(web_framework)')})`);
  assert.is(urlize('(Go to http://www.example.com/foo.)'), `(Go to ${link('http://www.example.com/foo')}.)`);
  assert.is(urlize('A test http://testing.com/example..'), `A test ${link('http://testing.com/example')}..`);
  assert.is(urlize('A test http://testing.com/example!!!'), `A test ${link('http://testing.com/example')}!!!`);
  assert.is(urlize('A test http://testing.com/example.,:;)"!'), `A test ${link('http://testing.com/example')}.,:;)&quot;!`);
  assert.is(urlize('http://example.com?x=&amp;', false), link('http://example.com?x=', 'http://example.com?x=&amp;'));
  assert.is(urlize('http://example.com?x=&amp;;', false), `${link('http://example.com?x=', 'http://example.com?x=&amp;')};`);
  assert.is(urlize('http://example.com?x=&amp;;;', false), `${link('http://example.com?x=', 'http://example.com?x=&amp;')};;`);
  assert.is(urlize('[see www.example.com]'), `[see ${link('http://www.example.com', 'www.example.com')}]`);
  assert.is(urlize('see test[at[example.com'), 'see test[at[example.com', 'an invalid hostname (Django 5.1+)');
  assert.is(urlize('[http://168.192.0.1](http://168.192.0.1)'), `[${link('http://168.192.0.1](http://168.192.0.1)')}`);
  for (const [open, close, o, c] of [['(', ')', '(', ')'], ['<', '>', '&lt;', '&gt;'], ['[', ']', '[', ']'], ['"', '"', '&quot;', '&quot;'], ["'", "'", '&#x27;', '&#x27;']]) {
    assert.is(urlize(`${open}https://www.example.org/${close}`), `${o}${link('https://www.example.org/')}${c}`);
  }
  assert.is(urlize('before "hi@example.com" afterward', false), 'before "<a href="mailto:hi@example.com">hi@example.com</a>" afterward');
  assert.is(urlize('Email us at "hi@example.com", or phone us at +xx.yy', false), 'Email us at "<a href="mailto:hi@example.com">hi@example.com</a>", or phone us at +xx.yy');
  assert.is(urlize('Go to djangoproject.com! and enjoy.'), `Go to ${link('http://djangoproject.com', 'djangoproject.com')}! and enjoy.`);
  assert.is(urlize('Search for google.com/?q=! and see.'), `Search for ${link('http://google.com/?q=', 'google.com/?q=')}! and see.`);
  assert.is(urlize('Search for google.com/?q=dj!`?! and see.'), `Search for ${link('http://google.com/?q=dj%21%60%3F', 'google.com/?q=dj!`?')}! and see.`);
  assert.is(urlize('foo<a href=" google.com ">bar</a>buz'), `foo&lt;a href=&quot; ${link('http://google.com', 'google.com')} &quot;&gt;bar&lt;/a&gt;buz`);
  assert.is(urlize('foo<a href=" google.com ">bar</a>buz', false), `foo<a href=" ${link('http://google.com', 'google.com')} ">bar</a>buz`);
});

test("django.utils.html.urlize (no nofollow, no autoescape): entities before punctuation, IDNs and RFC 6068 mailto as Django's test_html", () => {
  const fa = 'www.\u0646\u0627\u0645\u0647\u200c\u0627\u06cc.com';
  const cases: [string, string][] = [
    ['Search for google.com/?q=! and see.', 'Search for <a href="http://google.com/?q=">google.com/?q=</a>! and see.'],
    ['Search for google.com/?q=1&lt! and see.', 'Search for <a href="http://google.com/?q=1%3C">google.com/?q=1&lt</a>! and see.'],
    ['http://www.foo.bar/', '<a href="http://www.foo.bar/">http://www.foo.bar/</a>'],
    [`Look on ${fa}.`, `Look on <a href="http://www.%D9%86%D8%A7%D9%85%D9%87%E2%80%8C%D8%A7%DB%8C.com">${fa}</a>.`],
    ['foo@example.com', '<a href="mailto:foo@example.com">foo@example.com</a>'],
    [`test@${'한.글.'.repeat(15)}aaa`, `<a href="mailto:test@${'%ED%95%9C.%EA%B8%80.'.repeat(15)}aaa">test@${'한.글.'.repeat(15)}aaa</a>`],
    ['yes+this=is&a%valid!email@example.com', '<a href="mailto:yes%2Bthis%3Dis%26a%25valid%21email@example.com">yes+this=is&a%valid!email@example.com</a>'],
    ['foo@faß.example.com', '<a href="mailto:foo@fa%C3%9F.example.com">foo@faß.example.com</a>'],
  ];
  for (const [input, want] of cases) assert.is(urlizeText(input, null, false, false), want, input);
});

test('inputs Django leaves unchanged, including its catastrophic-backtracking cases (each returns, unchanged)', () => {
  const inputs = [
    `a${'@a'.repeat(50_000)}a`, `a@${'한.글.'.repeat(200_000)}a`, `http://${'한.글.'.repeat(200_000)}com`, `www.${'한.글.'.repeat(200_000)}com`,
    `a${'.'.repeat(1_000_000)}a`, 'foo@', '@foo.com', 'foo@.example.com', 'foo@localhost', 'foo@localhost.', 'test@example?;+!.com',
    "email me@example.com,then I'll respond", `${'('.repeat(100_000)}:${')'.repeat(100_000)}`, `${'('.repeat(100_000)}&:${')'.repeat(100_000)}`,
    `${'(['.repeat(100_000)}:${'])'.repeat(100_000)}`, `${'[('.repeat(100_000)}:${')]'.repeat(100_000)}`, `${'([['.repeat(100_000)}:${']])'.repeat(100_000)}`,
    `&:${';'.repeat(100_000)}`, '&.;'.repeat(100_000), '.;'.repeat(100_000), `&${';:'.repeat(100_000)}`,
  ];
  for (const input of inputs) assert.ok(urlizeText(input, null, false, false) === input, input.slice(0, 30));
});

test('urlizetrunc trims the link text to the limit with an ellipsis', () => {
  // urlizetrunc01/02: unsafe and safe input, autoescape off and on.
  const a = '"Unsafe" http://example.com/x=&y=';
  const b = markSafe('&quot;Safe&quot; http://example.com?x=&amp;y=');
  const tail = `&quot;Safe&quot; ${link('http://example.com?x=&amp;y=', 'http://…')}`;
  for (const e of engines) {
    assert.is(e.fromString('{% autoescape off %}{{ a|urlizetrunc:"8" }} {{ b|urlizetrunc:"8" }}{% endautoescape %}').render({ a, b }), `"Unsafe" ${link('http://example.com/x=&amp;y=', 'http://…')} ${tail}`);
    assert.is(e.fromString('{{ a|urlizetrunc:"8" }} {{ b|urlizetrunc:"8" }}').render({ a, b }), `&quot;Unsafe&quot; ${link('http://example.com/x=&amp;y=', 'http://…')} ${tail}`);
  }
  assert.is(urlize('http://short.com/', true, 'urlizetrunc:20'), link('http://short.com/'));
  assert.is(urlize(123, true, 'urlizetrunc:1'), '123');
  const uri = 'http://31characteruri.com/test/';
  assert.is(urlize(uri, true, 'urlizetrunc:31'), link(uri));
  assert.is(urlize(uri, true, 'urlizetrunc:30'), link(uri, 'http://31characteruri.com/tes…'));
  assert.is(urlize(uri, true, 'urlizetrunc:1'), link(uri, '…'));
  assert.is(urlize('http://www.google.co.uk/search?hl=en&q=some+long+url&btnG=Search&meta=', true, 'urlizetrunc:20'),
    link('http://www.google.co.uk/search?hl=en&amp;q=some+long+url&amp;btnG=Search&amp;meta=', 'http://www.google.c…'));
  assert.is(urlize('foo<a href=" google.com ">bar</a>buz', true, 'urlizetrunc:9'), `foo&lt;a href=&quot; ${link('http://google.com', 'google.c…')} &quot;&gt;bar&lt;/a&gt;buz`);
});

test('URLIZE_ASSUME_HTTPS makes bare domains https', () => {
  const s = settings as unknown as Record<string, unknown>;
  s.URLIZE_ASSUME_HTTPS = true;
  try {
    assert.is(urlize('www.example.com'), link('https://www.example.com', 'www.example.com'));
  } finally {
    delete s.URLIZE_ASSUME_HTTPS;
  }
});

test("smart_urlquote and html.unescape as Python's", () => {
  assert.is(smartUrlquote('http://a.com/x?a=1&&b=%2B+c;d#'), 'http://a.com/x?a=1&b=%2B+c%3Bd');
  assert.is(smartUrlquote('http://[::1/'), 'http://[::1/', 'a malformed bracketed host: the whole URL quoted');
  assert.is(smartUrlquote('http://a.com/%E9'), 'http://a.com/%EF%BF%BD');
  assert.is(htmlUnescape('&amp;&lt;&#39;&#x27;&#128;&#0;&ampx;&copy2&bogus;&apos;&hellip;'), "&<''\u20ac\ufffd&x;\u00a92&bogus;'\u2026");
});

test.run();
