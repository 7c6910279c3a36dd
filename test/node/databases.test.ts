// manouche/node registers the DATABASES engines that need Node (and so does manouche/node/server).
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connections, openDatabases } from '../../src/node/index';

test('a sql.js DATABASES entry with a NAME is kept in that file, and survives reopening', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'manouche-dbs-'));
  const file = join(dir, 'db.sqlite3');
  try {
    await openDatabases({ filedb: { ENGINE: 'manouche.db.backends.sqljs', NAME: file } });
    await connections.get('filedb').executeScript('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42)');
    await connections.get('filedb').close();
    connections.delete('filedb');
    assert.ok(existsSync(file));
    await openDatabases({ filedb: { ENGINE: 'manouche.db.backends.sqljs', NAME: file } });
    assert.equal(await connections.get('filedb').query('SELECT x FROM t', []), [[42]]);
  } finally {
    if (connections.has('filedb')) await connections.get('filedb').close();
    connections.delete('filedb');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the PostgreSQL engine is registered by manouche/node (a bad port is an OperationalError on first use, not at setup)', async () => {
  await openDatabases({ pgbad: { ENGINE: 'manouche.db.backends.postgresql', NAME: 'test', HOST: '127.0.0.1', PORT: 1, OPTIONS: { connectionTimeoutMillis: 500 } } });
  const err = await connections.get('pgbad').query('SELECT 1', []).catch((e) => e);
  assert.instance(err, Error);
  assert.is(err.name, 'OperationalError');
  await connections.get('pgbad').close();
  connections.delete('pgbad');
});

test('the built manouche/node/server registers them too: a file database opens, and the PostgreSQL backend loads when an entry names it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manouche-dbs-'));
  const script = `
    await import('manouche/node/server');
    const { connections, openDatabases } = await import('manouche/db');
    await openDatabases({ default: { ENGINE: 'manouche.db.backends.sqljs', NAME: process.argv[1] } });
    await connections.get().executeScript('CREATE TABLE t (x INTEGER)');
    await openDatabases({ pg: { ENGINE: 'manouche.db.backends.postgresql', NAME: 'test', HOST: '127.0.0.1', PORT: 1 } });
    console.log(connections.get().vendor, connections.get('pg').vendor, connections.get().persistence?.constructor.name ?? 'memory');
    await connections.get().close();
  `;
  try {
    // Run in the package's directory so that 'manouche/…' resolves to its own dist/ (npm run build first), the bundle tree-shaking applies to.
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, join(dir, 'db.sqlite3')], { cwd: fileURLToPath(new URL('../../', import.meta.url)), encoding: 'utf8', timeout: 30_000 });
    assert.match(out.trim(), /^sqlite postgresql \w*Persistence$/, 'a sql.js backend kept in a file, and a PostgreSQL backend');
    assert.ok(existsSync(join(dir, 'db.sqlite3')), 'the database was written to its file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
