// The editing views: FormView, CreateView, UpdateView, DeleteView through the test client.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CharField,
  Engine,
  ImproperlyConfigured,
  IntegerField,
  SqlJsBackend,
  configure,
  connections,
  createTables,
  defineModel,
  path,
  resetSettings,
} from '../../src/index';
import * as forms from '../../src/forms/index';
import { CreateView, DeleteView, FormView, UpdateView } from '../../src/forms/index';
import { Client } from '../../src/test/index';

const Author = defineModel('editviews.Author', { name: CharField({ maxLength: 20 }), age: IntegerField({ default: 30 }) }, { ordering: ['id'] });
(Author.prototype as any).getAbsoluteUrl = function (this: any) {
  return `/authors/${this.pk}/`;
};
const Tag = defineModel('editviews.Tag', { label: CharField({ maxLength: 10 }) });

const ContactForm = forms.defineForm({ name: new forms.CharField({ maxLength: 5 }), email: new forms.EmailField() });

const engine = new Engine({
  templates: {
    'contact.html': '{{ form.errors }}|{{ form.name.value|default:"" }}|{{ form.email.value|default:"" }}',
    'editviews/author_form.html': '{% if object %}edit {{ object.name }}{% else %}new{% endif %}|{{ form.name.errors }}|<input value="{{ form.name.value|default:"" }}">',
    'editviews/author_confirm_delete.html': 'Delete {{ author.name }}?{{ form.errors }}',
    'editviews/tag_form.html': 'tag {{ form.label.value|default:"" }}',
  },
});

const seen: { valid: unknown[] } = { valid: [] };
class Contact extends FormView {
  override templateName = 'contact.html';
  override formClass = ContactForm as never;
  override successUrl = '/thanks/';
  override getInitial() {
    return { ...super.getInitial(), email: 'a@b.co' };
  }
  override async formValid(form: forms.BaseForm<any>) {
    seen.valid.push(form.cleanedData);
    return super.formValid(form);
  }
}
class AuthorCreate extends CreateView {
  override model = Author as never;
  override fields = ['name', 'age'] as const;
  override successUrl = '/authors/{id}/{name}/' as string | null;
}
class AuthorCreateAbsolute extends CreateView {
  override model = Author as never;
  override fields = ['name'] as const;
}
class AuthorUpdate extends UpdateView {
  override model = Author as never;
  override fields = ['name'] as const;
}
class AuthorDelete extends DeleteView {
  override model = Author as never;
  override successUrl = '/authors/gone/{name}/' as string | null;
}

const urls = [
  path('contact/', Contact.asView()),
  path('authors/new/', AuthorCreate.asView()),
  path('authors/new-absolute/', AuthorCreateAbsolute.asView()),
  path('authors/new-both/', CreateView.asView({ model: Author as never, fields: ['name'], formClass: ContactForm as never })),
  path('authors/new-nofields/', CreateView.asView({ model: Author as never })),
  path('tags/new/', CreateView.asView({ model: Tag as never, fields: '__all__' })),
  path('tags/new-nourl/', CreateView.asView({ model: Tag as never, fields: '__all__' })),
  path('authors/<int:pk>/edit/', AuthorUpdate.asView()),
  path('authors/<int:pk>/delete/', AuthorDelete.asView()),
  path('authors/<int:pk>/delete-nourl/', DeleteView.asView({ model: Author as never })),
];

test.before(async () => {
  resetSettings();
  configure({ ROOT_URLCONF: urls, TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { engine } }] });
  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Author, Tag]);
});
test.after(async () => {
  await connections.closeAll();
  resetSettings();
});

async function rejects(fn: () => Promise<unknown>, check: (e: Error) => boolean): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert.ok(check(e as Error), `unexpected error: ${(e as Error).message}`);
    return;
  }
  assert.unreachable('expected a rejection');
}

const client = () => new Client({ raiseRequestException: false, log: () => {} });
const strict = () => new Client({ log: () => {} });

test('FormView: GET renders the unbound form with getInitial()', async () => {
  const r = await client().get('/contact/');
  assert.is(r.statusCode, 200);
  assert.is(r.text, '||a@b.co');
  assert.ok(r.context!.form instanceof forms.BaseForm);
  assert.is((r.context!.form as forms.BaseForm).isBound, false);
});

test('FormView: an invalid POST re-renders the bound form with its errors (200, nothing saved)', async () => {
  seen.valid = [];
  const r = await client().post('/contact/', { name: 'toolong', email: 'nope' });
  assert.is(r.statusCode, 200);
  assert.match(r.text, 'Ensure this value has at most 5 characters (it has 7).');
  assert.match(r.text, 'Enter a valid email address.');
  assert.match(r.text, '|toolong|nope');
  assert.equal(seen.valid, []);
});

test('FormView: a valid POST calls formValid and redirects to successUrl', async () => {
  seen.valid = [];
  const r = await client().post('/contact/', { name: 'Ann', email: 'ann@example.com' });
  assert.is(r.statusCode, 302);
  assert.is(r.get('Location'), '/thanks/');
  assert.equal(seen.valid, [{ name: 'Ann', email: 'ann@example.com' }]);
});

