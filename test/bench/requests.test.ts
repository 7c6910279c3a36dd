import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mix, missesEverywhere, missFor, pathFor, prng } from '../../bench/router/requests';
import { allMatches, fromColon, params, referenceResolver, toColon, toRegExp } from '../../bench/router/route';
import { GITHUB_API, github } from '../../bench/router/routes/github';
import { django } from '../../bench/router/routes/django';
import { djangoMix, githubMix } from '../../bench/router/cases';

test('the PRNG is deterministic per seed', () => {
  const a = prng(42);
  const b = prng(42);
  const c = prng(43);
  const xs = Array.from({ length: 5 }, a);
  assert.equal(xs, Array.from({ length: 5 }, b));
  assert.not.equal(xs, Array.from({ length: 5 }, c));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test('the mixes are deterministic, 1,000 requests, about 5% misses', () => {
  assert.equal(mix(github, { count: 1000, seed: 0x5eed, missRate: 0.05, weight: (r) => (r.startsWith('repos/') ? 3 : 1) }), githubMix);
  for (const [set, paths] of [[github, githubMix], [django, djangoMix]] as const) {
    assert.is(paths.length, 1000);
    const resolve = referenceResolver(set);
    const misses = paths.filter((p) => resolve(p) === null).length;
    assert.ok(misses > 20 && misses < 90, `${set.name}: ${misses} misses`);
    assert.ok(new Set(paths).size > 400, `${set.name}: too few distinct paths`);
  }
});

test('the GitHub set: the 203-route list, 142 distinct paths, converted both ways', () => {
  assert.is(GITHUB_API.length, 203);
  assert.is(github.routes.length, 142);
  assert.is(fromColon('/repos/:owner/:repo/issues/:number'), 'repos/<str:owner>/<str:repo>/issues/<str:number>');
  for (const [, path] of GITHUB_API) assert.is(toColon(fromColon(path)), path);
  assert.is(toColon('articles/<int:year>/<slug:slug>/'), '/articles/:year/:slug/');
  assert.equal(params('articles/<int:year>/<slug:slug>/'), [{ name: 'year', converter: 'int' }, { name: 'slug', converter: 'slug' }]);
  assert.throws(() => toRegExp('a/<float:x>/'), /unsupported converter 'float'/);
});

test('each route has a path of its own; a path matched by several routes goes to the first declared, the static one', () => {
  for (const set of [github, django]) {
    const rand = prng(1);
    set.routes.forEach((route, id) => {
      for (let k = 0; k < 5; k++) {
        const path = pathFor(set, id, rand);
        const matches = allMatches(set, path);
        assert.is(matches[0], id, `${set.name}: ${path} should resolve to '${route}', resolves to '${set.routes[matches[0]]}'`);
        // A shadowed route must have a parameter where the winner has a literal.
        for (const other of matches.slice(1)) assert.ok(params(set.routes[other]).length > params(route).length, `${path}: '${set.routes[other]}'`);
      }
    });
  }
});

test('int values have no leading zero (Number() then String() gives them back)', () => {
  const rand = prng(3);
  for (let i = 0; i < 200; i++) {
    const p = pathFor(django, django.routes.indexOf('articles/<int:year>/<int:month>/'), rand);
    for (const n of p.split('/').filter(Boolean).slice(1)) assert.is(String(Number(n)), n);
  }
});

test('misses miss everywhere: typed or not, with or without a trailing slash', () => {
  for (const set of [github, django]) {
    const rand = prng(5);
    const untyped = referenceResolver(set, false);
    for (let i = 0; i < 200; i++) {
      const miss = missFor(set, rand);
      assert.ok(missesEverywhere(set, miss), miss);
      assert.is(untyped(miss), null);
      assert.is(untyped(miss.endsWith('/') ? miss.slice(0, -1) : miss + '/'), null);
    }
  }
  assert.not.ok(missesEverywhere(django, '/articles/twenty/'), 'a typed miss is not a miss for the peers');
  assert.not.ok(missesEverywhere(django, '/polls'), 'a slash away from a route is not a miss for rou3');
});

test.run();
