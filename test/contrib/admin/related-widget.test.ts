// Django's RelatedFieldWidgetWrapper and the popup it opens (tests/admin_views'
// popup tests): "+" beside a related select only with the related add
// permission, the pencil only with its change permission, and a form opened
// with _popup=1 answers a save with popup_response.html's data.
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { assertContains, assertNotContains, assertTemplateUsed } from '../../../src/test/index';
import { configure } from '../../../src/conf/settings';
import { path } from '../../../src/urls/index';
import { AdminSite, LogEntry, StackedInline } from '../../../src/contrib/admin/index';
import { Choice, Question, as, client, models, setUpProject, staff, superuser, tearDownProject } from './project';
import { Article, Author, optsModels, optsSite, setUpOptions, tearDownOptions } from './options-project';

const when = new Date(2024, 0, 2, 10, 30);
const html = (r: any): string => new TextDecoder().decode(r.content);
const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The JSON popup_response.html hands the opener (null when the page is something else). */
function popupData(r: any): any {
  const m = /id="django-admin-popup-response-constants"[^>]*data-popup-response="([^"]*)"/.exec(html(r));
  return m ? JSON.parse(unescape(m[1]!)) : null;
}

dbSuite('contrib/admin related widget', models, (test) => {
  test.before.each(async () => {
    await setUpProject();
    as.user = null;
    as.sessions = false;
  });
  test.after.each(tearDownProject);

  test('superuser: the question select is wrapped with "+" (add form, _to_field) and, once chosen, the pencil', async () => {
    as.user = await superuser();
    const q = await (Question.objects as any).create({ question_text: 'Tea?', pub_date: when });
    const add = await client().get('/admin/adminpolls/choice/add/');
    assert.is(add.statusCode, 200);
    assertContains(add, '<div class="related-widget-wrapper" data-model-ref="question"><select name="question"');
    assertContains(add, '<a class="related-widget-wrapper-link add-related" id="add_id_question" href="/admin/adminpolls/question/add/?_to_field=id" data-popup="yes" title="Add another question">Add</a>');
    // No question chosen yet: the pencil has a template but no href.
    assertContains(add, '<a class="related-widget-wrapper-link change-related" id="change_id_question" data-href-template="/admin/adminpolls/question/__fk__/change/?_to_field=id"');
    assertContains(add, '/static/admin/js/RelatedObjectLookups.js');
    const c = await (Choice.objects as any).create({ question: q, choice_text: 'Yes' });
    const change = await client().get(`/admin/adminpolls/choice/${c.pk}/change/`);
    assertContains(change, `id="change_id_question" href="/admin/adminpolls/question/${q.pk}/change/?_to_field=id"`);
  });

  test('the links follow the related model\'s add and change permissions', async () => {
    const cases: Array<[string[], boolean, boolean]> = [
      [['add_choice'], false, false],
      [['add_choice', 'add_question'], true, false],
      [['add_choice', 'change_question'], false, true],
      [['add_choice', 'add_question', 'change_question'], true, true],
    ];
    let i = 0;
    for (const [perms, canAdd, canChange] of cases) {
      as.user = await staff(`user${i++}`, perms);
      const r = await client().get('/admin/adminpolls/choice/add/');
      assert.is(r.statusCode, 200, perms.join());
      (canAdd ? assertContains : assertNotContains)(r, 'id="add_id_question"');
      (canChange ? assertContains : assertNotContains)(r, 'id="change_id_question"');
      assertContains(r, 'data-model-ref="question"');
    }
  });

  test('popup add: the form keeps _popup and _to_field, drops the other buttons, and answers with the new id and name', async () => {
    as.user = await staff('adder', ['add_question']);
    const form = await client().get('/admin/adminpolls/question/add/?_to_field=id&_popup=1');
    assert.is(form.statusCode, 200);
    assertContains(form, '<input type="hidden" name="_popup" value="1">');
    assertContains(form, '<input type="hidden" name="_to_field" value="id">');
    assertNotContains(form, 'name="_continue"');
    assertNotContains(form, 'name="_addanother"');
    const data = { question_text: 'Green or "black"?', pub_date_0: '2024-01-02', pub_date_1: '10:30:00', status: 'd', _popup: '1', _to_field: 'id', _continue: '1' };
    const r = await client().post('/admin/adminpolls/question/add/', data);
    assert.is(r.statusCode, 200);
    assertTemplateUsed(r, 'admin/popup_response.html');
    const q = await (Question.objects as any).get({ question_text: 'Green or "black"?' });
    assert.equal(popupData(r), { value: String(q.pk), obj: 'Green or "black"?' });
    assert.is(await (LogEntry.objects as any).count(), 1);
    // Invalid data: the form again, still in popup mode.
    const bad = await client().post('/admin/adminpolls/question/add/', { ...data, question_text: '' });
    assert.is(bad.statusCode, 200);
    assert.is(popupData(bad), null);
    assertContains(bad, '<input type="hidden" name="_popup" value="1">');
  });

  test('popup change: the answer names the old and the new key; without _popup the usual redirect', async () => {
    as.user = await superuser();
    const q = await (Question.objects as any).create({ question_text: 'Old', pub_date: when });
    const data = { question_text: 'New', pub_date_0: '2024-01-02', pub_date_1: '10:30:00', status: 'd' };
    const r = await client().post(`/admin/adminpolls/question/${q.pk}/change/`, { ...data, _popup: '1' });
    assert.is(r.statusCode, 200);
    assert.equal(popupData(r), { action: 'change', value: String(q.pk), obj: 'New', new_value: String(q.pk) });
    const plain = await client().post(`/admin/adminpolls/question/${q.pk}/change/`, data);
    assert.is(plain.statusCode, 302);
  });

  test('bad input: an unknown _to_field is a 400, a popup add without add permission a 403', async () => {
    as.user = await superuser();
    assert.is((await client().get('/admin/adminpolls/question/add/?_to_field=question_text&_popup=1')).statusCode, 400);
    assert.is((await client().post('/admin/adminpolls/question/add/', { question_text: 'x', pub_date_0: '2024-01-02', pub_date_1: '10:30:00', status: 'd', _popup: '1', _to_field: 'nope' })).statusCode, 400);
    assert.is(await (Question.objects as any).count(), 0);
    as.user = await staff('viewer', ['change_question']);
    assert.is((await client().post('/admin/adminpolls/question/add/', { question_text: 'x', _popup: '1' })).statusCode, 403);
  });
});

