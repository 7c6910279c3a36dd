/**
 * startproject and startapp through the real binary: the skeletons, Django's
 * refusals, and a generated project that installs offline from the npm cache
 * and runs its commands (through its own node_modules/.bin/manouche and manage.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, manouche } from './helpers';

let work = '';
test.before(() => {
  work = mkdtempSync(join(tmpdir(), 'manouche-startproject-'));
});
test.after(() => rmSync(work, { recursive: true, force: true }));

const read = (...parts: string[]) => readFileSync(join(work, ...parts), 'utf8');

test('startproject writes settings, urls, manage.ts, README and a package.json depending on this checkout', () => {
  const r = manouche(['startproject', 'mysite'], { cwd: work });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, '');
  assert.equal(readdirSync(join(work, 'mysite')).sort(), ['.gitignore', 'README.md', 'manage.ts', 'mysite', 'package.json', 'tsconfig.json']);
  assert.equal(readdirSync(join(work, 'mysite/mysite')).sort(), ['settings.ts', 'urls.ts']);
  const pkg = JSON.parse(read('mysite', 'package.json'));
  assert.is(pkg.dependencies.manouche, `file:${ROOT.replace(/\/$/, '')}`);
  assert.is(pkg.scripts.start, 'manouche runserver');
  assert.is(pkg.manouche.settings, './mysite/settings.ts');
  const settings = read('mysite', 'mysite', 'settings.ts');
  const key = /export const SECRET_KEY = '(manouche-insecure-[^']{50})';/.exec(settings);
  assert.ok(key, 'a 50-character key with the insecure prefix');
  for (const name of ['DEBUG = true', 'ALLOWED_HOSTS', 'INSTALLED_APPS', 'MIDDLEWARE', 'ROOT_URLCONF = urlpatterns', "ENGINE: 'manouche.db.backends.sqljs'", "join(BASE_DIR, 'db.sqlite3')", 'TEMPLATES', "STATIC_URL = 'static/'"]) {
    assert.match(settings, name);
  }
  // Django's project template: the contrib apps, the default middleware, the context processors, the validators, the admin URL
  const list = (name: string) => /export const \w+(?:: \w+\[\])? = \[([^\]]*)\];/.exec(settings.slice(settings.indexOf(`export const ${name}`)))![1]!.match(/'[^']+'/g);
  assert.equal(list('INSTALLED_APPS'), ["'manouche.contrib.admin'", "'manouche.contrib.auth'", "'manouche.contrib.contenttypes'", "'manouche.contrib.sessions'", "'manouche.contrib.messages'", "'manouche.contrib.staticfiles'"]);
  assert.equal(list('MIDDLEWARE'), [
    "'manouche.middleware.security.SecurityMiddleware'",
    "'manouche.contrib.sessions.middleware.SessionMiddleware'",
    "'manouche.middleware.common.CommonMiddleware'",
    "'manouche.middleware.csrf.CsrfViewMiddleware'",
    "'manouche.contrib.auth.middleware.AuthenticationMiddleware'",
    "'manouche.contrib.messages.middleware.MessageMiddleware'",
    "'manouche.middleware.clickjacking.XFrameOptionsMiddleware'",
  ]);
  for (const name of ['context_processors.debug', 'context_processors.request', 'auth.context_processors.auth', 'messages.context_processors.messages', 'UserAttributeSimilarityValidator', 'MinimumLengthValidator', 'CommonPasswordValidator', 'NumericPasswordValidator', "import 'manouche/contrib/admin';"]) {
    assert.match(settings, name);
  }
  assert.match(read('mysite', 'mysite', 'urls.ts'), "path('admin/', admin.site.urls),");
  manouche(['startproject', 'othersite'], { cwd: work });
  const other = /SECRET_KEY = '([^']+)'/.exec(read('othersite', 'othersite', 'settings.ts'))![1];
  assert.is.not(other, key![1], 'each project gets a fresh key');
});

test('--manouche-path points the dependency at a given checkout or packed .tgz; a target directory is filled in place', () => {
  const into = join(work, 'into');
  mkdirSync(into);
  const r = manouche(['startproject', 'packed', 'into', '--manouche-path', '../manouche-0.1.0.tgz'], { cwd: work });
  assert.is(r.status, 0, r.stderr);
  assert.is(JSON.parse(read('into', 'package.json')).dependencies.manouche, `file:${join(work, '..', 'manouche-0.1.0.tgz')}`);
  assert.ok(existsSync(join(into, 'packed/settings.ts')));
  assert.match(manouche(['startproject', 'packed', 'into'], { cwd: work }).stderr, `CommandError: ${join(into, 'package.json')} already exists. Overlaying a project into an existing directory won't replace conflicting files.`);
});

test("startproject refuses Django's bad names and existing directories", () => {
  const cases: Array<[string[], string]> = [
    [['startproject', 'my-site'], "CommandError: 'my-site' is not a valid project name. Please make sure the name is a valid identifier.\n"],
    [['startproject', '1site'], "CommandError: '1site' is not a valid project name. Please make sure the name is a valid identifier.\n"],
    [['startproject', 'http'], "CommandError: 'http' conflicts with the name of an existing Node module and cannot be used as a project name. Please try another name.\n"],
    [['startproject', 'mysite'], `CommandError: '${join(work, 'mysite')}' already exists\n`],
    [['startproject', 'newsite', 'nowhere'], `CommandError: Destination directory '${join(work, 'nowhere')}' does not exist, please create it first.\n`],
    [['startapp', 'bad-app'], "CommandError: 'bad-app' is not a valid app name. Please make sure the name is a valid identifier.\n"],
    [['startproject'], ''],
  ];
  for (const [args, stderr] of cases) {
    const r = manouche(args, { cwd: work });
    assert.is.not(r.status, 0, args.join(' '));
    if (stderr) assert.is(r.stderr, stderr);
    else assert.match(r.stderr, 'error: the following arguments are required: name');
  }
  assert.not.ok(existsSync(join(work, 'my-site')));
});

test('startapp writes the app skeleton: models, views, urls, admin, apps, tests, migrations/, templates/<name>/', () => {
  const r = manouche(['startapp', 'polls'], { cwd: join(work, 'mysite') });
  assert.is(r.status, 0, r.stderr);
  const app = join(work, 'mysite/polls');
  assert.equal(readdirSync(app).sort(), ['admin.ts', 'apps.ts', 'migrations', 'models.ts', 'templates', 'tests.ts', 'urls.ts', 'views.ts']);
  assert.ok(existsSync(join(app, 'migrations/index.ts')));
  assert.ok(existsSync(join(app, 'templates/polls')));
  assert.match(readFileSync(join(app, 'apps.ts'), 'utf8'), "defineApp({\n  name: 'polls',");
  assert.match(manouche(['startapp', 'polls'], { cwd: join(work, 'mysite') }).stderr, 'already exists');
});

test('the generated project installs offline from the npm cache and runs check, its app and manage.ts', () => {
  const site = join(work, 'mysite');
  const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund'], { cwd: site, encoding: 'utf8', timeout: 180_000 });
  assert.is(install.status, 0, install.stderr);
  const bin = join(site, 'node_modules/.bin/manouche');
  assert.ok(existsSync(bin));
  const run = (args: string[]) => spawnSync(bin, args, { cwd: site, encoding: 'utf8', env: { ...process.env, MANOUCHE_SETTINGS_MODULE: undefined, FORCE_COLOR: undefined, NO_COLOR: '1' } });
  const check = run(['check']);
  assert.is(check.status, 0, check.stderr);
  assert.is(check.stdout, 'System check identified no issues (0 silenced).\n');
  // the app from startapp, installed by name and given a model
  const settingsFile = join(site, 'mysite/settings.ts');
  writeFileSync(settingsFile, readFileSync(settingsFile, 'utf8').replace('export const INSTALLED_APPS: string[] = [\n', "export const INSTALLED_APPS: string[] = [\n  'polls',\n"));
  writeFileSync(join(site, 'polls/models.ts'), "import { CharField, defineModel } from 'manouche';\nexport const Question = defineModel('polls.Question', { question_text: CharField({ maxLength: 200 }) }, { ordering: ['pub_date'] });\n");
  const bad = run(['check']);
  assert.is(bad.status, 1);
  assert.is(bad.stdout, '');
  assert.is(
    bad.stderr,
    "SystemCheckError: System check identified some issues:\n\nERRORS:\npolls.Question: (models.E015) 'ordering' refers to the nonexistent field, related field, or lookup 'pub_date'.\n\nSystem check identified 1 issue (0 silenced).\n",
  );
  const shell = run(['shell', '-c', "console.log(Object.keys(manouche.apps.getAppConfig('polls').commands).length, Question.name)"]);
  assert.is(shell.stdout, '0 Question\n', shell.stderr);
  const deploy = run(['check', '--deploy', '--tag', 'security']);
  assert.is(deploy.status, 0, 'warnings do not fail');
  assert.match(deploy.stderr, '?: (security.W009) Your SECRET_KEY has less than 50 characters');
  assert.match(deploy.stderr, '?: (security.W018) You should not have DEBUG set to True in deployment.');
  assert.match(deploy.stderr, '?: (security.W020) ALLOWED_HOSTS must not be empty in deployment.');
  // Django's startproject gives these seven: its MIDDLEWARE has Security, CSRF and XFrameOptions.
  for (const id of ['W004', 'W008', 'W009', 'W012', 'W016', 'W018', 'W020']) assert.match(deploy.stderr, `?: (security.${id}) `);
  assert.not.match(deploy.stderr, 'security.W001');
  assert.match(deploy.stderr, 'System check identified 7 issues (0 silenced).');
  assert.is(run(['check', '--deploy', '--tag', 'security', '--fail-level', 'WARNING']).status, 1);
  // manage.ts: the same commands, with the settings module it records
  const tsx = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
  const manage = spawnSync(process.execPath, ['--import', tsx, join(site, 'manage.ts'), 'check', '--deploy', '--tag', 'security'], { cwd: work, encoding: 'utf8', env: { ...process.env, MANOUCHE_SETTINGS_MODULE: undefined } });
  assert.is(manage.status, 0, manage.stderr);
  assert.match(manage.stderr, 'System check identified 7 issues (0 silenced).');
});

test.run();
