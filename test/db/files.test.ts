// FileField / ImageField on models, on sql.js and PostgreSQL: the name in the column, the content in a Storage.
import * as assert from 'uvu/assert';
import { suite } from 'uvu';
import { CharField, FieldFile, FileField, ImageField, defineModel, strftime } from '../../src/db/index';
import { InMemoryStorage, SuspiciousFileOperation, setDefaultStorage } from '../../src/core/files/storage';
import { SimpleUploadedFile } from '../../src/core/files/uploadedfile';
import { ValueError } from '../../src/core/exceptions';
import { buildField, serialize, writeMigration, AddField } from '../../src/db/migrations/index';
import { modelformFactory } from '../../src/forms/index';
import { dbSuite, rejects, throws } from './harness';

// A fresh storage per test (the suite runs once per backend).
let storage = new InMemoryStorage({ baseUrl: '/media/' });
const other = new InMemoryStorage({ baseUrl: 'https://cdn.example/' });

const Doc = defineModel('filestest.Doc', {
  title: CharField({ maxLength: 20 }),
  file: FileField({ uploadTo: 'docs/%Y/%m/%d', storage: () => storage }),
  thumb: ImageField({ uploadTo: (inst: any, name: string) => `thumbs/${inst.title}/${name}`, storage: () => other, blank: true, maxLength: 40 }),
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0, 0, 0, 0, 0]);

dbSuite('FileField', [Doc], (test, ctx) => {
  test.before.each(() => {
    storage = new InMemoryStorage({ baseUrl: '/media/' });
  });
  test('an assigned upload is stored on save(); the column holds the name', async () => {
    const doc: any = await Doc.objects.create({ title: 'a', file: new SimpleUploadedFile('my report.txt', 'hello') });
    const day = strftime('%Y/%m/%d');
    assert.is(doc.file.name, `docs/${day}/my_report.txt`);
    assert.ok(doc.file instanceof FieldFile);
    assert.ok(doc.file.committed);
    assert.is(await (await storage.open(doc.file.name)).text(), 'hello');
    const rows = await ctx.db.query(`SELECT "file", "thumb" FROM "${Doc._meta.dbTable}"`, []);
    assert.equal(rows[0], [`docs/${day}/my_report.txt`, '']);
    const again: any = await Doc.objects.get({ pk: doc.pk });
    assert.is(again.file.name, doc.file.name);
    assert.is(again.file.url, `/media/docs/${day}/my_report.txt`);
    assert.is(await again.file.size(), 5);
    assert.is(await (await again.file.open()).text(), 'hello');
    assert.is(String(again.file), doc.file.name);
    assert.is(again.thumb.name, '');
    throws(() => again.thumb.url, ValueError, /'thumb' attribute has no file associated with it/);
    assert.equal(await Doc.objects.filter({ file: doc.file.name }).valuesList('title', { flat: true }), ['a']);
  });

  test('a second upload with the same name gets a free name; the first file stays', async () => {
    const one: any = await Doc.objects.create({ title: 'b', file: new SimpleUploadedFile('same.txt', '1') as never });
    const two: any = await Doc.objects.create({ title: 'c', file: new SimpleUploadedFile('same.txt', '2') as never });
    assert.is.not(one.file.name, two.file.name);
    assert.match(two.file.name, /\/same_[A-Za-z0-9]{7}\.txt$/);
    assert.is(await (await one.file.open()).text(), '1');
  });

  test('uploadTo as a function, a storage as a function, maxLength enforced on the name', async () => {
    const doc: any = new Doc({ title: 'pics', file: 'docs/existing.txt' });
    doc.thumb = new SimpleUploadedFile('a-very-long-image-file-name.png', PNG, 'image/png');
    assert.not.ok(doc.thumb.committed);
    assert.is(await doc.thumb.size(), PNG.length);
    await doc.save();
    assert.ok(doc.thumb.name.startsWith('thumbs/pics/a-very-long'), doc.thumb.name);
    assert.ok(doc.thumb.name.length <= 40);
    assert.ok(await other.exists(doc.thumb.name));
    assert.ok(doc.thumb.url.startsWith('https://cdn.example/thumbs/pics/'));
    assert.is(doc.file.name, 'docs/existing.txt', 'a plain name is kept as is');
  });

  test('FieldFile.save() and delete(), with save: true writing the row', async () => {
    const doc: any = await Doc.objects.create({ title: 'd', file: '' as never });
    await doc.file.save('later.txt', 'content', { save: true });
    let row: any = await Doc.objects.get({ pk: doc.pk });
    assert.match(row.file.name, /^docs\/.*\/later\.txt$/);
    const name = row.file.name;
    await row.file.delete({ save: true });
    assert.not.ok(await storage.exists(name));
    row = await Doc.objects.get({ pk: doc.pk });
    assert.is(row.file.name, '');
  });

  test('hostile names: path traversal in uploadTo output is refused, the name is sanitized', async () => {
    const doc: any = new Doc({ title: '..', file: new SimpleUploadedFile('<script>.txt', 'x') });
    doc.thumb = new SimpleUploadedFile('x.png', PNG);
    await rejects(() => doc.save(), SuspiciousFileOperation, /path traversal/);
    assert.is(await Doc.objects.count(), 0, 'nothing written when the file could not be stored');
    const ok: any = await Doc.objects.create({ title: 'e', file: new SimpleUploadedFile('<script>.txt', 'x') as never });
    // (the first doc's file was stored before its thumb failed, as in Django: the new one gets a free name)
    assert.match(ok.file.name, /\/script_[A-Za-z0-9]{7}\.txt$/);
  });

  test('a queryset update cannot store an upload; a wrong type is a clear error', async () => {
    await Doc.objects.create({ title: 'f', file: 'docs/f.txt' as never });
    await rejects(() => Doc.objects.update({ file: new SimpleUploadedFile('x.txt', 'x') as never }), ValueError, /a query cannot store a file/);
    // @ts-expect-error a number is not a file name, an upload or a FieldFile
    throws(() => new Doc({ title: 'g', file: 42 }), ValueError, /takes a file name, an UploadedFile or a FieldFile/);
  });

  test('fullClean: an empty required file is blank', async () => {
    const doc: any = new Doc({ title: 'h' } as never);
    await rejects(() => doc.fullClean(), Error as never);
    try {
      await doc.fullClean();
    } catch (e: any) {
      assert.equal(Object.keys(e.messageDict), ['file']);
      assert.equal(e.messageDict.file, ['This field cannot be blank.']);
    }
  });

  test('a ModelForm edits the file: an upload replaces it, nothing keeps it, clear empties an optional one', async () => {
    const Form = modelformFactory(Doc, { fields: ['title', 'file', 'thumb'] });
    let form: any = new Form({ title: 'i' }, { file: new SimpleUploadedFile('f.txt', 'form') });
    assert.ok(await form.isValid(), JSON.stringify(form.errors.asData?.() ?? form.errors));
    const doc: any = await form.save();
    assert.match(doc.file.name, /\/f\.txt$/);
    assert.is(await (await doc.file.open()).text(), 'form');
    doc.thumb = new SimpleUploadedFile('t.png', PNG);
    await doc.save();
    // no new file: the current one is kept
    form = new Form({ title: 'i2' }, {}, { instance: doc });
    assert.ok(await form.isValid());
    await form.save();
    let again: any = await Doc.objects.get({ pk: doc.pk });
    assert.is(again.file.name, doc.file.name);
    assert.is(again.title, 'i2');
    // clear the optional thumb
    form = new Form({ title: 'i3', 'thumb-clear': 'on' }, {}, { instance: again });
    assert.ok(await form.isValid());
    await form.save();
    again = await Doc.objects.get({ pk: doc.pk });
    assert.is(again.thumb.name, '');
    // a required file missing on a new object
    form = new Form({ title: 'j' }, {});
    assert.not.ok(await form.isValid());
    assert.equal(form.errors.get('file')?.messages ?? [...form.errors.get('file')].map(String), ['This field is required.']);
    // not an image
    form = new Form({ title: 'k' }, { file: new SimpleUploadedFile('f.txt', 'x'), thumb: new SimpleUploadedFile('fake.png', 'not a png') });
    assert.not.ok(await form.isValid());
    assert.ok(form.errors.has('thumb'));
  });
});

