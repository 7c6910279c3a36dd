// The change list's options: date_hierarchy, list_editable, "Select all N"
// across pages and the raw-id popup mode (Django's tests/admin_changelist and
// admin_views). Runs on sql.js and PostgreSQL.
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { assertContains, assertNotContains } from '../../../src/test/index';
import { CsrfViewMiddleware } from '../../../src/middleware/index';
import { Client } from '../../../src/test/index';
import { CHANGE, LogEntry } from '../../../src/contrib/admin/index';
import { as, client, testMiddleware } from './project';
import { Article, Author, article, optsModels, optsStaff, setUpOptions, tearDownOptions } from './options-project';
import { superuser } from './project';

const utc = (y: number, m: number, d: number, h = 12) => new Date(Date.UTC(y, m - 1, d, h));
const cl = '/admin/adminopts/article/';

/** Posts the list's formset for `rows` ([pk, rank, status]) with Save. */
function formsetData(rows: Array<[number, string, string]>, extra: Record<string, string> = {}): Record<string, string> {
  const data: Record<string, string> = { 'form-TOTAL_FORMS': String(rows.length), 'form-INITIAL_FORMS': String(rows.length), 'form-MIN_NUM_FORMS': '0', 'form-MAX_NUM_FORMS': '1000', _save: 'Save' };
  rows.forEach(([pk, rank, status], i) => Object.assign(data, { [`form-${i}-id`]: String(pk), [`form-${i}-rank`]: rank, [`form-${i}-status`]: status }));
  return { ...data, ...extra };
}

