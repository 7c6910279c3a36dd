import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rejects, throws } from '../harness';
import { SqlJsBackend } from '../../../src/db/index';
import {
  BadMigrationError, CircularDependencyError, CreateModel, MigrationLoader, NodeNotFoundError, RunSQL, makemigrations, memoryMigrationFiles,
  migrate, showmigrations, sqlmigrate, AddField, models, unappliedMigrationsWarning,
} from '../../../src/db/migrations/index';
import { nodeMigrationFiles } from '../../../src/node/migrations';
import { ValueError } from '../../../src/core/exceptions';
import { libHistory } from './fixtures';

const test = suite('migrations: conflicts and bad input');
const empty = (deps: Array<[string, string]> = []) => ({ dependencies: deps, operations: [] });

test('two leaves in one app is a conflict with the --merge hint', async () => {
  const loader = new MigrationLoader({ app: { '0001_initial': empty(), '0002_a': empty([['app', '0001_initial']]), '0002_b': empty([['app', '0001_initial']]) } });
  assert.equal(loader.graph.detectConflicts(), { app: ['0002_a', '0002_b'] });
  throws(() => loader.checkConsistent(), BadMigrationError, /Conflicting migrations detected; multiple leaf nodes in the migration graph: \(0002_a, 0002_b in app\)\.\nTo fix them run 'npx manouche makemigrations --merge'/);
  const db = await SqlJsBackend.open();
  await rejects(() => migrate({ backend: db, files: { app: loader.graph.nodes.size ? { '0001_initial': empty(), '0002_a': empty([['app', '0001_initial']]), '0002_b': empty([['app', '0001_initial']]) } : {} } }), BadMigrationError, /--merge/);
  await rejects(() => makemigrations({ files: memoryMigrationFiles({ app: { '0001_initial': empty(), '0002_a': empty([['app', '0001_initial']]), '0002_b': empty([['app', '0001_initial']]) } }) }), BadMigrationError, /--merge/);
  await db.close();
});

test('a dependency on a missing migration, and a dependency cycle, are named', () => {
  throws(() => new MigrationLoader({ app: { '0002_x': empty([['app', '0001_gone']]) } }), NodeNotFoundError, /app\.0002_x dependencies reference nonexistent parent node \('app', '0001_gone'\)/);
  throws(() => new MigrationLoader({ app: { '0001_a': empty([['app', '0002_b']]), '0002_b': empty([['app', '0001_a']]) } }), CircularDependencyError, /Circular dependency/);
});

test('a module that is not a migration says which and why', () => {
  throws(() => new MigrationLoader({ app: { '0001_initial': { operations: 'nope' } as any } }), BadMigrationError, /Migration app\.0001_initial: 'operations' must be a list of operations/);
  throws(() => new MigrationLoader({ app: { '0001_initial': { operations: [{}] } as any } }), BadMigrationError, /operation 1 is not an operation/);
  throws(() => new MigrationLoader({ app: { '0001_initial': { operations: [], dependencies: ['app'] } as any } }), BadMigrationError, /'dependencies' must be a list of \[app_label, migration_name\] pairs/);
  throws(() => new CreateModel({ name: '', fields: [] }), TypeError, /CreateModel: 'name' must be a non-empty string/);
  throws(() => new AddField({ modelName: 'x', name: 'y', field: 3 as any }), TypeError, /'field' must be a field/);
});

test('unknown app, unknown or ambiguous target', async () => {
  const db = await SqlJsBackend.open();
  const files = memoryMigrationFiles(libHistory as any);
  await rejects(() => migrate({ backend: db, files, app: 'nope' }), ValueError, /App 'nope' does not have migrations\./);
  await rejects(() => migrate({ backend: db, files, app: 'lib', target: '0009' }), ValueError, /Cannot find a migration matching '0009' from app 'lib'\./);
  await rejects(() => migrate({ backend: db, files, app: 'lib', target: '000' }), ValueError, /More than one migration matches '000' in app 'lib'\. Please be more specific\./);
  await rejects(() => sqlmigrate({ backend: db, files, app: 'nope', name: '0001' }), ValueError, /App 'nope' does not have migrations/);
  await rejects(() => makemigrations({ files, apps: ['nope'] }), ValueError, /App 'nope' could not be found/);
  await rejects(() => makemigrations({ files, empty: true }), ValueError, /You must supply at least one app label when using --empty/);
  await db.close();
});

