// --database on the commands that touch a database: an alias that neither
// DATABASES nor an opened connection knows is refused in Django's words,
// before anything is read or written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { callCommand } from '../../../../src/core/management/index';
import { CommandError } from '../../../../src/core/management/base';

const quiet = { stdout: { write: () => {} }, stderr: { write: () => {} } };

for (const [command, args] of [
  ['flush', ['--noinput']],
  ['inspectdb', []],
  ['loaddata', ['fixture.json']],
  ['createcachetable', []],
] as const) {
  test(`${command} --database with an unknown alias is a CommandError naming it`, async () => {
    let error: unknown;
    try {
      await callCommand(command, [...args, '--database', "no'pe"], {}, quiet);
    } catch (e) {
      error = e;
    }
    assert.instance(error, CommandError);
    assert.is((error as Error).message, "The connection 'no'pe' doesn't exist.");
  });
}

test.run();
