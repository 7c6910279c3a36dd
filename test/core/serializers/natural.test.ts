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
import { SET_NULL, fields } from '../../../src/db/models/fields';
import { defineModel } from '../../../src/db/models/model';
import { authApp, Group, Permission } from '../../../src/contrib/auth/index';
import { ContentType, clearContentTypeCache, contenttypesApp } from '../../../src/contrib/contenttypes/index';
import { dbSuite } from '../../db/harness';

const Stamp = defineModel('ser.Stamp', {
  name: fields.CharField({ maxLength: 20 }),
  created: fields.DateTimeField({ autoNowAdd: true }),
  updated: fields.DateTimeField({ autoNow: true }),
  kind: fields.ForeignKey(() => ContentType, { onDelete: SET_NULL, null: true }),
});

const load = async (text: string) => {
  for await (const obj of deserializeJson(text)) await obj.save();
};

/** What loaddata does: save each object, then resolve the natural keys of objects later in the fixture. */
const loadWithForwardReferences = async (text: string) => {
  const deferred = [];
  for await (const obj of deserializeJson(text, { handleForwardReferences: true })) {
    await obj.save();
    if (obj.deferredFields.length) deferred.push(obj);
  }
  for (const obj of deferred) await obj.saveDeferredFields();
};

dbSuite('fixtures: raw saves and natural keys', [ContentType, Permission, Group, Stamp], (test, ctx) => {
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
    // by SQL: the ORM's cascade would look for the user models' group tables other suites define
    for (const table of ['auth_group_permissions', 'auth_group', 'auth_permission', 'django_content_type']) await ctx.db.executeScript(`DELETE FROM "${table}"`);
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

  test('forward references: natural keys of objects later in the fixture are resolved at the end', async () => {
    await loadWithForwardReferences(`[
      {"model": "ser.stamp", "pk": 1, "fields": {"name": "a", "created": "2001-01-01T00:00:00Z", "updated": "2001-01-01T00:00:00Z", "kind": ["ser", "later"]}},
      {"model": "auth.group", "fields": {"name": "early", "permissions": [["view_later", "ser", "later"]]}},
      {"model": "contenttypes.contenttype", "fields": {"app_label": "ser", "model": "later"}},
      {"model": "auth.permission", "fields": {"name": "Can view later", "content_type": ["ser", "later"], "codename": "view_later"}}
    ]`);
    const later = await ContentType.objects.get({ model: 'later' });
    assert.is((await Stamp.objects.get({ pk: 1 })).kind_id, later.pk);
    const early = await Group.objects.get({ name: 'early' });
    assert.equal(await (early as any).permissions.valuesList('codename', { flat: true }), ['view_later']);
    // still missing at the end: named
    let error: Error | undefined;
    try {
      await loadWithForwardReferences('[{"model": "ser.stamp", "pk": 2, "fields": {"name": "b", "created": "2001-01-01T00:00:00Z", "updated": "2001-01-01T00:00:00Z", "kind": ["ser", "never"]}}]');
    } catch (e) {
      error = e as Error;
    }
    assert.match(error?.message ?? '', "ser.Stamp(pk=2) field 'kind': ContentType matching natural key [\"ser\",\"never\"] does not exist.");
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
