/**
 * squashmigrations and `replaces` (Django's squashing): the optimized
 * squashed migration, its file, and how the loader, graph, recorder and
 * executor use it — in place of the replaced ones on a fresh database, as
 * applied once they all are, not at all when they are partly applied — on
 * sql.js and PostgreSQL; then the command's refusals.
 */
import * as assert from 'uvu/assert';
import { ValueError } from '../../../src/core/exceptions';
import { BadMigrationError, MigrationLoader, makemigrations, memoryMigrationFiles, migrate, showmigrations, squashmigrations } from '../../../src/db/migrations/index';
import { AddField, CreateModel, DeleteModel, RenameField } from '../../../src/db/migrations/operations/index';
import { AutoField, CharField, IntegerField } from '../../../src/db/models/fields';
import { columnNames, tableNames } from '../../../src/db/backends/introspection';
import { dbSuite, rejects } from '../harness';

const id = () => new AutoField({ verboseName: 'ID' });

/** Five small steps that end as one model with two fields. */
function history(): Record<string, Record<string, any>> {
  return {
    sq: {
      '0001_initial': { initial: true, operations: [new CreateModel({ name: 'Author', fields: [['id', id()], ['name', new CharField({ maxLength: 50 })]] })] },
      '0002_author_age': { dependencies: [['sq', '0001_initial']], operations: [new AddField({ modelName: 'author', name: 'age', field: new IntegerField({ default: 0 }) })] },
      '0003_rename': { dependencies: [['sq', '0002_author_age']], operations: [new RenameField({ modelName: 'author', oldName: 'name', newName: 'full_name' })] },
      '0004_tmp': { dependencies: [['sq', '0003_rename']], operations: [new CreateModel({ name: 'Tmp', fields: [['id', id()]] })] },
      '0005_delete_tmp': { dependencies: [['sq', '0004_tmp']], operations: [new DeleteModel({ name: 'Tmp' })] },
    },
  };
}

const NOW = new Date('2026-01-02T03:04:00Z');
const REPLACED = ['0001_initial', '0002_author_age', '0003_rename', '0004_tmp', '0005_delete_tmp'];

async function squashed() {
  const modules = history();
  const files = memoryMigrationFiles(modules);
  const result = await squashmigrations({ files, app: 'sq', migration: '0005', now: NOW });
  return { modules, files, result };
}

