// Uploads end to end on Node: multipart through the test client, request.FILES into a
// CreateView's ModelForm, the file stored by FileSystemStorage; every size limit answered.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CharField, Engine, FileField, SqlJsBackend, configure, connections, createTables, defineModel, path, resetSettings } from '../../src/node/index';
import { SimpleUploadedFile } from '../../src/core/files/uploadedfile';
import { Client } from '../../src/test/index';
import { CreateView } from '../../src/forms/index';
import { setDefaultStorage } from '../../src/core/files/storage';
import { FileSystemStorage } from '../../src/node/storage';

const Attachment = defineModel('uploadviews.Attachment', { title: CharField({ maxLength: 20 }), file: FileField({ uploadTo: 'att/' }) });

const engine = new Engine({ templates: { 'uploadviews/attachment_form.html': '{{ form.errors }}' } });

class AttachmentCreate extends CreateView {
  override model = Attachment as never;
  override fields = ['title', 'file'] as const;
  override successUrl = '/done/{id}/' as string | null;
}

let media = '';
let uploadTmp = '';
const settingsFor = (extra: Record<string, unknown> = {}) => ({
  ROOT_URLCONF: [path('attach/', AttachmentCreate.asView())],
  TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { engine } }],
  MEDIA_ROOT: media,
  MEDIA_URL: '/media/',
  FILE_UPLOAD_TEMP_DIR: uploadTmp,
  ...extra,
});

test.before(async () => {
  media = mkdtempSync(join(tmpdir(), 'manouche-media-'));
  uploadTmp = mkdtempSync(join(tmpdir(), 'manouche-upl-'));
  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Attachment]);
});
test.before.each(() => {
  setDefaultStorage(new FileSystemStorage()); // what importing manouche/node installs (other suites may have replaced it)
  resetSettings();
  configure(settingsFor());
});
test.after(async () => {
  await connections.closeAll();
  resetSettings();
  rmSync(media, { recursive: true, force: true });
  rmSync(uploadTmp, { recursive: true, force: true });
});

const client = () => new Client({ raiseRequestException: false, log: () => {} });

test('a multipart POST reaches the ModelForm as request.FILES; the file is stored under MEDIA_ROOT', async () => {
  const r = await client().post('/attach/', { title: 'cv', file: new SimpleUploadedFile('my cv.pdf', '%PDF-1.4 hello', 'application/pdf') });
  assert.is(r.statusCode, 302);
  const a: any = await Attachment.objects.get({ title: 'cv' });
  assert.is(r.get('location'), `/done/${a.pk}/`);
  assert.is(a.file.name, 'att/my_cv.pdf');
  assert.is(a.file.url, '/media/att/my_cv.pdf');
  assert.is(readFileSync(join(media, 'att/my_cv.pdf'), 'utf8'), '%PDF-1.4 hello');
});

test('an upload above FILE_UPLOAD_MAX_MEMORY_SIZE spills to a temp file, is streamed to storage, and the temp file is removed', async () => {
  configure(settingsFor({ FILE_UPLOAD_MAX_MEMORY_SIZE: 100 }));
  const big = new Uint8Array(200_000).map((_, i) => i % 251);
  const r = await client().post('/attach/', { title: 'big', file: new SimpleUploadedFile('big.bin', big, 'application/octet-stream') });
  assert.is(r.statusCode, 302);
  const a: any = await Attachment.objects.get({ title: 'big' });
  assert.equal(new Uint8Array(readFileSync(join(media, a.file.name))), big);
  assert.is(await a.file.size(), 200_000);
  assert.equal(readdirSync(uploadTmp), [], 'no temporary upload left behind');
});

test('limits: too many fields, too many files, too many field bytes are 400s and save nothing', async () => {
  const before = await Attachment.objects.count();
  configure(settingsFor({ DATA_UPLOAD_MAX_NUMBER_FIELDS: 2 }));
  let r = await client().post('/attach/', { title: 'x', a: '1', b: '2', file: new SimpleUploadedFile('a.txt', 'a') });
  assert.is(r.statusCode, 400);
  configure(settingsFor({ DATA_UPLOAD_MAX_NUMBER_FILES: 1 }));
  r = await client().post('/attach/', { title: 'x', file: new SimpleUploadedFile('a.txt', 'a'), other: new SimpleUploadedFile('b.txt', 'b') });
  assert.is(r.statusCode, 400);
  configure(settingsFor({ DATA_UPLOAD_MAX_MEMORY_SIZE: 1000 }));
  r = await client().post('/attach/', { title: 'x'.repeat(5000), file: new SimpleUploadedFile('a.txt', 'a') });
  assert.is(r.statusCode, 400);
  // a urlencoded body over the limit is refused too
  r = await client().post('/attach/', `title=${'x'.repeat(5000)}`, { contentType: 'application/x-www-form-urlencoded' });
  assert.is(r.statusCode, 400);
  assert.is(await Attachment.objects.count(), before);
  assert.equal(readdirSync(uploadTmp), []);
});

test('bad files are form errors (200, the form shown again): missing, empty, name too long, not multipart', async () => {
  const before = await Attachment.objects.count();
  let r = await client().post('/attach/', { title: 'nofile' });
  assert.is(r.statusCode, 200);
  assert.match(r.text, 'This field is required.');
  r = await client().post('/attach/', { title: 'empty', file: new SimpleUploadedFile('e.txt', '') });
  assert.match(r.text, 'The submitted file is empty.');
  r = await client().post('/attach/', { title: 'long', file: new SimpleUploadedFile(`${'n'.repeat(120)}.txt`, 'x') });
  assert.match(r.text, 'Ensure this filename has at most 100 characters (it has 124).');
  r = await client().post('/attach/', 'title=urlencoded', { contentType: 'application/x-www-form-urlencoded' });
  assert.match(r.text, 'This field is required.');
  r = await client().post('/attach/', { title: '<b>x</b>', file: new SimpleUploadedFile('<img src=x onerror=alert(1)>.txt', '') });
  assert.not.match(r.text, '<img');
  assert.is(await Attachment.objects.count(), before);
});

test('a hostile client file name never leaves MEDIA_ROOT', async () => {
  const r = await client().post('/attach/', { title: 'evil', file: new SimpleUploadedFile('../../../../etc/evil.txt', 'x') });
  assert.is(r.statusCode, 302);
  const a: any = await Attachment.objects.get({ title: 'evil' });
  assert.is(a.file.name, 'att/evil.txt');
  assert.ok(existsSync(join(media, 'att/evil.txt')));
});

test.run();
