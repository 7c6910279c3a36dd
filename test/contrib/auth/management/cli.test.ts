// createsuperuser and changepassword through the real binary (dist/cli.js)
// in a project with contenttypes and auth migrated: the auth app's commands
// are found, `--noinput` reads the environment, and answers piped on stdin
// (not a terminal: read as plain lines) reach every prompt in turn.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { manouche, removeProject, tempProject } from '../../../core/management/helpers';

const files = {
  'package.json': JSON.stringify({ name: 'site', private: true, type: 'module', manouche: { settings: './site/settings.ts' } }),
  'site/settings.ts': `
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contenttypesApp } from 'manouche/contrib/contenttypes';
import { authApp, PBKDF2PasswordHasher } from 'manouche/contrib/auth';
class FastPBKDF2 extends PBKDF2PasswordHasher { iterations = 1000; }
const BASE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const SECRET_KEY = 'manouche-insecure-test';
export const INSTALLED_APPS = [contenttypesApp, authApp];
export const PASSWORD_HASHERS = [FastPBKDF2];
export const AUTH_PASSWORD_VALIDATORS = [{ NAME: 'django.contrib.auth.password_validation.MinimumLengthValidator' }];
export const DATABASES = { default: { ENGINE: 'manouche.db.backends.sqljs', NAME: join(BASE_DIR, 'db.sqlite3') } };
`,
};

let dir = '';
test.before(() => {
  dir = tempProject(files);
  const r = manouche(['migrate'], { cwd: dir });
  assert.is(r.status, 0, r.stderr);
});
test.after(() => removeProject(dir));

test('help lists the auth commands under [auth]', () => {
  const r = manouche(['help'], { cwd: dir });
  assert.match(r.stdout, /\[auth\]\n {4}changepassword\n {4}createsuperuser\n/);
});

test('createsuperuser --noinput takes the password from DJANGO_SUPERUSER_PASSWORD', () => {
  const r = manouche(['createsuperuser', '--noinput', '--username', 'admin', '--email', 'admin@example.com'], { cwd: dir, env: { DJANGO_SUPERUSER_PASSWORD: 'first-secret' } });
  assert.is(r.stderr, '');
  assert.is(r.stdout, 'Superuser created successfully.\n');
  assert.is(r.status, 0);
  const again = manouche(['createsuperuser', '--noinput', '--username', 'admin', '--email', 'a@example.com'], { cwd: dir });
  assert.is(again.status, 1);
  assert.is(again.stderr, 'CommandError: Error: That username is already taken.\n');
});

test('createsuperuser without a terminal says it was skipped', () => {
  const r = manouche(['createsuperuser'], { cwd: dir, input: 'x\n' });
  assert.is(r.status, 0);
  assert.match(r.stdout, 'Superuser creation skipped due to not running in a TTY.');
});

test('changepassword reads each piped line at its prompt, retrying a short password', () => {
  const r = manouche(['changepassword', 'admin'], { cwd: dir, input: 'short\nshort\nlonger-secret\nlonger-secret\n' });
  assert.is(r.stderr, 'This password is too short. It must contain at least 8 characters.\n');
  assert.is(r.stdout, "Changing password for user 'admin'\nPassword: Password (again): Password: Password (again): Password changed successfully for user 'admin'\n");
  assert.is(r.status, 0);
  const missing = manouche(['changepassword', 'ghost'], { cwd: dir });
  assert.is(missing.stderr, "CommandError: user 'ghost' does not exist\n");
  assert.is(missing.status, 1);
});

test.run();
