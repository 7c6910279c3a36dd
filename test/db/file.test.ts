// A sql.js database kept in a file (src/node/sqlite-file.ts): committed
// transactions survive a reopen and a SIGKILL at any moment; rolled-back work
// and a torn journal tail do not.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CharField, IntegerField, atomic, connections, createTables, defineModel } from '../../src/db/index';
import { openSqliteFile } from '../../src/node/sqlite-file';

const Note = defineModel('fp.Note', { text: CharField({ maxLength: 40 }) });
const Row = defineModel('fw.Row', { label: CharField({ maxLength: 40 }), n: IntegerField() });
const dir = mkdtempSync(join(tmpdir(), 'manouche-file-'));

test('committed rows survive a reopen (journal replayed, then a checkpoint)', async () => {
  const path = join(dir, 'a.sqlite3');
  const db = await openSqliteFile(path);
  connections.set('default', db);
  await createTables(db, [Note]);
  await Note.objects.create({ text: 'one' });
  await atomic(async () => {
    await Note.objects.create({ text: 'two' });
    await atomic(async () => {
      await Note.objects.create({ text: 'inner, rolled back' });
      throw new Error('undo');
    }).catch(() => undefined);
  });
  await atomic(async () => {
    await Note.objects.create({ text: 'rolled back' });
    throw new Error('undo');
  }).catch(() => undefined);
  // no close(): a second process would see the snapshot-less file plus the journal
  const again = await openSqliteFile(path);
  connections.set('default', again);
  assert.equal(await Note.objects.orderBy('id').valuesList('text', { flat: true }), ['one', 'two']);
  await Note.objects.create({ text: 'three' });
  await again.close(); // checkpoint: snapshot written, journal emptied
  assert.is(statSync(`${path}-journal`).size, 0);
  const third = await openSqliteFile(path);
  connections.set('default', third);
  assert.equal(await Note.objects.orderBy('id').valuesList('text', { flat: true }), ['one', 'two', 'three']);
  // a torn record at the end of the journal (a crash mid-append) is ignored
  await Note.objects.create({ text: 'four' });
  appendFileSync(`${path}-journal`, new Uint8Array([200, 0, 0, 0, 1, 2, 3]));
  const fourth = await openSqliteFile(path);
  connections.set('default', fourth);
  assert.equal(await Note.objects.orderBy('id').valuesList('text', { flat: true }), ['one', 'two', 'three', 'four']);
  await Note.objects.create({ text: 'five' });
  await fourth.close();
  await db.close().catch(() => undefined);
});

async function killMidWrite(path: string, afterMs: number, checkpointBytes: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/db/fixtures/file-writer.ts', path, String(checkpointBytes)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  await new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      // wait for the first commit (tsx start-up takes a while), then let it run `afterMs` more
      if (out.includes('\n') && Date.now() - started > 0) {
        clearInterval(poll);
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, afterMs);
      }
      if (Date.now() - started > 20000) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error('the writer never committed'));
      }
    }, 5);
  });
  await new Promise((r) => child.on('close', r));
  return out
    .split('\n')
    .filter((l) => /^\d+$/.test(l))
    .map(Number);
}

test('a process killed by SIGKILL mid-write leaves every committed transaction readable', async () => {
  const path = join(dir, 'killed.sqlite3');
  let total = 0;
  for (const [ms, cp] of [
    [150, 2048],
    [300, 1 << 20],
    [220, 512],
  ] as const) {
    const committed = await killMidWrite(path, ms, cp);
    assert.ok(committed.length > 0);
    total += committed.length;
    const db = await openSqliteFile(path);
    connections.set('default', db);
    const ids = new Set(await Row.objects.valuesList('id', { flat: true }));
    for (const id of committed) assert.ok(ids.has(id), `committed row ${id} is missing`);
    // every row is whole: its update ran in the same transaction
    const rows = await Row.objects.values('label', 'n');
    for (const r of rows) assert.is(r.n, Number(String(r.label).slice(4)) * 2);
    await db.close();
  }
  assert.ok(total > 3);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
