// Inlines through the test client (Django's tests/admin_inlines): rendering,
// saving with the parent in one transaction, LogEntry messages, the inline
// model's permissions, CSRF and tampered formset data. Runs on sql.js and PostgreSQL.
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { assertContains, assertNotContains } from '../../../src/test/index';
import { ImproperlyConfigured } from '../../../src/core/exceptions';
import { CharField, defineModel } from '../../../src/db/index';
import { AdminSite, ADDITION, CHANGE, LogEntry, ModelAdmin, TabularInline } from '../../../src/contrib/admin/index';
import { changeMessageText } from '../../../src/contrib/admin/models';
import { Ballot, Choice, Question, as, client, csrfClient, inlineSite, models, setUpProject, staff, superuser, tearDownProject } from './project';

const Tag = defineModel('adminpolls.Tag', { name: CharField({ maxLength: 20 }) });
const ADD = '/inlines/adminpolls/question/add/';
const change = (pk: unknown) => `/inlines/adminpolls/question/${pk}/change/`;
const question = { question_text: 'Best tea?', pub_date_0: '2024-01-02', pub_date_1: '10:30:00', status: 'p' };

/** The management form of the 'choices' formset. */
function management(total: number | string, initial: number | string, prefix = 'choices'): Record<string, string> {
  return { [`${prefix}-TOTAL_FORMS`]: String(total), [`${prefix}-INITIAL_FORMS`]: String(initial), [`${prefix}-MIN_NUM_FORMS`]: '0', [`${prefix}-MAX_NUM_FORMS`]: '1000' };
}

async function seed(): Promise<{ q: any; c1: any; c2: any; other: any }> {
  const q = await (Question.objects as any).create({ question_text: "What's up?", pub_date: new Date(2024, 0, 2), status: 'p' });
  const c1 = await (Choice.objects as any).create({ question: q, choice_text: 'Not much', votes: 3 });
  const c2 = await (Choice.objects as any).create({ question: q, choice_text: 'The sky', votes: 1 });
  const q2 = await (Question.objects as any).create({ question_text: 'Other?', pub_date: new Date(2023, 5, 1), status: 'd' });
  const other = await (Choice.objects as any).create({ question: q2, choice_text: 'Oolong', votes: 7 });
  return { q, c1, c2, other };
}

/** The POST of the change page as a browser sends it: the question, then each existing choice. */
function changeData(q: any, choices: any[], extra: Record<string, string> = {}): Record<string, string> {
  const data: Record<string, string> = { question_text: q.question_text, pub_date_0: '2024-01-02', pub_date_1: '00:00:00', status: q.status, ...management(choices.length + 3, choices.length) };
  choices.forEach((c, i) => Object.assign(data, { [`choices-${i}-id`]: String(c.pk), [`choices-${i}-choice_text`]: c.choice_text, [`choices-${i}-votes`]: String(c.votes) }));
  // the extra forms as rendered: blank text, the default 0 votes (an unchanged extra form is not a row)
  for (let i = choices.length; i < choices.length + 3; i++) data[`choices-${i}-votes`] = '0';
  return { ...data, ...extra };
}

async function snapshot(): Promise<string[]> {
  const qs = (await (Question.objects as any).orderBy('pk').fetch()).map((q: any) => `Q ${q.question_text}`);
  const cs = (await (Choice.objects as any).orderBy('pk').fetch()).map((c: any) => `C ${c.question_id} ${c.choice_text} ${c.votes}`);
  return [...qs, ...cs];
}

