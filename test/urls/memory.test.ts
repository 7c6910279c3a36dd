import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { include, path, rePath } from '../../src/index';
import { CompiledURLconf } from '../../src/urls/resolver';
import { memorySize } from '../../src/wasm/memory';
import { view } from './helpers';

const urls = [
  path('', view('home')),
  path('articles/<int:year>/<int:month>/<slug:slug>/', view('article')),
  path('polls/', include({ appName: 'polls', urlpatterns: [path('<int:id>/', view('detail')), path('<int:id>/vote/', view('vote'))] })),
  path('files/<path:p>', view('files')),
  rePath('^legacy/(\\d+)/$', view('legacy')),
];

test('linear memory does not grow over 1,000,000 lookups', () => {
  const resolver = new CompiledURLconf(urls);
  const paths = ['/', '/articles/2024/11/hello/', '/polls/3/vote/', '/files/a/b/c', '/legacy/12/', '/missing/', '/polls/99999999999999999999/'];
  for (const p of paths) resolver.match(p); // warm up: the scratch region reaches its size
  const before = memorySize();
  let hits = 0;
  for (let i = 0; i < 1_000_000; i++) if (resolver.match(paths[i % paths.length]) !== null) hits++;
  assert.is(memorySize(), before);
  assert.is(hits, Math.floor(1_000_000 / 7) * 5 + Math.min(1_000_000 % 7, 5));
  resolver.free();
});

test('compiling and freeing tables does not leak linear memory', () => {
  const sizes: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 200; i++) new CompiledURLconf(urls).free();
    sizes.push(memorySize());
  }
  assert.is(sizes[4], sizes[1]);
});

test.run();
