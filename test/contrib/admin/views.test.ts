// The admin's views through the test client, for each role: anonymous,
// active non-staff, staff without permissions, staff with some, superuser
// (Django's tests/admin_views). Runs on sql.js and PostgreSQL.
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { assertContains, assertNotContains, assertRedirects, assertTemplateUsed } from '../../../src/test/index';
import { User } from '../../../src/contrib/auth/index';
import { ADDITION, CHANGE, DELETION, LogEntry, adminApp } from '../../../src/contrib/admin/index';
import { Choice, Question, as, client, models, setUpProject, staff, superuser, tearDownProject } from './project';

const when = new Date(2024, 0, 2, 10, 30);

async function seed(): Promise<{ q1: any; q2: any }> {
  const q1 = await (Question.objects as any).create({ question_text: "What's up?", pub_date: when, featured: true, status: 'p' });
  const q2 = await (Question.objects as any).create({ question_text: 'Best <b>tea</b>?', pub_date: new Date(2023, 5, 1), status: 'd' });
  await (Choice.objects as any).create({ question: q1, choice_text: 'Not much', votes: 3 });
  await (Choice.objects as any).create({ question: q1, choice_text: 'The sky', votes: 1 });
  await (Choice.objects as any).create({ question: q2, choice_text: 'Oolong', votes: 0 });
  return { q1, q2 };
}

