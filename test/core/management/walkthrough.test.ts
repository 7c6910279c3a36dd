/**
 * The issue's walk-through with the REAL binary in a temporary directory:
 * startproject → startapp → a model → makemigrations → migrate →
 * showmigrations / sqlmigrate → runserver answering on 127.0.0.1 (a view
 * listing the model's rows), reloading when a file changes; then
 * collectstatic / findstatic, and help listing the new commands.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, manouche, removeProject, tempProject } from './helpers';
import { adminApp } from '../../../src/contrib/admin';

let dir = '';
const run = (args: string[], input?: string) => manouche(args, { cwd: dir, input });
const edit = (file: string, from: string | RegExp, to: string) => {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  assert.ok(typeof from === 'string' ? text.includes(from) : from.test(text), `${file} has ${from}`);
  writeFileSync(path, text.replace(from, to));
};

test.before(() => {
  dir = tempProject();
});
test.after(() => removeProject(dir));

const CONTRIB_MIGRATIONS = [
  'contenttypes.0001_initial',
  'auth.0001_initial',
  'admin.0001_initial',
  'admin.0002_logentry_remove_auto_add',
  'admin.0003_logentry_add_action_flag_choices',
  'contenttypes.0002_remove_content_type_name',
  'auth.0002_alter_permission_name_max_length',
  'auth.0003_alter_user_email_max_length',
  'auth.0004_alter_user_username_opts',
  'auth.0005_alter_user_last_login_null',
  'auth.0006_require_contenttypes_0002',
  'auth.0007_alter_validators_add_error_messages',
  'auth.0008_alter_user_username_max_length',
  'auth.0009_alter_user_last_name_max_length',
  'auth.0010_alter_group_name_max_length',
  'auth.0011_update_proxy_permissions',
  'auth.0012_alter_user_first_name_max_length',
  'sessions.0001_initial',
];

test("startproject installs Django's contrib apps: the first migrate prints the tutorial's list", () => {
  assert.is(run(['startproject', 'mysite', '.']).status, 0);
  assert.is(run(['makemigrations', '--check']).stdout, 'No changes detected\n', 'the contrib migrations match their models');
  const m = run(['migrate']);
  assert.is(m.status, 0, m.stderr);
  assert.is(
    m.stdout,
    `Operations to perform:\n  Apply all migrations: admin, auth, contenttypes, sessions\nRunning migrations:\n${CONTRIB_MIGRATIONS.map((k) => `  Applying ${k}... OK\n`).join('')}`,
  );
  assert.is(run(['showmigrations', 'admin', 'sessions']).stdout, 'admin\n [X] 0001_initial\n [X] 0002_logentry_remove_auto_add\n [X] 0003_logentry_add_action_flag_choices\nsessions\n [X] 0001_initial\n');
});

test('startapp, then a model: makemigrations writes 0001_initial and says so', () => {
  assert.is(run(['startapp', 'polls']).status, 0);
  edit('mysite/settings.ts', 'export const INSTALLED_APPS: string[] = [\n', "export const INSTALLED_APPS: string[] = [\n  'polls',\n");
  writeFileSync(join(dir, 'polls/models.ts'), "import { CharField, defineModel } from 'manouche';\nexport const Question = defineModel('polls.Question', { question_text: CharField({ maxLength: 200 }) });\n");
  const check = run(['makemigrations', '--check']);
  assert.is(check.status, 1, 'pending changes fail --check');
  assert.not.ok(existsSync(join(dir, 'polls/migrations/0001_initial.ts')), '--check writes nothing');
  const dry = run(['makemigrations', '--dry-run']);
  assert.is(dry.stdout, "Migrations for 'polls':\n  polls/migrations/0001_initial\n    - Create model Question\n");
  const r = run(['makemigrations']);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "Migrations for 'polls':\n  polls/migrations/0001_initial.ts\n    - Create model Question\n");
  const file = readFileSync(join(dir, 'polls/migrations/0001_initial.ts'), 'utf8');
  assert.match(file, 'new migrations.CreateModel(');
  assert.match(file, "name: 'Question'");
  assert.is(run(['makemigrations']).stdout, 'No changes detected\n');
  assert.is(run(['makemigrations', '--check']).status, 0);
  assert.is(run(['makemigrations', 'nosuchapp']).stderr, "CommandError: App 'nosuchapp' could not be found. Is it in INSTALLED_APPS?\n");
});

test('showmigrations, sqlmigrate, migrate --plan, then migrate in Django\'s words', () => {
  assert.is(run(['showmigrations', 'polls']).stdout, 'polls\n [ ] 0001_initial\n');
  const sql = run(['sqlmigrate', 'polls', '0001']);
  assert.is(sql.status, 0, sql.stderr);
  assert.match(sql.stdout, /^BEGIN;\n--\n-- Create model Question\n--\nCREATE TABLE "polls_question" .*\nCOMMIT;\n$/);
  assert.match(run(['sqlmigrate', 'polls', '0001', '--backwards']).stdout, 'DROP TABLE "polls_question"');
  assert.is(run(['sqlmigrate', 'polls', '0009']).stderr, "CommandError: Cannot find a migration matching '0009' from app 'polls'.\n");
  assert.is(run(['migrate', '--plan']).stdout, 'Planned operations:\npolls.0001_initial\n    Create model Question\n');
  const m = run(['migrate']);
  assert.is(m.status, 0, m.stderr);
  assert.is(m.stdout, 'Operations to perform:\n  Apply all migrations: admin, auth, contenttypes, polls, sessions\nRunning migrations:\n  Applying polls.0001_initial... OK\n');
  assert.is(run(['migrate']).stdout, 'Operations to perform:\n  Apply all migrations: admin, auth, contenttypes, polls, sessions\nRunning migrations:\n  No migrations to apply.\n');
  assert.is(run(['showmigrations', 'polls']).stdout, 'polls\n [X] 0001_initial\n');
  const plan = run(['showmigrations', '--plan']).stdout;
  assert.ok(plan.startsWith('[X]  contenttypes.0001_initial\n[X]  auth.0001_initial\n'), plan);
  assert.match(plan, '[X]  polls.0001_initial\n');
  assert.is(run(['migrate', 'nosuchapp']).stderr, "CommandError: No installed app with label 'nosuchapp'.\n");
});

test('a second change: migrate to zero and back, --fake', () => {
  edit('polls/models.ts', '{ question_text:', "{ votes: IntegerField({ default: 0 }), question_text:");
  edit('polls/models.ts', '{ CharField,', '{ CharField, IntegerField,');
  const r = run(['makemigrations', 'polls', '--name', 'votes']);
  assert.is(r.stdout, "Migrations for 'polls':\n  polls/migrations/0002_votes.ts\n    - Add field votes to question\n", r.stderr);
  assert.is(run(['migrate', 'polls', '0001']).stdout, 'Operations to perform:\n  Target specific migration: 0001_initial, from polls\nRunning migrations:\n  No migrations to apply.\n');
  assert.match(run(['migrate', 'polls', 'zero']).stdout, 'Unapplying polls.0001_initial... OK');
  assert.match(run(['migrate', '--fake']).stdout, '  Applying polls.0001_initial... FAKED\n  Applying polls.0002_votes... FAKED\n');
  assert.match(run(['migrate', 'polls', 'zero', '--fake']).stdout, 'Unapplying polls.0002_votes... FAKED');
  assert.is(run(['showmigrations', 'polls']).stdout, 'polls\n [ ] 0001_initial\n [ ] 0002_votes\n');
});

/** Starts `manouche runserver` and resolves once it printed its address. */
function startServer(args: string[]): Promise<{ child: ChildProcess; url: string; out: () => string; err: () => string }> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env.MANOUCHE_SETTINGS_MODULE;
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, [CLI, 'runserver', ...args], { cwd: dir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runserver did not start:\n${out}\n${err}`)), 60_000);
    const poll = setInterval(() => {
      const m = /Starting development server at (http:\/\/\S+)\n/.exec(out);
      if (m || child.exitCode !== null) {
        clearInterval(poll);
        clearTimeout(timer);
        if (!m) reject(new Error(`runserver exited ${child.exitCode}:\n${out}\n${err}`));
        else resolve({ child, url: m[1]!, out: () => out, err: () => err });
      }
    }, 50);
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

async function waitFor<T>(fn: () => Promise<T | null>, what: string, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== null) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}: ${last}`);
}

