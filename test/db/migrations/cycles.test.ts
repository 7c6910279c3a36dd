/**
 * Foreign key cycles across apps (Django's _build_migration_list): two new
 * models in two apps pointing to each other give one app's model first, the
 * other app's model, then the first key in a second migration — dependencies
 * without a cycle — on sql.js and PostgreSQL.
 */
import * as assert from 'uvu/assert';
import { makemigrations, memoryMigrationFiles, migrate } from '../../../src/db/migrations/index';
import { tableNames } from '../../../src/db/backends/introspection';
import { CASCADE, SET_NULL, fields } from '../../../src/db/models/fields';
import { defineModel } from '../../../src/db/models/model';
import type { Options } from '../../../src/db/models/options';
import { dbSuite } from '../harness';

// the models live in a registry of their own, so they stay out of every other suite's makemigrations
const registry = new Map<string, Options>();
defineModel('ca.Author', { name: fields.CharField({ maxLength: 50 }), favourite: fields.ForeignKey('cb.Book', { onDelete: SET_NULL, null: true }) }, { registry });
defineModel('cb.Book', { title: fields.CharField({ maxLength: 50 }), author: fields.ForeignKey('ca.Author', { onDelete: CASCADE }) }, { registry });

dbSuite('foreign key cycles across apps', [], (test, ctx) => {
  test('makemigrations writes ca 0001, cb 0001, cb 0002 with acyclic dependencies; migrate applies and unapplies them', async () => {
    const files = memoryMigrationFiles();
    const made = await makemigrations({ files, registry, now: new Date('2026-01-01T00:00:00Z') });
    assert.equal(made.lines, [
      "Migrations for 'ca':",
      '  ca/migrations/0001_initial.ts',
      '    - Create model Author',
      "Migrations for 'cb':",
      '  cb/migrations/0001_initial.ts',
      '    - Create model Book',
      '  cb/migrations/0002_initial.ts',
      '    - Add field author to book',
    ]);
    const deps = (path: string) => /dependencies: \[([^]*?)\n  \],/.exec(files.sources[path]!)?.[1]?.trim().split('\n').map((l) => l.trim());
    assert.equal(deps('ca/migrations/0001_initial.ts'), ["['cb', '0001_initial'],"]);
    assert.match(files.sources['cb/migrations/0001_initial.ts']!, '  dependencies: [],', 'cb 0001 depends on nothing');
    assert.equal(deps('cb/migrations/0002_initial.ts'), ["['cb', '0001_initial'],", "['ca', '0001_initial'],"]);
    assert.match(files.sources['cb/migrations/0002_initial.ts']!, 'initial: true', 'both of a new app are initial, as Django marks them');

    const { lines } = await migrate({ backend: ctx.db, files });
    assert.equal(lines.slice(3), ['  Applying cb.0001_initial... OK', '  Applying ca.0001_initial... OK', '  Applying cb.0002_initial... OK']);
    assert.is((await makemigrations({ files, registry, check: true })).changed, false);
    await migrate({ backend: ctx.db, files, app: 'cb', target: 'zero' });
    await migrate({ backend: ctx.db, files, app: 'ca', target: 'zero' });
    assert.equal((await tableNames(ctx.db)).filter((t) => t.startsWith('c')), []);
  });
});
