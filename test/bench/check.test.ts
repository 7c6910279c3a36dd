import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildContenders, checkAgreement, checkContenders, checkKind, HarnessError } from '../../bench/router/check';
import { referenceResolver, type RouteSet } from '../../bench/router/route';
import type { Contender } from '../../bench/router/contender';

const set: RouteSet = {
  name: 'tiny',
  routes: ['users/', 'users/me/', 'users/<str:username>/', 'articles/<int:year>/<slug:slug>/'],
};
const paths = ['/users/', '/users/me/', '/users/ada/', '/articles/2024/hello-world/', '/nope/', '/articles/x/y/'];

/** A correct contender: the reference itself, under a name and a source of its own. */
function honest(name: string, source = `file:///${name}.js`, ours = false): Contender {
  const resolve = referenceResolver(set);
  return { name, source, ours, lookup: (p) => resolve(p), normalize: (a) => a as ReturnType<typeof resolve> };
}

function failsWith(fn: () => void, ...needles: string[]): void {
  try {
    fn();
  } catch (error) {
    assert.instance(error, HarnessError);
    for (const needle of needles) assert.ok((error as Error).message.includes(needle), `message lacks '${needle}':\n${(error as Error).message}`);
    return;
  }
  assert.unreachable('no HarnessError');
}

test('correct contenders pass the agreement check', () => {
  checkAgreement(set, [honest('a', undefined, true), honest('b')], paths);
});

test('a contender answering another route is caught, named, with the path', () => {
  const broken: Contender = { ...honest('broken'), lookup: (p) => (p === '/users/me/' ? { route: 2, params: { username: 'me' } } : referenceResolver(set)(p)) };
  failsWith(() => checkAgreement(set, [honest('ok', undefined, true), broken], paths), 'broken', '/users/me/', "route 1 'users/me/'", '1 of 6');
});

test('a wrong or missing parameter is caught', () => {
  const wrongValue: Contender = {
    ...honest('wrong-value'),
    normalize: (a) => (a && (a as { route: number }).route === 2 ? { route: 2, params: { username: 'bob' } } : (a as null)),
  };
  const dropped: Contender = {
    ...honest('dropped'),
    normalize: (a) => (a && (a as { route: number }).route === 3 ? { route: 3, params: { year: '2024' } } : (a as null)),
  };
  failsWith(() => checkAgreement(set, [wrongValue], paths), 'wrong-value', '/users/ada/');
  failsWith(() => checkAgreement(set, [dropped], paths), 'dropped', '/articles/2024/hello-world/');
});

test('a contender that finds what should miss, or misses what should be found, is caught', () => {
  const greedy: Contender = { ...honest('greedy'), lookup: (p) => referenceResolver(set)(p) ?? { route: 0, params: {} } };
  const lazy: Contender = { ...honest('lazy'), lookup: () => null };
  failsWith(() => checkAgreement(set, [greedy], paths), 'greedy', '/nope/', 'expected not found');
  failsWith(() => checkAgreement(set, [lazy], paths), 'lazy', 'got not found');
});

test('a contender ignoring converters is caught on a typed miss', () => {
  const untyped = referenceResolver(set, false);
  const loose: Contender = { ...honest('loose'), lookup: (p) => untyped(p) };
  failsWith(() => checkAgreement(set, [loose], paths), 'loose', '/articles/x/y/');
});

test('a contender that throws is reported, not fatal to the report', () => {
  const thrower: Contender = { ...honest('thrower'), lookup: () => { throw new Error('boom'); } };
  failsWith(() => checkAgreement(set, [honest('ok'), thrower], paths), 'thrower', 'threw boom');
});

test('two contenders loading the same code are refused (a benchmark against itself)', () => {
  failsWith(() => checkContenders([honest('ours', 'file:///same.js', true), honest('peer', 'file:///same.js')]), 'load the same code', 'ours', 'peer');
});

test('duplicate names, no contender of ours, two of ours, or no peer are refused', () => {
  failsWith(() => checkContenders([honest('x', 'file:///1', true), honest('x', 'file:///2')]), "named 'x'");
  failsWith(() => checkContenders([honest('a'), honest('b')]), 'exactly one contender of ours');
  failsWith(() => checkContenders([honest('a', 'file:///a', true), honest('b', 'file:///b', true)]), 'exactly one contender of ours');
  failsWith(() => checkContenders([honest('a', 'file:///a', true)]), 'no peer');
});

test("a case's paths must all hit or all miss, as the case says", () => {
  checkKind(set, 'not found', ['/nope/'], 'miss');
  failsWith(() => checkKind(set, 'not found', ['/nope/', '/users/'], 'miss'), "'/users/' should miss");
  failsWith(() => checkKind(set, 'static', ['/nope/'], 'hit'), "'/nope/' should match");
});

test('a router refusing a route set is reported by buildContenders, the others are built', () => {
  const { contenders, refused } = buildContenders(
    [
      { name: 'fine', build: () => honest('fine') },
      { name: 'picky', build: () => { throw new Error('cannot place /users/:username/'); } },
    ],
    set,
  );
  assert.equal(contenders.map((c) => c.name), ['fine']);
  assert.equal(refused, [{ name: 'picky', reason: 'cannot place /users/:username/' }]);
});

test.run();