test('runserver: checks, the unapplied-migrations warning, the banner, a view of the new app, a reload on change', async () => {
  writeFileSync(join(dir, 'polls/views.ts'), "import { HttpResponse } from 'manouche';\nimport { Question } from './models';\nexport async function index() {\n  const rows = await Question.objects.orderBy('id');\n  return new HttpResponse(`questions: ${rows.map((q: any) => q.question_text).join(', ')}`);\n}\n");
  edit('polls/urls.ts', 'export const urlpatterns: URLEntry[] = [];', "export const urlpatterns: URLEntry[] = [path('', index, { name: 'index' })];");
  edit('polls/urls.ts', "import { type URLEntry } from 'manouche';", "import { path, type URLEntry } from 'manouche';\nimport { index } from './views';");
  edit('mysite/urls.ts', "import { path, type URLEntry } from 'manouche';", "import { include, path, type URLEntry } from 'manouche';\nimport * as polls from '../polls/urls';");
  edit('mysite/urls.ts', "  path('admin/', admin.site.urls),\n", "  path('polls/', include(polls)),\n  path('admin/', admin.site.urls),\n");

  // one unapplied migration (0002) first: the warning, then serve anyway
  run(['migrate', 'polls', '0001']);
  const first = await startServer(['127.0.0.1:0', '--noreload']);
  try {
    assert.match(first.out(), /^Performing system checks\.\.\.\n\nSystem check identified no issues \(0 silenced\)\.\n\nYou have 1 unapplied migration\(s\)\. Your project may not work properly until you apply the migrations for app\(s\): polls\.\nRun 'npx manouche migrate' to apply them\.\n\w+ \d\d, \d{4} - \d\d:\d\d:\d\d\nManouche version \d+\.\d+\.\d+\S*, using settings '\.\/mysite\/settings\.ts'\nStarting development server at http:\/\/127\.0\.0\.1:\d+\/\nQuit the server with CONTROL-C\.\n$/);
  } finally {
    assert.is(await stop(first.child), 0, 'SIGINT stops the server cleanly');
  }
  assert.is(run(['migrate']).status, 0);
  assert.is(run(['shell', '-c', "await Question.objects.create({ question_text: 'What is up?' })"]).status, 0);

  const server = await startServer(['127.0.0.1:0']);
  try {
    assert.not.match(server.out(), 'unapplied');
    const body = await (await fetch(`${server.url}polls/`)).text();
    assert.is(body, 'questions: What is up?');
    await waitFor(async () => (server.err().includes('"GET /polls/ HTTP/1.1" 200') ? true : null), 'the request log line');
    edit('polls/views.ts', 'questions:', 'Questions:');
    const reloaded = await waitFor(async () => {
      const text = await (await fetch(`${server.url}polls/`)).text();
      return text.startsWith('Questions:') ? text : null;
    }, 'the reloaded view');
    assert.is(reloaded, 'Questions: What is up?');
    assert.match(server.err(), 'polls/views.ts changed, reloading.');
    assert.is((server.out().match(/Starting development server at /g) ?? []).length, 2, 'a second child, on the same port');
  } finally {
    assert.is(await stop(server.child), 0, 'SIGINT stops the reloader and its child');
  }
  // the child went with its parent: nothing answers on the port any more
  let answered = true;
  await fetch(server.url).catch(() => (answered = false));
  assert.not.ok(answered, 'the child stopped with the reloader');
});

