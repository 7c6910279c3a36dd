import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseServeArgs, runProduction } from '../../src/node/cluster';

test('parseServeArgs reads --host, --port, --workers in both spellings and keeps the rest', () => {
  assert.equal(parseServeArgs(['app.js', '--port', '8080', '--workers=4', '--host', '0.0.0.0']), { rest: ['app.js'], port: 8080, workers: 4, host: '0.0.0.0' });
});

test('parseServeArgs refuses bad values and unknown options, naming them', () => {
  assert.throws(() => parseServeArgs(['--port', '70000']), /--port must be an integer from 0 to 65535, got '70000'/);
  assert.throws(() => parseServeArgs(['--workers', '0']), /--workers must be an integer from 1 to 1024, got '0'/);
  assert.throws(() => parseServeArgs(['--workers', 'two']), /got 'two'/);
  assert.throws(() => parseServeArgs(['--port']), /--port needs a value/);
  assert.throws(() => parseServeArgs(['--threads', '2']), /Unknown option '--threads'/);
});

test('runProduction needs exactly one module that exports an app', async () => {
  try {
    await runProduction(['--port', '0']);
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /Expected one app module, got none/);
  }
  try {
    await runProduction(['test/node/fixtures/not-an-app.ts', '--port', '0']);
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /must export the app/);
  }
});

test('runProduction serves the default export in this process with one worker', async () => {
  const handle = await runProduction(['test/node/fixtures/app-module.ts', '--port', '0', '--host', '127.0.0.1']);
  try {
    assert.ok(handle);
    assert.is(await (await fetch(`${handle!.url}x`)).text(), 'app says /x');
  } finally {
    await handle?.close();
  }
});

test.run();