dbSuite('squashmigrations', [], (test, ctx) => {
  const recorded = async () => (await ctx.db.query("SELECT name FROM django_migrations WHERE app = 'sq' ORDER BY name", [])).map((r) => r[0]);
  const reset = async () => {
    for (const t of await tableNames(ctx.db)) if (t.startsWith('sq_')) await ctx.db.executeScript(`DROP TABLE "${t}"`);
    if ((await tableNames(ctx.db)).includes('django_migrations')) await ctx.db.executeScript("DELETE FROM django_migrations WHERE app = 'sq'");
  };
  test.before.each(reset);

  test('the squash folds five migrations into one CreateModel that replaces them', async () => {
    const { files, result } = await squashed();
    assert.equal(result.lines, [
      'Optimizing...',
      '  Optimized from 5 operations to 1 operations.',
      'Created new squashed migration sq/migrations/0001_squashed_0005_delete_tmp.ts',
      '  You should commit this migration but leave the old ones in place;',
      '  the new migration will be used for new installs. Once you are sure',
      '  all instances of the codebase have applied the migrations you squashed,',
      '  you can delete them.',
    ]);
    const source = files.sources['sq/migrations/0001_squashed_0005_delete_tmp.ts']!;
    assert.match(source, "  initial: true,\n\n  replaces: [\n    ['sq', '0001_initial'],\n    ['sq', '0002_author_age'],");
    assert.match(source, "['full_name', models.CharField({ maxLength: 50 })]");
    assert.match(source, "['age', models.IntegerField({ default: 0 })]");
    assert.not.match(source, 'Tmp');
  });

  test('a fresh database applies the squashed migration alone and records it with those it replaces', async () => {
    const { files } = await squashed();
    const { lines } = await migrate({ backend: ctx.db, files, app: 'sq' });
    assert.equal(lines.slice(3), ['  Applying sq.0001_squashed_0005_delete_tmp... OK']);
    assert.equal(await columnNames(ctx.db, 'sq_author'), ['id', 'full_name', 'age']);
    assert.equal(await recorded(), [...REPLACED.slice(0, 1), '0001_squashed_0005_delete_tmp', ...REPLACED.slice(1)]);
    assert.equal(await showmigrations({ backend: ctx.db, files, apps: ['sq'] }), ['sq', ' [X] 0001_squashed_0005_delete_tmp (5 squashed migrations)']);
    // back to zero through the squash: nothing of it stays recorded
    const back = await migrate({ backend: ctx.db, files, app: 'sq', target: 'zero' });
    assert.equal(back.lines.slice(3), ['  Unapplying sq.0001_squashed_0005_delete_tmp... OK']);
    assert.equal(await recorded(), []);
    assert.not.ok((await tableNames(ctx.db)).includes('sq_author'));
  });

  test('partly applied: the replaced migrations are used, then the squash counts as applied', async () => {
    const plain = memoryMigrationFiles(history());
    await migrate({ backend: ctx.db, files: plain, app: 'sq', target: '0002' });
    await ctx.db.run("INSERT INTO sq_author (name, age) VALUES ('Ursula', 88)", []);
    const { files } = await squashed();
    assert.equal(await showmigrations({ backend: ctx.db, files, apps: ['sq'] }), ['sq', ...REPLACED.map((n, i) => ` [${i < 2 ? 'X' : ' '}] ${n}`)]);
    const { lines } = await migrate({ backend: ctx.db, files, app: 'sq' });
    assert.equal(lines.slice(3), ['  Applying sq.0003_rename... OK', '  Applying sq.0004_tmp... OK', '  Applying sq.0005_delete_tmp... OK']);
    assert.ok((await recorded()).includes('0001_squashed_0005_delete_tmp'), 'recorded once all it replaces are');
    assert.equal(await ctx.db.query('SELECT full_name, age FROM sq_author', []), [['Ursula', 88]]);
    assert.equal(await showmigrations({ backend: ctx.db, files, apps: ['sq'] }), ['sq', ' [X] 0001_squashed_0005_delete_tmp (5 squashed migrations)']);
  });

  test('all replaced applied before the squash existed: it counts as applied, migrate finishes recording it', async () => {
    await migrate({ backend: ctx.db, files: memoryMigrationFiles(history()), app: 'sq' });
    const { files } = await squashed();
    assert.equal(await showmigrations({ backend: ctx.db, files, apps: ['sq'] }), ['sq', " [-] 0001_squashed_0005_delete_tmp (5 squashed migrations) Run 'npx manouche migrate' to finish recording."]);
    assert.equal((await migrate({ backend: ctx.db, files, app: 'sq' })).lines.slice(3), ['  No migrations to apply.']);
    assert.equal(await showmigrations({ backend: ctx.db, files, apps: ['sq'] }), ['sq', ' [X] 0001_squashed_0005_delete_tmp (5 squashed migrations)']);
  });

  test('a later migration depending on a replaced one follows the squash, even once the old files are gone', async () => {
    const { modules, files } = await squashed();
    modules.sq!['0006_more'] = { dependencies: [['sq', '0005_delete_tmp']], operations: [new AddField({ modelName: 'author', name: 'bio', field: new CharField({ maxLength: 9, default: '' }) })] };
    for (const n of REPLACED) delete modules.sq![n];
    const { lines } = await migrate({ backend: ctx.db, files, app: 'sq' });
    assert.equal(lines.slice(3), ['  Applying sq.0001_squashed_0005_delete_tmp... OK', '  Applying sq.0006_more... OK']);
    // a new migration is numbered after the squashed range
    const made = await makemigrations({ files, apps: ['sq'], empty: true, now: NOW });
    assert.is(made.written[0]!.name, '0007_auto_20260102_0304');
  });

  test('from a start migration, without optimizing, under a chosen name', async () => {
    const files = memoryMigrationFiles(history());
    const r = await squashmigrations({ files, app: 'sq', start: '0003', migration: '0005_delete_tmp', optimize: false, now: NOW });
    assert.equal(r.lines.slice(0, 2), ['(Skipping optimization.)', 'Created new squashed migration sq/migrations/0003_rename_squashed_0005_delete_tmp.ts']);
    const source = files.sources['sq/migrations/0003_rename_squashed_0005_delete_tmp.ts']!;
    assert.match(source, "dependencies: [\n    ['sq', '0002_author_age'],\n  ],");
    assert.not.match(source, 'initial: true');
    assert.is((source.match(/new migrations\./g) ?? []).length, 3);
    const named = await squashmigrations({ files: memoryMigrationFiles(history()), app: 'sq', start: '0002', migration: '0004', squashedName: 'tidy', now: NOW });
    assert.is(named.written!.name, '0002_tidy');
    const { lines } = await migrate({ backend: ctx.db, files, app: 'sq' });
    assert.equal(lines.slice(3), ['  Applying sq.0001_initial... OK', '  Applying sq.0002_author_age... OK', '  Applying sq.0003_rename_squashed_0005_delete_tmp... OK']);
  });

  test("Django's refusals: an end before the start, a squash of a squash, a taken name, an app without migrations, a cancelled prompt", async () => {
    const files = memoryMigrationFiles(history());
    await rejects(() => squashmigrations({ files, app: 'sq', start: '0004', migration: '0002' }), ValueError, /The migration 'sq\.0004_tmp' cannot be found\. Maybe it comes after the migration 'sq\.0002_author_age'\?/);
    await rejects(() => squashmigrations({ files, app: 'nope', migration: '0001' }), ValueError, /App 'nope' does not have migrations \(so squashmigrations on it makes no sense\)/);
    await rejects(() => squashmigrations({ files, app: 'sq', migration: '0009' }), ValueError, /Cannot find a migration matching '0009' from app 'sq'/);
    await rejects(() => squashmigrations({ files, app: 'sq', migration: '0005', squashedName: 'bad-name' }), ValueError, /valid identifier/);
    const asked: string[] = [];
    const no = await squashmigrations({ files, app: 'sq', migration: '0002', confirm: async (q) => (asked.push(q), false) });
    assert.equal(no.lines, []);
    assert.is(asked[0], 'Will squash the following migrations:\n - 0001_initial\n - 0002_author_age\nDo you wish to proceed? [y/N] ');
    assert.equal(Object.keys(files.sources), []);
    await squashmigrations({ files, app: 'sq', migration: '0002' });
    await rejects(() => squashmigrations({ files, app: 'sq', start: '0003', migration: '0004', squashedName: 'rename' }), ValueError, /Migration 0003_rename already exists\. Use a different name\./);
    await rejects(() => squashmigrations({ files, app: 'sq', migration: '0001_squashed' }), ValueError, /You cannot squash squashed migrations!/);
    // a partly applied squash whose replaced files are gone cannot be resolved
    const modules = history();
    await squashmigrations({ files: memoryMigrationFiles(modules), app: 'sq', migration: '0005' });
    for (const n of REPLACED.slice(2)) delete modules.sq![n];
    assert.throws(() => new MigrationLoader(modules as never, { applied: ['sq.0001_initial'] }), (e: Error) => e instanceof BadMigrationError && /partly applied and cannot be used/.test(e.message));
  });
});
