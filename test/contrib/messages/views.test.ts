// SuccessMessageMixin (Django's tests/messages_tests/test_mixins.py) over
// CreateView, UpdateView and FormView, through the test client with the
// message middleware and cookie storage: the message names the cleaned data,
// shows on the next page once, and an invalid form adds none.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CharField, Engine, SqlJsBackend, configure, connections, createTables, defineModel, path, resetSettings } from '../../../src/index';
import * as forms from '../../../src/forms/index';
import { CreateView, FormView, UpdateView } from '../../../src/forms/index';
import { getMessages, successMessageMixin } from '../../../src/contrib/messages/index';
import { Client } from '../../../src/test/index';
import type { HttpRequest } from '../../../src/http/request';
import { HttpResponse } from '../../../src/http/response';

const Author = defineModel('msgviews.Author', { name: CharField({ maxLength: 20 }) });
(Author.prototype as any).toString = function (this: any) {
  return `Author ${this.name}`;
};
const ContactForm = forms.defineForm({ name: new forms.CharField({ maxLength: 10 }), percent: new forms.IntegerField() });

class AuthorCreate extends successMessageMixin(CreateView) {
  override model = Author as never;
  override fields = ['name'] as const;
  override successUrl = '/shown/' as string | null;
  override successMessage = '%(name)s was created successfully';
}
class AuthorUpdate extends successMessageMixin(UpdateView) {
  override model = Author as never;
  override fields = ['name'] as const;
  override successUrl = '/shown/' as string | null;
  override successMessage = 'Renamed to %(name)s';
}
class Contact extends successMessageMixin(FormView) {
  override templateName = 'form.html';
  override formClass = ContactForm as never;
  override successUrl = '/shown/' as string | null;
  override successMessage = '%(name)s is %(percent)d%% sure';
}
/** get_success_message overridden to name the saved object (Django's documented pattern). */
class AuthorCreateCustom extends successMessageMixin(CreateView) {
  override model = Author as never;
  override fields = ['name'] as const;
  override successUrl = '/shown/' as string | null;
  override getSuccessMessage(cleanedData: Record<string, unknown>) {
    return `${String((this as any).object)} saved (${cleanedData.name})`;
  }
}
class Silent extends successMessageMixin(FormView) {
  override templateName = 'form.html';
  override formClass = ContactForm as never;
  override successUrl = '/shown/' as string | null;
}

async function shown(request: HttpRequest) {
  const texts: string[] = [];
  for (const m of await (getMessages(request as never) as any).list()) texts.push(`${m.tags}:${m}`);
  return new HttpResponse(texts.join('|'));
}

const engine = new Engine({ templates: { 'form.html': 'errors={{ form.errors|length }}', 'msgviews/author_form.html': 'form' } });

test.before(async () => {
  resetSettings();
  configure({
    SECRET_KEY: 'success-message-tests',
    MIDDLEWARE: ['django.contrib.messages.middleware.MessageMiddleware'],
    MESSAGE_STORAGE: 'django.contrib.messages.storage.cookie.CookieStorage',
    ROOT_URLCONF: [
      path('authors/new/', AuthorCreate.asView()),
      path('authors/new-custom/', AuthorCreateCustom.asView()),
      path('authors/<int:pk>/edit/', AuthorUpdate.asView()),
      path('contact/', Contact.asView()),
      path('silent/', Silent.asView()),
      path('shown/', shown),
    ],
    TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { engine } }],
  });
  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Author]);
});
test.after(async () => {
  await connections.closeAll();
  resetSettings();
});

test('CreateView: the success message interpolates the cleaned data and is shown once on the next page', async () => {
  const client = new Client();
  const r = await client.post('/authors/new/', { name: 'Ann <b>' });
  assert.is(r.statusCode, 302);
  assert.is((await client.get('/shown/')).text, 'success:Ann <b> was created successfully');
  assert.is((await client.get('/shown/')).text, '', 'consumed');
});

test('UpdateView and FormView: %(name)s, %(percent)d and %% as Python formats them', async () => {
  const client = new Client();
  const a = await Author.objects.create({ name: 'Old' });
  await client.post(`/authors/${a.pk}/edit/`, { name: 'New' });
  assert.is((await client.get('/shown/')).text, 'success:Renamed to New');
  await client.post('/contact/', { name: 'Bo', percent: '99' });
  assert.is((await client.get('/shown/')).text, 'success:Bo is 99% sure');
});

test('getSuccessMessage can be overridden; an empty successMessage adds no message', async () => {
  const client = new Client();
  await client.post('/authors/new-custom/', { name: 'Cy' });
  assert.is((await client.get('/shown/')).text, 'success:Author Cy saved (Cy)');
  const r = await client.post('/silent/', { name: 'Di', percent: '1' });
  assert.is(r.statusCode, 302);
  assert.is((await client.get('/shown/')).text, '');
});

test('an invalid form re-renders with its errors and adds no message', async () => {
  const client = new Client();
  const r = await client.post('/contact/', { name: 'far too long a name', percent: 'x' });
  assert.is(r.statusCode, 200);
  assert.is(r.text, 'errors=2');
  assert.is((await client.get('/shown/')).text, '');
});

test.run();