test('runserver refuses a bad address, a taken port, and failing checks', async () => {
  assert.is(run(['runserver', 'abc:def', '--noreload']).stderr, 'CommandError: "abc:def" is not a valid port number or address:port pair.\n');
  const server = await startServer(['127.0.0.1:0', '--noreload']);
  try {
    const port = new URL(server.url).port;
    const taken = run(['runserver', `127.0.0.1:${port}`, '--noreload']);
    assert.is(taken.status, 1);
    assert.match(taken.stderr, 'CommandError: Error: That port is already in use.');
  } finally {
    await stop(server.child);
  }
  edit('polls/models.ts', /\}\);\n$/, "}, { ordering: ['nope'] });\n");
  const bad = run(['runserver', '127.0.0.1:0']);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, "polls.Question: (models.E015) 'ordering' refers to the nonexistent field, related field, or lookup 'nope'.");
  assert.not.match(bad.stdout, 'Starting development server');
  edit('polls/models.ts', ", { ordering: ['nope'] });", ');');
});

test('collectstatic copies the app and STATICFILES_DIRS files into STATIC_ROOT; findstatic finds them', () => {
  mkdirSync(join(dir, 'polls/static/polls'), { recursive: true });
  writeFileSync(join(dir, 'polls/static/polls/style.css'), 'body { color: green }\n');
  assert.is(run(['collectstatic', '--noinput']).stderr, "CommandError: You're using the staticfiles app without having set the STATIC_ROOT setting to a filesystem path.\n");
  writeFileSync(join(dir, 'mysite/settings.ts'), `${readFileSync(join(dir, 'mysite/settings.ts'), 'utf8')}export const STATIC_ROOT = join(BASE_DIR, 'staticfiles');\n`);
  const root = join(dir, 'staticfiles');
  // the admin's own files come along, after polls' (INSTALLED_APPS order), as in Django
  const admin = Object.keys(adminApp.staticFiles!);
  const total = admin.length + 1;
  assert.is(
    run(['collectstatic', '--noinput', '--dry-run']).stdout,
    `Pretending to copy '${join(dir, 'polls/static/polls/style.css')}'\n${admin.map((f) => `Pretending to copy 'app 'admin' staticFiles: ${f}'\n`).join('')}\n${total} static files copied to '${root}'.\n`,
  );
  assert.not.ok(existsSync(root));
  const r = run(['collectstatic', '--noinput']);
  assert.is(r.stdout, `\n${total} static files copied to '${root}'.\n`, r.stderr);
  assert.is(readFileSync(join(root, 'polls/style.css'), 'utf8'), 'body { color: green }\n');
  // a second run copies nothing: polls' file is unchanged, and the admin's in-memory files are as old as the build
  assert.is(run(['collectstatic', '--noinput']).stdout, `\n0 static files copied to '${root}', ${total} unmodified.\n`);
  // interactive: anything but 'yes' cancels
  const no = run(['collectstatic'], 'no\n');
  assert.is(no.status, 1);
  assert.match(no.stdout, "Type 'yes' to continue, or 'no' to cancel: ");
  assert.match(no.stderr, 'CommandError: Collecting static files cancelled.');
  assert.match(run(['collectstatic', '--clear', '--noinput']).stdout, `Deleting 'polls/style.css'\n\n${total} static files copied to '${root}'.\n`);
  assert.equal(readdirSync(join(root, 'polls')), ['style.css']);

  const found = run(['findstatic', 'polls/style.css']);
  assert.is(found.stdout, `Found 'polls/style.css' here:\n  ${join(dir, 'polls/static/polls/style.css')}\n`, found.stderr);
  const missing = run(['findstatic', 'polls/nope.css']);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, "No matching file found for 'polls/nope.css'.\n");
});

