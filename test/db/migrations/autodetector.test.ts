import * as assert from 'uvu/assert';
import { dbSuite, rejects } from '../harness';
import { AutoField, CASCADE, CharField, ForeignKey, IntegerField, ManyToManyField, type Field } from '../../../src/db/models/fields';
import { Q } from '../../../src/db/models/expressions';
import { CheckConstraint, Index, UniqueConstraint } from '../../../src/db/index';
import { Autodetector, ModelState, ProjectState, NotNullAdditionError, type ModelOptions, type Questioner, type RenameHints } from '../../../src/db/migrations/index';
import { MigrationLoader } from '../../../src/db/migrations/loader';
import { MigrationExecutor } from '../../../src/db/migrations/executor';
import type { Operation } from '../../../src/db/migrations/operations/base';

const model = (name: string, fields: Array<[string, Field]>, options: ModelOptions = {}, app = 'ad') =>
  new ModelState(app, name, [['id', new AutoField({ verboseName: 'ID' })], ...fields], options);
const author = () => model('Author', [['name', new CharField({ maxLength: 50 })]]);
const book = (extra: Array<[string, Field]> = [], options: ModelOptions = {}) =>
  model('Book', [['title', new CharField({ maxLength: 100 })], ['author', new ForeignKey('ad.Author', { onDelete: CASCADE })], ...extra], options);

async function detect(before: ModelState[], after: ModelState[], options: { questioner?: Questioner; renames?: RenameHints } = {}) {
  return new Autodetector(new ProjectState(before), new ProjectState(after), options).changes();
}
const kinds = (ops: Operation[] | undefined) => (ops ?? []).map((o) => `${o.type}: ${o.describe()}`);

/** Applies before (as 0001) and the detected change (as 0002) on the database, then unapplies both. */
async function applyBoth(db: any, before: ModelState[], after: ModelState[], options: { questioner?: Questioner; renames?: RenameHints } = {}) {
  const first = (await detect([], before)).operations;
  const second = (await detect(before, after, options)).operations;
  const modules: Record<string, Record<string, unknown>> = {};
  for (const [app, ops] of first) modules[app] = { '0001_initial': { initial: true, operations: ops } };
  for (const [app, ops] of second) (modules[app] ??= {})['0002_change'] = { dependencies: modules[app]!['0001_initial'] ? [[app, '0001_initial']] : [], operations: ops };
  const ex = new MigrationExecutor(db, new MigrationLoader(modules as any));
  await ex.migrate(ex.migrationPlan(ex.leafTargets(), new Set()));
  // the database now matches `after`: detecting again from the files' state finds nothing
  assert.equal(kinds((await new Autodetector(ex.loader.projectState(), new ProjectState(after)).changes()).operations.get('ad')), []);
  const applied = new Set((await ex.recorder.applied()).keys());
  await ex.migrate(ex.migrationPlan(ex.loader.graph.apps().map((a) => [a, null] as const), applied));
}

