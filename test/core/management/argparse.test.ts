/** The argparse-style parser behind every command's arguments. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentParser, UsageError } from '../../../src/core/management/argparse';
import { nearestCommand } from '../../../src/core/management/index';

function parser(): ArgumentParser {
  const p = new ArgumentParser('manouche dumpdata', 'Output the contents of the database.');
  p.addArgument('-h', '--help', { action: 'help', help: 'show this help message and exit' });
  p.addArgument('args', { nargs: '*', metavar: 'app_label[.ModelName]' });
  p.addArgument('--indent', { type: 'int' });
  p.addArgument('-e', '--exclude', { action: 'append', default: [] });
  p.addArgument('--natural-foreign', { action: 'store_true', dest: 'use_natural_foreign_keys' });
  p.addArgument('--noinput', '--no-input', { action: 'store_false', dest: 'interactive' });
  p.addArgument('-v', '--verbosity', { type: 'int', choices: [0, 1, 2, 3], default: 1 });
  p.addArgument('-o', '--output');
  return p;
}

test('options and positionals parse in any order, with --opt=value, -oVALUE and long-option prefixes', () => {
  assert.equal(parser().parse(['polls', '--indent', '2', 'auth.User', '-e', 'polls.choice', '--exclude=polls.tag', '-v2', '-oout.json', '--natural', '--no-input']), {
    args: ['polls', 'auth.User'],
    indent: 2,
    exclude: ['polls.choice', 'polls.tag'],
    use_natural_foreign_keys: true,
    interactive: false,
    verbosity: 2,
    output: 'out.json',
  });
  assert.equal(parser().parse([]), { args: [], indent: null, exclude: [], use_natural_foreign_keys: false, interactive: true, verbosity: 1, output: null });
  assert.equal(parser().parse(['--', '--indent']).args, ['--indent'], 'everything after -- is positional');
});

test("errors use argparse's wording and carry the usage line", () => {
  const cases: Array<[string[], string]> = [
    [['--indent', 'two'], "manouche dumpdata: error: argument --indent: invalid int value: 'two'"],
    [['--indent'], 'manouche dumpdata: error: argument --indent: expected one argument'],
    [['-v', '9'], 'manouche dumpdata: error: argument -v/--verbosity: invalid choice: 9 (choose from 0, 1, 2, 3)'],
    [['--bogus', 'x'], 'manouche dumpdata: error: unrecognized arguments: --bogus'],
    [['--no-input=yes'], "manouche dumpdata: error: argument --noinput/--no-input: ignored explicit argument 'yes'"],
  ];
  for (const [argv, message] of cases) {
    const e = (() => {
      try {
        parser().parse(argv);
      } catch (err) {
        return err;
      }
      return null;
    })();
    assert.instance(e, UsageError, argv.join(' '));
    assert.is((e as UsageError).message, message);
    assert.match((e as UsageError).usage, /^usage: manouche dumpdata \[-h\]/);
  }
  const required = new ArgumentParser('manouche startapp');
  required.addArgument('name');
  required.addArgument('directory', { nargs: '?' });
  assert.throws(() => required.parse([]), /the following arguments are required: name/);
  assert.equal(required.parse(['polls']), { name: 'polls', directory: null });
  assert.throws(() => required.parse(['a', 'b', 'c']), /unrecognized arguments: c/);
});

test('-h returns the help flag; help() lists positionals and options', () => {
  assert.ok(parser().parse(['polls', '-h']).help);
  const help = parser().help();
  assert.match(help, 'usage: manouche dumpdata [-h] [--indent INDENT] [-e EXCLUDE]');
  assert.match(help, '\nOutput the contents of the database.\n\npositional arguments:\n  app_label[.ModelName]\n\noptions:\n  -h, --help            show this help message and exit\n');
  assert.match(help, '  -v {0,1,2,3}, --verbosity {0,1,2,3}\n');
});

test('the nearest command is suggested only when it is a plausible typo', () => {
  const names = ['check', 'dumpdata', 'loaddata', 'migrate', 'makemigrations', 'shell'];
  assert.is(nearestCommand('migrat', names), 'migrate');
  assert.is(nearestCommand('chek', names), 'check');
  assert.is(nearestCommand('dumpdta', names), 'dumpdata');
  assert.is(nearestCommand('xyzzyplugh', names), null);
});

test('declaring the same option twice is refused', () => {
  const p = parser();
  assert.throws(() => p.addArgument('--indent'), /conflicting option string: --indent/);
});

test.run();
