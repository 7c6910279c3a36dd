// Driver errors arrive as Django's exceptions (django.db.utils), naming the
// constraint, column or table, on both backends; the failed statement leaves
// nothing behind.
import * as assert from 'uvu/assert';
import { DataError, DatabaseError, IntegrityError, OperationalError, ProgrammingError, rawQuery } from '../../src/db/index';
import { dbSuite, rejects } from './harness';
import { ALL, Author, Book } from './models';

dbSuite('backend errors', ALL, (test, ctx) => {
  test('a unique or NOT NULL violation is an IntegrityError naming the constraint or column', async () => {
    await Author.objects.create({ name: 'Ann' });
    const unique = await rejects(() => Author.objects.create({ name: 'Ann' }), IntegrityError);
    assert.match(unique.message, ctx.vendor === 'sqlite' ? 'UNIQUE constraint failed: qt_author.name' : /unique constraint "qt_author_name\w*"/);
    const notNull = await rejects(() => Author.objects.create({ name: null } as any), IntegrityError);
    assert.match(notNull.message, ctx.vendor === 'sqlite' ? 'NOT NULL constraint failed: qt_author.name' : /column "name" of relation "qt_author"/);
    const fk = await rejects(() => Book.objects.create({ author_id: 999, title: 't' }), IntegrityError);
    assert.match(fk.message, ctx.vendor === 'sqlite' ? /FOREIGN KEY constraint failed/ : /foreign key constraint "qt_book_author_id\w*"/);
    assert.is(await Author.objects.count(), 1, 'the failed inserts left no row');
    assert.is(await Book.objects.count(), 0);
  });

  test('an unknown column is a ProgrammingError; an unknown table OperationalError on SQLite, ProgrammingError on PostgreSQL (as Django)', async () => {
    const col = await rejects(() => rawQuery('SELECT nope FROM qt_author'), ProgrammingError);
    assert.match(col.message, /nope/);
    const table = await rejects(() => rawQuery('SELECT 1 FROM no_table'), ctx.vendor === 'sqlite' ? OperationalError : ProgrammingError);
    assert.match(table.message, /no_table/);
    assert.ok(table instanceof DatabaseError);
  });

  test('a value the column cannot hold is a DataError on PostgreSQL naming the type', async ({ vendor }) => {
    if (vendor === 'sqlite') {
      // SQLite enforces neither lengths nor integer widths (Django documents the same)
      await Author.objects.create({ name: 'x'.repeat(60) });
      assert.is(await Author.objects.count(), 1);
      return;
    }
    const long = await rejects(() => Author.objects.create({ name: 'x'.repeat(60) }), DataError);
    assert.match(long.message, 'value too long for type character varying(50)');
    const wide = await rejects(() => Author.objects.create({ name: 'w', age: 2 ** 40 }), DataError);
    assert.match(wide.message, /out of range for type integer/);
    assert.is(await Author.objects.count(), 0);
  });
});
