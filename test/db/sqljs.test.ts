// The sql.js backend: statements prepared once and reused, dropped when sql.js
// exports or closes (it frees them itself), rows read by position.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CharField, IntegerField, OperationalError, SqlJsBackend, connections, createTables, defineModel } from '../../src/db/index';
import { rejects } from './harness';

const Item = defineModel('sj.Item', { name: CharField({ maxLength: 20 }), n: IntegerField({ default: 0 }) });

test('a statement is prepared once per SQL text and reused', async () => {
  const db = await SqlJsBackend.open();
  connections.set('default', db);
  await createTables(db, [Item]);
  for (let i = 0; i < 50; i++) await Item.objects.create({ name: `i${i}`, n: i });
  const prepared = db.preparedCount;
  for (let i = 0; i < 50; i++) assert.is((await Item.objects.get({ name: `i${i}` })).n, i);
  assert.is(db.preparedCount, prepared + 1);
  await db.close();
});

test('the connection keeps its lock (locking_mode exclusive) when opened and after export() reopens it: reads do not probe the file system for a hot journal', async () => {
  const db = await SqlJsBackend.open();
  const mode = () => db.database().exec('PRAGMA locking_mode')[0].values[0][0];
  assert.is(mode(), 'exclusive');
  db.export();
  assert.is(mode(), 'exclusive');
  assert.is(db.database().exec('PRAGMA journal_mode')[0].values[0][0], 'memory');
  await db.close();
});

test('export() drops the statements, keeps the data and the regexp function', async () => {
  const db = await SqlJsBackend.open();
  connections.set('default', db);
  await createTables(db, [Item]);
  await Item.objects.create({ name: 'a', n: 1 });
  assert.is(await Item.objects.filter({ name__regex: '^a$' }).count(), 1);
  assert.ok(db.preparedCount > 0);
  const bytes = db.export();
  assert.is(db.preparedCount, 0);
  assert.ok(bytes.length > 0);
  // still usable after export (statements are prepared again)
  assert.is(await Item.objects.filter({ name__regex: '^a$' }).count(), 1);
  await Item.objects.create({ name: 'b', n: 2 });
  // a copy opened from the exported bytes has the first row only
  const copy = await SqlJsBackend.open({ data: bytes });
  connections.set('default', copy);
  assert.equal(await Item.objects.valuesList('name', { flat: true }), ['a']);
  await copy.close();
  connections.set('default', db);
  assert.is(await Item.objects.count(), 2);
  await db.close();
  assert.is(db.preparedCount, 0);
  await rejects(() => Item.objects.count(), OperationalError, /closed/);
});

test('the statement cache is bounded', async () => {
  const db = await SqlJsBackend.open({ statementCacheSize: 4 });
  for (let i = 0; i < 20; i++) await db.query(`SELECT ${i}`, []);
  assert.is(db.preparedCount, 4);
  assert.equal(await db.query('SELECT ?, ?', [1, 'x']), [[1, 'x']]);
  await db.close();
});

test.run();
