// createsuperuser and changepassword driven through callCommand() with a
// scripted terminal (Django's tests/auth_tests/test_management.py): the
// prompts, the error lines and the rows they leave, on sql.js and PostgreSQL.
import * as assert from 'uvu/assert';
import { dbSuite } from '../../../db/harness';
import { apps } from '../../../../src/apps/registry';
import { configure, resetSettings } from '../../../../src/conf/settings';
import { callCommand, CommandError } from '../../../../src/core/management/index';
import { ContentType, contenttypesApp } from '../../../../src/contrib/contenttypes/index';
import { Group, PBKDF2PasswordHasher, Permission, User, authApp, getDefaultUsername } from '../../../../src/contrib/auth/index';

class FastPBKDF2 extends PBKDF2PasswordHasher {
  override readonly iterations = 1000;
}

const VALIDATORS = ['UserAttributeSimilarityValidator', 'MinimumLengthValidator', 'CommonPasswordValidator', 'NumericPasswordValidator'].map((n) => ({
  NAME: `django.contrib.auth.password_validation.${n}`,
}));

/**
 * Runs a command with a terminal that answers `answers` in order. The log
 * interleaves prompts, typed answers (hidden ones as an empty line), stdout
 * and stderr as a user would see them.
 */
async function run(name: string, args: string[], answers: string[], options: { env?: Record<string, string>; isTTY?: boolean } = {}) {
  let log = '';
  const queue = [...answers];
  const answer = (prompt: string, hidden: boolean) => {
    log += prompt;
    const a = queue.shift();
    if (a === undefined) return null;
    log += `${hidden ? '' : a}\n`;
    return a;
  };
  let error: unknown = null;
  try {
    await callCommand(name, args, {}, {
      stdout: { write: (s: string) => (log += s) },
      stderr: { write: (s: string) => (log += s) },
      stdin: { isTTY: options.isTTY ?? true, readLine: async (p) => answer(p, false), readHidden: async (p) => answer(p, true) },
      env: options.env ?? { USER: 'root' },
    });
  } catch (e) {
    error = e;
  }
  return { log, error: error as Error | null, unanswered: queue.length };
}

