import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { include, path, rePath, resolve, getResolver, Resolver404 } from '../../src/index';
import { CompiledURLconf } from '../../src/urls/resolver';
import { view } from './helpers';

const urls = [
  path('', view('home')),
  path('static/<path:file>', view('static')),
  path('a/<str:x>/', view('str')),
  path('n/<int:x>/', view('int')),
  path('deep/', include([path('<path:a>/<path:b>/<int:c>/end/', view('three'))])),
  rePath('^re/(?P<rest>.*)$', view('re')),
];
const resolver = getResolver(urls);

function outcome(p: string): string {
  const m = resolver.match(p);
  return m === null ? '404' : `${m.func.name} ${JSON.stringify(m.kwargs)}`;
}

test('percent-escapes are matched literally (the HTTP layer decodes before resolving, as Django)', () => {
  assert.is(outcome('/a/%2F/'), 'str {"x":"%2F"}');
  assert.is(outcome('/a/caf%C3%A9/'), 'str {"x":"caf%C3%A9"}');
});

test('non-ASCII, NUL bytes and dot segments resolve or miss cleanly', () => {
  assert.is(outcome('/a/\u0000/'), 'str {"x":"\\u0000"}');
  assert.is(outcome('/a/ü\u0000ü/'), 'str {"x":"ü\\u0000ü"}');
  assert.is(outcome('/static/../../etc/passwd'), 'static {"file":"../../etc/passwd"}');
  assert.is(outcome('/a/../'), 'str {"x":".."}');
  assert.is(outcome('/n/١٢/'), '404'); // Arabic-Indic digits are not [0-9]
  assert.is(outcome('/a/\ud83d\ude00/'), 'str {"x":"😀"}');
  assert.is(outcome('/a/\ud800/'), 'str {"x":"�"}'); // a lone surrogate arrives as U+FFFD, like any UTF-8 decoder gives it
  assert.is(outcome(''), '404');
  assert.is(outcome('no-slash'), '404');
});

test('100 KB of text and 10,000 segments resolve or miss without a hang', () => {
  const big = 'x'.repeat(100_000);
  assert.is(outcome('/a/' + big + '/'), `str {"x":"${big}"}`);
  assert.is(outcome('/' + big), '404');
  const segments = Array.from({ length: 10_000 }, (_, i) => `s${i}`).join('/');
  assert.is(outcome('/static/' + segments), `static {"file":"${segments}"}`);
  assert.is(outcome('/deep/' + segments + '/'), '404');
  assert.is(outcome('/deep/' + segments + '/1/end/'), `three {"a":"${segments.slice(0, segments.lastIndexOf('/'))}","b":"s9999","c":1}`);
  // Backtracking over three path converters on a path that cannot match.
  assert.is(outcome('/deep/' + '/'.repeat(10_000) + 'x/end/'), '404');
  assert.is(outcome('/deep/' + 'a/'.repeat(5_000) + '\n/1/end/'), '404');
  assert.is(outcome('/re/' + big), `re {"rest":"${big}"}`);
});

test('a lookup after a huge path still matches short ones (the scratch region grew once)', () => {
  outcome('/a/' + 'y'.repeat(200_000) + '/');
  assert.is(outcome('/n/7/'), 'int {"x":7}');
});

test('resolve() refuses a non-string path with a TypeError', () => {
  assert.throws(() => resolve(42 as never, urls), (e: unknown) => e instanceof TypeError);
  assert.throws(() => resolve(undefined as never, urls), (e: unknown) => e instanceof TypeError);
});

test('an empty URLconf misses everything', () => {
  const empty = new CompiledURLconf([]);
  assert.is(empty.match('/'), null);
  assert.throws(() => empty.resolve('/x/'), (e: unknown) => e instanceof Resolver404);
  empty.free();
});

test.run();