test('squashmigrations squashes the applied polls migrations; migrate finishes recording the squash', () => {
  const r = run(['squashmigrations', 'polls', '0002', '--noinput']);
  assert.is(r.status, 0, r.stderr);
  assert.is(
    r.stdout,
    'Optimizing...\n  Optimized from 2 operations to 1 operations.\nCreated new squashed migration polls/migrations/0001_squashed_0002_votes.ts\n  You should commit this migration but leave the old ones in place;\n  the new migration will be used for new installs. Once you are sure\n  all instances of the codebase have applied the migrations you squashed,\n  you can delete them.\n',
  );
  assert.match(readFileSync(join(dir, 'polls/migrations/0001_squashed_0002_votes.ts'), 'utf8'), "replaces: [\n    ['polls', '0001_initial'],\n    ['polls', '0002_votes'],\n  ],");
  assert.is(run(['showmigrations', 'polls']).stdout, "polls\n [-] 0001_squashed_0002_votes (2 squashed migrations) Run 'npx manouche migrate' to finish recording.\n");
  assert.match(run(['migrate']).stdout, 'No migrations to apply.');
  assert.is(run(['showmigrations', 'polls']).stdout, 'polls\n [X] 0001_squashed_0002_votes (2 squashed migrations)\n');
  assert.is(run(['squashmigrations', 'polls', '0001_squashed', '--noinput']).stderr, 'CommandError: You cannot squash squashed migrations! Please transition it to a normal migration first: https://docs.djangoproject.com/en/stable/topics/migrations/#squashing-migrations\n');
  assert.is(run(['squashmigrations', 'nosuchapp', '0001']).stderr, "CommandError: No installed app with label 'nosuchapp'.\n");
  const cancelled = run(['squashmigrations', 'polls', '0001_squashed', '--squashed-name', 'x'], 'n\n');
  assert.match(cancelled.stdout, 'Will squash the following migrations:\n - 0001_squashed_0002_votes\nDo you wish to proceed? [y/N] ');
});

test('help lists the new commands; --help answers for each; a typo suggests them', () => {
  const help = run(['help']);
  for (const name of ['collectstatic', 'findstatic', 'makemigrations', 'migrate', 'runserver', 'showmigrations', 'sqlmigrate', 'squashmigrations']) {
    assert.match(help.stdout, `    ${name}\n`);
    const r = run([name, '--help']);
    assert.is(r.status, 0, `${name}: ${r.stderr}`);
    assert.match(r.stdout, `usage: manouche ${name} [-h]`);
  }
  assert.is(run(['migrat']).stderr, "Unknown command: 'migrat'. Did you mean migrate?\nType 'manouche help' for usage.\n");
  assert.match(run(['runservr']).stderr, 'Did you mean runserver?');
  assert.match(run(['makemigration']).stderr, 'Did you mean makemigrations?');
});

test.run();
