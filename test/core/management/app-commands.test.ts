// An app's `commands`: a BaseCommand subclass, or an arrow function importing
// one when the command first runs (how contrib's apps list theirs, so that a
// serving process never loads the command framework).
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { apps, defineApp } from '../../../src/index';
import { BaseCommand, CommandError } from '../../../src/core/management/base';
import { callCommand, getCommands } from '../../../src/core/management/index';

class Hello extends BaseCommand {
  override help = 'Says hello';
  override async handle(): Promise<string> {
    return 'hello';
  }
}

const capture = () => {
  const out: string[] = [];
  return { out, context: { stdout: { write: (s: string) => void out.push(s) }, stderr: { write: () => {} } } };
};

test('a command given as a loader is listed without being imported, and imported once when it runs', async () => {
  let imports = 0;
  const lazy = async () => {
    imports++;
    return Hello;
  };
  await apps.populate([defineApp({ name: 'cmdlazy', commands: { hello: lazy } })]);
  const entry = getCommands().get('hello');
  assert.is(entry?.group, 'cmdlazy');
  assert.is(imports, 0, 'listing the commands imports none');
  const { out, context } = capture();
  await callCommand('hello', [], {}, context);
  assert.equal(out, ['hello\n']);
  assert.is(imports, 1);
  assert.is(await entry!.load(), Hello);
  await callCommand('hello', [], {}, context);
  assert.is(imports, 1, 'imported once per process, however often it runs or is listed');
});

test('a class given directly still runs', async () => {
  await apps.populate([defineApp({ name: 'cmdeager', commands: { hello: Hello } })]);
  const { out, context } = capture();
  await callCommand('hello', [], {}, context);
  assert.equal(out, ['hello\n']);
});

test('a value that is neither a command class nor a loader is an error naming the app and the command', async () => {
  await apps.populate([defineApp({ name: 'cmdbad', commands: { broken: { handle() {} } } })]);
  assert.throws(() => getCommands(), (e: unknown) => e instanceof CommandError && /app 'cmdbad' lists the command 'broken' as neither a BaseCommand subclass nor an arrow function importing one/.test((e as Error).message));
  // A plain class that does not extend BaseCommand has a prototype: it is refused as a value too.
  await apps.populate([defineApp({ name: 'cmdbad2', commands: { broken: class {} } })]);
  assert.throws(() => getCommands(), /app 'cmdbad2' lists the command 'broken' as neither/);
});

test('a loader that imports something else fails when the command runs, naming the app and the command', async () => {
  await apps.populate([defineApp({ name: 'cmdwrong', commands: { wrong: async () => ({ default: Hello }) } })]);
  const err = await callCommand('wrong', [], {}, capture().context).catch((e) => e);
  assert.instance(err, CommandError);
  assert.match(err.message, "The app 'cmdwrong' lists the command 'wrong' with a loader that gave an object (Object), not a BaseCommand subclass.");
  // A loader that throws lets its own error through.
  await apps.populate([defineApp({ name: 'cmdthrows', commands: { boom: () => Promise.reject(new Error('no such module')) } })]);
  const thrown = await callCommand('boom', [], {}, capture().context).catch((e) => e);
  assert.match(thrown.message, 'no such module');
});

test.run();