dbSuite('contrib/admin related widget in inline forms', optsModels, (test) => {
  test.before.each(async () => {
    await setUpOptions();
    as.user = null;
    as.sessions = false;
  });
  test.after.each(tearDownOptions);

  test("an inline form's related select gets the links too, each named after its prefixed field; raw_id_fields apply to inlines", async () => {
    class EditedInline extends StackedInline {
      override model = Article;
      override fkName = 'author';
      override fields = ['title', 'editor'];
      override extra = 1;
    }
    const inlineSite = new AdminSite({ name: 'withinlines' });
    inlineSite.register(Author, { inlines: [EditedInline] });
    configure({ ROOT_URLCONF: [path('withinlines/', inlineSite.urls), path('admin/', optsSite.urls)] } as any);
    const writer = await (Author.objects as any).create({ name: 'Writer' });
    as.user = await superuser();
    const r = await client().get(`/withinlines/adminopts/author/${writer.pk}/change/`);
    assert.is(r.statusCode, 200);
    assertContains(r, 'id="add_id_articles-0-editor" href="/withinlines/adminopts/author/add/?_to_field=id"');
    assertContains(r, 'id="change_id_articles-0-editor" data-href-template="/withinlines/adminopts/author/__fk__/change/?_to_field=id"');
    // The inline's own widget options are the admin's: a raw-id editor is a key box with a lookup, no links.
    class RawInline extends EditedInline {
      override rawIdFields = ['editor'];
    }
    const rawSite = new AdminSite({ name: 'rawinlines' });
    rawSite.register(Author, { inlines: [RawInline] });
    configure({ ROOT_URLCONF: [path('rawinlines/', rawSite.urls)] } as any);
    const raw = await client().get(`/rawinlines/adminopts/author/${writer.pk}/change/`);
    assert.is(raw.statusCode, 200);
    assertContains(raw, 'class="vForeignKeyRawIdAdminField"');
    assertContains(raw, 'id="lookup_id_articles-0-editor"');
    assertNotContains(raw, 'id="add_id_articles-0-editor"');
  });
});
