// Row readers (src/db/sql/hydrate.ts): the generated reader and the
// interpreted one (used where `new Function` is refused) build the same
// instances, from any offset in a row, for every converter, with deferred
// fields, and through real queries on both backends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BinaryField, BooleanField, CASCADE, CharField, DateField, DateTimeField, DecimalField, DurationField, FloatField, ForeignKey, IntegerField, JSONField, TimeField, UUIDField, defineModel,
} from '../../src/db/index';
import { setGeneratedReaders } from '../../src/db/sql/compiler';
import { generatedHydrator, hydrateSpec, hydrator, interpretedHydrator } from '../../src/db/sql/hydrate';
import { DEFERRED } from '../../src/db/models/state';
import { dbSuite } from './harness';

const Maker = defineModel('hy.Maker', { name: CharField({ maxLength: 20 }) });
const Thing = defineModel('hy.Thing', {
  maker: ForeignKey(() => Maker, { onDelete: CASCADE, null: true }),
  name: CharField({ maxLength: 20 }),
  n: IntegerField({ null: true }),
  f: FloatField({ null: true }),
  price: DecimalField({ maxDigits: 8, decimalPlaces: 2, null: true }),
  ok: BooleanField({ null: true }),
  day: DateField({ null: true }),
  at: DateTimeField({ null: true }),
  time: TimeField({ null: true }),
  took: DurationField({ null: true }),
  data: JSONField({ null: true }),
  blob: BinaryField({ null: true }),
  uid: UUIDField({ null: true }),
});

// Own enumerable properties and the symbols a reader sets, as plain data.
function snapshot(o: any): unknown {
  const own: Record<string, unknown> = {};
  for (const k of Object.keys(o)) own[k] = o[k] instanceof Date ? `Date(${o[k].getTime()})` : o[k] instanceof Uint8Array ? [...o[k]] : o[k];
  return { proto: Object.getPrototypeOf(o) === Thing.prototype, own, deferred: o[DEFERRED] ?? null };
}

test('the generated and the interpreted reader build the same instance, from any offset, on both dialects', () => {
  const opts = Thing._meta;
  for (const dialect of [0, 1] as const) {
    const values = dialect === 0
      ? [7, 3, 'x', 5, 1.5, '12.50', 1, '2024-01-02', '2024-01-02 03:04:05.000', '10:11:12', 3600000, '{"a":[1]}', new Uint8Array([1, 2]), '0b1d...']
      : [7, 3, 'x', 5, 1.5, '12.50', true, '2024-01-02', new Date('2024-01-02T03:04:05Z'), '10:11:12', '01:00:00', { a: [1] }, new Uint8Array([1, 2]), '0b1d...'];
    const nulls = values.map((v, i) => (i < 3 ? v : null));
    for (const fields of [opts.fields, opts.fields.filter((f) => ['id', 'name', 'at'].includes(f.name))]) {
      const spec = hydrateSpec(opts, dialect, fields);
      const generated = generatedHydrator(spec);
      assert.ok(generated, 'new Function is allowed here');
      const interpreted = interpretedHydrator(spec);
      for (const row of [values, nulls]) {
        const picked = fields.map((f) => row[opts.fields.indexOf(f)]);
        for (const at of [0, 4]) {
          const padded = [...Array(at).fill('pad'), ...picked, 'tail'];
          assert.equal(snapshot(generated!(padded, at)), snapshot(interpreted(padded, at)), `dialect ${dialect}, ${fields.length} fields, offset ${at}`);
        }
      }
      assert.is(generated!(values.slice(0, fields.length), 0) instanceof Thing, true);
    }
  }
});

test('names are quoted as keys, never spliced into the generated code', () => {
  const spec = { proto: Object.prototype, attnames: ['a"b', "c'); throw 1; ('", 'd\\e'], convs: [null, (v: any) => v * 2, null], deferred: null };
  const read = generatedHydrator(spec)!;
  assert.equal({ ...read([1, 2, 3], 0) }, { 'a"b': 1, "c'); throw 1; ('": 4, 'd\\e': 3 });
  assert.equal({ ...read([1, 2, 3], 0) }, { ...interpretedHydrator(spec)([1, 2, 3], 0) });
});

test.run();

dbSuite('row readers', [Maker, Thing], (t) => {
  t('queries read the same instances with either reader', async () => {
    const m = await Maker.objects.create({ name: 'm' });
    await Thing.objects.create({ maker: m, name: 'full', n: 5, f: 1.5, price: '12.50', ok: true, day: '2024-01-02', at: new Date('2024-01-02T03:04:05Z'), time: '10:11:12', took: 3600000, data: { a: [1] }, blob: new Uint8Array([1, 2]), uid: '0b1d3a4e-0f6d-4e0c-9d7a-5c2b6f1e9a01' });
    await Thing.objects.create({ name: 'empty' });
    const read = async () => [
      (await Thing.objects.orderBy('name')).map(snapshot),
      (await Thing.objects.only('name', 'at').orderBy('name')).map(snapshot),
      (await Thing.objects.selectRelated('maker').orderBy('name')).map((t: any) => [snapshot(t), t.maker === null ? null : { ...t.maker }]),
    ];
    const previous = setGeneratedReaders(true);
    try {
      const generated = await read();
      assert.is(hydrator(Thing._meta, 0).name, 'hydrate');
      setGeneratedReaders(false);
      const interpreted = await read();
      assert.equal(generated, interpreted);
      // the switch took effect: the model's reader is the interpreted loop now
      assert.is.not(hydrator(Thing._meta, 0).name, 'hydrate');
      assert.is((generated[0] as any[]).length, 2);
    } finally {
      setGeneratedReaders(previous);
    }
  });
});

dbSuite('row readers keep nothing', [Maker, Thing], (t) => {
  t('a selectRelated reader (cached with its statement) holds no row after reading it', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const m = await Maker.objects.create({ name: 'kept?' });
    await Thing.objects.create({ maker: m, name: 'row' });
    const refs = await (async () => {
      const rows = await Thing.objects.selectRelated('maker').orderBy('name');
      assert.is(rows.length, 1);
      return [new WeakRef(rows[0] as object), new WeakRef((rows[0] as any).maker as object)];
    })();
    // The same query again: its compiled statement (and reader) come from the cache.
    assert.is((await Thing.objects.selectRelated('maker').filter({ name: 'nope' })).length, 0);
    for (let i = 0; i < 3 && refs.some((r) => r.deref() !== undefined); i++) {
      await new Promise((r) => setTimeout(r, 0));
      gc();
    }
    assert.equal(refs.map((r) => r.deref() === undefined), [true, true], 'the instances were collected');
  });
});