dbSuite('contrib/admin changelist options', optsModels, (test) => {
  test.before.each(async () => {
    await setUpOptions();
    as.user = await superuser();
    as.sessions = false;
  });
  test.after.each(tearDownOptions);

  test('date_hierarchy: years, then months of a year, then days of a month, with the back links', async () => {
    await article({ published: utc(2023, 5, 1) });
    await article({ published: utc(2024, 1, 2) });
    await article({ published: utc(2024, 1, 20) });
    await article({ published: utc(2024, 3, 9) });
    const years = await client().get(cl);
    assertContains(years, '<a href="?published__year=2023">2023</a>');
    assertContains(years, '<a href="?published__year=2024">2024</a>');
    assertNotContains(years, 'class="date-back"');
    const months = await client().get(`${cl}?published__year=2024`);
    assertContains(months, '<a href="?" class="date-back">&lsaquo; All dates</a>');
    assertContains(months, '<a href="?published__year=2024&amp;published__month=1">January 2024</a>');
    assertContains(months, '<a href="?published__year=2024&amp;published__month=3">March 2024</a>');
    assertNotContains(months, 'May 2023');
    assertContains(months, '3 articles');
    const days = await client().get(`${cl}?published__year=2024&published__month=1`);
    assertContains(days, '<a href="?published__year=2024" class="date-back">&lsaquo; 2024</a>');
    assertContains(days, '<a href="?published__year=2024&amp;published__month=1&amp;published__day=2">January 2</a>');
    assertContains(days, '<a href="?published__year=2024&amp;published__month=1&amp;published__day=20">January 20</a>');
    assertContains(days, '2 articles');
    const day = await client().get(`${cl}?published__year=2024&published__month=1&published__day=20`);
    assertContains(day, '<a href="?published__year=2024&amp;published__month=1" class="date-back">&lsaquo; January 2024</a>');
    assertContains(day, '<span aria-current="page">January 20</span>');
    assertContains(day, '1 article');
  });

  test('date_hierarchy: the links respect the search and the filters, and drill down when every row shares a year', async () => {
    await article({ title: 'Tea', published: utc(2022, 2, 1), status: 'p' });
    await article({ title: 'Tea time', published: utc(2022, 7, 1), status: 'd' });
    await article({ title: 'Coffee', published: utc(2024, 1, 1), status: 'p' });
    const searched = await client().get(`${cl}?q=tea`);
    // Both matches are in 2022: Django shows that year's months directly.
    assertContains(searched, '<a href="?q=tea&amp;published__year=2022&amp;published__month=2">February 2022</a>');
    assertContains(searched, '<a href="?q=tea&amp;published__year=2022&amp;published__month=7">July 2022</a>');
    assertNotContains(searched, '2024');
    const filtered = await client().get(`${cl}?status__exact=p`);
    assertContains(filtered, '<a href="?status__exact=p&amp;published__year=2022">2022</a>');
    assertContains(filtered, '<a href="?status__exact=p&amp;published__year=2024">2024</a>');
    const both = await client().get(`${cl}?status__exact=p&published__year=2022`);
    assertContains(both, '1 article');
    assertContains(both, '>Tea</a>');
    assertNotContains(both, 'Tea time');
  });

  test('date_hierarchy: a date that does not exist or is not a number sends the list to ?e=1', async () => {
    await article();
    for (const q of ['published__year=abc', 'published__year=2024&published__month=13', 'published__year=2023&published__month=2&published__day=29', 'published__year=2024&published__month=-1']) {
      const r = await client().get(`${cl}?${q}`);
      assert.is(r.statusCode, 302, q);
      assert.is(r.headers.get('location'), `${cl}?e=1`);
    }
  });

  test('list_editable: the formset in the rows, the management form and the Save button', async () => {
    const a = await article({ rank: 5, status: 'p' });
    const r = await client().get(cl);
    assertContains(r, `<input type="number" name="form-0-rank" value="5" class="vIntegerField" id="id_form-0-rank">`);
    assertContains(r, '<select name="form-0-status" id="id_form-0-status">');
    assertContains(r, `<input type="hidden" name="form-0-id" value="${a.pk}" id="id_form-0-id">`);
    assertContains(r, '<input type="hidden" name="form-TOTAL_FORMS" value="1" id="id_form-TOTAL_FORMS">');
    assertContains(r, '<input type="submit" name="_save" class="button default" value="Save">');
    // The link column stays a link; the editable ones are not links.
    assertContains(r, `<a href="/admin/adminopts/article/${a.pk}/change/">${a.title}</a>`);
  });

  test('list_editable: only the changed rows are saved and logged, with Django\'s message and pluralisation', async () => {
    const a = await article({ rank: 1 });
    const b = await article({ rank: 2 });
    const c = await article({ rank: 3 });
    const ordered = (await (Article.objects as any).orderBy('-published', '-pk').fetch()).map((x: any) => x.pk);
    const rows = ordered.map((pk: number) => [pk, pk === a.pk ? '10' : pk === b.pk ? '20' : '3', 'd'] as [number, string, string]);
    const c1 = client();
    const r = await c1.post(cl, formsetData(rows));
    assert.is(r.statusCode, 302);
    assert.is(r.headers.get('location'), cl);
    assertContains(await c1.get(cl), '2 articles were changed successfully.');
    assert.is((await (Article.objects as any).get({ pk: a.pk })).rank, 10);
    assert.is((await (Article.objects as any).get({ pk: b.pk })).rank, 20);
    const logged = await (LogEntry.objects as any).filter({ action_flag: CHANGE }).fetch();
    assert.equal(logged.map((e: any) => e.object_id).sort(), [String(a.pk), String(b.pk)].sort());
    assert.ok(logged[0].change_message.includes('"fields": ["Rank"]') || logged[0].change_message.includes('"fields":["Rank"]'), logged[0].change_message);
    const one = await c1.post(cl, formsetData([[c.pk, '30', 'p']]));
    assert.is(one.statusCode, 302);
    assertContains(await c1.get(cl), '1 article was changed successfully.');
    const none = await c1.post(cl, formsetData([[c.pk, '30', 'p']]));
    assert.is(none.statusCode, 302);
    assertNotContains(await c1.get(cl), 'changed successfully');
  });

  test('list_editable: an invalid row shows its error in the row and nothing is saved', async () => {
    const a = await article({ rank: 1 });
    const b = await article({ rank: 2 });
    const r = await client().post(cl, formsetData([[b.pk, '7', 'd'], [a.pk, 'many', 'x']]));
    assert.is(r.statusCode, 200);
    assertContains(r, 'Please correct the errors below.');
    assertContains(r, '<ul class="errorlist" id="id_form-1-rank_error"><li>Enter a whole number.</li></ul><input type="number" name="form-1-rank" value="many"');
    assertContains(r, 'Select a valid choice. x is not one of the available choices.');
    assert.is((await (Article.objects as any).get({ pk: b.pk })).rank, 2);
    assert.is(await (LogEntry.objects as any).count(), 0);
  });

  test('list_editable: bad management data and unknown keys are refused without a crash or a write', async () => {
    const a = await article({ rank: 1 });
    const noManagement = await client().post(cl, { _save: 'Save', 'form-0-id': String(a.pk), 'form-0-rank': '9', 'form-0-status': 'd' });
    assert.is(noManagement.statusCode, 200);
    assertContains(noManagement, 'ManagementForm data is missing or has been tampered with');
    for (const key of ['abc', '99999']) {
      const badKey = await client().post(cl, formsetData([[a.pk, '9', 'd']], { 'form-0-id': key }));
      assert.is(badKey.statusCode, 200, key);
      assertContains(badKey, 'Select a valid choice. That choice is not one of the available choices.');
    }
    assert.is((await (Article.objects as any).get({ pk: a.pk })).rank, 1);
    assert.is(await (Article.objects as any).count(), 1);
  });

  test('list_editable: staff who may only view get plain cells, and a POST with Save is refused', async () => {
    const a = await article({ rank: 1 });
    as.user = await optsStaff('viewer', ['view_article']);
    const r = await client().get(cl);
    assert.is(r.statusCode, 200);
    assertNotContains(r, 'name="form-0-rank"');
    assertNotContains(r, 'name="_save"');
    const post = await client().post(cl, formsetData([[a.pk, '9', 'd']]));
    assert.is(post.statusCode, 403);
    assert.is((await (Article.objects as any).get({ pk: a.pk })).rank, 1);
    as.user = await optsStaff('editor', ['change_article']);
    const ok = await client().post(cl, formsetData([[a.pk, '9', 'd']]));
    assert.is(ok.statusCode, 302);
    assert.is((await (Article.objects as any).get({ pk: a.pk })).rank, 9);
  });

  test('list_editable: the Save posts need the CSRF token', async () => {
    const a = await article({ rank: 1 });
    const csrf = new Client({ enforceCsrfChecks: true, middleware: [testMiddleware as any, CsrfViewMiddleware as any] });
    const refused = await csrf.post(cl, formsetData([[a.pk, '9', 'd']]));
    assert.is(refused.statusCode, 403);
    assert.is((await (Article.objects as any).get({ pk: a.pk })).rank, 1);
    const page = await csrf.get(cl);
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(page.text)![1]!;
    const accepted = await csrf.post(cl, formsetData([[a.pk, '9', 'd']], { csrfmiddlewaretoken: token }));
    assert.is(accepted.statusCode, 302);
    assert.is((await (Article.objects as any).get({ pk: a.pk })).rank, 9);
  });

  test('actions: the counter, and "Select all N" applies the action to every row the search and filters match', async () => {
    for (let i = 0; i < 5; i++) await article({ title: `Tea ${i}`, status: i < 4 ? 'p' : 'd' });
    await article({ title: 'Coffee', status: 'p' });
    const page = await client().get(`${cl}?q=tea&status__exact=p`);
    assertContains(page, '<span class="action-counter" data-actions-icnt="3">0 of 3 selected</span>');
    assertContains(page, 'Select all 4 articles</a>');
    assertContains(page, '<span class="all hidden">All 4 selected</span>');
    assertContains(page, '<input type="hidden" name="select_across" value="0" class="select-across">');
    const done = await client().post(`${cl}?q=tea&status__exact=p`, { action: 'delete_selected', index: '0', select_across: '1', post: 'yes' });
    assert.is(done.statusCode, 302);
    const left = (await (Article.objects as any).orderBy('title').fetch()).map((a: any) => a.title);
    assert.equal(left, ['Coffee', 'Tea 4']);
  });

  test('popup lookup: _popup=1 lists without actions, each link carries the key, and an unknown _to_field is a 400', async () => {
    const author = await (Author.objects as any).create({ name: 'Ann' });
    const r = await client().get(`/admin/adminopts/author/?_to_field=id&_popup=1`);
    assert.is(r.statusCode, 200);
    assertContains(r, `<a href="/admin/adminopts/author/${author.pk}/change/" data-popup-opener="${author.pk}">Ann</a>`);
    assertNotContains(r, 'name="action"');
    assertNotContains(r, 'class="addlink"');
    assertContains(r, 'admin/js/RelatedObjectLookups.js');
    const bad = await client().get(`/admin/adminopts/author/?_to_field=name&_popup=1`);
    assert.is(bad.statusCode, 400);
  });
});