dbSuite('contrib/auth createsuperuser and changepassword', [ContentType, Permission, Group, User], (test) => {
  test.before(async () => {
    await apps.populate([contenttypesApp, authApp]);
  });
  test.after(async () => {
    await apps.populate([]);
  });
  test.before.each(() => {
    resetSettings();
    configure({
      SECRET_KEY: 'cmd-tests',
      PASSWORD_HASHERS: [FastPBKDF2],
      AUTH_PASSWORD_VALIDATORS: VALIDATORS,
      DATABASES: { default: { ENGINE: 'manouche.db.backends.sqljs', NAME: ':memory:' } },
    });
  });

  test('the interactive flow shows Django\'s prompts, takes the default username and creates a superuser', async () => {
    const r = await run('createsuperuser', [], ['', 'root@example.com', 'x7!Gq2#mVp', 'x7!Gq2#mVp']);
    assert.is(r.error, null);
    assert.is(r.log, "Username (leave blank to use 'root'): \nEmail address: root@example.com\nPassword: \nPassword (again): \nSuperuser created successfully.\n");
    const u = await User.objects.get({ username: 'root' });
    assert.ok(u.is_superuser && u.is_staff && u.is_active);
    assert.is(u.email, 'root@example.com');
    assert.ok(await u.checkPassword('x7!Gq2#mVp'));
  });

  test('a taken username, mismatched and blank passwords are refused with Django\'s errors, then asked again', async () => {
    await User.objects.createUser('alice', 'a@example.com', 'pw');
    const r = await run('createsuperuser', [], ['alice', 'bob', '', 'one', 'two', '  ', '  ', 'x7!Gq2#mVp', 'x7!Gq2#mVp'], { env: { USER: 'alice' } });
    assert.is(r.error, null);
    assert.is(
      r.log,
      [
        'Username: alice', // 'alice' is taken, so no default is offered
        'Error: That username is already taken.',
        'Username: bob',
        'Email address: ',
        'Password: ',
        'Password (again): ',
        "Error: Your passwords didn't match.",
        'Password: ',
        'Password (again): ',
        "Error: Blank passwords aren't allowed.",
        'Password: ',
        'Password (again): ',
        'Superuser created successfully.',
        '',
      ].join('\n'),
    );
    assert.is((await User.objects.get({ username: 'bob' })).email, '');
  });

  test('validator failures list Django\'s messages and ask to bypass; N asks again, y creates the user anyway', async () => {
    const r = await run('createsuperuser', ['--username', 'carol', '--email', 'c@example.com'], ['1234', '1234', 'N', '1234', '1234', 'y']);
    assert.is(r.error, null);
    const failure = [
      'Password: ',
      'Password (again): ',
      'This password is too short. It must contain at least 8 characters.',
      'This password is too common.',
      'This password is entirely numeric.',
    ].join('\n');
    assert.is(r.log, `${failure}\nBypass password validation and create user anyway? [y/N]: N\n${failure}\nBypass password validation and create user anyway? [y/N]: y\nSuperuser created successfully.\n`);
    assert.ok(await (await User.objects.get({ username: 'carol' })).checkPassword('1234'));
  });

  test('an invalid username typed at the prompt is refused with the field\'s message', async () => {
    const r = await run('createsuperuser', ['--email', 'e@example.com'], ['bad name!', 'dave', 'x7!Gq2#mVp', 'x7!Gq2#mVp'], { env: {} });
    assert.is(r.error, null);
    assert.ok(r.log.startsWith('Username: bad name!\nError: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.\nUsername: dave\n'), r.log);
  });

  test('the default username is the ASCII-folded, lower-cased system user, and none when it is invalid or taken', async () => {
    assert.is(await getDefaultUsername({ LOGNAME: 'Jösé Ñ' }), 'josen');
    assert.is(await getDefaultUsername({ USER: 'a/b' }), '');
    assert.is(await getDefaultUsername({}), '');
    await User.objects.createUser('josen');
    assert.is(await getDefaultUsername({ LOGNAME: 'Jösé Ñ' }), '');
    assert.is(await getDefaultUsername({ LOGNAME: 'Jösé Ñ' }, { checkDb: false }), 'josen');
  });

  test('the end of input cancels without creating anyone', async () => {
    const r = await run('createsuperuser', [], ['erin', 'e@example.com', 'x7!Gq2#mVp']);
    assert.instance(r.error, CommandError);
    assert.is(r.error!.message, 'Operation cancelled.');
    assert.is(await User.objects.count(), 0);
  });

  test('interactive mode off a terminal is skipped with Django\'s message', async () => {
    const r = await run('createsuperuser', [], [], { isTTY: false });
    assert.is(r.error, null);
    assert.is(r.log, 'Superuser creation skipped due to not running in a TTY. You can run `manouche createsuperuser` in your project to create one manually.\n');
    assert.is(await User.objects.count(), 0);
  });

  test('--noinput reads DJANGO_SUPERUSER_* / MANOUCHE_SUPERUSER_* and needs the username and email', async () => {
    let r = await run('createsuperuser', ['--noinput'], [], { env: { DJANGO_SUPERUSER_USERNAME: 'frank', DJANGO_SUPERUSER_EMAIL: 'f@example.com', DJANGO_SUPERUSER_PASSWORD: 'pw-frank' } });
    assert.is(r.log, 'Superuser created successfully.\n');
    assert.ok(await (await User.objects.get({ username: 'frank' })).checkPassword('pw-frank'));

    r = await run('createsuperuser', ['--noinput', '--email', 'g@example.com'], [], { env: { MANOUCHE_SUPERUSER_USERNAME: 'gina' } });
    assert.is(r.error, null);
    const gina = await User.objects.get({ username: 'gina' });
    assert.not.ok(gina.hasUsablePassword(), 'no password given: unusable, as Django');

    r = await run('createsuperuser', ['--noinput', '--email', 'h@example.com'], [], { env: {} });
    assert.instance(r.error, CommandError);
    assert.is(r.error!.message, 'You must use --username with --noinput.');
    r = await run('createsuperuser', ['--noinput', '--username', 'hugo'], [], { env: {} });
    assert.is(r.error!.message, 'You must use --email with --noinput.');
    r = await run('createsuperuser', ['--noinput', '--username', 'frank', '--email', 'x@example.com'], [], { env: {} });
    assert.is(r.error!.message, 'Error: That username is already taken.');
    r = await run('createsuperuser', ['--noinput', '--username', 'ivy', '--email', 'not-an-email'], [], { env: {} });
    assert.is(r.error!.message, 'Enter a valid email address.');
    assert.is(await User.objects.count(), 2, 'no half-created user');
  });

  test('--database names a configured database; an unknown one is a usage error', async () => {
    const r = await run('createsuperuser', ['--noinput', '--username', 'jo', '--email', 'j@example.com', '--database', 'nope'], [], { env: {} });
    assert.match(String(r.error?.message), "argument --database: invalid choice: 'nope' (choose from 'default')");
    const ok = await run('createsuperuser', ['--noinput', '--username', 'jo', '--email', 'j@example.com', '--database', 'default'], [], { env: {} });
    assert.is(ok.error, null);
    assert.ok(await User.objects.filter({ username: 'jo', is_superuser: true }).exists());
  });

  test('changepassword asks twice, retries on a mismatch and on validator errors, then saves', async () => {
    await User.objects.createUser('kim', null, 'old-password');
    const r = await run('changepassword', ['kim'], ['a', 'b', 'kim', 'kim', 'n3w!Secret#9', 'n3w!Secret#9']);
    assert.is(r.error, null);
    assert.is(
      r.log,
      [
        "Changing password for user 'kim'",
        'Password: ',
        'Password (again): ',
        'Passwords do not match. Please try again.',
        'Password: ',
        'Password (again): ',
        'The password is too similar to the username.',
        'This password is too short. It must contain at least 8 characters.',
        'This password is too common.',
        'Password: ',
        'Password (again): ',
        "Password changed successfully for user 'kim'",
        '',
      ].join('\n'),
    );
    assert.ok(await (await User.objects.get({ username: 'kim' })).checkPassword('n3w!Secret#9'));
  });

  test('changepassword gives up after 3 attempts and keeps the old password', async () => {
    await User.objects.createUser('lee', null, 'old-password');
    const r = await run('changepassword', ['lee'], ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.instance(r.error, CommandError);
    assert.is(r.error!.message, "Aborting password change for user 'lee' after 3 attempts");
    assert.ok(await (await User.objects.get({ username: 'lee' })).checkPassword('old-password'));
  });

  test('changepassword defaults to the system user, refuses an unknown user and aborts on an empty password', async () => {
    let r = await run('changepassword', [], [], { env: { USER: 'nobody' } });
    assert.is(r.error!.message, "user 'nobody' does not exist");
    await User.objects.createUser('max', null, 'old-password');
    r = await run('changepassword', [], [''], { env: { LOGNAME: 'max' } });
    assert.is(r.log, "Changing password for user 'max'\nPassword: \n");
    assert.is(r.error!.message, 'aborted');
    assert.ok(await (await User.objects.get({ username: 'max' })).checkPassword('old-password'));
  });
});
