/**
 * The contrib apps' migrations in Django's sequence (contenttypes 0001-0002,
 * auth 0001-0012, admin 0001-0003, sessions 0001), on sql.js and PostgreSQL:
 * the tutorial's first migrate, showmigrations, no pending changes, all the
 * way back to zero (contenttypes.0002's reverse code fills the legacy name),
 * and the one-time path for a database built by the older folded 0001s.
 */
import * as assert from 'uvu/assert';
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { columnNames, tableNames } from '../../src/db/backends/introspection';
import { CreateModel } from '../../src/db/migrations/operations/index';
import { MigrationExecutor, MigrationLoader, ModelState, makemigrations, memoryMigrationFiles, migrate, showmigrations } from '../../src/db/migrations/index';
import { registry } from '../../src/db/models/options';
import { adminApp } from '../../src/contrib/admin/index';
import { authApp, User } from '../../src/contrib/auth/index';
import { clearContentTypeCache, contenttypesApp } from '../../src/contrib/contenttypes/index';
import { sessionsApp } from '../../src/contrib/sessions/index';
import { dbSuite } from '../db/harness';

const TUTORIAL = [
  'Operations to perform:',
  '  Apply all migrations: admin, auth, contenttypes, sessions',
  'Running migrations:',
  '  Applying contenttypes.0001_initial... OK',
  '  Applying auth.0001_initial... OK',
  '  Applying admin.0001_initial... OK',
  '  Applying admin.0002_logentry_remove_auto_add... OK',
  '  Applying admin.0003_logentry_add_action_flag_choices... OK',
  '  Applying contenttypes.0002_remove_content_type_name... OK',
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
  '  Applying sessions.0001_initial... OK',
];

const setup = async () => {
  resetSettings();
  clearContentTypeCache();
  configure({ SECRET_KEY: 'contrib-migrations' });
  await apps.populate([adminApp, authApp, contenttypesApp, sessionsApp]);
};

/** One CreateModel per live model: what the folded 0001_initial files of earlier versions did. */
function foldedInitial(app: string, names: string[]) {
  const operations = names.map((n) => {
    const state = ModelState.fromOptions(registry.get(`${app}.${n}`)!);
    return new CreateModel({ name: state.name, fields: [...state.fields], options: state.options });
  });
  return { '0001_initial': { initial: true, operations, dependencies: app === 'auth' ? [['contenttypes', '0001_initial'] as const] : [] } };
}

dbSuite('contrib migrations', [], (test, ctx) => {
  test.after(async () => {
    resetSettings();
    await apps.populate([]);
  });

  test("a fresh database: migrate prints the tutorial's list, showmigrations Django's, and the models have no pending changes", async () => {
    await setup();
    const files = memoryMigrationFiles();
    assert.is((await makemigrations({ files, check: true, apps: ['admin', 'auth', 'contenttypes', 'sessions'] })).changed, false, 'the migrations end where the models are');
    const shown = await showmigrations({ backend: ctx.db, files });
    assert.equal(shown.slice(0, 5), ['admin', ' [ ] 0001_initial', ' [ ] 0002_logentry_remove_auto_add', ' [ ] 0003_logentry_add_action_flag_choices', 'auth']);
    assert.is(shown.length, 4 + 3 + 12 + 2 + 1);
    assert.equal((await migrate({ backend: ctx.db, files })).lines, TUTORIAL);
    assert.not.ok((await columnNames(ctx.db, 'django_content_type')).includes('name'), '0002 removed the legacy column');
    assert.ok((await tableNames(ctx.db)).includes('django_admin_log'));
    await User.objects.createUser('ada', 'ada@example.com', 'pw');
    assert.is(await User.objects.count(), 1);
  });

  test("back to zero: contenttypes.0002's reverse code fills the legacy name from the historical models", async () => {
    await setup();
    const files = memoryMigrationFiles();
    const back = await migrate({ backend: ctx.db, files, app: 'contenttypes', target: '0001' });
    assert.equal(back.lines.slice(3, 6), ['  Unapplying auth.0012_alter_user_first_name_max_length... OK', '  Unapplying auth.0011_update_proxy_permissions... OK', '  Unapplying auth.0010_alter_group_name_max_length... OK']);
    const names = await ctx.db.query("SELECT name FROM django_content_type WHERE app_label = 'auth' AND model = 'user'", []);
    assert.equal(names, [['User']], 'the class name, as Django fills it');
    await migrate({ backend: ctx.db, files, app: 'contenttypes', target: 'zero' });
    const left = (await tableNames(ctx.db)).filter((t) => t !== 'django_migrations' && t.startsWith('d') || t.startsWith('auth_'));
    assert.equal(left.filter((t) => t !== 'django_migrations' && t !== 'django_session'), []);
    clearContentTypeCache(); // the content types were dropped with their table
    assert.equal((await migrate({ backend: ctx.db, files })).lines.slice(3).length, TUTORIAL.length - 3 - 1, 'everything but sessions applies again');
  });

  test('a database built by the folded 0001_initial files: the later migrations are recorded, rows and schema kept', async () => {
    await setup();
    const files = memoryMigrationFiles();
    await migrate({ backend: ctx.db, files, app: 'contenttypes', target: 'zero' });
    await migrate({ backend: ctx.db, files, app: 'sessions', target: 'zero' });
    await ctx.db.executeScript('DELETE FROM django_migrations');
    // the old world: one folded migration per app, today's tables at once, and no admin migrations
    const folded = new MigrationLoader({
      contenttypes: foldedInitial('contenttypes', ['ContentType']),
      auth: foldedInitial('auth', ['Permission', 'Group', 'User']),
      sessions: foldedInitial('sessions', ['Session']),
    } as never);
    const old = new MigrationExecutor(ctx.db, folded);
    await old.migrate(old.migrationPlan(old.leafTargets(), new Set()));
    await User.objects.createUser('grace', null, 'pw');
    const { lines } = await migrate({ backend: ctx.db, files });
    assert.equal(lines.slice(3), ['  Applying admin.0001_initial... OK', '  Applying admin.0002_logentry_remove_auto_add... OK', '  Applying admin.0003_logentry_add_action_flag_choices... OK']);
    assert.equal((await User.objects.valuesList('username', { flat: true })) as string[], ['grace']);
    assert.ok((await showmigrations({ backend: ctx.db, files, apps: ['auth'] })).every((l) => l === 'auth' || l.startsWith(' [X]')));
    // going back still works: the recorded migrations undo like applied ones
    await migrate({ backend: ctx.db, files, app: 'auth', target: '0011' });
    assert.equal((await User.objects.valuesList('username', { flat: true })) as string[], ['grace']);
  });

  test('a database with a real contenttypes.0001 (its name column) is not mistaken for a folded one', async () => {
    await setup();
    const files = memoryMigrationFiles();
    await migrate({ backend: ctx.db, files, app: 'contenttypes', target: '0001' });
    assert.ok((await columnNames(ctx.db, 'django_content_type')).includes('name'));
    const { lines } = await migrate({ backend: ctx.db, files });
    assert.ok(lines.includes('  Applying contenttypes.0002_remove_content_type_name... OK'));
    assert.not.ok((await columnNames(ctx.db, 'django_content_type')).includes('name'));
  });
});
