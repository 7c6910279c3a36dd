// The README's editing-views and storage example, run as written (storage and URLs filled in).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CreateView, DeleteView } from '../../src/forms/index';
import { CharField, FileField, SimpleUploadedFile, defineModel, InMemoryStorage, setDefaultStorage, SqlJsBackend, connections, createTables, configure, resetSettings, path, Engine } from '../../src/index';
import { Client } from '../../src/test/index';

test('the README editing-views example runs', async () => {
  const storage = new InMemoryStorage();
  setDefaultStorage(storage);
  const Doc = defineModel('docs.Doc', {
    title: CharField({ maxLength: 50 }),
    file: FileField({ uploadTo: 'docs/%Y/%m/' }),
  });
  class DocCreate extends CreateView {
    override model = Doc;
    override fields = ['title', 'file'];
    override successUrl = '/docs/{id}/';
  }
  class DocDelete extends DeleteView {
    override model = Doc;
    override successUrl = '/docs/';
  }
  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Doc]);
  const doc = await Doc.objects.create({ title: 'a', file: new SimpleUploadedFile('a b.txt', 'hi') });
  assert.match(doc.file.name!, /^docs\/\d{4}\/\d{2}\/a_b\.txt$/);
  assert.is(doc.file.url, `/media/${doc.file.name}`);
  assert.is(await doc.file.size(), 2);
  assert.is(await (await doc.file.open()).text(), 'hi');

  resetSettings();
  const engine = new Engine({ templates: { 'docs/doc_form.html': '{{ form }}', 'docs/doc_confirm_delete.html': 'Delete {{ object.title }}?' } });
  configure({ ROOT_URLCONF: [path('docs/new/', DocCreate.asView()), path('docs/<int:pk>/delete/', DocDelete.asView())], TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { engine } }] });
  const client = new Client({ log: () => {} });
  assert.match((await client.get('/docs/new/')).text, 'type="file" name="file"');
  const created = await client.post('/docs/new/', { title: 'b', file: new SimpleUploadedFile('b.txt', 'bee') });
  const b = await Doc.objects.get({ title: 'b' });
  assert.is(created.get('location'), `/docs/${b.pk}/`);
  assert.is((await client.get(`/docs/${b.pk}/delete/`)).text, 'Delete b?');
  assert.is((await client.post(`/docs/${b.pk}/delete/`)).get('location'), '/docs/');
  assert.is(await Doc.objects.count(), 1);
  await connections.closeAll();
  resetSettings();
  setDefaultStorage(null);
});

test.run();
