import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dbSuite, rejects, throws } from './harness';
import { CharField, CheckConstraint, Index, IntegerField, BooleanField, IntegrityError, Q, F, UniqueConstraint, createTableSql, defineModel } from '../../src/db/index';
import { tableNames } from '../../src/db/backends/introspection';
import { ImproperlyConfigured, ValueError } from '../../src/core/exceptions';

const Product = defineModel(
  'meta.Product',
  {
    name: CharField({ maxLength: 50 }),
    sku: CharField({ maxLength: 20 }),
    price: IntegerField(),
    floor: IntegerField({ default: 0 }),
    active: BooleanField({ default: true }),
  },
  {
    indexes: [Index({ fields: ['-price', 'name'], name: 'product_price_idx' }), Index({ fields: ['sku'] })],
    constraints: [
      CheckConstraint({ check: Q({ price__gte: F('floor') }), name: 'price_above_floor' }),
      CheckConstraint({ check: Q({ name__in: ["O'Brien", "x'); DROP TABLE meta_product; --"] }).not(), name: 'no_bad_names' }),
      UniqueConstraint({ fields: ['sku'], condition: Q({ active: true }), name: 'unique_active_sku' }),
      UniqueConstraint({ fields: ['name', 'price'], name: 'unique_name_price' }),
    ],
  },
);

dbSuite('Meta indexes and constraints', [Product], (test, ctx) => {
  test('createTableSql emits indexes, check constraints and unique constraints', () => {
    const sql = createTableSql(Product, ctx.vendor === 'sqlite' ? 0 : 1);
    assert.match(sql[0]!, /CONSTRAINT "price_above_floor" CHECK \("price" >= "floor"\)/);
    // values are inlined as quoted literals, quotes doubled
    assert.match(sql[0]!, /CONSTRAINT "no_bad_names" CHECK \(NOT \("name" IN \('O''Brien', 'x''\); DROP TABLE meta_product; --'\)\)\)/);
    assert.match(sql[0]!, /CONSTRAINT "unique_name_price" UNIQUE \("name", "price"\)/);
    assert.ok(sql.includes('CREATE INDEX "product_price_idx" ON "meta_product" ("price" DESC, "name")'));
    assert.ok(sql.some((s) => /^CREATE INDEX "meta_produc_sku_[0-9a-f]{8}_idx" ON "meta_product" \("sku"\)$/.test(s)));
    assert.ok(sql.some((s) => s.startsWith('CREATE UNIQUE INDEX "unique_active_sku" ON "meta_product" ("sku") WHERE "active" = ')));
  });

  test('the database enforces them', async () => {
    await Product.objects.create({ name: 'a', sku: 's1', price: 5 });
    await rejects(() => Product.objects.create({ name: 'b', sku: 's2', price: 1, floor: 2 }), IntegrityError);
    await rejects(() => Product.objects.create({ name: "O'Brien", sku: 's3', price: 1 }), IntegrityError);
    await rejects(() => Product.objects.create({ name: 'c', sku: 's1', price: 9 }), IntegrityError);
    await Product.objects.create({ name: 'c', sku: 's1', price: 9, active: false }); // the partial unique allows inactive duplicates
    await rejects(() => Product.objects.create({ name: 'a', sku: 's9', price: 5 }), IntegrityError);
    assert.ok((await tableNames(ctx.db)).includes('meta_product'));
    assert.is(await Product.objects.count(), 2);
  });
});

const bad = suite('Meta options: bad input');
{
  bad('bad indexes and constraints are refused when the model is defined', () => {
    throws(() => Index({ fields: [] }), ValueError, /non-empty list/);
    throws(() => UniqueConstraint({ fields: ['a'], name: '' }), ValueError, /UniqueConstraint requires a name/);
    throws(() => CheckConstraint({ check: { a: 1 } as any, name: 'c' }), ValueError, /check must be a Q object/);
    throws(() => defineModel('meta.Bad', { a: IntegerField() }, { indexes: [Index({ fields: ['b'], name: 'i' })] }), ImproperlyConfigured, /'i' refers to the nonexistent field 'b'/);
    const Odd = defineModel('meta.Odd', { a: IntegerField() }, { constraints: [CheckConstraint({ check: Q({ a__regex: 'x' }), name: 'odd' })] });
    throws(() => createTableSql(Odd, 0), ValueError, /the lookup 'regex' in 'a__regex' is not supported in a constraint/);
  });
}
bad.run();
