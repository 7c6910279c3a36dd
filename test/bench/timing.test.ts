import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freshLoop, requestBuffer, reusedLoop, stringsOnlyLoop, time } from '../../bench/router/timing';
import { netOps, ratios, summaryTable } from '../../bench/router/report';

const paths = ['/users/', '/a/é/', '/repos/nodejs/node/issues/1'];

test('the fresh loop hands the router exactly the paths, sliced out of the request buffer', () => {
  const seen: string[] = [];
  const run = freshLoop((p) => seen.push(p), requestBuffer(['/users/', '/repos/nodejs/node/issues/1']));
  assert.is(run(), 2);
  assert.equal(seen, ['/users/', '/repos/nodejs/node/issues/1']);
  assert.is(stringsOnlyLoop(requestBuffer(['/ab', '/cde'])).call(null), 7);
});

test('the reused loop counts hits', () => {
  assert.is(reusedLoop((p) => (p.startsWith('/users') ? {} : null), paths)(), 1);
});

test('time() measures per lookup', async () => {
  const [t] = await time([{ name: 'x', run: reusedLoop(() => 1, paths) }], paths.length, { time: 20, warmupTime: 5 });
  assert.is(t.name, 'x');
  assert.ok(t.ns > 0 && t.ops > 0);
});

test('ratios compare with the fastest peer, never with ourselves, net of string production', () => {
  const timings = [
    { name: 'ours', ns: 50, ops: 2e7, rme: 1 },
    { name: 'fast peer', ns: 100, ops: 1e7, rme: 1 },
    { name: 'slow peer', ns: 200, ops: 5e6, rme: 1 },
  ];
  const r = ratios({ name: 'c', timings, peers: ['fast peer', 'slow peer'] });
  assert.is(r.fastest, 'fast peer');
  assert.is(r.ratio.get('ours'), 2);
  assert.is(r.ratio.get('slow peer'), 0.5);
  const net = ratios({ name: 'c', timings, peers: ['fast peer', 'slow peer'], stringNs: 40 });
  assert.is(net.ratio.get('ours'), 6);
  assert.is(netOps(timings[1], 40), 1e9 / 60);
  assert.match(summaryTable([{ name: 'c', timings, peers: ['fast peer', 'slow peer'] }], ['ours', 'fast peer', 'slow peer', 'absent']), /\| c +\| +fast peer \| +2\.00x \| +1\.00x \| +0\.50x \| +— \|/);
});

test.run();