dbSuite('autodetector', [], (test, ctx) => {
  test('created models come after the models they point to', async () => {
    const ch = await detect([], [book(), author()]);
    assert.equal(kinds(ch.operations.get('ad')), ['CreateModel: Create model Author', 'CreateModel: Create model Book']);
    await applyBoth(ctx.db, [], [book(), author()]);
  });

  test('a cycle of foreign keys between new models is split into a later AddField', async () => {
    const a = model('A', [['b', new ForeignKey('ad.B', { onDelete: CASCADE, null: true })]]);
    const b = model('B', [['a', new ForeignKey('ad.A', { onDelete: CASCADE, null: true })]]);
    const ch = await detect([], [a, b]);
    assert.equal(kinds(ch.operations.get('ad')), ['CreateModel: Create model B', 'CreateModel: Create model A', 'AddField: Add field a to b']);
    await applyBoth(ctx.db, [], [a, b]);
  });

  test('deleted model: DeleteModel', async () => {
    const ch = await detect([author(), book()], [author()]);
    assert.equal(kinds(ch.operations.get('ad')), ['DeleteModel: Delete model Book']);
    await applyBoth(ctx.db, [author(), book()], [author()]);
  });

  test('added, removed and altered fields', async () => {
    const before = [author(), book([['pages', new IntegerField()]])];
    const after = [author(), book([['isbn', new CharField({ maxLength: 13, null: true })]])];
    after[1] = model('Book', [['title', new CharField({ maxLength: 200 })], ['author', new ForeignKey('ad.Author', { onDelete: CASCADE })], ['isbn', new CharField({ maxLength: 13, null: true })]]);
    const ch = await detect(before, after);
    assert.equal(kinds(ch.operations.get('ad')), ['RemoveField: Remove field pages from book', 'AddField: Add field isbn to book', 'AlterField: Alter field title on book']);
    await applyBoth(ctx.db, before, after);
  });

  test('a non-nullable field without a default needs a one-off default', async () => {
    const after = [author(), book([['pages', new IntegerField()]])];
    await rejects(() => detect([author(), book()], after), NotNullAdditionError, /impossible to add a non-nullable field 'pages' to book without specifying a default/);
    const questioner = { askNotNullAddition: () => 7 };
    const ch = await detect([author(), book()], after, { questioner });
    const op = ch.operations.get('ad')![0] as any;
    assert.is(op.preserveDefault, false);
    assert.is(op.field.getDefault(), 7);
    await applyBoth(ctx.db, [author(), book()], after, { questioner });
  });

  test('renamed field: from a hint or the questioner', async () => {
    const after = [author(), model('Book', [['name', new CharField({ maxLength: 100 })], ['author', new ForeignKey('ad.Author', { onDelete: CASCADE })]])];
    // without a hint or a question it is a new non-nullable field, which needs a default
    await rejects(() => detect([author(), book()], after), NotNullAdditionError);
    const hinted = await detect([author(), book()], after, { renames: { fields: { 'ad.Book': { title: 'name' } } } });
    assert.equal(kinds(hinted.operations.get('ad')), ['RenameField: Rename field title on book to name']);
    const asked: string[] = [];
    const q = await detect([author(), book()], after, { questioner: { askRenameField: (m, o, n) => (asked.push(`${m}.${o}->${n}`), true) } });
    assert.equal(asked, ['book.title->name']);
    assert.equal(kinds(q.operations.get('ad')), ['RenameField: Rename field title on book to name']);
    await applyBoth(ctx.db, [author(), book()], after, { renames: { fields: { 'ad.Book': { title: 'name' } } } });
  });

  test('renamed model: from a hint or the questioner; relations follow', async () => {
    const writer = model('Writer', [['name', new CharField({ maxLength: 50 })]]);
    const after = [writer, model('Book', [['title', new CharField({ maxLength: 100 })], ['author', new ForeignKey('ad.Writer', { onDelete: CASCADE })]])];
    const plain = await detect([author(), book()], after);
    assert.ok(kinds(plain.operations.get('ad')).includes('DeleteModel: Delete model Author'));
    const hinted = await detect([author(), book()], after, { renames: { models: { 'ad.Author': 'Writer' } } });
    assert.equal(kinds(hinted.operations.get('ad')), ['RenameModel: Rename model Author to Writer']);
    const q = await detect([author(), book()], after, { questioner: { askRenameModel: () => true } });
    assert.equal(kinds(q.operations.get('ad')), ['RenameModel: Rename model Author to Writer']);
    await applyBoth(ctx.db, [author(), book()], after, { renames: { models: { 'ad.Author': 'Writer' } } });
  });

  test('indexes and constraints added and removed', async () => {
    const before = [author(), book([], { indexes: [Index({ fields: ['title'], name: 'old_idx' })], constraints: [CheckConstraint({ check: Q({ title__startswith: 'A' }), name: 'old_check' })] })];
    const after = [
      author(),
      book([], {
        indexes: [Index({ fields: ['-title', 'author'], name: 'new_idx' })],
        constraints: [UniqueConstraint({ fields: ['title', 'author'], name: 'uniq_title' }), UniqueConstraint({ fields: ['title'], condition: Q({ title__gt: 'M' }), name: 'uniq_late' })],
      }),
    ];
    const ch = await detect(before, after);
    assert.equal(kinds(ch.operations.get('ad')), [
      'RemoveIndex: Remove index old_idx from book',
      'RemoveConstraint: Remove constraint old_check from model book',
      'AddIndex: Create index new_idx on field(s) -title, author of model book',
      'AddConstraint: Create constraint uniq_title on model book',
      'AddConstraint: Create constraint uniq_late on model book',
    ]);
    await applyBoth(ctx.db, before, after);
  });

  test('unique_together and Meta options', async () => {
    const after = [author(), book([], { uniqueTogether: [['title', 'author']], ordering: ['-title'], verboseName: 'volume' })];
    const ch = await detect([author(), book()], after);
    assert.equal(kinds(ch.operations.get('ad')), ['AlterUniqueTogether: Alter unique_together for book (1 constraint(s))', 'AlterModelOptions: Change Meta options on book']);
    await applyBoth(ctx.db, [author(), book()], after);
    // and back: the set goes before the field it uses
    const fewer = [author(), model('Book', [['author', new ForeignKey('ad.Author', { onDelete: CASCADE })]])];
    assert.equal(kinds((await detect(after, fewer)).operations.get('ad')), [
      'AlterUniqueTogether: Alter unique_together for book (0 constraint(s))',
      'RemoveField: Remove field title from book',
      'AlterModelOptions: Change Meta options on book',
    ]);
    await applyBoth(ctx.db, after, fewer);
  });

  test('a new table name: AlterModelTable renames the table and its many-to-many tables', async () => {
    const before = [author(), book([['fans', new ManyToManyField('ad.Author')]])];
    const after = [author(), book([['fans', new ManyToManyField('ad.Author')]], { dbTable: 'library_books' })];
    const ch = await detect(before, after);
    assert.equal(kinds(ch.operations.get('ad')), ['AlterModelTable: Rename table for book to library_books']);
    await applyBoth(ctx.db, before, after);
  });

  test('many-to-many fields add and remove their table', async () => {
    const after = [author(), book([['fans', new ManyToManyField('ad.Author')]])];
    const ch = await detect([author(), book()], after);
    assert.equal(kinds(ch.operations.get('ad')), ['AddField: Add field fans to book']);
    await applyBoth(ctx.db, [author(), book()], after);
    assert.equal(kinds((await detect(after, [author(), book()])).operations.get('ad')), ['RemoveField: Remove field fans from book']);
  });

  test('a foreign key to another app makes the new migration depend on that app', async () => {
    const other = model('Reader', [['fav', new ForeignKey('ad.Author', { onDelete: CASCADE })]], {}, 'ad2');
    const ch = await detect([author()], [author(), other]);
    assert.equal(kinds(ch.operations.get('ad2')), ['CreateModel: Create model Reader']);
    assert.equal([...ch.dependsOn.get('ad2')!], ['ad']);
    assert.not.ok(ch.operations.has('ad'));
  });
});
