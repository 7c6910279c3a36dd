/**
 * Django's MigrationOptimizer (tests modelled on Django's test_optimizer.py):
 * what folds into a CreateModel, chains of renames and alterations, what
 * cancels out, and what may not move past an operation that needs it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { optimize } from '../../../src/db/migrations/optimizer';
import {
  AddField, AddIndex, AlterField, AlterModelOptions, AlterModelTable, AlterUniqueTogether, CreateModel, DeleteModel, RemoveField, RemoveIndex,
  RenameField, RenameModel, RunCode, RunSQL,
} from '../../../src/db/migrations/operations/index';
import type { Operation } from '../../../src/db/migrations/operations/base';
import { AutoField, CASCADE, CharField, ForeignKey, IntegerField, ManyToManyField } from '../../../src/db/models/fields';
import { Index } from '../../../src/db/models/indexes';

const id = () => new AutoField({ verboseName: 'ID' });
const char = (maxLength = 10) => new CharField({ maxLength });

/** Each operation as one comparable line: its type and what it was built with. */
function shape(ops: readonly Operation[]): string[] {
  return ops.map((op) => {
    const d = op.deconstruct() as Record<string, any>;
    const parts = Object.entries(d).map(([k, v]) => {
      if (k === 'fields') return `fields=${(v as Array<[string, any]>).map(([n, f]) => `${n}:${f.type}${f.maxLength ? `(${f.maxLength})` : ''}`).join(',')}`;
      if (k === 'field') return `field=${v.type}${v.maxLength ? `(${v.maxLength})` : ''}`;
      if (k === 'options') return `options=${JSON.stringify(v, (key, x) => (key === 'indexes' ? x.map((i: any) => i.name) : x))}`;
      if (k === 'index') return `index=${v.name}`;
      return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    });
    return `${op.type}(${parts.join(' ')})`;
  });
}

const optimizes = (ops: Operation[], expected: Operation[], app = 'app') => assert.equal(shape(optimize(ops, app)), shape(expected));
const doesNotOptimize = (ops: Operation[], app = 'app') => optimizes(ops, ops, app);

test('a model created then deleted leaves nothing; created then renamed is created under the new name', () => {
  optimizes([new CreateModel({ name: 'Foo', fields: [['id', id()]] }), new DeleteModel({ name: 'Foo' })], []);
  optimizes(
    [new CreateModel({ name: 'Foo', fields: [['id', id()], ['name', char()]] }), new RenameModel({ oldName: 'Foo', newName: 'Bar' })],
    [new CreateModel({ name: 'Bar', fields: [['id', id()], ['name', char()]] })],
  );
});

test('rename chains collapse: Foo -> Bar -> Baz is Foo -> Baz, a -> b -> c is a -> c', () => {
  optimizes([new RenameModel({ oldName: 'Foo', newName: 'Bar' }), new RenameModel({ oldName: 'Bar', newName: 'Baz' })], [new RenameModel({ oldName: 'Foo', newName: 'Baz' })]);
  optimizes(
    [new RenameField({ modelName: 'foo', oldName: 'a', newName: 'b' }), new RenameField({ modelName: 'foo', oldName: 'b', newName: 'c' })],
    [new RenameField({ modelName: 'foo', oldName: 'a', newName: 'c' })],
  );
});

test('CreateModel absorbs AddField, AlterField, RemoveField, RenameField, AlterModelOptions, unique_together and indexes', () => {
  const create = () => new CreateModel({ name: 'Foo', fields: [['id', id()], ['name', char()], ['age', new IntegerField()]], options: { uniqueTogether: [['name', 'age']] } });
  optimizes([create(), new AddField({ modelName: 'foo', name: 'slug', field: char(5) })], [new CreateModel({ name: 'Foo', fields: [['id', id()], ['name', char()], ['age', new IntegerField()], ['slug', char(5)]], options: { uniqueTogether: [['name', 'age']] } })]);
  optimizes([create(), new AlterField({ modelName: 'foo', name: 'name', field: char(99) })], [new CreateModel({ name: 'Foo', fields: [['id', id()], ['name', char(99)], ['age', new IntegerField()]], options: { uniqueTogether: [['name', 'age']] } })]);
  optimizes([create(), new RemoveField({ modelName: 'foo', name: 'age' })], [new CreateModel({ name: 'Foo', fields: [['id', id()], ['name', char()]], options: { uniqueTogether: [['name']] } })]);
  optimizes([create(), new RenameField({ modelName: 'foo', oldName: 'name', newName: 'title' })], [new CreateModel({ name: 'Foo', fields: [['id', id()], ['title', char()], ['age', new IntegerField()]], options: { uniqueTogether: [['title', 'age']] } })]);
  optimizes(
    [new CreateModel({ name: 'Foo', fields: [['id', id()]], options: { ordering: ['id'], dbTable: 't' } }), new AlterModelOptions({ name: 'Foo', options: { verboseName: 'thing' } })],
    [new CreateModel({ name: 'Foo', fields: [['id', id()]], options: { dbTable: 't', verboseName: 'thing' } })],
  );
  optimizes([create(), new AlterUniqueTogether({ name: 'foo', uniqueTogether: [] })], [new CreateModel({ name: 'Foo', fields: [['id', id()], ['name', char()], ['age', new IntegerField()]] })]);
  const index = Index({ fields: ['name'], name: 'foo_name_idx' });
  optimizes([create(), new AddIndex({ modelName: 'foo', index })], [new CreateModel({ name: 'Foo', fields: [['id', id()], ['name', char()], ['age', new IntegerField()]], options: { uniqueTogether: [['name', 'age']], indexes: [index] } })]);
  optimizes([create(), new AddIndex({ modelName: 'foo', index }), new RemoveIndex({ modelName: 'foo', name: 'foo_name_idx' })], [create()]);
});

