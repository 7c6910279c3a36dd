/** The `manouche` binary: help, unknown commands, settings discovery, errors and exit statuses. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CREATE_TABLES, manouche, pollsFiles, removeProject, tempProject } from './helpers';

let dir = '';
test.before(() => {
  dir = tempProject(pollsFiles);
  const r = manouche(['shell', '-c', CREATE_TABLES], { cwd: dir });
  assert.is(r.status, 0, r.stderr);
});
test.after(() => removeProject(dir));

test('help lists the core commands under [manouche] and an app\'s commands under its label', () => {
  const r = manouche(['help'], { cwd: dir });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, "Type 'manouche help <subcommand>' for help on a specific subcommand.");
  assert.match(r.stdout, /\[manouche\]\n {4}build\n {4}check\n {4}collectstatic\n {4}createcachetable\n {4}dbshell\n {4}diffsettings\n {4}dumpdata\n {4}findstatic\n/);
  assert.match(r.stdout, /\[polls\]\n {4}closepoll\n/);
  assert.not.match(r.stdout, 'Note that only');
});

test('without settings, help lists the core commands and says why the apps are missing', () => {
  const empty = tempProject();
  try {
    const r = manouche([], { cwd: empty });
    assert.is(r.status, 0);
    assert.match(r.stdout, '[manouche]');
    assert.not.match(r.stdout, '[polls]');
    assert.match(r.stdout, 'Note that only manouche core commands are listed as settings are not properly configured');
  } finally {
    removeProject(empty);
  }
});

test('an unknown command suggests the nearest one on stderr and exits 1', () => {
  const r = manouche(['chek'], { cwd: dir });
  assert.is(r.status, 1);
  assert.is(r.stdout, '');
  assert.is(r.stderr, "Unknown command: 'chek'. Did you mean check?\nType 'manouche help' for usage.\n");
  const far = manouche(['frobnicate'], { cwd: dir });
  assert.is(far.stderr, "Unknown command: 'frobnicate'.\nType 'manouche help' for usage.\n");
});

test('every command answers --help with its usage, and help <command> says the same', () => {
  for (const name of ['check', 'dumpdata', 'loaddata', 'flush', 'inspectdb', 'diffsettings', 'shell', 'dbshell', 'startproject', 'startapp', 'closepoll']) {
    const r = manouche([name, '--help'], { cwd: dir });
    assert.is(r.status, 0, `${name}: ${r.stderr}`);
    assert.match(r.stdout, `usage: manouche ${name} [-h]`);
    assert.match(r.stdout, '--settings SETTINGS');
    if (name === 'dumpdata' || name === 'closepoll') assert.equal(manouche(['help', name], { cwd: dir }).stdout, r.stdout);
  }
});

test('a bad command line prints the usage and argparse\'s error, exit status 2', () => {
  const r = manouche(['check', '--frobnicate'], { cwd: dir });
  assert.is(r.status, 2);
  assert.match(r.stderr, /^usage: manouche check/);
  assert.match(r.stderr, 'manouche check: error: unrecognized arguments: --frobnicate');
  const bad = manouche(['check', '--verbosity', '7'], { cwd: dir });
  assert.match(bad.stderr, "argument -v/--verbosity: invalid choice: 7 (choose from 0, 1, 2, 3)");
});

test('a CommandError is "CommandError: message" on stderr with status 1; --traceback shows the stack', () => {
  const r = manouche(['closepoll', '42'], { cwd: dir });
  assert.is(r.status, 1, r.stderr);
  assert.is(r.stderr, 'CommandError: Poll "42" does not exist\n');
  const t = manouche(['closepoll', '42', '--traceback'], { cwd: dir });
  assert.is(t.status, 1);
  assert.match(t.stderr, /CommandError: Poll "42" does not exist\n\s+at /);
});

test('settings come from --settings, then MANOUCHE_SETTINGS_MODULE, then package.json', () => {
  writeFileSync(join(dir, 'site/other.ts'), "export { INSTALLED_APPS, DATABASES } from './settings';\nexport const SECRET_KEY = 'from-other';\n");
  const opt = manouche(['diffsettings', '--settings', './site/other.ts'], { cwd: dir });
  assert.is(opt.status, 0, opt.stderr);
  assert.match(opt.stdout, "SECRET_KEY = 'from-other'");
  assert.match(opt.stdout, "SETTINGS_MODULE = './site/other.ts'");
  const dotted = manouche(['diffsettings', '--settings=site.other'], { cwd: dir });
  assert.match(dotted.stdout, "SECRET_KEY = 'from-other'");
  const env = manouche(['diffsettings'], { cwd: dir, env: { MANOUCHE_SETTINGS_MODULE: 'site/other' } });
  assert.match(env.stdout, "SECRET_KEY = 'from-other'");
  const pkg = manouche(['diffsettings'], { cwd: join(dir, 'polls') });
  assert.match(pkg.stdout, "SECRET_KEY = 'manouche-insecure-test'");
});

test('a settings module that does not exist is named in the error', () => {
  const r = manouche(['check', '--settings', 'nope.settings'], { cwd: dir });
  assert.is(r.status, 1);
  assert.match(r.stderr, "ImproperlyConfigured: The settings module 'nope.settings' could not be found");
});

test('a command needing settings outside any project explains how to name them', () => {
  const empty = tempProject();
  try {
    const r = manouche(['check'], { cwd: empty });
    assert.is(r.status, 1);
    assert.match(r.stderr, 'CommandError: Settings are not configured. Pass --settings, define the environment variable MANOUCHE_SETTINGS_MODULE');
    const typo = manouche(['chek'], { cwd: empty });
    assert.is(typo.stderr, "No manouche settings specified.\nUnknown command: 'chek'. Did you mean check?\nType 'manouche help' for usage.\n");
  } finally {
    removeProject(empty);
  }
});

test('--version prints the package version', () => {
  const r = manouche(['--version'], { cwd: dir });
  assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

test.run();
