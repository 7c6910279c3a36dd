import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apps, connections, createApp, resetSettings, setup } from 'manouche';
import { Client, assertContains, assertNotContains, assertNumQueries, assertRedirects, assertTemplateUsed, captureQueries } from 'manouche/test';
import { setUpDatabase } from '../../examples/polls/db';
import { DEMO_USER } from '../../examples/polls/seed';
import { Choice, Question } from '../../examples/polls/models';
import { settings as pollsSettings } from '../../examples/polls/settings';
import { functionUrlpatterns } from '../../examples/polls/root-urls';

// The tutorial's polls app driven through the test client: the generic-view
// URLconf (what `npm start` serves) and the function-view one (parts 3-4).
test.before(async () => {
  resetSettings();
  await setup({ ...pollsSettings, DEBUG: false, DATABASES: { default: { ENGINE: 'manouche.db.backends.sqljs' } } });
  await setUpDatabase();
});

test.after(async () => {
  await connections.closeAll();
  await apps.populate([]);
  resetSettings();
});

const clients = () => [
  ['generic views', new Client()] as const,
  ['function views', new Client({ urlconf: functionUrlpatterns })] as const,
];

test('the index lists published questions newest first, in one query, through polls/index.html', async () => {
  for (const [label, client] of clients()) {
    const response = await assertNumQueries(1, () => client.get('/polls/'));
    assert.is(response.statusCode, 200, label);
    assertTemplateUsed(response, 'polls/index.html');
    assertTemplateUsed(response, 'polls/base.html');
    assert.equal(
      response.context!.latest_question_list.map((q: { question_text: string }) => q.question_text),
      ['Which framework has batteries included?', "What's new?"],
      label,
    );
    assertContains(response, '<a href="/polls/2/">Which framework has batteries included?</a>');
    assertNotContains(response, 'future');
  }
});

test('the detail page shows the form; a future question and an unknown id are 404s', async () => {
  for (const [label, client] of clients()) {
    const response = await client.get('/polls/1/');
    assertContains(response, '<legend><h1>What&#x27;s new?</h1></legend>');
    assertContains(response, 'name="choice"', { count: 3 });
    assert.is((await client.get('/polls/3/')).statusCode, 404, `${label}: the future question is not published`);
    const missing = await client.get('/polls/99/');
    assert.is(missing.statusCode, 404, label);
    assertContains(missing, 'Not Found', { statusCode: 404 });
  }
});

test('a vote increments the count in the database and redirects to the results', async () => {
  for (const [label, client] of clients()) {
    const before = (await Choice.objects.get({ pk: 3 })).votes;
    const response = await client.post('/polls/1/vote/', { choice: 3 });
    await assertRedirects(response, '/polls/1/results/');
    assert.is((await Choice.objects.get({ pk: 3 })).votes, before + 1, label);
    const followed = await client.post('/polls/1/vote/', { choice: 3 }, { follow: true });
    assert.equal(followed.redirectChain, [['/polls/1/results/', 302]]);
    assertContains(followed, `Just hacking again -- ${before + 2} votes</li>`);
    assertTemplateUsed(followed, 'polls/results.html');
  }
});

test('a vote without a choice, or with a choice of another question, re-renders the form with an error', async () => {
  const client = new Client();
  for (const data of [{}, { choice: 4 }]) {
    const response = await client.post('/polls/1/vote/', data);
    assert.is(response.statusCode, 200);
    assertContains(response, '<strong>You didn&#x27;t select a choice.</strong>');
    assert.is(response.context!.error_message, "You didn't select a choice.");
  }
  const votes = await Choice.objects.filter({ question: 2 }).valuesList('votes', { flat: true });
  assert.equal(votes, [0, 0, 0]);
});

test('the root redirects to /polls/; a missing slash is a 301 (CommonMiddleware); no DEBUG page leaks', async () => {
  const client = new Client();
  const root = await client.get('/', undefined, { follow: true });
  assert.equal(root.redirectChain, [['/polls/', 302]]);
  const slash = await client.get('/polls/1');
  assert.is(slash.statusCode, 301);
  assert.is(slash.get('location'), '/polls/1/');
  const missing = await client.get('/nope/');
  assert.is(missing.statusCode, 404);
  assertNotContains(missing, 'polls/', { statusCode: 404 });
});

test('served through createApp().fetch, the app answers a fetch Request', async () => {
  const app = createApp();
  const response = await app.fetch(new Request('http://127.0.0.1/polls/'));
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(await response.text(), /Which framework has batteries included\?/);
});

/** The name/value pairs a browser would submit from a page's <input>s (text, hidden, number; no checkboxes here). */
function formInputs(html: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (name && !/type="(submit|checkbox)"/.test(tag)) data[name] = (/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
  }
  return data;
}

test('the admin (tutorial parts 2 and 7): login required; Questions listed with their columns; choices edited inline', async () => {
  const client = new Client();
  await assertRedirects(await client.get('/admin/'), '/admin/login/?next=/admin/');
  assert.not.ok(await client.login({ username: DEMO_USER.username, password: 'wrong' }), 'a wrong password does not log in');
  assert.ok(await client.login({ username: DEMO_USER.username, password: DEMO_USER.password }), 'the demo superuser made with the fixture logs in');
  const index = await client.get('/admin/');
  assert.is(index.statusCode, 200);
  assertContains(index, '<a href="/admin/polls/question/">Questions</a>');
  assertNotContains(index, '/admin/polls/choice/', { msgPrefix: 'Choice is edited inline only' });
  assertContains(index, '<a href="/admin/auth/user/">Users</a>');
  // the session, the user, then the filtered count, the full count (show_full_result_count) and the page,
  // as Django runs them; every statement counted is listed, the ORM's shaped reads through sql.js included
  const { result: changelist, count, queries } = await captureQueries(() => client.get('/admin/polls/question/?q=framework'));
  assert.is(count, 5);
  assert.equal(queries.map((q) => /FROM "(\w+)"/.exec(q.sql)?.[1]), ['django_session', 'auth_user', 'polls_question', 'polls_question', 'polls_question']);
  assertContains(changelist, 'Which framework has batteries included?');
  assertContains(changelist, 'Published recently?');
  assertNotContains(changelist, 'What&#x27;s new?');
  const form = await client.get('/admin/polls/question/2/change/');
  assertContains(form, '<h2 class="fieldset-heading">Date information</h2>');
  assertContains(form, '<h2 id="choices-heading" class="inline-heading">Choices</h2>');
  assertContains(form, 'name="choices-TOTAL_FORMS" value="6"'); // three choices and three empty rows
  const data = formInputs(form.text);
  const saved = await client.post('/admin/polls/question/2/change/', { ...data, question_text: 'Which framework ships an admin?', 'choices-3-choice_text': 'Neither', _save: 'Save' });
  await assertRedirects(saved, '/admin/polls/question/', { fetchRedirectResponse: false });
  assert.is((await Question.objects.get({ pk: 2 })).question_text, 'Which framework ships an admin?');
  assert.equal(await Choice.objects.filter({ question: 2 }).orderBy('id').valuesList('choice_text', { flat: true }), ['Django', 'Manouche', 'Both', 'Neither']);
});

test.run();
