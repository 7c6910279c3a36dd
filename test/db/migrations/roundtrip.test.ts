import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dbSuite, rejects } from '../harness';
import { CASCADE, CharField, ForeignKey, IntegerField, ManyToManyField, SlugField, defineModel, registry, Q, IntegrityError } from '../../../src/db/index';
import { CheckConstraint, Index } from '../../../src/db/index';
import { makemigrations, migrate, showmigrations, sqlmigrate, BadMigrationError } from '../../../src/db/migrations/index';
import { nodeMigrationFiles } from '../../../src/node/migrations';
import { tableNames, columnNames } from '../../../src/db/backends/introspection';
import { ValueError } from '../../../src/core/exceptions';

const IMPORT = resolve('src/db/migrations/index.ts');

/** Replaces the models of app 'rt' (the test edits its models between makemigrations runs). */
function models(define: () => void): void {
  for (const [label, opts] of [...registry]) if (opts.appLabel === 'rt') registry.delete(label);
  define();
}

dbSuite('makemigrations and migrate round trip', [], (test, ctx) => {
  test('each model edit becomes a migration that applies, keeps data, and unapplies to zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manouche-mig-'));
    // an ES module project, as startproject makes it (a .ts file elsewhere loads as CommonJS: another module instance)
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    try {
      const files = nodeMigrationFiles({ dirs: { rt: join(dir, 'rt', 'migrations') }, root: dir });
      const make = (extra: Record<string, unknown> = {}) => makemigrations({ files, apps: ['rt'], importPath: IMPORT, now: new Date('2026-01-02T03:04:00Z'), ...extra });
      const run = (target?: string) => migrate({ backend: ctx.db, files, app: target === undefined ? undefined : 'rt', target });
      const rows = (sql: string) => ctx.db.query(sql, []);

      // 1. initial
      models(() => {
        const Author = defineModel('rt.Author', { name: CharField({ maxLength: 50 }) });
        defineModel('rt.Tag', { label: CharField({ maxLength: 20 }) });
        defineModel('rt.Question', {
          text: CharField({ maxLength: 200 }),
          votes: IntegerField({ null: true }),
          author: ForeignKey(() => Author, { onDelete: CASCADE, null: true }),
          tags: ManyToManyField(() => registry.get('rt.Tag')!.model),
        });
      });
      let r = await make();
      assert.equal(r.lines, [
        "Migrations for 'rt':",
        '  rt/migrations/0001_initial.ts',
        '    - Create model Author',
        '    - Create model Tag',
        '    - Create model Question',
      ]);
      const source = readFileSync(join(dir, 'rt/migrations/0001_initial.ts'), 'utf8');
      assert.match(source, /new migrations\.CreateModel\(/);
      assert.ok(source.includes("['author', models.ForeignKey('rt.Author', { onDelete: models.CASCADE, null: true })]"), source);
      assert.match(source, /initial: true/);
      const out = await run();
      assert.equal(out.lines, ['Operations to perform:', '  Apply all migrations: rt', 'Running migrations:', '  Applying rt.0001_initial... OK']);
      await ctx.db.executeScript("INSERT INTO rt_author (id, name) VALUES (1, 'Ann'); INSERT INTO rt_question (id, text, votes, author_id) VALUES (1, 'Why?', NULL, 1), (2, 'How?', 3, 1)");
      assert.equal((await make()).lines, ["No changes detected in app 'rt'"]);

      // 2. add a field with a default
      models(() => {
        const Author = defineModel('rt.Author', { name: CharField({ maxLength: 50 }) });
        defineModel('rt.Tag', { label: CharField({ maxLength: 20 }) });
        defineModel('rt.Question', {
          text: CharField({ maxLength: 200 }),
          votes: IntegerField({ null: true }),
          author: ForeignKey(() => Author, { onDelete: CASCADE, null: true }),
          tags: ManyToManyField(() => registry.get('rt.Tag')!.model),
          slug: SlugField({ default: 'q' }),
        });
      });
      r = await make();
      assert.equal(r.lines, ["Migrations for 'rt':", '  rt/migrations/0002_question_slug.ts', '    - Add field slug to question']);
      await run();
      assert.equal(await rows('SELECT id, slug FROM rt_question ORDER BY id'), [[1, 'q'], [2, 'q']]);

      // 3. rename a field (hinted), 4. null -> not null with a default
      models(() => {
        const Author = defineModel('rt.Author', { name: CharField({ maxLength: 50 }) });
        defineModel('rt.Tag', { label: CharField({ maxLength: 20 }) });
        defineModel('rt.Question', {
          question_text: CharField({ maxLength: 200 }),
          votes: IntegerField({ default: 0 }),
          author: ForeignKey(() => Author, { onDelete: CASCADE, null: true }),
          tags: ManyToManyField(() => registry.get('rt.Tag')!.model),
          slug: SlugField({ default: 'q' }),
        });
      });
      r = await make({ renames: { fields: { 'rt.Question': { text: 'question_text' } } } });
      assert.equal(r.lines, [
        "Migrations for 'rt':",
        '  rt/migrations/0003_rename_text_question_question_text_alter_questi_and_more.ts',
        '    - Rename field text on question to question_text',
        '    - Alter field votes on question',
      ]);
      await run();
      assert.equal(await rows('SELECT id, question_text, votes FROM rt_question ORDER BY id'), [[1, 'Why?', 0], [2, 'How?', 3]]);

      // 5. an index and a check constraint
      models(() => {
        const Author = defineModel('rt.Author', { name: CharField({ maxLength: 50 }) });
        defineModel('rt.Tag', { label: CharField({ maxLength: 20 }) });
        defineModel(
          'rt.Question',
          {
            question_text: CharField({ maxLength: 200 }),
            votes: IntegerField({ default: 0 }),
            author: ForeignKey(() => Author, { onDelete: CASCADE, null: true }),
            tags: ManyToManyField(() => registry.get('rt.Tag')!.model),
            slug: SlugField({ default: 'q' }),
          },
          { indexes: [Index({ fields: ['-votes'], name: 'q_votes_idx' })], constraints: [CheckConstraint({ check: Q({ votes__gte: 0 }), name: 'votes_gte_0' })] },
        );
      });
      r = await make();
      assert.equal(r.lines.slice(2), ['    - Create index q_votes_idx on field(s) -votes of model question', '    - Create constraint votes_gte_0 on model question']);
      await run();
      await rejects(() => ctx.db.run('UPDATE rt_question SET votes = -5 WHERE id = 2', []), IntegrityError);
      assert.equal(await rows('SELECT id, question_text FROM rt_question ORDER BY id'), [[1, 'Why?'], [2, 'How?']]);

      // 6. delete a model (and the foreign key pointing to it)
      models(() => {
        defineModel('rt.Tag', { label: CharField({ maxLength: 20 }) });
        defineModel(
          'rt.Question',
          {
            question_text: CharField({ maxLength: 200 }),
            votes: IntegerField({ default: 0 }),
            tags: ManyToManyField(() => registry.get('rt.Tag')!.model),
            slug: SlugField({ default: 'q' }),
          },
          { indexes: [Index({ fields: ['-votes'], name: 'q_votes_idx' })], constraints: [CheckConstraint({ check: Q({ votes__gte: 0 }), name: 'votes_gte_0' })] },
        );
      });
      r = await make();
      assert.equal(r.lines.slice(2), ['    - Remove field author from question', '    - Delete model Author']);
      assert.match(r.lines[1]!, /0005_remove_question_author_delete_author\.ts$/);
      await run();
      assert.not.ok((await tableNames(ctx.db)).includes('rt_author'));
      assert.equal((await make()).lines, ["No changes detected in app 'rt'"]);

      const names = ['0001_initial', '0002_question_slug', '0003_rename_text_question_question_text_alter_questi_and_more', '0004_question_q_votes_idx_question_votes_gte_0', '0005_remove_question_author_delete_author'];
      assert.equal(await showmigrations({ backend: ctx.db, files, apps: ['rt'] }), ['rt', ...names.map((n) => ` [X] ${n}`)]);

      // back to 0003: the columns 0003 had keep their data
      const back = await run('0003');
      assert.equal(back.lines, [
        'Operations to perform:',
        `  Target specific migration: ${names[2]}, from rt`,
        'Running migrations:',
        `  Unapplying rt.${names[4]}... OK`,
        `  Unapplying rt.${names[3]}... OK`,
      ]);
      assert.equal(await rows('SELECT id, question_text, votes, slug FROM rt_question ORDER BY id'), [[1, 'Why?', 0, 'q'], [2, 'How?', 3, 'q']]);
      // back to zero: every table of the app is gone, the history is empty
      await run('zero');
      assert.equal((await tableNames(ctx.db)).filter((t) => t.startsWith('rt_')), []);
      assert.equal(await showmigrations({ backend: ctx.db, files, apps: ['rt'] }), ['rt', ...names.map((n) => ` [ ] ${n}`)]);
      // and forwards again from the files alone
      await run();
      assert.ok((await columnNames(ctx.db, 'rt_question')).includes('question_text'));
      const sql = await sqlmigrate({ backend: ctx.db, files, app: 'rt', name: '0002' });
      assert.ok(sql.some((s) => s.includes('"slug"')));
      await run('zero');
    } finally {
      models(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
