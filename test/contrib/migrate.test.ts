// The contrib apps' migrations (contenttypes, auth, sessions) through the
// migration engine: a fresh project's migrate applies them as Django's
// tutorial shows, and post-migrate creates the permissions.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { apps } from '../../src/apps/registry';
import { defineApp } from '../../src/apps/config';
import { resetSettings, configure } from '../../src/conf/settings';
import { connections, SqlJsBackend, defineModel, CharField } from '../../src/db/index';
import { memoryMigrationFiles, makemigrations, migrate, postMigrate } from '../../src/db/migrations/index';
import { contenttypesApp, clearContentTypeCache } from '../../src/contrib/contenttypes/index';
import { authApp, Permission, User } from '../../src/contrib/auth/index';
import { sessionsApp, DatabaseSessionStore } from '../../src/contrib/sessions/index';

const test = suite('contrib migrations');
const Note = defineModel('notes.Note', { text: CharField({ maxLength: 20 }) });

test.after(async () => {
  resetSettings();
  await apps.populate([]);
});

test('migrate on a fresh database applies contenttypes, auth and sessions, then creates permissions', async () => {
  resetSettings();
  clearContentTypeCache();
  configure({ SECRET_KEY: 'migrate-tests' });
  await apps.populate([contenttypesApp, authApp, sessionsApp, defineApp({ name: 'notes' })]);
  const db = await SqlJsBackend.open();
  connections.set('default', db);
  void Note;
  const files = memoryMigrationFiles();
  // the project's own app gets its migration; the contrib apps need none written
  const made = await makemigrations({ files, apps: ['notes'] });
  assert.equal(made.written.map((w) => `${w.app}.${w.name}`), ['notes.0001_initial']);
  let sent = 0;
  const count = () => void sent++;
  postMigrate.connect(count);
  const { lines } = await migrate({ backend: db, files });
  postMigrate.disconnect(count);
  assert.equal(lines, [
    'Operations to perform:',
    '  Apply all migrations: auth, contenttypes, notes, sessions',
    'Running migrations:',
    '  Applying contenttypes.0001_initial... OK',
    '  Applying contenttypes.0002_remove_content_type_name... OK',
    '  Applying auth.0001_initial... OK',
    '  Applying auth.0002_alter_permission_name_max_length... OK',
    '  Applying auth.0003_alter_user_email_max_length... OK',
    '  Applying auth.0004_alter_user_username_opts... OK',
    '  Applying auth.0005_alter_user_last_login_null... OK',
    '  Applying auth.0006_require_contenttypes_0002... OK',
    '  Applying auth.0007_alter_validators_add_error_messages... OK',
    '  Applying auth.0008_alter_user_username_max_length... OK',
    '  Applying auth.0009_alter_user_last_name_max_length... OK',
    '  Applying auth.0010_alter_group_name_max_length... OK',
    '  Applying auth.0011_update_proxy_permissions... OK',
    '  Applying auth.0012_alter_user_first_name_max_length... OK',
    '  Applying notes.0001_initial... OK',
    '  Applying sessions.0001_initial... OK',
  ]);
  assert.is(sent, 4, 'post-migrate once per installed app');
  const codenames = (await Permission.objects.orderBy('codename').valuesList('codename', { flat: true })) as string[];
  for (const c of ['add_note', 'change_note', 'delete_note', 'view_note', 'add_user', 'view_session', 'add_contenttype']) assert.ok(codenames.includes(c), c);
  // the tables work
  await User.objects.createUser('ada', null, 'pw');
  const s = new DatabaseSessionStore();
  s.set('x', 1);
  await s.save();
  assert.equal((await new DatabaseSessionStore(s.sessionKey).load()).items(), [['x', 1]]);
  // again: nothing to apply, permissions not duplicated
  const again = await migrate({ backend: db, files });
  assert.ok(again.lines.includes('  No migrations to apply.'));
  assert.is(await Permission.objects.count(), codenames.length);
  // autodetector sees no change for the contrib models
  const check = await makemigrations({ files, check: true, apps: ['contenttypes', 'auth', 'sessions', 'notes'] });
  assert.is(check.changed, false);
  await db.close();
});

test.run();