test('migrate --plan lists without applying; showmigrations marks applied ones', async () => {
  const db = await SqlJsBackend.open();
  const files = memoryMigrationFiles(libHistory as any);
  const { lines } = await migrate({ backend: db, files, app: 'lib', target: '0001', plan: true });
  assert.equal(lines, ['Planned operations:', 'lib.0001_initial', '    Create model Author', '    Create model Book']);
  assert.equal(await showmigrations({ backend: db, files }), ['lib', ' [ ] 0001_initial', ' [ ] 0002_data', ' [ ] 0003_changes', ' [ ] 0004_more']);
  await migrate({ backend: db, files, app: 'lib', target: '0002_data' });
  assert.equal(await showmigrations({ backend: db, files }), ['lib', ' [X] 0001_initial', ' [X] 0002_data', ' [ ] 0003_changes', ' [ ] 0004_more']);
  const back = await migrate({ backend: db, files, app: 'lib', target: 'zero', plan: true });
  assert.equal(back.lines, ['Planned operations:', 'lib.0002_data', '    Undo Raw SQL operation', 'lib.0001_initial', '    Undo Create model Author', '    Undo Create model Book']);
  const nothing = await migrate({ backend: db, files, app: 'lib', target: '0002' });
  assert.equal(nothing.lines, ['Operations to perform:', '  Target specific migration: 0002_data, from lib', 'Running migrations:', '  No migrations to apply.']);
  const fresh = await SqlJsBackend.open();
  assert.equal((await migrate({ backend: fresh, files: {} })).lines, ['Operations to perform:', '  Apply all migrations: (none)', 'Running migrations:', '  No migrations to apply.']);
  assert.equal(await fresh.query("SELECT name FROM sqlite_master WHERE name = 'django_migrations'", []), [['django_migrations']]);
  await fresh.close();
  const irreversible = memoryMigrationFiles({ one: { '0001_initial': { operations: [new RunSQL({ sql: 'SELECT 1' })] } } });
  await migrate({ backend: db, files: irreversible });
  await rejects(() => migrate({ backend: db, files: irreversible, app: 'one', target: 'zero' }), Error, /Raw SQL operation in one\.0001_initial is not reversible/);
  await db.close();
});

test('makemigrations --empty and --name write an empty migration after the leaf', async () => {
  const files = memoryMigrationFiles(libHistory as any);
  const r = await makemigrations({ files, apps: ['lib'], empty: true, name: 'fill_data' });
  assert.equal(r.lines, ["Migrations for 'lib':", '  lib/migrations/0005_fill_data.ts']);
  assert.match(files.sources['lib/migrations/0005_fill_data.ts']!, /dependencies: \[\n {4}\['lib', '0004_more'\],\n {2}\],\n\n {2}operations: \[\],/);
  await rejects(() => makemigrations({ files, apps: ['lib'], empty: true, name: 'bad name' }), ValueError, /valid identifier/);
});

test('a migration file that does not load names the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'manouche-bad-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    mkdirSync(join(dir, 'app', 'migrations'), { recursive: true });
    writeFileSync(join(dir, 'app', 'migrations', '0001_initial.ts'), 'export default { operations: [ new Nope() ] ;');
    const files = nodeMigrationFiles({ dirs: { app: join(dir, 'app', 'migrations') }, root: dir });
    await rejects(() => files.load(), BadMigrationError, /Could not import migration app\/migrations\/0001_initial\.ts/);
    mkdirSync(join(dir, 'app2', 'migrations'), { recursive: true });
    writeFileSync(join(dir, 'app2', 'migrations', '0001_initial.ts'), `import { migrations } from ${JSON.stringify(resolve('src/db/migrations/index.ts'))};\nexport const x = migrations;\n`);
    const other = nodeMigrationFiles({ dirs: { app2: join(dir, 'app2', 'migrations') }, root: dir });
    await rejects(() => other.load(), BadMigrationError, /has no default export/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

const merging = suite('makemigrations --merge and the unapplied-migrations warning');

merging('--merge writes a migration depending on both leaves, listing each branch', async () => {
  const base = { initial: true, operations: [new CreateModel({ name: 'Q', fields: [['id', models.AutoField() as any]] })] };
  const a = { dependencies: [['app', '0001_initial']], operations: [new AddField({ modelName: 'q', name: 'a', field: models.IntegerField({ null: true }) as any })] };
  const b = { dependencies: [['app', '0001_initial']], operations: [new AddField({ modelName: 'q', name: 'b', field: models.IntegerField({ null: true }) as any })] };
  const files = memoryMigrationFiles({ app: { '0001_initial': base, '0002_a': a, '0002_b': b } } as any);
  const r = await makemigrations({ files, merge: true });
  assert.equal(r.lines, ['Merging app', '  Branch 0002_a', '    - Add field a to q', '  Branch 0002_b', '    - Add field b to q', '', 'Created new merge migration app/migrations/0003_merge_0002_a_0002_b.ts']);
  assert.match(files.sources['app/migrations/0003_merge_0002_a_0002_b.ts']!, /\['app', '0002_a'\],\n {4}\['app', '0002_b'\],/);
  const db = await SqlJsBackend.open();
  assert.equal(await unappliedMigrationsWarning({ backend: db, files }), [
    "You have 4 unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): app.",
    "Run 'npx manouche migrate' to apply them.",
  ]);
  const out = await migrate({ backend: db, files });
  // Django's graph walks the last-sorted parent first
  assert.equal(out.lines.slice(3), ['  Applying app.0001_initial... OK', '  Applying app.0002_b... OK', '  Applying app.0002_a... OK', '  Applying app.0003_merge_0002_a_0002_b... OK']);
  assert.equal(await unappliedMigrationsWarning({ backend: db, files }), []);
  assert.equal((await makemigrations({ files, merge: true })).lines, ['No conflicts detected to merge.']);
  await db.close();
});

merging.run();
