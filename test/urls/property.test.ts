import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { include, path, type URLEntry } from '../../src/index';
import { CompiledURLconf } from '../../src/urls/resolver';
import { referenceResolve, type RefNode } from './reference';
import { view } from './helpers';

const LITERALS = ['a', 'b', 'ab', '/', 'a/', '-', 'x1', 'é', '1', '.'];
const CONVERTERS = ['int', 'str', 'slug', 'path', 'uuid'];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...LITERALS).map((text) => ({ text })) },
  { weight: 2, arbitrary: fc.constantFrom(...CONVERTERS).map((conv) => ({ conv })) },
);
const route = fc.array(piece, { maxLength: 4 }).map((pieces) => {
  let n = 0;
  return pieces.map((p) => ('text' in p ? p.text : `<${p.conv}:p${n++}>`)).join('');
});

type Shape = { route: string; children?: Shape[] };
const { node } = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    route.map((r) => ({ route: r })),
    fc.record({ route, children: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  ),
}));
const table = fc.array(node, { minLength: 1, maxLength: 6 });

// Paths over a small alphabet, so that they often hit the routes above.
const pathText = fc
  .array(fc.constantFrom('a', 'b', '/', '1', '2', '-', 'é', 'x', '\n', '0', 'f', '.', '日'), { maxLength: 14 })
  .map((chars) => chars.join(''));
const paths = fc.array(fc.oneof({ weight: 5, arbitrary: pathText.map((p) => '/' + p) }, { weight: 1, arbitrary: pathText }), {
  minLength: 1,
  maxLength: 12,
});

function build(shapes: Shape[], counter = { n: 0 }): { entries: URLEntry[]; ref: RefNode[] } {
  const entries: URLEntry[] = [];
  const ref: RefNode[] = [];
  for (const shape of shapes) {
    if (shape.children === undefined) {
      const name = `v${counter.n++}`;
      entries.push(path(shape.route, view(name)));
      ref.push({ route: shape.route, view: name });
    } else {
      const inner = build(shape.children, counter);
      entries.push(path(shape.route, include(inner.entries)));
      ref.push({ route: shape.route, children: inner.ref });
    }
  }
  return { entries, ref };
}

/** Builds a path from a table's routes, filling parameters with plausible values. */
function hitFor(shapes: Shape[], pick: number[], fill: string[]): string {
  let out = '/';
  let level: Shape[] | undefined = shapes;
  let i = 0;
  while (level && level.length) {
    const shape: Shape = level[pick[i % pick.length] % level.length];
    out += shape.route.replace(/<(\w+):\w+>/g, (_, conv: string) => {
      const f = fill[i++ % fill.length];
      if (conv === 'int') return String(f.length * 7);
      if (conv === 'uuid') return '075194d3-6885-417e-a8a8-6c931e272f00';
      if (conv === 'slug') return f.replace(/[^-a-zA-Z0-9_]/g, '') || 's';
      return f.replace(conv === 'str' ? /\//g : /\n/g, '') || 'z';
    });
    level = shape.children;
  }
  return out;
}

test('resolve() agrees with the reference resolver on random tables and paths', () => {
  fc.assert(
    fc.property(
      table,
      paths,
      fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
      fc.array(pathText, { minLength: 1, maxLength: 4 }),
      (shapes, candidates, pick, fill) => {
        const { entries, ref } = build(shapes);
        const resolver = new CompiledURLconf(entries);
        try {
          for (const p of [...candidates, hitFor(shapes, pick, fill)]) {
            const got = resolver.match(p);
            const want = referenceResolve(ref, p);
            const actual = got === null ? null : { view: got.func.name, kwargs: got.kwargs };
            assert.equal(actual, want, `path ${JSON.stringify(p)} on ${JSON.stringify(shapes)}`);
          }
        } finally {
          resolver.free();
        }
      },
    ),
    { numRuns: 400 },
  );
});

test('the reference resolver itself tells matches apart (so agreement means something)', () => {
  const ref: RefNode[] = [{ route: '<int:a>/', view: 'int' }, { route: 'x/', children: [{ route: '<slug:s>', view: 'slug' }] }];
  assert.equal(referenceResolve(ref, '/12/'), { view: 'int', kwargs: { a: 12 } });
  assert.equal(referenceResolve(ref, '/x/a-b'), { view: 'slug', kwargs: { s: 'a-b' } });
  assert.is(referenceResolve(ref, '/x/a.b'), null);
  assert.is(referenceResolve(ref, '12/'), null);
});

test.run();
