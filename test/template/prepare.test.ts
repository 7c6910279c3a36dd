// prepareContext() (src/template/prepare.ts): the async step before a
// render with a request, told which names the template may read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Liquid } from 'liquidjs';
import { Engine } from '../../src/template/engine';
import { LiquidBackend } from '../../src/template/index';
import { prepareContext } from '../../src/template/prepare';

function recorder() {
  const calls: string[][] = [];
  const processor = Object.assign(() => ({}), {
    prepare: (_request: unknown, uses: (name: string) => boolean) => void calls.push(['user', 'perms', 'title'].filter(uses)),
  });
  return { calls, processor };
}

test('a DTL template: each processor with a prepare step is told the names the template may read', async () => {
  const { calls, processor } = recorder();
  const engine = new Engine({ contextProcessors: [processor], templates: { 't.html': '{{ title }}{{ user }}' } });
  await prepareContext(engine.getTemplate('t.html'), {});
  await prepareContext(engine.fromString('{% include name %}'), {});
  assert.equal(calls, [['user', 'title'], ['user', 'perms', 'title']]);
});

test('no request: nothing to prepare (processors only run with a request)', async () => {
  const { calls, processor } = recorder();
  const engine = new Engine({ contextProcessors: [processor], templates: { 't.html': '{{ user }}' } });
  await prepareContext(engine.getTemplate('t.html'), undefined);
  assert.equal(calls, []);
});

test('a Liquid template: its backend\'s processors are prepared for every name (no analysis)', async () => {
  const { calls, processor } = recorder();
  const backend = new LiquidBackend(new Liquid({ templates: { 'x.liquid': '{{ title }}' } }), [processor]);
  await prepareContext(backend.getTemplate('x.liquid'), {});
  assert.equal(calls, [['user', 'perms', 'title']]);
});

test.run();