test('FormView: hostile input is escaped when re-rendered', async () => {
  const r = await client().post('/contact/', { name: '<b>', email: '<script>alert(1)</script>' });
  assert.is(r.statusCode, 200);
  assert.not.match(r.text, '<script>');
  assert.match(r.text, '&lt;script&gt;');
});

test('CreateView: GET uses <app>/<model>_form.html with an unbound model form and no object', async () => {
  const r = await client().get('/authors/new/');
  assert.is(r.statusCode, 200);
  assert.is(r.text, 'new||<input value="">');
  assert.equal(r.templates, ['editviews/author_form.html']);
  assert.is(r.context!.object, undefined);
});

test('CreateView: a valid POST saves and redirects to successUrl with {field} filled from the object', async () => {
  const r = await client().post('/authors/new/', { name: 'Bea', age: '41' });
  assert.is(r.statusCode, 302);
  const bea = await Author.objects.get({ name: 'Bea' });
  assert.is((bea as any).age, 41);
  assert.is(r.get('Location'), `/authors/${bea.pk}/Bea/`);
});

test('CreateView: an invalid POST shows the errors and creates nothing', async () => {
  const before = await Author.objects.count();
  const r = await client().post('/authors/new/', { name: 'x'.repeat(21), age: 'old' });
  assert.is(r.statusCode, 200);
  assert.match(r.text, 'Ensure this value has at most 20 characters (it has 21).');
  assert.is(await Author.objects.count(), before);
});

test('CreateView: without successUrl it redirects to getAbsoluteUrl(); without either it is ImproperlyConfigured', async () => {
  const r = await client().post('/authors/new-absolute/', { name: 'Cy' });
  const cy = await Author.objects.get({ name: 'Cy' });
  assert.is(r.get('Location'), `/authors/${cy.pk}/`);
  await rejects(() => strict().post('/tags/new-nourl/', { label: 'x' }), (e: Error) => e instanceof ImproperlyConfigured && /getAbsoluteUrl/.test(e.message));
});

test('CreateView: fields with formClass, or neither, is ImproperlyConfigured', async () => {
  await rejects(() => strict().get('/authors/new-both/'), (e: Error) => e instanceof ImproperlyConfigured && /both 'fields' and 'formClass'/.test(e.message));
  await rejects(() => strict().get('/authors/new-nofields/'), (e: Error) => e instanceof ImproperlyConfigured && /without the 'fields' attribute/.test(e.message));
});

test("UpdateView: GET shows the object's values; POST saves them and redirects to getAbsoluteUrl()", async () => {
  const dee = await Author.objects.create({ name: 'Dee', age: 50 });
  let r = await client().get(`/authors/${dee.pk}/edit/`);
  assert.is(r.text, 'edit Dee||<input value="Dee">');
  r = await client().post(`/authors/${dee.pk}/edit/`, { name: 'Dora' });
  assert.is(r.statusCode, 302);
  assert.is(r.get('Location'), `/authors/${dee.pk}/`);
  const again = await Author.objects.get({ pk: dee.pk });
  assert.is((again as any).name, 'Dora');
  assert.is((again as any).age, 50, 'fields not in the form are kept');
  assert.is(await Author.objects.filter({ name: 'Dora' }).count(), 1, 'updated in place, not duplicated');
});

test('UpdateView: a missing object is a 404, for GET and POST', async () => {
  assert.is((await client().get('/authors/9999/edit/')).statusCode, 404);
  assert.is((await client().post('/authors/9999/edit/', { name: 'x' })).statusCode, 404);
});

test('DeleteView: GET renders <model>_confirm_delete.html and deletes nothing; POST deletes and redirects', async () => {
  const eve = await Author.objects.create({ name: 'Eve' });
  let r = await client().get(`/authors/${eve.pk}/delete/`);
  assert.is(r.statusCode, 200);
  assert.is(r.text, 'Delete Eve?');
  assert.equal(r.templates, ['editviews/author_confirm_delete.html']);
  assert.is(await Author.objects.filter({ pk: eve.pk }).count(), 1);
  r = await client().post(`/authors/${eve.pk}/delete/`);
  assert.is(r.statusCode, 302);
  assert.is(r.get('Location'), '/authors/gone/Eve/');
  assert.is(await Author.objects.filter({ pk: eve.pk }).count(), 0);
  assert.is((await client().post(`/authors/${eve.pk}/delete/`)).statusCode, 404);
});

test('DeleteView: without successUrl the POST is ImproperlyConfigured and the object stays', async () => {
  const fay = await Author.objects.create({ name: 'Fay' });
  await rejects(() => strict().post(`/authors/${fay.pk}/delete-nourl/`), (e: Error) => e instanceof ImproperlyConfigured && /Provide a successUrl/.test(e.message));
  assert.is(await Author.objects.filter({ pk: fay.pk }).count(), 1);
});

test('editing views answer 405 to methods they do not have', async () => {
  const r = await client().patch('/contact/', '');
  assert.is(r.statusCode, 405);
  assert.is(r.get('Allow'), 'GET, POST, PUT, HEAD, OPTIONS');
});

test.run();