dbSuite('contrib/admin views', models, (test) => {
  test.before.each(async () => {
    await setUpProject();
    as.user = null;
    as.sessions = false;
  });
  test.after.each(tearDownProject);

  test('anonymous and non-staff users are sent to the login page from every view', async () => {
    const { q1 } = await seed();
    const urls = ['/admin/', '/admin/adminpolls/', '/admin/adminpolls/question/', '/admin/adminpolls/question/add/', `/admin/adminpolls/question/${q1.pk}/change/`, `/admin/adminpolls/question/${q1.pk}/delete/`, `/admin/adminpolls/question/${q1.pk}/history/`];
    for (const user of [null, await (User.objects as any).createUser('joe', null, 'pw')]) {
      as.user = user;
      for (const url of urls) {
        const r = await client().get(url);
        assert.is(r.statusCode, 302, url);
        assert.is(r.headers.get('location'), `/admin/login/?next=${encodeURIComponent(url)}`);
      }
      const post = await client().post(`/admin/adminpolls/question/${q1.pk}/delete/`, { post: 'yes' });
      assert.is(post.statusCode, 302);
    }
    assert.is(await (Question.objects as any).count(), 2);
  });

  test('superuser: the index lists apps and models with add and change links, the site header and recent actions', async () => {
    as.user = await superuser();
    const r = await client().get('/admin/');
    assert.is(r.statusCode, 200);
    assertTemplateUsed(r, 'admin/index.html');
    assertContains(r, '<title>Site administration | Manouche site admin</title>');
    assertContains(r, '<a href="/admin/">Polls administration</a>');
    assertContains(r, '<a href="/admin/adminpolls/" class="section" title="Models in the Polls application">Polls</a>');
    assertContains(r, '<th scope="row"><a href="/admin/adminpolls/question/">Questions</a></th>');
    assertContains(r, '<a href="/admin/adminpolls/choice/add/" class="addlink">Add</a>');
    assertContains(r, '<link rel="stylesheet" href="/static/admin/css/base.css">');
    assertContains(r, 'None available');
    assert.ok(r.headers.get('cache-control')?.includes('no-cache'));
    const app = await client().get('/admin/adminpolls/');
    assert.is(app.statusCode, 200);
    assertContains(app, '<title>Polls administration | Manouche site admin</title>');
    assert.is((await client().get('/admin/nosuchapp/')).statusCode, 404);
  });

  test('staff without permissions: an empty index, 403 on every model view, 404 on the app index', async () => {
    const { q1 } = await seed();
    as.user = await staff('nobody');
    const r = await client().get('/admin/');
    assertContains(r, 'You don’t have permission to view or edit anything.');
    assertNotContains(r, 'Questions');
    for (const url of ['/admin/adminpolls/question/', '/admin/adminpolls/question/add/', `/admin/adminpolls/question/${q1.pk}/change/`, `/admin/adminpolls/question/${q1.pk}/delete/`, `/admin/adminpolls/question/${q1.pk}/history/`]) {
      const res = await client().get(url);
      assert.is(res.statusCode, 403, url);
      assertNotContains(res, "What&#x27;s up?", { statusCode: 403 });
    }
    const post = await client().post('/admin/adminpolls/question/add/', { question_text: 'x', pub_date_0: '2024-01-01', pub_date_1: '00:00:00', status: 'd' });
    assert.is(post.statusCode, 403);
    assert.is((await client().get('/admin/adminpolls/')).statusCode, 404);
    assert.is(await (Question.objects as any).count(), 2);
  });

  test('staff with the view permission: read-only pages, no add/change/delete buttons, 403 on writes', async () => {
    const { q1 } = await seed();
    as.user = await staff('viewer', ['view_question']);
    const index = await client().get('/admin/');
    assertContains(index, '<a href="/admin/adminpolls/question/" class="viewlink">View</a>');
    assertNotContains(index, 'Choices');
    assertNotContains(index, '/admin/adminpolls/question/add/');
    const cl = await client().get('/admin/adminpolls/question/');
    assert.is(cl.statusCode, 200);
    assertContains(cl, 'Select question to view');
    assertNotContains(cl, 'class="addlink"');
    const change = await client().get(`/admin/adminpolls/question/${q1.pk}/change/`);
    assert.is(change.statusCode, 200);
    assertContains(change, '<h1>View question</h1>');
    assertContains(change, '<div class="readonly">What&#x27;s up?</div>');
    assertNotContains(change, 'name="question_text"');
    assertNotContains(change, 'name="_save"');
    assertNotContains(change, 'class="deletelink"');
    assertContains(change, 'class="closelink">Close</a>');
    const post = await client().post(`/admin/adminpolls/question/${q1.pk}/change/`, { question_text: 'hacked', pub_date_0: '2024-01-01', pub_date_1: '00:00:00', status: 'd' });
    assert.is(post.statusCode, 403);
    assert.is((await client().get(`/admin/adminpolls/question/${q1.pk}/delete/`)).statusCode, 403);
    assert.is((await client().post(`/admin/adminpolls/question/${q1.pk}/delete/`, { post: 'yes' })).statusCode, 403);
    assert.is((await client().get('/admin/adminpolls/question/add/')).statusCode, 403);
    assert.is((await client().get('/admin/adminpolls/choice/')).statusCode, 403);
    assert.is((await (Question.objects as any).get({ pk: q1.pk })).question_text, "What's up?");
  });

  test('staff with add and change permissions: add with each submit button, Django\'s messages and LogEntry rows', async () => {
    as.user = await staff('editor', ['add_question', 'change_question']);
    const c = client();
    const form = await c.get('/admin/adminpolls/question/add/');
    assert.is(form.statusCode, 200);
    assertContains(form, '<h1>Add question</h1>');
    assertContains(form, '<label class="required" for="id_question_text">Question text:</label>');
    assertContains(form, '<h2 class="fieldset-heading">Date information</h2>');
    assertContains(form, 'name="_addanother"');
    assertContains(form, 'name="_continue"');
    const data = { question_text: "What's up?", pub_date_0: '2024-01-02', pub_date_1: '10:30:00', status: 'p' };
    const saved = await c.post('/admin/adminpolls/question/add/', { ...data, _save: 'Save' });
    await assertRedirects(saved, '/admin/adminpolls/question/', { fetchRedirectResponse: false });
    const listing = await c.get('/admin/adminpolls/question/');
    assertContains(listing, 'The question “What&#x27;s up?” was added successfully.');
    const q = await (Question.objects as any).get({ question_text: "What's up?" });
    const another = await c.post('/admin/adminpolls/question/add/', { ...data, question_text: 'Second', _addanother: '1' });
    assert.is(another.headers.get('location'), '/admin/adminpolls/question/add/');
    assertContains(await c.get('/admin/adminpolls/question/add/'), 'The question “Second” was added successfully. You may add another question below.');
    const cont = await c.post('/admin/adminpolls/question/add/', { ...data, question_text: 'Third', _continue: '1' });
    const third = await (Question.objects as any).get({ question_text: 'Third' });
    assert.is(cont.headers.get('location'), `/admin/adminpolls/question/${third.pk}/change/`);
    const edit = await c.get(`/admin/adminpolls/question/${third.pk}/change/`);
    assertContains(edit, 'The question “Third” was added successfully. You may edit it again below.');
    assertContains(edit, '<h1>Change question</h1>');
    assertContains(edit, 'value="Third"');
    const changed = await c.post(`/admin/adminpolls/question/${q.pk}/change/`, { ...data, question_text: 'Changed?', _save: 'Save' });
    assert.is(changed.headers.get('location'), '/admin/adminpolls/question/');
    assertContains(await c.get('/admin/adminpolls/question/'), 'The question “Changed?” was changed successfully.');
    const entries = await (LogEntry.objects as any).filter({ object_id: String(q.pk) }).orderBy('pk').fetch();
    assert.equal(entries.map((e: any) => e.action_flag), [ADDITION, CHANGE]);
    assert.is(entries[0].change_message, '[{"added":{}}]');
    assert.is(entries[1].change_message, '[{"changed":{"fields":["Question text"]}}]');
    assert.is(entries[1].object_repr, 'Changed?');
    const history = await c.get(`/admin/adminpolls/question/${q.pk}/history/`);
    assert.is(history.statusCode, 200);
    assertContains(history, '<td>Added.</td>');
    assertContains(history, '<td>Changed Question text.</td>');
    assertContains(history, '<td>editor</td>');
    const index = await c.get('/admin/');
    assertContains(index, `<li class="changelink"><a href="/admin/adminpolls/question/${q.pk}/change/">Changed?</a>`);
  });

  test('an invalid form is shown again with its errors and nothing is saved', async () => {
    as.user = await superuser();
    const r = await client().post('/admin/adminpolls/question/add/', { question_text: '', pub_date_0: 'not a date', pub_date_1: '10:00', status: 'zz' });
    assert.is(r.statusCode, 200);
    assertContains(r, 'Please correct the errors below.');
    assertContains(r, 'This field is required.');
    assertContains(r, 'Select a valid choice. zz is not one of the available choices.');
    assertContains(r, 'Enter a valid date.');
    assert.is(await (Question.objects as any).count(), 0);
    assert.is(await (LogEntry.objects as any).count(), 0);
  });

  test('unknown or malformed object ids redirect to the index with Django\'s warning', async () => {
    as.user = await superuser();
    const c = client();
    for (const id of ['999', 'abc', '1%27%20OR%201=1']) {
      for (const view of ['change', 'delete', 'history']) {
        const r = await c.get(`/admin/adminpolls/question/${id}/${view}/`);
        assert.is(r.statusCode, 302, `${id} ${view}`);
        assert.is(r.headers.get('location'), '/admin/');
      }
    }
    assertContains(await c.get('/admin/'), 'Question with ID “999” doesn’t exist. Perhaps it was deleted?');
    const { q1 } = await seed();
    const old = await c.get(`/admin/adminpolls/question/${q1.pk}/`);
    assert.is(old.headers.get('location'), `/admin/adminpolls/question/${q1.pk}/change/`);
  });

  test('delete: the confirmation lists the cascade; POST deletes, logs and says so', async () => {
    const { q1 } = await seed();
    as.user = await superuser();
    const c = client();
    const confirm = await c.get(`/admin/adminpolls/question/${q1.pk}/delete/`);
    assert.is(confirm.statusCode, 200);
    assertTemplateUsed(confirm, 'admin/delete_confirmation.html');
    assertContains(confirm, 'Are you sure you want to delete the question “What&#x27;s up?”? All of the following related items will be deleted:');
    assertContains(confirm, '<li>Questions: 1</li>'.replace('Questions', 'Question'));
    assertContains(confirm, '<li>Choices: 2</li>');
    assertContains(confirm, 'Choice: Not much</a>');
    assertContains(confirm, 'Choice: The sky</a>');
    assertNotContains(confirm, 'Oolong');
    assert.is(await (Choice.objects as any).count(), 3);
    const r = await c.post(`/admin/adminpolls/question/${q1.pk}/delete/`, { post: 'yes' });
    assert.is(r.headers.get('location'), '/admin/adminpolls/question/');
    assertContains(await c.get('/admin/adminpolls/question/'), 'The question “What&#x27;s up?” was deleted successfully.');
    assert.is(await (Question.objects as any).count(), 1);
    assert.is(await (Choice.objects as any).count(), 1);
    const entry = await (LogEntry.objects as any).get({ action_flag: DELETION });
    assert.is(entry.object_repr, "What's up?");
  });

  test('delete needs the delete permission of every model the cascade reaches', async () => {
    const { q1 } = await seed();
    as.user = await staff('deleter', ['delete_question', 'view_question']);
    const c = client();
    const confirm = await c.get(`/admin/adminpolls/question/${q1.pk}/delete/`);
    assertContains(confirm, 'your account doesn’t have permission to delete the following types of objects:');
    assertContains(confirm, '<li>choice</li>');
    await c.post(`/admin/adminpolls/question/${q1.pk}/delete/`, { post: 'yes' });
    assert.is(await (Question.objects as any).count(), 2);
  });

  test('templates are overridable per model (admin/<app>/<model>/change_form.html first)', async () => {
    const { q1 } = await seed();
    as.user = await superuser();
    const choice = await (Choice.objects as any).first();
    const r = await client().get(`/admin/adminpolls/choice/${choice.pk}/change/`);
    assertContains(r, '<p id="per-model-override">Choice tools</p>');
    assertTemplateUsed(r, 'admin/adminpolls/choice/change_form.html');
    assertContains(r, '<div class="readonly">');
    const q = await client().get(`/admin/adminpolls/question/${q1.pk}/change/`);
    assertNotContains(q, 'per-model-override');
    assertContains(q, 'class="historylink">History</a>');
  });

  test('the stylesheet and icons are static files of the admin app', () => {
    const css = String(adminApp.staticFiles!['admin/css/base.css']);
    assert.ok(css.includes(':focus-visible'));
    assert.ok(css.includes('@media (max-width: 767px)'));
    assert.ok(css.includes('prefers-color-scheme: dark'));
    assert.not.ok(/https?:\/\//.test(css.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')), 'no external URL');
    for (const icon of ['yes', 'no', 'unknown']) assert.ok(String(adminApp.staticFiles![`admin/img/icon-${icon}.svg`]).startsWith('<svg'));
  });

  test('login: the page, a session-less POST explains itself, a staff login works, a non-staff login is refused', async () => {
    const page = await client().get('/admin/login/?next=/admin/adminpolls/');
    assert.is(page.statusCode, 200);
    assertContains(page, '<label class="required" for="id_username">Username:</label>');
    assertContains(page, '<input type="hidden" name="next" value="/admin/adminpolls/">');
    await (User.objects as any).createUser('joe', null, 'pw');
    await staff('sam');
    const noSession = await client().post('/admin/login/', { username: 'sam', password: 'pw' });
    assertContains(noSession, 'Logging in needs sessions');
    as.sessions = true;
    const bad = await client().post('/admin/login/', { username: 'joe', password: 'pw' });
    assertContains(bad, 'Please enter the correct username and password for a staff account.');
    const wrong = await client().post('/admin/login/', { username: 'sam', password: 'nope' });
    assertContains(wrong, 'Please enter the correct username and password for a staff account.');
    const ok = await client().post('/admin/login/', { username: 'sam', password: 'pw', next: '/admin/adminpolls/' });
    assert.is(ok.headers.get('location'), '/admin/adminpolls/');
    const offsite = await client().post('/admin/login/', { username: 'sam', password: 'pw', next: '//evil.example/' });
    assert.is(offsite.headers.get('location'), '/admin/');
  });
});
