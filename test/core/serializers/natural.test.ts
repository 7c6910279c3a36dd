/**
 * Fixtures the Django way (django.core.serializers): loading saves raw, so
 * auto_now / auto_now_add keep the fixture's values; contenttypes and auth
 * have Django's natural keys, so `dumpdata --natural-foreign
 * --natural-primary` output loads back onto other primary keys. On sql.js
 * and PostgreSQL.
 */
import * as assert from 'uvu/assert';
import { defineApp } from '../../../src/apps/config';
import { apps } from '../../../src/apps/registry';
import { configure, resetSettings } from '../../../src/conf/settings';
import { deserializeJson, serializeJson } from '../../../src/core/serializers/index';
import { fields } from '../../../src/db/models/fields';
import { defineModel } from '../../../src/db/models/model';
import { authApp, Group, Permission } from '../../../src/contrib/auth/index';
import { ContentType, clearContentTypeCache, contenttypesApp } from '../../../src/contrib/contenttypes/index';
import { dbSuite } from '../../db/harness';

const Stamp = defineModel('ser.Stamp', {
  name: fields.CharField({ maxLength: 20 }),
  created: fields.DateTimeField({ autoNowAdd: true }),
  updated: fields.DateTimeField({ autoNow: true }),
});

const load = async (text: string) => {
  for await (const obj of deserializeJson(text)) await obj.save();
};

dbSuite('fixtures: raw saves and natural keys', [ContentType, Permission, Group, Stamp], (test) => {
  test.before(async () => {
    resetSettings();
    configure({ SECRET_KEY: 'serializers' });
    clearContentTypeCache();
    await apps.populate([contenttypesApp, authApp, defineApp({ name: 'ser' })]);
  });
  test.after(async () => {
    resetSettings();
    await apps.populate([]);
  });

  test('loading keeps the fixture values of auto_now and auto_now_add fields (a raw save)', async () => {
    await load('[{"model": "ser.stamp", "pk": 7, "fields": {"name": "old", "created": "2001-02-03T04:05:06Z", "updated": "2002-03-04T05:06:07Z"}}]');
    const s = await Stamp.objects.get({ pk: 7 });
    assert.is((s.created as Date).toISOString(), '2001-02-03T04:05:06.000Z');
    assert.is((s.updated as Date).toISOString(), '2002-03-04T05:06:07.000Z');
    // an ordinary save still stamps auto_now
    s.name = 'new';
    await s.save();
    assert.ok((await Stamp.objects.get({ pk: 7 })).updated.getFullYear() > 2020);
  });

  test('--natural-foreign --natural-primary: content types, permissions and groups by natural key, loaded back onto other ids', async () => {
    const ct = await ContentType.objects.create({ app_label: 'ser', model: 'stamp' });
    const perm = await Permission.objects.create({ name: 'Can add stamp', content_type: ct, codename: 'add_stamp' });
    const group = await Group.objects.create({ name: 'editors' });
    await (group as any).permissions.add(perm);
    const text = await serializeJson([ct, perm, group], { useNaturalForeignKeys: true, useNaturalPrimaryKeys: true });
    assert.equal(JSON.parse(text), [
      { model: 'contenttypes.contenttype', fields: { app_label: 'ser', model: 'stamp' } },
      { model: 'auth.permission', fields: { name: 'Can add stamp', content_type: ['ser', 'stamp'], codename: 'add_stamp' } },
      { model: 'auth.group', fields: { name: 'editors', permissions: [['add_stamp', 'ser', 'stamp']] } },
    ]);
    // another database state: the rows gone, the content type under another id
    await Group.objects.all().delete();
    await Permission.objects.all().delete();
    await ContentType.objects.all().delete();
    clearContentTypeCache();
    await ContentType.objects.create({ app_label: 'other', model: 'thing' });
    await load(text);
    const newCt = await ContentType.objects.get({ app_label: 'ser', model: 'stamp' });
    assert.is.not(newCt.pk, ct.pk);
    const loaded = await Permission.objects.get({ codename: 'add_stamp' });
    assert.is(loaded.content_type_id, newCt.pk);
    const editors = await Group.objects.get({ name: 'editors' });
    assert.equal(await (editors as any).permissions.valuesList('codename', { flat: true }), ['add_stamp']);
    // loading again updates the same rows (the natural primary key finds them)
    await load(text);
    assert.is(await Permission.objects.count(), 1);
    assert.is(await ContentType.objects.count(), 2);
  });

  test('a natural key that matches nothing is named', async () => {
    let error: Error | undefined;
    try {
      await load('[{"model": "auth.permission", "fields": {"name": "x", "content_type": ["nope", "none"], "codename": "x"}}]');
    } catch (e) {
      error = e as Error;
    }
    assert.match(error?.message ?? '', 'ContentType matching natural key ["nope","none"] does not exist.');
  });
});
