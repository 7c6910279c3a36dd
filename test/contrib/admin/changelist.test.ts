// The change list: list_display (fields, FK traversal, display() callables,
// booleans, choices), search with ^ = prefixes across relations, filters,
// sortable headers (o=), pagination, Django's answers to bad parameters, and
// the query budget on a few thousand rows (Django's tests/admin_changelist).
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { assertContains, assertNotContains, assertNumQueries, assertTemplateUsed } from '../../../src/test/index';
import { ChangeList, constructSearch } from '../../../src/contrib/admin/index';
import { Choice, Question, as, client, models, setUpProject, staff, superuser, tearDownProject } from './project';

/** The first-column texts of the result rows, in order. */
function firstColumn(html: string): string[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<th class="field-[^"]*">(?:<a href="[^"]*">)?([^<]*)/g)].map((m) => m[1]!);
}

async function seed(): Promise<any[]> {
  const qs = [];
  qs.push(await (Question.objects as any).create({ question_text: 'Alpha question', pub_date: new Date(2024, 0, 3), featured: true, status: 'p' }));
  qs.push(await (Question.objects as any).create({ question_text: 'Beta question', pub_date: new Date(2024, 0, 1), featured: false, status: 'd' }));
  qs.push(await (Question.objects as any).create({ question_text: 'Gamma', pub_date: new Date(2024, 0, 2), featured: true, status: 'd' }));
  qs.push(await (Question.objects as any).create({ question_text: 'Today', pub_date: new Date(), featured: false, status: 'p' }));
  return qs;
}

