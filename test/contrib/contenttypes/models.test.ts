// The content-type cache (src/contrib/contenttypes/models.ts) is forgotten
// when the table may have changed under it: on post_migrate, which every
// migrate and (as in Django) every flush sends.
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { resetSettings, configure } from '../../../src/conf/settings';
import { apps } from '../../../src/apps/registry';
import { defineApp } from '../../../src/apps/config';
import { CharField, connections, defineModel } from '../../../src/db/index';
import { postMigrate } from '../../../src/db/migrations/index';
import { callCommand } from '../../../src/core/management/call';
import { ContentType, clearContentTypeCache, contenttypesApp, getForId, getForModel } from '../../../src/contrib/contenttypes/index';
import { authApp, Group, Permission, User } from '../../../src/contrib/auth/index';

const Memo = defineModel('memos.Memo', { text: CharField({ maxLength: 20 }) });
const memosApp = defineApp({ name: 'memos' });
const quiet = { write: () => {} };

dbSuite('contrib/contenttypes: the cache and post_migrate', [ContentType, Permission, Group, User, Memo], (test, ctx) => {
  test.before.each(async () => {
    resetSettings();
    clearContentTypeCache();
    // The flush command checks the alias is configured; the suite's connection is already open under it.
    configure({ SECRET_KEY: 'contenttypes-tests', DATABASES: { default: { ENGINE: 'manouche.db.backends.sqljs', NAME: ':memory:' } } });
    await apps.populate([contenttypesApp, authApp, memosApp]);
  });
  test.after(async () => {
    resetSettings();
    await apps.populate([]);
  });

  test('after flush, getForModel() answers a row that exists (the cached one was deleted with the table)', async () => {
    await getForModel(User); // Memo's row is not the first: a restarted id sequence cannot hide a stale entry
    const before = await getForModel(Memo);
    assert.is(await ContentType.objects.count(), 2);
    await callCommand('flush', ['--no-input'], {}, { stdout: quiet, stderr: quiet });
    assert.is(await ContentType.objects.count(), 0);
    const after = await getForModel(Memo);
    assert.is.not(after, before);
    assert.ok(await ContentType.objects.filter({ pk: after.pk, app_label: 'memos', model: 'memo' }).exists());
  });

  test('a post_migrate signal (sent by every migrate) forgets the cached rows, by model and by id', async () => {
    const ct = await getForModel(Memo);
    assert.is(await getForId(ct.pk), ct, 'cached');
    // What a migration re-creating the table leaves (SQL: the ORM's cascade would visit every model naming ContentType).
    await ctx.db.executeScript('DELETE FROM "django_content_type"');
    const created = await ContentType.objects.create({ app_label: 'memos', model: 'memo' });
    await postMigrate.send(memosApp, { appConfig: memosApp, using: 'default', backend: connections.get('default'), plan: [] });
    const fresh = await getForModel(Memo);
    assert.is(fresh.pk, created.pk);
    assert.is(await getForId(created.pk).then((c) => c.pk), created.pk);
  });
});
