// F() arithmetic with plain values over integer, float and decimal fields, in
// update(), annotate() and filter(), on both backends. PostgreSQL types an
// untyped parameter from its context (`integer * $1` makes 0.5 an integer), so
// values in expressions are cast to their field's db type as Django's output
// fields say (int: integer, float: double precision, decimal text: numeric).
import * as assert from 'uvu/assert';
import { FieldError } from '../../src/core/exceptions';
import { F, Value } from '../../src/db/index';
import { dbSuite, rejects } from './harness';
import { ALL, Author, Book } from './models';

type Op = 'add' | 'sub' | 'mul' | 'div' | 'mod';
const OPS: Op[] = ['add', 'sub', 'mul', 'div', 'mod'];

// Each field with its stored value and the operands it is combined with.
const FIELDS = [
  { model: Author, field: 'age', start: 10, integer: true, operands: [3, 0.5, '1.10'] },
  { model: Book, field: 'rating', start: 2.5, integer: false, operands: [2, 0.5, '1.10'] },
  { model: Book, field: 'price', start: 2.5, integer: false, operands: [2, 0.5, '1.10'] },
] as const;

/** What the database computes: SQL's integer division when both sides are integers. */
function expected(a: number, op: Op, b: number, integers: boolean): number {
  if (op === 'add') return a + b;
  if (op === 'sub') return a - b;
  if (op === 'mul') return a * b;
  if (op === 'div') return integers ? Math.trunc(a / b) : a / b;
  return a % b;
}

const near = (actual: unknown, want: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(Number(actual) - want) <= tolerance, `${what}: got ${String(actual)}, expected ${want}`);

dbSuite('F() arithmetic with values', ALL, (test) => {
  const seed = async () => {
    const a = await Author.objects.create({ name: 'A', age: 10 });
    await Book.objects.create({ author: a, title: 'B', rating: 2.5, price: '2.50' });
  };

  for (const { model, field, start, integer, operands } of FIELDS) {
    for (const op of OPS) {
      for (const x of operands) {
        // SQL's % is defined for integers (SQLite truncates its operands, PostgreSQL has no double precision %)
        if (op === 'mod' && !(integer && typeof x === 'number' && Number.isInteger(x))) continue;
        const integers = integer && typeof x === 'number' && Number.isInteger(x);
        const want = expected(start, op, Number(x), integers);
        const name = `F('${field}').${op}(${JSON.stringify(x)})`;
        test(`${name} in annotate(), filter() and update()`, async () => {
          await seed();
          const qs = (model as any).objects;
          const expr = () => (F(field) as any)[op](x);
          // annotate(): the value computed in SQL
          const [row] = await qs.annotate({ r: expr() }).values('r');
          near(row.r, want, 1e-9, `${name} annotated`);
          // filter(): the column against the expression, both ways
          assert.is(await qs.filter({ [`${field}__lt`]: expr() }).count(), start < want ? 1 : 0, `${name} __lt`);
          assert.is(await qs.filter({ [`${field}__gte`]: expr() }).count(), start >= want ? 1 : 0, `${name} __gte`);
          // update(): written back into the column (an integer column only gets integral results)
          if (integer && !Number.isInteger(want)) return;
          assert.is(await qs.update({ [field]: expr() }), 1);
          const [after] = await qs.valuesList(field, { flat: true });
          near(after, want, field === 'price' ? 0.005 : 1e-9, `${name} updated`);
        });
      }
    }
  }

  test('bad input: text in arithmetic is a FieldError naming the operator and the value; nothing is written', async () => {
    await seed();
    await rejects(async () => Author.objects.annotate({ r: F('age').add('abc') }).fetch(), FieldError, /Cannot infer type of '\+' expression involving the text "abc"/);
    await rejects(() => Author.objects.update({ age: F('age').mul("1; DROP TABLE qt_author") }), FieldError, /'\*' expression involving the text "1; DROP TABLE qt_author"/);
    await rejects(() => Author.objects.filter({ age__gt: F('age').div(Value('x')) }).count(), FieldError, /'\/'/);
    assert.equal(await Author.objects.valuesList('age', { flat: true }), [10]);
  });

  test('Value() alone and inside Case-free expressions keeps its type on PostgreSQL', async () => {
    await seed();
    const [row] = await Author.objects.annotate({ n: Value(3), f: Value(0.25), both: Value(2).add(Value(0.5)), big: Value(2 ** 40).add(1) } as any).values('n', 'f', 'both', 'big' as any);
    assert.equal(row, { n: 3, f: 0.25, both: 2.5, big: 2 ** 40 + 1 });
    // a decimal's text compared with a decimal column takes the column's type
    assert.is(await Book.objects.filter({ price: Value('2.50') as any }).count(), 1);
    assert.is(await Book.objects.filter({ price__lt: F('price').add('0.01') }).count(), 1);
  });
});