dbSuite('contrib/admin inlines', models, (test) => {
  test.before.each(async () => {
    await setUpProject();
    as.user = null;
    as.sessions = false;
  });
  test.after.each(tearDownProject);

  test('the add page renders a tabular inline: management form, extra forms, the empty form and the script', async () => {
    as.user = await superuser();
    const r = await client().get(ADD);
    assert.is(r.statusCode, 200);
    assertContains(r, '<input type="hidden" name="choices-TOTAL_FORMS" value="3" id="id_choices-TOTAL_FORMS">');
    assertContains(r, '<input type="hidden" name="choices-INITIAL_FORMS" value="0" id="id_choices-INITIAL_FORMS">');
    assertContains(r, '<h2 id="choices-heading" class="inline-heading">Choices</h2>');
    assertContains(r, '<th class="column-choice_text required">Choice text</th>');
    for (const i of [0, 1, 2]) assertContains(r, `<input type="text" name="choices-${i}-choice_text" class="vTextField" maxlength="200" aria-label="Choice text" id="id_choices-${i}-choice_text">`);
    assertNotContains(r, 'name="choices-3-choice_text"');
    assertContains(r, '<tr class="form-row empty-form" id="choices-empty">');
    assertContains(r, 'name="choices-__prefix__-choice_text"');
    assertContains(r, 'data-inline-formset="{&quot;name&quot;:&quot;#choices&quot;,&quot;options&quot;:{&quot;prefix&quot;:&quot;choices&quot;,&quot;addText&quot;:&quot;Add another Choice&quot;,&quot;deleteText&quot;:&quot;Remove&quot;}}"');
    assertContains(r, '<script src="/static/admin/js/inlines.js" defer></script>');
    // New rows have no DELETE checkbox (the script's Remove button takes them away).
    assertNotContains(r, 'name="choices-0-DELETE"');
    // The first site's Question admin has no inlines: no formset, no script.
    const plain = await client().get('/admin/adminpolls/question/add/');
    assertNotContains(plain, 'TOTAL_FORMS');
    assertNotContains(plain, 'inlines.js');
  });

  test('adding a question with two choices saves all three rows and logs Django\'s change message', async () => {
    as.user = await superuser();
    const data = {
      ...question,
      ...management(3, 0),
      'choices-0-choice_text': 'Green',
      'choices-0-votes': '2',
      'choices-1-choice_text': 'Black',
      'choices-1-votes': '0',
      // the third extra form is left blank: it is not a row
      'choices-2-votes': '0',
    };
    const r = await client().post(ADD, data);
    assert.is(r.statusCode, 302, new TextDecoder().decode(r.content));
    const q = await (Question.objects as any).get({ question_text: 'Best tea?' });
    const choices = await (Choice.objects as any).filter({ question: q.pk }).orderBy('pk').fetch();
    assert.equal(choices.map((c: any) => [c.choice_text, c.votes]), [['Green', 2], ['Black', 0]]);
    const entry = await (LogEntry.objects as any).get({ object_id: String(q.pk) });
    assert.is(entry.action_flag, ADDITION);
    assert.equal(JSON.parse(entry.change_message), [{ added: {} }, { added: { name: 'choice', object: 'Green' } }, { added: { name: 'choice', object: 'Black' } }]);
    assert.is(changeMessageText(entry), 'Added. Added choice “Green”. Added choice “Black”.');
  });

  test('the change page lists existing choices with DELETE boxes and change links; a save adds, changes and deletes', async () => {
    const { q, c1, c2, other } = await seed();
    as.user = await superuser();
    const page = await client().get(change(q.pk));
    assertContains(page, '<input type="hidden" name="choices-INITIAL_FORMS" value="2" id="id_choices-INITIAL_FORMS">');
    assertContains(page, '<input type="hidden" name="choices-TOTAL_FORMS" value="5" id="id_choices-TOTAL_FORMS">');
    assertContains(page, `<input type="hidden" name="choices-0-id" value="${c1.pk}" id="id_choices-0-id">`);
    assertContains(page, 'value="Not much"');
    assertContains(page, `<p>Not much <a href="/inlines/adminpolls/choice/${c1.pk}/change/" class="inlinechangelink">Change</a></p>`);
    assertContains(page, '<input type="checkbox" name="choices-0-DELETE" aria-label="Delete Not much" id="id_choices-0-DELETE">');
    assertNotContains(page, 'Oolong');
    const data = changeData(q, [c1, c2], { 'choices-0-votes': '10', 'choices-1-DELETE': 'on', 'choices-2-choice_text': 'Everything', 'choices-2-votes': '0' });
    const r = await client().post(change(q.pk), data);
    assert.is(r.statusCode, 302, new TextDecoder().decode(r.content));
    assert.equal(await snapshot(), ["Q What's up?", 'Q Other?', `C ${q.pk} Not much 10`, `C ${other.question_id} Oolong 7`, `C ${q.pk} Everything 0`]);
    const entry = await (LogEntry.objects as any).get({ object_id: String(q.pk), action_flag: CHANGE });
    assert.is(changeMessageText(entry), 'Added choice “Everything”. Changed Votes for choice “Not much”. Deleted choice “The sky”.');
    // Nothing changed: "No fields changed."
    const fresh = await (Choice.objects as any).filter({ question: q.pk }).orderBy('pk').fetch();
    await client().post(change(q.pk), changeData(q, fresh));
    const last = (await (LogEntry.objects as any).filter({ object_id: String(q.pk) }).orderBy('-pk').fetch())[0];
    assert.is(changeMessageText(last), 'No fields changed.');
    void c2;
  });

  test('an invalid inline re-renders the whole page with its errors and writes nothing', async () => {
    const { q, c1, c2 } = await seed();
    as.user = await superuser();
    const before = await snapshot();
    const data = changeData(q, [c1, c2], { question_text: 'Renamed', 'choices-0-choice_text': '', 'choices-2-choice_text': 'New one', 'choices-2-votes': 'many' });
    const r = await client().post(change(q.pk), data);
    assert.is(r.statusCode, 200);
    assertContains(r, '<p class="errornote" role="alert">Please correct the errors below.</p>');
    assertContains(r, 'This field is required.');
    assertContains(r, 'Enter a whole number.');
    assertContains(r, 'value="Renamed"');
    assertContains(r, 'value="New one"');
    assert.equal(await snapshot(), before);
    assert.is(await (LogEntry.objects as any).count(), 0);
  });

  test('the parent and its inlines are saved in one transaction: a failure while saving the choices leaves nothing', async () => {
    const { q, c1, c2 } = await seed();
    as.user = await superuser();
    const before = await snapshot();
    // The save_formset hook fails after the choices were written (a disk full, a trigger...).
    const admin = inlineSite.registry.get(Question)!;
    admin.saveFormset = async function (this: ModelAdmin, request: any, form: unknown, formset: any, changed: boolean): Promise<void> {
      await ModelAdmin.prototype.saveFormset.call(this, request, form, formset, changed);
      throw new Error('disk full');
    };
    const c = client();
    const data = changeData(q, [c1, c2], { question_text: 'Renamed', 'choices-0-votes': '99', 'choices-2-choice_text': 'New', 'choices-2-votes': '1' });
    let error: unknown;
    try {
      await c.post(change(q.pk), data);
    } catch (e) {
      error = e;
    }
    assert.is((error as Error)?.message, 'disk full');
    assert.equal(await snapshot(), before);
    assert.is(await (LogEntry.objects as any).count(), 0);
    delete (admin as { saveFormset?: unknown }).saveFormset;
  });

  test('a stacked inline: verbose_name_plural, readonly fields, max_num caps the extra forms and is enforced on POST', async () => {
    const { q, c1, c2 } = await seed();
    as.user = await superuser();
    const page = await client().get(`/stacked/adminpolls/question/${q.pk}/change/`);
    assertContains(page, '<h2 id="choices-heading" class="inline-heading">Answers</h2>');
    assertContains(page, '<h3><b>Choice:</b> <span class="inline_label">Not much</span>');
    assertContains(page, '<div class="readonly">3</div>');
    assertNotContains(page, 'name="choices-0-votes"');
    // two existing choices and max_num 2: no extra form, but the empty form's template (the script hides "Add another" at the maximum)
    assertContains(page, '<input type="hidden" name="choices-TOTAL_FORMS" value="2" id="id_choices-TOTAL_FORMS">');
    assertContains(page, '<input type="hidden" name="choices-MAX_NUM_FORMS" value="2" id="id_choices-MAX_NUM_FORMS">');
    assertContains(page, '<span class="inline_label">#3</span>');
    const before = await snapshot();
    const data: Record<string, string> = {
      question_text: q.question_text,
      pub_date_0: '2024-01-02', pub_date_1: '00:00:00',
      ...management(3, 2),
      'choices-0-id': String(c1.pk),
      'choices-0-choice_text': 'Not much',
      'choices-1-id': String(c2.pk),
      'choices-1-choice_text': 'The sky',
      'choices-2-choice_text': 'One too many',
    };
    const r = await client().post(`/stacked/adminpolls/question/${q.pk}/change/`, data);
    assert.is(r.statusCode, 200);
    assertContains(r, '<ul class="errorlist nonform"><li>Please submit at most 2 forms.</li></ul>');
    assert.equal(await snapshot(), before);
    // Deleting one makes room for the new one.
    const ok = await client().post(`/stacked/adminpolls/question/${q.pk}/change/`, { ...data, 'choices-1-DELETE': 'on' });
    assert.is(ok.statusCode, 302);
    assert.equal((await (Choice.objects as any).filter({ question: q.pk }).orderBy('pk').fetch()).map((c: any) => c.choice_text), ['Not much', 'One too many']);
  });

  test('deleting an inline row that PROTECT relations hold is Django\'s error, and nothing is written', async () => {
    const { q, c1, c2 } = await seed();
    await (Ballot.objects as any).create({ choice: c2, voter: 'ann' });
    await (Ballot.objects as any).create({ choice: c2, voter: 'bob' });
    as.user = await superuser();
    const before = await snapshot();
    const r = await client().post(change(q.pk), changeData(q, [c1, c2], { question_text: 'Renamed', 'choices-0-votes': '9', 'choices-1-DELETE': 'on' }));
    assert.is(r.statusCode, 200);
    assertContains(r, 'Deleting choice The sky would require deleting the following protected related objects: ballot ann and ballot bob');
    assertContains(r, '<p class="errornote" role="alert">Please correct the error below.</p>');
    assert.equal(await snapshot(), before);
  });

  test('tampered management forms are errors, never crashes or partial writes', async () => {
    const { q, c1, c2 } = await seed();
    as.user = await superuser();
    const before = await snapshot();
    const base = changeData(q, [c1, c2], { question_text: 'Renamed' });
    const missing = { ...base };
    delete missing['choices-TOTAL_FORMS'];
    delete missing['choices-INITIAL_FORMS'];
    const cases: Array<[string, Record<string, string>, string]> = [
      ['missing', missing, 'ManagementForm data is missing or has been tampered with. Missing fields: choices-TOTAL_FORMS, choices-INITIAL_FORMS.'],
      ['not a number', { ...base, 'choices-TOTAL_FORMS': 'abc' }, 'ManagementForm data is missing or has been tampered with. Missing fields: choices-TOTAL_FORMS.'],
      ['beyond absolute_max', { ...base, 'choices-TOTAL_FORMS': '5000' }, 'Please submit at most 1000 forms.'],
    ];
    for (const [what, data, message] of cases) {
      const r = await client().post(change(q.pk), data);
      assert.is(r.statusCode, 200, what);
      assertContains(r, message);
      assertContains(r, 'Please correct the error');
      assert.equal(await snapshot(), before, what);
    }
    // An initial form without its key is an error too (Django makes the key required there).
    const nokey = { ...base };
    delete nokey['choices-1-id'];
    const r = await client().post(change(q.pk), nokey);
    assert.is(r.statusCode, 200);
    assertContains(r, 'This field is required.');
    assert.equal(await snapshot(), before);
  });

  test('a key from another question in an inline form touches neither that choice nor this question\'s', async () => {
    const { q, c1, c2, other } = await seed();
    as.user = await superuser();
    const data = changeData(q, [c1, c2], { 'choices-1-id': String(other.pk), 'choices-1-choice_text': 'Hijacked', 'choices-1-votes': '1000', 'choices-1-DELETE': '' });
    const r = await client().post(change(q.pk), data);
    assert.is(r.statusCode, 302);
    const theOther = await (Choice.objects as any).get({ pk: other.pk });
    assert.equal([theOther.question_id, theOther.choice_text, theOther.votes], [other.question_id, 'Oolong', 7]);
    assert.is(await (Choice.objects as any).filter({ choice_text: 'Hijacked' }).count(), 0);
    // …and deleting through it deletes nothing.
    const del = await client().post(change(q.pk), changeData(q, [c1, c2], { 'choices-1-id': String(other.pk), 'choices-1-DELETE': 'on' }));
    assert.is(del.statusCode, 302);
    assert.ok(await (Choice.objects as any).filter({ pk: other.pk }).exists());
  });

  test('the inline model\'s permissions: view-only rows, no empty forms without add, no DELETE without delete, no inline without any', async () => {
    const { q, c1, c2 } = await seed();
    const before = await snapshot();
    // view only: read-only rows, no extra or empty forms, no DELETE; tampered values are ignored
    as.user = await staff('viewer', ['change_question', 'view_choice']);
    const page = await client().get(change(q.pk));
    assertContains(page, '<td class="field-choice_text"><p>Not much</p></td>');
    assertNotContains(page, 'name="choices-0-choice_text"');
    assertNotContains(page, 'empty-form');
    assertNotContains(page, 'DELETE');
    assertContains(page, '<input type="hidden" name="choices-TOTAL_FORMS" value="2" id="id_choices-TOTAL_FORMS">');
    assertContains(page, `class="inlineviewlink">View</a>`);
    const tampered = changeData(q, [c1, c2], { 'choices-0-choice_text': 'hacked', 'choices-1-DELETE': 'on', ...management(3, 2), 'choices-2-choice_text': 'sneaky' });
    assert.is((await client().post(change(q.pk), tampered)).statusCode, 302);
    assert.equal(await snapshot(), before);
    // change but not add: existing rows editable, no extra forms; a tampered extra form is not saved
    as.user = await staff('changer', ['change_question', 'change_choice']);
    const edit = await client().get(change(q.pk));
    assertContains(edit, 'name="choices-0-choice_text"');
    assertNotContains(edit, 'empty-form');
    assertNotContains(edit, 'name="choices-0-DELETE"');
    await client().post(change(q.pk), { ...changeData(q, [c1, c2], { 'choices-0-votes': '4', 'choices-1-DELETE': 'on' }), ...management(3, 2), 'choices-2-choice_text': 'sneaky', 'choices-2-votes': '1' });
    assert.equal((await (Choice.objects as any).filter({ question: q.pk }).orderBy('pk').fetch()).map((c: any) => [c.choice_text, c.votes]), [['Not much', 4], ['The sky', 1]]);
    // add and delete but not change: new rows and DELETE boxes, existing rows read-only
    as.user = await staff('adder', ['change_question', 'add_choice', 'delete_choice']);
    const add = await client().get(change(q.pk));
    assertContains(add, '<td class="field-choice_text"><p>Not much</p></td>');
    assertContains(add, 'name="choices-0-DELETE"');
    assertContains(add, 'id="choices-empty"');
    const fresh = await (Choice.objects as any).filter({ question: q.pk }).orderBy('pk').fetch();
    const r = await client().post(change(q.pk), { question_text: q.question_text, pub_date_0: '2024-01-02', pub_date_1: '00:00:00', status: 'p', ...management(3, 2), 'choices-0-id': String(fresh[0].pk), 'choices-1-id': String(fresh[1].pk), 'choices-1-DELETE': 'on', 'choices-2-choice_text': 'Added', 'choices-2-votes': '0' });
    assert.is(r.statusCode, 302, new TextDecoder().decode(r.content));
    assert.equal((await (Choice.objects as any).filter({ question: q.pk }).orderBy('pk').fetch()).map((c: any) => [c.choice_text, c.votes]), [['Not much', 4], ['Added', 0]]);
    // no permission on Choice at all: no inline, and a POST without its management form is fine
    as.user = await staff('questions-only', ['change_question']);
    const none = await client().get(change(q.pk));
    assertNotContains(none, 'choices-group');
    assert.is((await client().post(change(q.pk), { question_text: 'Only the question', pub_date_0: '2024-01-02', pub_date_1: '00:00:00', status: 'p' })).statusCode, 302);
    // a view-only parent shows its inlines read-only, whatever the inline permissions
    as.user = await staff('parent-viewer', ['view_question', 'change_choice', 'add_choice', 'delete_choice']);
    const ro = await client().get(change(q.pk));
    assertContains(ro, '<td class="field-choice_text"><p>Not much</p></td>');
    assertNotContains(ro, 'empty-form');
    assertNotContains(ro, 'DELETE');
    void c2;
  });

  test('CSRF: an inline POST without the token is refused and writes nothing; with it, it saves', async () => {
    as.user = await superuser();
    const c = csrfClient();
    const data = { ...question, ...management(3, 0), 'choices-0-choice_text': 'Green', 'choices-0-votes': '0', 'choices-1-votes': '0', 'choices-2-votes': '0' };
    const refused = await c.post(ADD, data);
    assert.is(refused.statusCode, 403);
    assert.is(await (Question.objects as any).count(), 0);
    assert.is(await (Choice.objects as any).count(), 0);
    const page = new TextDecoder().decode((await c.get(ADD)).content);
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(page)?.[1];
    assert.ok(token, 'the add page carries a token');
    const saved = await c.post(ADD, { ...data, csrfmiddlewaretoken: token! });
    assert.is(saved.statusCode, 302);
    assert.is(await (Choice.objects as any).count(), 1);
  });

  test('register() refuses an inline without a model or without a foreign key to the parent, naming the inline', () => {
    const s = new AdminSite({ name: 'broken' });
    class TagInline extends TabularInline {
      override model = Tag;
    }
    assert.throws(() => s.register(Question, { inlines: [TagInline] }), (e: Error) => e instanceof ImproperlyConfigured && e.message === "TagInline: 'adminpolls.Tag' has no ForeignKey to 'adminpolls.Question'.");
    class NoModel extends TabularInline {}
    assert.throws(() => s.register(Question, { inlines: [NoModel] }), (e: Error) => e instanceof ImproperlyConfigured && /NoModel: an inline needs `model`/.test(e.message));
    class WrongFk extends TabularInline {
      override model = Choice;
      override fkName = 'votes';
    }
    assert.throws(() => s.register(Question, { inlines: [WrongFk] }), (e: Error) => e instanceof ImproperlyConfigured && e.message === "WrongFk: fk_name 'votes' is not a ForeignKey to 'adminpolls.Question'.");
    assert.not.ok(s.isRegistered(Question));
  });
});
