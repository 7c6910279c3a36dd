// Django's connection.cursor(): execute with %s parameters, fetchone /
// fetchmany / fetchall, description and rowcount, on both backends.
import * as assert from 'uvu/assert';
import { ValueError } from '../../src/core/exceptions';
import { DatabaseError, cursor } from '../../src/db/index';
import { dbSuite, rejects, throws } from './harness';
import { ALL, Author } from './models';

dbSuite('cursor', ALL, (test) => {
  test('execute with parameters, then fetch one, some and all', async () => {
    for (const [name, age] of [['Ann', 41], ['Bob', 25], ['Cy', 33], ["O'Neil; DROP TABLE qt_author; --", 50]] as const) {
      await Author.objects.create({ name, age });
    }
    const c = cursor();
    await c.execute('SELECT name, age FROM qt_author WHERE age > %s ORDER BY age', [30]);
    assert.equal(c.description, [['name'], ['age']]);
    assert.is(c.rowcount, 3);
    assert.equal(c.fetchone(), ['Cy', 33]);
    assert.equal(c.fetchmany(1), [['Ann', 41]]);
    assert.equal(c.fetchall(), [["O'Neil; DROP TABLE qt_author; --", 50]]);
    assert.is(c.fetchone(), null);
    assert.equal(c.fetchall(), []);
    // a parameter is never SQL: the payload is a value, the table is intact
    await c.execute('SELECT COUNT(*) FROM qt_author WHERE name = %s', ["O'Neil; DROP TABLE qt_author; --"]);
    assert.equal(c.fetchall().map((r) => Number(r[0])), [1]);
    // %% is a literal %
    await c.execute("SELECT name FROM qt_author WHERE name LIKE 'A%%' AND age >= %s", [0]);
    assert.equal(c.fetchall(), [['Ann']]);
    // a write returns no result set
    await c.execute('UPDATE qt_author SET age = age + 1 WHERE age < %s', [30]);
    assert.is(c.description, null);
    assert.is((await Author.objects.get({ name: 'Bob' })).age, 26);
  });

  test('rowcount after INSERT, UPDATE and DELETE is the number of rows changed', async () => {
    const c = cursor();
    await c.execute('INSERT INTO qt_author (name, age) VALUES (%s, %s), (%s, %s)', ['Ann', 41, 'Bob', 25]);
    assert.is(c.rowcount, 2);
    await c.execute('UPDATE qt_author SET age = age + 1 WHERE age < %s', [30]);
    assert.is(c.rowcount, 1);
    await c.execute('UPDATE qt_author SET age = 0 WHERE name = %s', ['nobody']);
    assert.is(c.rowcount, 0);
    // a leading comment does not hide the write
    await c.execute('/* purge */ DELETE FROM qt_author WHERE age > %s', [0]);
    assert.is(c.rowcount, 2);
    assert.is(await Author.objects.count(), 0);
  });

  test('bad input: rowcount is never a stale write count (SELECT counts its rows, DDL is -1)', async () => {
    const c = cursor();
    await c.execute('INSERT INTO qt_author (name, age) VALUES (%s, %s), (%s, %s), (%s, %s)', ['Ann', 41, 'Bob', 25, 'Cy', 33]);
    assert.is(c.rowcount, 3);
    await c.execute('SELECT name FROM qt_author WHERE age > %s', [40]);
    assert.is(c.rowcount, 1);
    await c.execute('CREATE TABLE qt_scratch (n integer)', []);
    assert.is(c.rowcount, -1);
    await c.execute('DROP TABLE qt_scratch', []);
    assert.is(c.rowcount, -1);
    // a failed statement leaves nothing of the one before
    await c.execute('DELETE FROM qt_author WHERE age < %s', [30]);
    assert.is(c.rowcount, 1);
    await rejects(() => c.execute('INSERT INTO qt_missing (n) VALUES (%s)', [1]), DatabaseError);
    assert.is(c.rowcount, -1);
    assert.is(c.description, null);
    assert.is(c.fetchone(), null);
  });

  test('bad input: placeholder count, fetchmany size, a closed cursor', async () => {
    const c = cursor();
    await rejects(() => c.execute('SELECT %s, %s', [1]), ValueError, /2 placeholders but 1 parameters/);
    await c.execute('SELECT 1', []);
    throws(() => c.fetchmany(-1), ValueError, /non-negative integer/);
    c.close();
    await rejects(() => c.execute('SELECT 1'), ValueError, /closed/);
  });
});
