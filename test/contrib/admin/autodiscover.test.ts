// autodiscover(): each installed app's `admin` hook, once per site (Django's
// admin.autodiscover() importing every app's admin module), and the default
// site filled by the admin app's ready() as Django's AdminConfig does.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { apps } from '../../../src/apps/registry';
import { defineApp } from '../../../src/apps/config';
import { ImproperlyConfigured } from '../../../src/core/exceptions';
import { resetSettings } from '../../../src/conf/settings';
import { Group, User, authApp } from '../../../src/contrib/auth/index';
import { contenttypesApp } from '../../../src/contrib/contenttypes/index';
import { AdminSite, adminApp, autodiscover, site } from '../../../src/contrib/admin/index';
import { path, resolve, reverse } from '../../../src/urls/index';
import { Article, Author, Tag, optsApp } from './options-project';

const test = suite('contrib/admin autodiscover');

test.after.each(async () => {
  resetSettings();
  await apps.populate([]);
});

test('runs every installed app\'s admin hook on the site, once per site', async () => {
  await apps.populate([contenttypesApp, authApp, adminApp, optsApp]);
  const mine = new AdminSite({ name: 'mine' });
  await autodiscover(mine);
  assert.ok(mine.isRegistered(Article) && mine.isRegistered(Author) && mine.isRegistered(Tag));
  assert.ok(mine.isRegistered(User) && mine.isRegistered(Group));
  await autodiscover(mine); // a second call registers nothing twice (no AlreadyRegistered)
  assert.is(mine.registry.size, 5);
  const other = new AdminSite({ name: 'other' });
  await autodiscover(other);
  assert.is(other.registry.size, 5);
});

test("the admin app's ready() runs the hooks on the default site, as Django's AdminConfig", async () => {
  const given: unknown[] = [];
  const probe = defineApp({ name: 'probeadmin', admin: (s: AdminSite) => void given.push(s) });
  await apps.populate([contenttypesApp, authApp, adminApp, probe]);
  assert.equal(given, [site]);
  assert.ok(site.isRegistered(User));
  assert.ok(site.isRegistered(Group));
});

test('an app not installed is not discovered', async () => {
  await apps.populate([contenttypesApp, adminApp, optsApp]);
  const mine = new AdminSite({ name: 'partial' });
  await autodiscover(mine);
  assert.not.ok(mine.isRegistered(User));
  assert.ok(mine.isRegistered(Article));
});

test('a failing hook leaves the registry as it was and the error names the app', async () => {
  const broken = defineApp({
    name: 'brokenadmin',
    admin: (s: AdminSite) => {
      s.register(Tag);
      throw new Error('boom');
    },
  });
  await apps.populate([contenttypesApp, broken]);
  const mine = new AdminSite({ name: 'broken' });
  mine.register(Author);
  try {
    await autodiscover(mine);
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.is((e as Error).message, "The admin registrations of app 'brokenadmin' failed: boom");
  }
  assert.equal([...mine.registry.keys()], [Author]);
});

test('a URLconf built from site.urls before autodiscover() (a settings module) gets the models discovered after; a rollback takes them out', async () => {
  const mine = new AdminSite({ name: 'early' });
  const urlconf = [path('admin/', mine.urls)]; // built at import, before the apps are ready
  const broken = defineApp({
    name: 'brokenlate',
    admin: (s: AdminSite) => {
      s.register(Tag);
      throw new Error('boom');
    },
  });
  await apps.populate([contenttypesApp, authApp, broken]);
  await autodiscover(mine).catch(() => {});
  // a fresh URLconf over the same list: the rolled-back registration is not in it
  assert.throws(() => reverse('early:adminopts_tag_changelist', { urlconf: [path('admin/', mine.urls)] }), /not found/);
  await apps.populate([contenttypesApp, authApp, adminApp, optsApp]);
  await autodiscover(mine);
  assert.is(reverse('early:auth_group_changelist', { urlconf }), '/admin/auth/group/');
  assert.is(reverse('early:adminopts_tag_changelist', { urlconf }), '/admin/adminopts/tag/');
  assert.is(resolve('/admin/auth/user/', urlconf).urlName, 'auth_user_changelist');
});

test('an admin hook that is not a function is refused when the app is declared', () => {
  assert.throws(() => defineApp({ name: 'badhook', admin: 'polls.admin' as any }), (e: unknown) => e instanceof ImproperlyConfigured && /'admin' must be a function/.test((e as Error).message));
});

test.run();