const migrations = suite('FileField migrations');
migrations('deconstruct() keeps uploadTo and maxLength; the field rebuilds and serializes', () => {
  const f = FileField({ uploadTo: 'docs/%Y/', maxLength: 200, null: true }) as any;
  const d = f.deconstruct();
  assert.equal(d, { type: 'FileField', options: { null: true, uploadTo: 'docs/%Y/', maxLength: 200 } });
  assert.equal(buildField(d).deconstruct(), d);
  assert.equal((ImageField() as any).deconstruct(), { type: 'ImageField', options: {} });
  const text = writeMigration({ dependencies: [], operations: [new AddField({ modelName: 'doc', name: 'file', field: f })] }, { importPath: 'manouche/migrations' });
  assert.match(text, "models.FileField({ null: true, uploadTo: 'docs/%Y/', maxLength: 200 })");
  assert.match(serialize(f), 'models.FileField(');
  assert.is(f.dbType(0), 'varchar(200)');
});
migrations('bad options are refused', () => {
  throws(() => FileField({ primaryKey: true }), ValueError, /primaryKey/);
  throws(() => FileField({ unique: true }), ValueError, /unique/);
  throws(() => FileField({ uploadTo: 3 as never }), ValueError, /uploadTo must be a string or a function/);
});
migrations('without a storage the default storage is used, and its absence is a clear error', async () => {
  const Plain = defineModel('filestest.Plain', { f: FileField() });
  const p: any = new Plain({ f: 'x.txt' });
  setDefaultStorage(null);
  throws(() => p.f.url, Error, /No default file storage/);
  setDefaultStorage(new InMemoryStorage());
  assert.is(p.f.url, '/media/x.txt');
  setDefaultStorage(null);
});
migrations.run();
