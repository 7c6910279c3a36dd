// The real contenders on the real route sets (needs `npm run build`: Manouche is loaded from dist/).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTENDERS } from '../../bench/router/contenders/index';
import { buildContenders, checkAgreement, checkContenders } from '../../bench/router/check';
import { CASES } from '../../bench/router/cases';
import { github } from '../../bench/router/routes/github';
import { django } from '../../bench/router/routes/django';
import { missFor, pathFor, prng } from '../../bench/router/requests';
import type { RouteSet } from '../../bench/router/route';

function sample(set: RouteSet): string[] {
  const rand = prng(7);
  const paths = set.routes.map((_, id) => pathFor(set, id, rand));
  for (let i = 0; i < 100; i++) paths.push(missFor(set, rand));
  return [...paths, ...CASES.filter((c) => c.set === set).flatMap((c) => c.paths.slice(0, 200))];
}

test('every contender agrees with the reference on the GitHub set; hono RegExpRouter takes it', () => {
  const { contenders, refused } = buildContenders(CONTENDERS, github);
  assert.equal(refused, []);
  assert.is(contenders.length, CONTENDERS.length);
  checkContenders(contenders);
  checkAgreement(github, contenders, sample(github));
});

test('every contender agrees on the Django set; hono RegExpRouter refuses it and is reported', () => {
  const { contenders, refused } = buildContenders(CONTENDERS, django);
  assert.equal(refused.map((r) => r.name), ['hono RegExpRouter']);
  assert.match(refused[0].reason, /refuses the 'django' route set/);
  checkContenders(contenders);
  checkAgreement(django, contenders, sample(django));
});

test('the contenders are distinct modules, Manouche from this build', () => {
  const { contenders } = buildContenders(CONTENDERS, github);
  const ours = contenders.find((c) => c.ours)!;
  assert.is(ours.name, 'manouche');
  assert.ok(ours.source.endsWith('/dist/index.js') && !ours.source.includes('node_modules'), ours.source);
  for (const c of contenders.filter((x) => !x.ours)) assert.ok(c.source.includes('/node_modules/'), `${c.name}: ${c.source}`);
});

test('semantics: only Manouche refuses a value its converter rejects', () => {
  const { contenders } = buildContenders(CONTENDERS, django);
  const path = '/articles/twenty/3/hello/';
  for (const c of contenders) {
    const found = c.normalize(c.lookup(path));
    if (c.ours) assert.is(found, null);
    else assert.equal(found?.params, { year: 'twenty', month: '3', slug: 'hello' }, c.name);
  }
});

test.run();
