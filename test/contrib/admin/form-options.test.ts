// The change form's options: the admin's date/time widgets (split date and
// time), prepopulated_fields, raw_id_fields, autocomplete_fields with the
// autocomplete JSON view, filter_horizontal, save_as and view_on_site
// (Django's tests/admin_widgets and admin_views). Runs on sql.js and PostgreSQL.
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { assertContains, assertNotContains } from '../../../src/test/index';
import { ADDITION, LogEntry } from '../../../src/contrib/admin/index';
import { as, client, superuser } from './project';
import { Article, Author, Tag, article, optsModels, optsStaff, setUpOptions, tearDownOptions } from './options-project';

const add = '/admin/adminopts/article/add/';

dbSuite('contrib/admin form options', optsModels, (test) => {
  test.before.each(async () => {
    await setUpOptions();
    as.user = await superuser();
    as.sessions = false;
  });
  test.after.each(tearDownOptions);

  test('date and time widgets: a DateTimeField is a date and a time input side by side, with the shortcuts script', async () => {
    const r = await client().get(add);
    assertContains(r, '<p class="datetime">Date: <input type="text" name="published_0" class="vDateField" size="10" required id="id_published_0"><br>Time: <input type="text" name="published_1" class="vTimeField" size="8" required id="id_published_1"></p>');
    assertContains(r, '<input type="text" name="day" class="vDateField" size="10" id="id_day">');
    assertContains(r, '<input type="text" name="at" class="vTimeField" size="8" id="id_at">');
    assertContains(r, '<script src="/static/admin/js/DateTimeShortcuts.js"></script>');
    assertContains(r, '<input type="text" name="title" class="vTextField" maxlength="200" required id="id_title">');
  });

  test('a split date and time is saved as one value; a bad half is an error on the field', async () => {
    const author = await (Author.objects as any).create({ name: 'Ann' });
    const data = { title: 'Hello', slug: 'hello', author: String(author.pk), published_0: '2024-03-04', published_1: '05:06:07', day: '2024-03-05', at: '10:30', rank: '1', status: 'd' };
    const ok = await client().post(add, data);
    assert.is(ok.statusCode, 302);
    const saved = await (Article.objects as any).get({ slug: 'hello' });
    assert.is(saved.published.toISOString(), new Date(2024, 2, 4, 5, 6, 7).toISOString());
    assert.is(String(saved.day).slice(0, 10), '2024-03-05');
    const bad = await client().post(add, { ...data, slug: 'other', published_1: '25:99' });
    assert.is(bad.statusCode, 200);
    assertContains(bad, 'Enter a valid time.');
    const missing = await client().post(add, { ...data, slug: 'other', published_0: '' });
    assert.is(missing.statusCode, 200);
    assertContains(missing, 'This field is required.');
    assert.is(await (Article.objects as any).count(), 1);
  });

  test('prepopulated_fields: the add page carries the slug\'s sources for urlify.js; the change page does not', async () => {
    const r = await client().get(add);
    assertContains(r, '<script src="/static/admin/js/urlify.js" defer></script>');
    assertContains(r, '<script src="/static/admin/js/prepopulate_init.js" defer></script>');
    assertContains(r, 'data-prepopulated-fields="[{&quot;id&quot;:&quot;#id_slug&quot;,&quot;name&quot;:&quot;slug&quot;,&quot;dependency_ids&quot;:[&quot;#id_title&quot;],&quot;dependency_list&quot;:[&quot;title&quot;],&quot;maxLength&quot;:50,&quot;allowUnicode&quot;:false}]"');
    const a = await article();
    const change = await client().get(`/admin/adminopts/article/${a.pk}/change/`);
    assertNotContains(change, 'data-prepopulated-fields');
    assertNotContains(change, 'urlify.js');
  });

  test('raw_id_fields: a key box with a lookup link and the object\'s name; many-to-many keys are comma-separated', async () => {
    const ed = await (Author.objects as any).create({ name: 'Editor <Ed>' });
    const t1 = await (Tag.objects as any).create({ name: 'one' });
    const t2 = await (Tag.objects as any).create({ name: 'two' });
    const a = await article({ editor: ed });
    await a.topics.add(t1, t2);
    const r = await client().get(`/admin/adminopts/article/${a.pk}/change/`);
    assertContains(r, `<input type="text" name="editor" value="${ed.pk}" class="vForeignKeyRawIdAdminField" id="id_editor"><a href="/admin/adminopts/author/?_to_field=id" class="related-lookup" id="lookup_id_editor" title="Lookup"></a>\n<strong><a href="/admin/adminopts/author/${ed.pk}/change/">Editor &lt;Ed&gt;</a></strong>`);
    assertContains(r, `<input type="text" name="topics" value="${t1.pk},${t2.pk}" class="vManyToManyRawIdAdminField" id="id_topics"><a href="/admin/adminopts/tag/?_to_field=id" class="related-lookup" id="lookup_id_topics" title="Lookup"></a>`);
    assertContains(r, '<script src="/static/admin/js/RelatedObjectLookups.js"></script>');
    // The raw-id field never loads the related table into options.
    assertNotContains(r, '<select name="editor"');
    const data = { title: a.title, slug: a.slug, author: String(a.author_id), editor: String(ed.pk), topics: `${t2.pk}`, published_0: '2024-01-01', published_1: '00:00', rank: '0', status: 'd' };
    const saved = await client().post(`/admin/adminopts/article/${a.pk}/change/`, data);
    assert.is(saved.statusCode, 302);
    assert.equal((await a.topics.all().fetch()).map((t: any) => t.pk), [t2.pk]);
    const bad = await client().post(`/admin/adminopts/article/${a.pk}/change/`, { ...data, editor: '99999', topics: `${t1.pk},abc` });
    assert.is(bad.statusCode, 200);
    assertContains(bad, 'Select a valid choice. That choice is not one of the available choices.');
    assertContains(bad, '“abc” is not a valid value.');
    assert.equal((await a.topics.all().fetch()).map((t: any) => t.pk), [t2.pk]);
  });

  test('filter_horizontal: a multiple select the SelectFilter script enhances, which submits on its own', async () => {
    const t1 = await (Tag.objects as any).create({ name: 'one' });
    await (Tag.objects as any).create({ name: 'two' });
    const r = await client().get(add);
    assertContains(r, '<select name="tags" class="selectfilter" data-field-name="tags" data-is-stacked="0" id="id_tags" multiple>');
    assertContains(r, '<script src="/static/admin/js/SelectFilter2.js"></script>');
    const author = await (Author.objects as any).create({ name: 'Ann' });
    const ok = await client().post(add, { title: 'T', slug: 't', author: String(author.pk), tags: [String(t1.pk)], published_0: '2024-01-01', published_1: '00:00', rank: '0', status: 'd' });
    assert.is(ok.statusCode, 302);
    const saved = await (Article.objects as any).get({ slug: 't' });
    assert.equal((await saved.tags.all().fetch()).map((t: any) => t.name), ['one']);
  });

  test('autocomplete_fields: a select that names the endpoint, and works as a plain select', async () => {
    const ann = await (Author.objects as any).create({ name: 'Ann' });
    const r = await client().get(add);
    assertContains(r, '<select name="author" class="admin-autocomplete" data-ajax--url="/admin/autocomplete/" data-app-label="adminopts" data-model-name="article" data-field-name="author"');
    assertContains(r, `<option value="${ann.pk}">Ann</option>`);
    assertContains(r, '<script src="/static/admin/js/autocomplete.js"></script>');
  });

  test('the autocomplete view: search, 20 per page with "more", ids and texts', async () => {
    for (let i = 0; i < 25; i++) await (Author.objects as any).create({ name: `Writer ${String(i).padStart(2, '0')}` });
    await (Author.objects as any).create({ name: 'Zed' });
    const q = 'app_label=adminopts&model_name=article&field_name=author';
    const first = await client().get(`/admin/autocomplete/?${q}&term=writer`);
    assert.is(first.statusCode, 200);
    const body = JSON.parse(first.text);
    assert.is(body.results.length, 20);
    assert.is(body.results[0].text, 'Writer 00');
    assert.type(body.results[0].id, 'string');
    assert.equal(body.pagination, { more: true });
    const second = JSON.parse((await client().get(`/admin/autocomplete/?${q}&term=writer&page=2`)).text);
    assert.is(second.results.length, 5);
    assert.equal(second.pagination, { more: false });
    const zed = JSON.parse((await client().get(`/admin/autocomplete/?${q}&term=ze`)).text);
    assert.equal(zed.results.map((x: any) => x.text), ['Zed']);
    assert.is((await client().get(`/admin/autocomplete/?${q}&term=writer&page=9`)).statusCode, 404);
    assert.is((await client().get(`/admin/autocomplete/?${q}&page=x`)).statusCode, 404);
  });

  test('the autocomplete view refuses bad parameters, an admin without search_fields, and users without the view permission', async () => {
    const base = '/admin/autocomplete/?term=a';
    for (const q of ['', '&app_label=adminopts&model_name=article', '&app_label=nope&model_name=article&field_name=author', '&app_label=adminopts&model_name=article&field_name=nope', '&app_label=adminopts&model_name=article&field_name=title']) {
      assert.is((await client().get(base + q)).statusCode, 403, q);
    }
    // Tag's admin defines no search_fields (admin.E040 reports it too).
    assert.is((await client().get(`${base}&app_label=adminopts&model_name=article&field_name=tags`)).statusCode, 404);
    as.user = await optsStaff('noauthor', ['change_article']);
    assert.is((await client().get(`${base}&app_label=adminopts&model_name=article&field_name=author`)).statusCode, 403);
    as.user = await optsStaff('reader', ['view_author']);
    assert.is((await client().get(`${base}&app_label=adminopts&model_name=article&field_name=author`)).statusCode, 200);
    as.user = null;
    const anon = await client().get(`${base}&app_label=adminopts&model_name=article&field_name=author`);
    assert.is(anon.statusCode, 302);
  });

  test('save_as: "Save as new" makes a copy and leaves the original; it needs the add permission', async () => {
    const a = await article({ title: 'Original', slug: 'original' });
    const url = `/admin/adminopts/article/${a.pk}/change/`;
    const page = await client().get(url);
    assertContains(page, '<input type="submit" value="Save as new" name="_saveasnew">');
    assertNotContains(page, 'name="_addanother"');
    const data = { title: 'Copy', slug: 'copy', author: String(a.author_id), published_0: '2024-01-01', published_1: '00:00', rank: '0', status: 'd', _saveasnew: 'Save as new' };
    const r = await client().post(url, data);
    const copy = await (Article.objects as any).get({ slug: 'copy' });
    assert.is(r.statusCode, 302);
    assert.is(r.headers.get('location'), `/admin/adminopts/article/${copy.pk}/change/`);
    assert.is((await (Article.objects as any).get({ pk: a.pk })).title, 'Original');
    assert.is(await (LogEntry.objects as any).filter({ action_flag: ADDITION, object_id: String(copy.pk) }).count(), 1);
    as.user = await optsStaff('changer', ['change_article', 'view_author']);
    assertNotContains(await client().get(url), 'Save as new');
    assert.is((await client().post(url, { ...data, slug: 'copy2' })).statusCode, 403);
    assert.is(await (Article.objects as any).count(), 2);
  });

  test('view_on_site: the change page links to the object\'s public URL', async () => {
    const a = await article({ slug: 'my-slug' });
    assertContains(await client().get(`/admin/adminopts/article/${a.pk}/change/`), '<a href="/articles/my-slug/" class="viewsitelink">View on site</a>');
    const author = await (Author.objects as any).create({ name: 'Ann' });
    assertNotContains(await client().get(`/admin/adminopts/author/${author.pk}/change/`), 'viewsitelink');
  });
});
