/**
 * The data commands on PostgreSQL, in process through callCommand():
 * dumpdata -> flush (TRUNCATE ... RESTART IDENTITY) -> loaddata, the
 * identity sequences reset after a load, and inspectdb reading pg_catalog.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASCADE, CharField, DateTimeField, DecimalField, ForeignKey, ManyToManyField, apps, configure, connections, createTables, defineApp, defineModel, resetSettings } from '../../../src/index';
import { PostgresBackend } from '../../../src/db/backends/postgresql';
import { callCommand } from '../../../src/core/management/index';
import { postgresReachable } from '../../db/harness';

const Author = defineModel('clipg.Author', { name: CharField({ maxLength: 50 }) });
const Label = defineModel('clipg.Label', { name: CharField({ maxLength: 20, unique: true }) });
const Book = defineModel('clipg.Book', {
  title: CharField({ maxLength: 100 }),
  published: DateTimeField(),
  price: DecimalField({ maxDigits: 7, decimalPlaces: 2 }),
  author: ForeignKey(() => Author, { onDelete: CASCADE }),
  labels: ManyToManyField(() => Label),
});

const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: process.env.PGUSER ?? 'postgres' };
const schema = `manouche_cli_${process.pid}`;
let db: PostgresBackend | null = null;
let dir = '';

async function output(name: string, args: string[], options: Record<string, unknown> = {}): Promise<string> {
  let out = '';
  await callCommand(name, args, options, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } });
  return out;
}

test.before(async () => {
  if (!(await postgresReachable())) return;
  const admin = await PostgresBackend.open(PG);
  await admin.executeScript(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
  await admin.close();
  db = await PostgresBackend.open({ ...PG, schema });
  connections.set('default', db);
  configure({ DATABASES: { default: { ENGINE: 'manouche.db.backends.postgresql', NAME: 'test' } } });
  await apps.populate([defineApp({ name: 'clipg' })]);
  await createTables(db, [Author, Label, Book]);
  dir = mkdtempSync(join(tmpdir(), 'manouche-pg-'));
});

test.after(async () => {
  if (!db) return;
  connections.delete('default');
  await db.executeScript(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await db.close();
  await apps.populate([]);
  resetSettings();
  rmSync(dir, { recursive: true, force: true });
});

test('dumpdata -> flush -> loaddata round trip on PostgreSQL, and new rows continue after the loaded keys', async () => {
  if (!db) return;
  const ann = await Author.objects.create({ name: 'Ann' });
  const [a, b] = [await Label.objects.create({ name: 'a' }), await Label.objects.create({ name: 'b' })];
  const book = await Book.objects.create({ title: 'Straße', published: new Date('2024-02-03T04:05:06.789Z'), price: '9.90', author: ann });
  await book.labels.add(a, b);
  const before = await output('dumpdata', ['clipg', '--indent', '2']);
  assert.match(before, '"published": "2024-02-03T04:05:06.789Z"');
  assert.match(before, '"labels": [\n      1,\n      2\n    ]');
  writeFileSync(join(dir, 'dump.json'), before);
  await output('flush', ['--no-input']);
  assert.is(await Book.objects.count(), 0);
  assert.is(await output('loaddata', [join(dir, 'dump.json')]), 'Installed 4 object(s) from 1 fixture(s)\n');
  assert.is(await output('dumpdata', ['clipg', '--indent', '2']), before);
  const next = await Label.objects.create({ name: 'c' });
  assert.is(next.pk, 3, 'the identity sequence was reset past the loaded keys');
});

test('inspectdb reads PostgreSQL tables into defineModel() declarations', async () => {
  if (!db) return;
  const out = await output('inspectdb', ['clipg_book', 'clipg_author', 'clipg_book_labels']);
  assert.match(out, "export const ClipgBook = defineModel('inspectdb.ClipgBook', {\n  title: CharField({ maxLength: 100 }),\n  published: DateTimeField(),\n  price: DecimalField({ maxDigits: 7, decimalPlaces: 2 }),\n  author: ForeignKey('ClipgAuthor', { onDelete: DO_NOTHING }),\n}");
  assert.match(out, "  book: ForeignKey('ClipgBook', { onDelete: DO_NOTHING }),\n  label: ForeignKey('clipg_label', { onDelete: DO_NOTHING }), // The table 'clipg_label' this column refers to was not inspected.");
  assert.match(out, "uniqueTogether: [['book', 'label']]");
});

test.run();
