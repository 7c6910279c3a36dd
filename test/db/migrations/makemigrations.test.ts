import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CASCADE, CharField, ForeignKey, IntegerField, SqlJsBackend, defineModel, registry } from '../../../src/db/index';
import { makemigrations, memoryMigrationFiles, migrate } from '../../../src/db/migrations/index';

const test = suite('makemigrations');

function only(apps: string[], define: () => void): void {
  for (const [label, opts] of [...registry]) if (apps.includes(opts.appLabel)) registry.delete(label);
  define();
}

test('--check reports changes without writing; a cross-app foreign key depends on the other app', async () => {
  only(['mma', 'mmb'], () => {
    const Person = defineModel('mma.Person', { name: CharField({ maxLength: 30 }) });
    defineModel('mmb.Pet', { owner: ForeignKey(() => Person, { onDelete: CASCADE }), name: CharField({ maxLength: 30 }) });
  });
  try {
    const files = memoryMigrationFiles();
    const checked = await makemigrations({ files, apps: ['mma', 'mmb'], check: true });
    assert.is(checked.changed, true);
    assert.equal(Object.keys(files.sources), []);
    const made = await makemigrations({ files, apps: ['mma', 'mmb'] });
    assert.equal(made.lines, ["Migrations for 'mma':", '  mma/migrations/0001_initial.ts', '    - Create model Person', "Migrations for 'mmb':", '  mmb/migrations/0001_initial.ts', '    - Create model Pet']);
    assert.match(files.sources['mmb/migrations/0001_initial.ts']!, /dependencies: \[\n {4}\['mma', '0001_initial'\],\n {2}\]/);
    const db = await SqlJsBackend.open();
    const { lines } = await migrate({ backend: db, files });
    assert.equal(lines.slice(1), ['  Apply all migrations: mma, mmb', 'Running migrations:', '  Applying mma.0001_initial... OK', '  Applying mmb.0001_initial... OK']);
    assert.is((await makemigrations({ files, apps: ['mma', 'mmb'], check: true })).changed, false);

    // a field becoming non-nullable: the questioner's one-off default fills the nulls
    only(['mma', 'mmb'], () => {
      const Person = defineModel('mma.Person', { name: CharField({ maxLength: 30 }) });
      defineModel('mmb.Pet', { owner: ForeignKey(() => Person, { onDelete: CASCADE }), name: CharField({ maxLength: 30 }), age: IntegerField({ null: true }) });
    });
    await makemigrations({ files, apps: ['mmb'] });
    await migrate({ backend: db, files });
    await db.executeScript("INSERT INTO mma_person (id, name) VALUES (1, 'p'); INSERT INTO mmb_pet (owner_id, name, age) VALUES (1, 'rex', NULL), (1, 'tom', 4)");
    only(['mma', 'mmb'], () => {
      const Person = defineModel('mma.Person', { name: CharField({ maxLength: 30 }) });
      defineModel('mmb.Pet', { owner: ForeignKey(() => Person, { onDelete: CASCADE }), name: CharField({ maxLength: 30 }), age: IntegerField() });
    });
    const asked: string[] = [];
    const r = await makemigrations({ files, apps: ['mmb'], questioner: { askNotNullAlteration: (m, f) => (asked.push(`${m}.${f}`), 1) } });
    assert.equal(asked, ['pet.age']);
    assert.equal(r.lines, ["Migrations for 'mmb':", '  mmb/migrations/0003_alter_pet_age.ts', '    - Alter field age on pet']);
    assert.match(files.sources['mmb/migrations/0003_alter_pet_age.ts']!, /field: models\.IntegerField\(\{ default: 1 \}\),\n {6}preserveDefault: false,/);
    await migrate({ backend: db, files });
    assert.equal(await db.query('SELECT name, age FROM mmb_pet ORDER BY name', []), [['rex', 1], ['tom', 4]]);
    assert.is((await makemigrations({ files, apps: ['mma', 'mmb'], check: true })).changed, false);
    await db.close();
  } finally {
    only(['mma', 'mmb'], () => undefined);
  }
});

test.run();