test('field operations on one field fold: add+alter is an add, add+remove nothing, alter+alter the last, alter+remove the remove', () => {
  optimizes([new AddField({ modelName: 'foo', name: 'x', field: char() }), new AlterField({ modelName: 'foo', name: 'x', field: char(20) })], [new AddField({ modelName: 'foo', name: 'x', field: char(20) })]);
  optimizes([new AddField({ modelName: 'foo', name: 'x', field: char() }), new RemoveField({ modelName: 'foo', name: 'x' })], []);
  optimizes([new AddField({ modelName: 'foo', name: 'x', field: char() }), new RenameField({ modelName: 'foo', oldName: 'x', newName: 'y' })], [new AddField({ modelName: 'foo', name: 'y', field: char() })]);
  optimizes([new AlterField({ modelName: 'foo', name: 'x', field: char(1) }), new AlterField({ modelName: 'foo', name: 'x', field: char(2) })], [new AlterField({ modelName: 'foo', name: 'x', field: char(2) })]);
  optimizes([new AlterField({ modelName: 'foo', name: 'x', field: char(1) }), new RemoveField({ modelName: 'foo', name: 'x' })], [new RemoveField({ modelName: 'foo', name: 'x' })]);
  optimizes(
    [new AlterField({ modelName: 'foo', name: 'x', field: char(1) }), new RenameField({ modelName: 'foo', oldName: 'x', newName: 'y' })],
    [new RenameField({ modelName: 'foo', oldName: 'x', newName: 'y' }), new AlterField({ modelName: 'foo', name: 'y', field: char(1) })],
  );
  optimizes([new RemoveField({ modelName: 'foo', name: 'x' }), new DeleteModel({ name: 'Foo' })], [new DeleteModel({ name: 'Foo' })]);
  optimizes([new AlterModelOptions({ name: 'Foo', options: { ordering: ['a'] } }), new AlterModelOptions({ name: 'Foo', options: {} })], [new AlterModelOptions({ name: 'Foo', options: {} })]);
  optimizes([new AlterModelTable({ name: 'Foo', table: 'a' }), new DeleteModel({ name: 'Foo' })], [new DeleteModel({ name: 'Foo' })]);
});

test('an operation moves past unrelated models to reach its partner', () => {
  optimizes(
    [new CreateModel({ name: 'Foo', fields: [['id', id()]] }), new CreateModel({ name: 'Bar', fields: [['id', id()]] }), new AddField({ modelName: 'foo', name: 'x', field: char() })],
    // a right reduction: the folded operation takes the place of the later one
    [new CreateModel({ name: 'Bar', fields: [['id', id()]] }), new CreateModel({ name: 'Foo', fields: [['id', id()], ['x', char()]] })],
  );
  // a field added to Bar pointing at Foo folds into Bar's CreateModel, which stays after Foo's
  optimizes(
    [new CreateModel({ name: 'Foo', fields: [['id', id()]] }), new CreateModel({ name: 'Bar', fields: [['id', id()]] }), new AddField({ modelName: 'bar', name: 'foo', field: new ForeignKey('app.Foo', { onDelete: CASCADE }) })],
    [new CreateModel({ name: 'Foo', fields: [['id', id()]] }), new CreateModel({ name: 'Bar', fields: [['id', id()], ['foo', new ForeignKey('app.Foo', { onDelete: CASCADE })]] })],
  );
});

test('model boundaries hold: a reference in between stops a fold (FK cycles, deletes, other apps, raw SQL)', () => {
  // a cycle: Foo's key to Bar cannot go into Foo's CreateModel, which Bar needs first
  doesNotOptimize([
    new CreateModel({ name: 'Foo', fields: [['id', id()]] }),
    new CreateModel({ name: 'Bar', fields: [['id', id()], ['foo', new ForeignKey('app.Foo', { onDelete: CASCADE })]] }),
    new AddField({ modelName: 'foo', name: 'bar', field: new ForeignKey('app.Bar', { onDelete: CASCADE }) }),
  ]);
  // Foo cannot vanish while Bar, created in between, points to it
  doesNotOptimize([
    new CreateModel({ name: 'Foo', fields: [['id', id()]] }),
    new CreateModel({ name: 'Bar', fields: [['id', id()], ['foos', new ManyToManyField('app.Foo')]] }),
    new DeleteModel({ name: 'Foo' }),
  ]);
  // a model of the same name in another app is another model
  optimizes(
    [new CreateModel({ name: 'Foo', fields: [['id', id()]] }), new CreateModel({ name: 'Bar', fields: [['id', id()], ['f', new ForeignKey('other.Foo', { onDelete: CASCADE })]] }), new DeleteModel({ name: 'Foo' })],
    [new CreateModel({ name: 'Bar', fields: [['id', id()], ['f', new ForeignKey('other.Foo', { onDelete: CASCADE })]] })],
  );
  // raw SQL may touch anything: nothing folds across it, unless it is elidable
  doesNotOptimize([new CreateModel({ name: 'Foo', fields: [['id', id()]] }), new RunSQL({ sql: 'SELECT 1' }), new DeleteModel({ name: 'Foo' })]);
  optimizes([new CreateModel({ name: 'Foo', fields: [['id', id()]] }), new RunSQL({ sql: 'SELECT 1', elidable: true }), new DeleteModel({ name: 'Foo' })], []);
  optimizes([new RunCode({ code: () => undefined, elidable: true })], [new RunCode({ code: () => undefined, elidable: true })]);
  // a rename in between: the field of the renamed model refers to it under its new name
  doesNotOptimize([new RenameModel({ oldName: 'Foo', newName: 'Bar' }), new AddField({ modelName: 'bar', name: 'x', field: char() })]);
});

test.run();