dbSuite('contrib/admin changelist', models, (test) => {
  test.before.each(async () => {
    await setUpProject();
    as.user = await superuser();
    as.sessions = false;
  });
  test.after.each(tearDownProject);

  test('list_display: fields, choices, booleans as icons, a display() callable, the default ordering, the header and counts', async () => {
    await seed();
    const r = await client().get('/admin/adminpolls/question/');
    assert.is(r.statusCode, 200);
    assertTemplateUsed(r, 'admin/change_list.html');
    assertContains(r, '<h1>Select question to change</h1>');
    assert.equal(firstColumn(r.text), ['Today', 'Alpha question', 'Gamma', 'Beta question']); // Meta.ordering -pub_date
    assertContains(r, '<a href="?o=2">Date published</a>');
    // display(ordering=) makes a callable sortable; the default ordering stays second, as Django's header links do.
    // Column 0 is the action checkbox (the superuser may delete), so indexes start at 1, as in Django.
    assertContains(r, '<a href="?o=5.-2">Published recently?</a>');
    assertContains(r, '<a href="?o=4.-2">Status</a>');
    assertContains(r, 'class="column-pub_date sortable sorted descending"');
    assertContains(r, '<img src="/static/admin/img/icon-yes.svg" alt="True" width="13" height="13">');
    assertContains(r, '<img src="/static/admin/img/icon-no.svg" alt="False" width="13" height="13">');
    assertContains(r, '<td class="field-status">Published</td>');
    assertContains(r, 'Jan. 3, 2024, midnight');
    assertContains(r, '4 questions');
    assertContains(r, 'class="addlink">Add question</a>');
    const [first] = await (Question.objects as any).filter({ question_text: 'Today' }).fetch();
    assertContains(r, `<a href="/admin/adminpolls/question/${first.pk}/change/">Today</a>`);
  });

  test('sorting: o= picks columns by index, the headers toggle and remove, bad o= values are ignored', async () => {
    await seed();
    const asc = await client().get('/admin/adminpolls/question/?o=2');
    assert.equal(firstColumn(asc.text), ['Beta question', 'Gamma', 'Alpha question', 'Today']);
    assertContains(asc, 'class="column-pub_date sortable sorted ascending"');
    assertContains(asc, '<a href="?o=-2" class="toggle ascending" title="Toggle sorting" aria-label="Toggle sorting"></a>');
    assertContains(asc, '<a class="sortremove" href="?" title="Remove from sorting"');
    const desc = await client().get('/admin/adminpolls/question/?o=-1');
    assert.equal(firstColumn(desc.text), ['Today', 'Gamma', 'Beta question', 'Alpha question']);
    const two = await client().get('/admin/adminpolls/question/?o=3.-1');
    assert.equal(firstColumn(two.text), ['Today', 'Beta question', 'Gamma', 'Alpha question']); // featured (false first), then text desc
    assertContains(two, '<span class="sortpriority" title="Sorting priority: 2">2</span>');
    const byCallable = await client().get('/admin/adminpolls/question/?o=-5');
    assert.equal(firstColumn(byCallable.text), ['Today', 'Alpha question', 'Gamma', 'Beta question']);
    for (const bogus of ['abc', '99', '1.x.-', '-', '0;DROP TABLE adminpolls_question']) {
      const r = await client().get('/admin/adminpolls/question/', { o: bogus });
      assert.is(r.statusCode, 200, bogus);
    }
    assert.equal(firstColumn((await client().get('/admin/adminpolls/question/?o=99.2')).text), ['Beta question', 'Gamma', 'Alpha question', 'Today']);
    assert.is(await (Question.objects as any).count(), 4);
  });

  test('search: every term must match one search field; = is exact; ^ crosses a relation; injection is inert', async () => {
    const qs = await seed();
    const r = await client().get('/admin/adminpolls/question/', { q: 'question' });
    assert.equal(firstColumn(r.text).sort(), ['Alpha question', 'Beta question']);
    assertContains(r, '2 results (<a href="?">4 total</a>)');
    assertContains(r, 'value="question"');
    assert.equal(firstColumn((await client().get('/admin/adminpolls/question/', { q: 'alpha QUESTION' })).text), ['Alpha question']);
    assert.equal(firstColumn((await client().get('/admin/adminpolls/question/', { q: 'p' })).text).sort(), ['Alpha question', 'Today']); // =status
    assert.equal(firstColumn((await client().get('/admin/adminpolls/question/', { q: '"ta q"' })).text), ['Beta question']);
    for (const evil of ["' OR 1=1 --", '%', '_', '"; DROP TABLE adminpolls_question; --', '<script>alert(1)</script>']) {
      const res = await client().get('/admin/adminpolls/question/', { q: evil });
      assert.is(res.statusCode, 200, evil);
      assert.equal(firstColumn(res.text), [], evil);
      assertNotContains(res, '<script>alert(1)</script>');
    }
    assert.is(await (Question.objects as any).count(), 4);
    await (Choice.objects as any).create({ question: qs[0], choice_text: 'Yes', votes: 1 });
    await (Choice.objects as any).create({ question: qs[1], choice_text: 'No', votes: 2 });
    const byParent = await client().get('/admin/adminpolls/choice/', { q: 'alpha' });
    assert.equal(firstColumn(byParent.text), ['Yes']);
    assert.equal(firstColumn((await client().get('/admin/adminpolls/choice/', { q: 'question' })).text), []); // ^ is startswith
    assert.is(constructSearch('^a'), 'a__istartswith');
    assert.is(constructSearch('=a'), 'a__iexact');
    assert.is(constructSearch('a__b'), 'a__b__icontains');
  });

  test('filters: boolean, choices, dates and a boolean across a relation, with the selected choice marked', async () => {
    const qs = await seed();
    const r = await client().get('/admin/adminpolls/question/?featured__exact=1');
    assert.equal(firstColumn(r.text), ['Alpha question', 'Gamma']);
    assertContains(r, '<summary>By featured</summary>');
    assertContains(r, '<li class="selected"><a href="?featured__exact=1" aria-current="true">Yes</a></li>');
    assertContains(r, '<a href="?">All</a>');
    assertContains(r, '2 results (<a href="?featured__exact=1">4 total</a>)'.replace('?featured__exact=1', '?featured__exact=1'));
    assert.equal(firstColumn((await client().get('/admin/adminpolls/question/?featured__exact=0&status__exact=p')).text), ['Today']);
    const today = await client().get('/admin/adminpolls/question/');
    assertContains(today, '<summary>By date published</summary>');
    const href = /<a href="(\?pub_date__gte=[^"]*)">Today<\/a>/.exec(today.text)![1]!.replace(/&amp;/g, '&');
    assert.equal(firstColumn((await client().get(`/admin/adminpolls/question/${href}`)).text), ['Today']);
    await (Choice.objects as any).create({ question: qs[0], choice_text: 'On featured', votes: 1 });
    await (Choice.objects as any).create({ question: qs[1], choice_text: 'On plain', votes: 1 });
    assert.equal(firstColumn((await client().get('/admin/adminpolls/choice/?question__featured__exact=1')).text), ['On featured']);
    // A plain lookup on a local field is allowed, as in Django.
    assert.equal(firstColumn((await client().get('/admin/adminpolls/question/?question_text__startswith=G')).text), ['Gamma']);
  });

  test('bad parameters: unknown fields and values redirect to ?e=1, lookups across relations outside list_filter are refused (400)', async () => {
    await seed();
    // (A page number is only checked when the list has several pages, as in Django: see the 3,000-row test.)
    for (const qs of ['nosuchfield=1', 'featured__exact=maybe', 'pub_date__gte=yesterday', 'id__exact=abc']) {
      const r = await client().get(`/admin/adminpolls/question/?${qs}`);
      assert.is(r.statusCode, 302, qs);
      assert.is(r.headers.get('location'), '/admin/adminpolls/question/?e=1', qs);
    }
    const e = await client().get('/admin/adminpolls/question/?e=1&nosuchfield=1');
    assert.is(e.statusCode, 200);
    assertContains(e, 'The filter or page in the address is not valid for this list');
    const c = client();
    c.raiseRequestException = false;
    const disallowed = await c.get('/admin/adminpolls/choice/?question__question_text=x');
    assert.is(disallowed.statusCode, 400);
    assert.is((await client().get('/admin/adminpolls/question/?p=abc')).statusCode, 200); // Django: not an int → page 1
  });

  test('a staff user with only the view permission on choices sees the list but no change links', async () => {
    const qs = await seed();
    await (Choice.objects as any).create({ question: qs[0], choice_text: 'Visible', votes: 1 });
    as.user = await staff('viewer', ['view_choice']);
    const r = await client().get('/admin/adminpolls/choice/');
    assert.is(r.statusCode, 200);
    assertContains(r, 'Select choice to view');
    assertContains(r, '/change/">Visible</a>'); // the view page
    assertNotContains(r, 'Add choice');
    assert.is((await client().get('/admin/adminpolls/question/')).statusCode, 403);
  });

  test('3,000 rows: pagination with counts, and one count query plus one page query with the FK joined (search, filter, sort)', async () => {
    const questions = [];
    for (let i = 0; i < 30; i++) questions.push(await (Question.objects as any).create({ question_text: `Question ${i}`, pub_date: new Date(2024, 0, 1 + i), featured: i % 2 === 0 }));
    const rows = [];
    for (let i = 0; i < 3000; i++) rows.push(new (Choice as any)({ question: questions[i % 30], choice_text: `Choice ${String(i).padStart(4, '0')}`, votes: i % 7 }));
    await (Choice.objects as any).bulkCreate(rows);
    const c = client();
    await c.get('/admin/'); // warm caches (content types, templates) outside the measured requests
    const page = await assertNumQueries(2, () => c.get('/admin/adminpolls/choice/'));
    assertContains(page, '3000 choices');
    assert.is(firstColumn(page.text).length, 50);
    assertContains(page, '<span class="this-page" aria-current="page">1</span>');
    assertContains(page, '<a href="?p=60" class="end">60</a>');
    assertContains(page, '<span class="ellipsis">…</span>');
    const busy = await assertNumQueries(2, () => c.get('/admin/adminpolls/choice/', { q: '"Choice 1"', question__featured__exact: '1', o: '-4.1', p: '2' }));
    assert.is(busy.statusCode, 200);
    const texts = firstColumn(busy.text);
    assert.is(texts.length, 50);
    assert.ok(texts.every((t) => t.startsWith('Choice 1')));
    // question__pub_date comes from the joined row: the cells show the parent's date.
    assertContains(busy, '<td class="field-question">Question ');
    const last = await c.get('/admin/adminpolls/choice/', { p: '60' });
    assert.is(firstColumn(last.text).length, 50);
    for (const p of ['61', '0', '-1']) {
      const bad = await c.get('/admin/adminpolls/choice/', { p });
      assert.is(bad.headers.get('location'), '/admin/adminpolls/choice/?e=1', p);
    }
  });

  test('ChangeList.getQueryString keeps, sets and removes parameters like Django', async () => {
    const request = { GET: new (await import('../../../src/http/querydict')).QueryDict('q=a+b&o=1&p=2') };
    const cl = new ChangeList(request, { opts: Question._meta, listFilter: [] } as any, ['question_text'], []);
    assert.is(cl.getQueryString({ p: 3 }), '?q=a+b&o=1&p=3');
    assert.is(cl.getQueryString({}, ['o', 'p']), '?q=a+b');
    assert.is(cl.getQueryString({ o: null }), '?q=a+b&p=2');
  });
});
