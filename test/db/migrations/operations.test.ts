import * as assert from 'uvu/assert';
import { libHistory as modules } from './fixtures';
import { AddField, AlterField, CreateModel, RunSQL } from '../../../src/db/migrations/operations/index';
import { AutoField, CharField, IntegerField } from '../../../src/db/models/fields';
import { dbSuite, rejects } from '../harness';
import { IntegrityError } from '../../../src/db/backends/base';
import { MigrationLoader } from '../../../src/db/migrations/loader';
import { MigrationExecutor } from '../../../src/db/migrations/executor';
import { MigrationError } from '../../../src/db/migrations/migration';
import { tableNames, columnNames } from '../../../src/db/backends/introspection';

dbSuite('migration operations', [], (test, ctx) => {
  const rows = (sql: string) => ctx.db.query(sql, []);

  test('every operation applies forwards, keeps the data, and goes back to zero', async () => {
    const loader = new MigrationLoader(modules as any);
    const ex = new MigrationExecutor(ctx.db, loader);
    const lines: string[] = [];
    await ex.migrate(ex.migrationPlan([['lib', '0003_changes']], new Set()), { progress: (l) => lines.push(l) });
    assert.is(lines.join(''), '  Applying lib.0001_initial... OK\n  Applying lib.0002_data... OK\n  Applying lib.0003_changes... OK\n');
    // renamed column kept its values, the null pages got the default, the new column its default
    assert.equal(await rows('SELECT id, name, pages, in_print FROM lib_book ORDER BY id'), [
      [1, 'Earthsea', 0, ctx.vendor === 'sqlite' ? 1 : true],
      [2, 'Lathe', 180, ctx.vendor === 'sqlite' ? 1 : true],
    ]);
    // the check constraint holds
    await rejects(() => ctx.db.run('UPDATE lib_book SET pages = -1 WHERE id = 1', []), IntegrityError);
    // unique_together (name, author) holds
    await rejects(() => ctx.db.run("INSERT INTO lib_book (name, author_id, pages, in_print) VALUES ('Lathe', 1, 1, false)", []), IntegrityError);
    assert.ok((await tableNames(ctx.db)).includes('lib_author_friends'));

    await ex.migrate(ex.migrationPlan([['lib', '0004_more']], new Set((await ex.recorder.applied()).keys())));
    assert.equal(await rows('SELECT name FROM lib_writer'), [['Le Guin!']]);
    assert.ok((await tableNames(ctx.db)).includes('lib_writer_friends'));
    assert.not.ok((await tableNames(ctx.db)).includes('lib_note'));
    assert.not.ok((await columnNames(ctx.db, 'lib_book')).includes('in_print'));
    // the foreign key follows the renamed table
    await rejects(async () => {
      await ctx.db.atomic(async () => {
        await ctx.db.run('INSERT INTO lib_book (name, author_id, pages) VALUES (\'x\', 99, 1)', []);
      });
    }, IntegrityError);

    // back to 0002: the data of 0002 is still there, with the old names
    await ex.migrate(ex.migrationPlan([['lib', '0002_data']], new Set((await ex.recorder.applied()).keys())));
    assert.equal(await rows('SELECT id, title, pages FROM lib_book ORDER BY id'), [[1, 'Earthsea', 0], [2, 'Lathe', 180]]);
    assert.equal(await rows('SELECT name FROM lib_author'), [['Le Guin']]);
    await ex.migrate(ex.migrationPlan([['lib', null]], new Set((await ex.recorder.applied()).keys())));
    const left = (await tableNames(ctx.db)).filter((t) => t.startsWith('lib_'));
    assert.equal(left, []);
    assert.equal([...(await ex.recorder.applied()).keys()], []);
  });

  test('a failing migration rolls back completely and names the migration, the operation and the SQL error', async () => {
    const bad = {
      lib: {
        '0001_initial': modules.lib['0001_initial'],
        '0002_bad': {
          dependencies: [['lib', '0001_initial']],
          operations: [
            new AddField({ modelName: 'author', name: 'born', field: new IntegerField({ null: true }) }),
            new RunSQL({ sql: 'INSERT INTO lib_nowhere VALUES (1)' }),
          ],
        },
      },
    };
    const ex = new MigrationExecutor(ctx.db, new MigrationLoader(bad as any));
    await ex.migrate(ex.migrationPlan([['lib', '0001_initial']], new Set()));
    const err = (await rejects(() => ex.migrate(ex.migrationPlan([['lib', '0002_bad']], new Set(['lib.0001_initial']))), MigrationError)) as MigrationError;
    assert.match(err.message, /Applying lib\.0002_bad failed at operation 2 \(Raw SQL operation\)/);
    assert.match(err.message, /lib_nowhere/);
    assert.is(err.sql, 'INSERT INTO lib_nowhere VALUES (1)');
    assert.not.ok((await columnNames(ctx.db, 'lib_author')).includes('born'));
    assert.equal([...(await ex.recorder.applied()).keys()], ['lib.0001_initial']);
    await ex.migrate(ex.migrationPlan([['lib', null]], new Set(['lib.0001_initial'])));
  });

  test('fake and fakeInitial record without touching the schema', async () => {
    const ex = new MigrationExecutor(ctx.db, new MigrationLoader({ lib: { '0001_initial': modules.lib['0001_initial'] } } as any));
    await ex.migrate(ex.migrationPlan([['lib', '0001_initial']], new Set()), { fake: true });
    assert.not.ok((await tableNames(ctx.db)).includes('lib_author'));
    await ex.migrate(ex.migrationPlan([['lib', null]], new Set(['lib.0001_initial'])), { fake: true });
    // now create the tables by hand and let fakeInitial see them
    await ex.migrate(ex.migrationPlan([['lib', '0001_initial']], new Set()));
    await ex.recorder.recordUnapplied('lib', '0001_initial');
    const lines: string[] = [];
    await ex.migrate(ex.migrationPlan([['lib', '0001_initial']], new Set()), { fakeInitial: true, progress: (l) => lines.push(l) });
    assert.is(lines.join(''), '  Applying lib.0001_initial... FAKED\n');
    await ex.migrate(ex.migrationPlan([['lib', null]], new Set(['lib.0001_initial'])));
  });

  test('sqlmigrate collects the SQL without running it', async () => {
    const ex = new MigrationExecutor(ctx.db, new MigrationLoader(modules as any));
    const sql = await ex.collectSql([{ migration: ex.loader.graph.node('lib.0001_initial'), backwards: false }]);
    assert.is(sql[0], 'BEGIN;');
    assert.is(sql[2], '-- Create model Author');
    assert.match(sql[4]!, /^CREATE TABLE "lib_author"/);
    assert.is(sql[sql.length - 1], 'COMMIT;');
    assert.not.ok((await tableNames(ctx.db)).includes('lib_author'));
  });
});

dbSuite('schema editor: changes the table does not see', [], (test, ctx) => {
  test('altering only a verbose name or a default runs no SQL', async () => {
    const history = {
      v: {
        '0001_initial': { operations: [new CreateModel({ name: 'T', fields: [['id', new AutoField()], ['a', new CharField({ maxLength: 5 })]] })] },
        '0002_alter': { dependencies: [['v', '0001_initial']], operations: [new AlterField({ modelName: 't', name: 'a', field: new CharField({ maxLength: 5, verboseName: 'A', default: 'x' }) })] },
      },
    };
    const ex = new MigrationExecutor(ctx.db, new MigrationLoader(history as any));
    const sql = await ex.collectSql([{ migration: ex.loader.graph.node('v.0002_alter'), backwards: false }]);
    assert.equal(sql, ['BEGIN;', '--', '-- Alter field a on t', '--', 'COMMIT;']);
  });
});
