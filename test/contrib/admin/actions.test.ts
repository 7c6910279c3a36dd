// Actions in the change list: delete_selected with its confirmation page,
// the messages Django gives for no selection or no action, and permissions
// (Django's tests/admin_views/test_actions.py).
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { assertContains, assertNotContains, assertNumQueries } from '../../../src/test/index';
import { DELETION, LogEntry } from '../../../src/contrib/admin/index';
import { Choice, Question, as, client, models, setUpProject, staff, superuser, tearDownProject } from './project';

async function seed(): Promise<any[]> {
  const out = [];
  for (const [i, text] of ['One', 'Two', 'Three'].entries()) {
    const q = await (Question.objects as any).create({ question_text: text, pub_date: new Date(2024, 0, 1 + i) });
    await (Choice.objects as any).create({ question: q, choice_text: `${text} choice`, votes: 0 });
    out.push(q);
  }
  return out;
}

dbSuite('contrib/admin actions', models, (test) => {
  test.before.each(async () => {
    await setUpProject();
    as.user = await superuser();
    as.sessions = false;
  });
  test.after.each(tearDownProject);

  test('the list shows the action bar and a labelled checkbox per row', async () => {
    const [one] = await seed();
    const r = await client().get('/admin/adminpolls/question/');
    assertContains(r, '<option value="delete_selected">Delete selected questions</option>');
    assertContains(r, `<input type="checkbox" name="_selected_action" value="${one.pk}" class="action-select" aria-label="Select this object for an action - One">`);
    assertContains(r, '<button type="submit" class="button" title="Run the selected action" name="index" value="0">Go</button>');
  });

  test('delete_selected: the confirmation lists the cascade, "Yes" deletes, logs and says so', async () => {
    const [one, two, three] = await seed();
    const c = client();
    const confirm = await c.post('/admin/adminpolls/question/', { action: 'delete_selected', index: '0', _selected_action: [String(one.pk), String(two.pk)] });
    assert.is(confirm.statusCode, 200);
    assertContains(confirm, 'Are you sure you want to delete the selected questions?');
    assertContains(confirm, '<li>Questions: 2</li>');
    assertContains(confirm, '<li>Choices: 2</li>');
    assertContains(confirm, 'Choice: One choice</a>');
    assertNotContains(confirm, 'Three');
    assert.is(await (Question.objects as any).count(), 3);
    const done = await c.post('/admin/adminpolls/question/', { action: 'delete_selected', post: 'yes', _selected_action: [String(one.pk), String(two.pk)] });
    assert.is(done.statusCode, 302);
    assert.is(done.headers.get('location'), '/admin/adminpolls/question/');
    assertContains(await c.get('/admin/adminpolls/question/'), 'Successfully deleted 2 questions.');
    assert.equal((await (Question.objects as any).all().fetch()).map((q: any) => q.pk), [three.pk]);
    assert.is(await (Choice.objects as any).count(), 1);
    assert.is(await (LogEntry.objects as any).filter({ action_flag: DELETION }).count(), 2);
  });

  test('no rows selected, no action or an unknown action: a warning and nothing changes', async () => {
    const [one] = await seed();
    const c = client();
    const none = await c.post('/admin/adminpolls/question/?o=1', { action: 'delete_selected', index: '0' });
    assert.is(none.headers.get('location'), '/admin/adminpolls/question/?o=1');
    assertContains(await c.get('/admin/adminpolls/question/'), 'Items must be selected in order to perform actions on them. No items have been changed.');
    for (const action of ['', 'drop_everything', '__proto__', 'constructor']) {
      const r = await c.post('/admin/adminpolls/question/', { action, index: '0', _selected_action: String(one.pk) });
      assert.is(r.statusCode, 302, action);
      assertContains(await c.get('/admin/adminpolls/question/'), 'No action selected.');
    }
    const junk = await c.post('/admin/adminpolls/question/', { action: 'delete_selected', post: 'yes', _selected_action: ["1' OR '1'='1", 'abc'] });
    assert.is(junk.statusCode, 302);
    assert.is(await (Question.objects as any).count(), 3);
  });

  test('sorting indexes count the checkbox column, as in Django', async () => {
    await seed();
    const r = await client().get('/admin/adminpolls/question/?o=1');
    assertContains(r, 'class="column-question_text sortable sorted ascending"');
  });

  test('without the delete permission there is no action, and posting one deletes nothing', async () => {
    const [one] = await seed();
    as.user = await staff('editor', ['change_question']);
    const r = await client().get('/admin/adminpolls/question/');
    assertNotContains(r, 'delete_selected');
    assertNotContains(r, 'action-select');
    assertContains(r, '<a href="?o=1">Date published</a>'); // no checkbox column: indexes start at 0
    const post = await client().post('/admin/adminpolls/question/', { action: 'delete_selected', post: 'yes', index: '0', _selected_action: String(one.pk) });
    assert.ok(post.statusCode === 200 || post.statusCode === 302);
    assert.is(await (Question.objects as any).count(), 3);
  });

  test('delete_selected refuses when the cascade reaches a model the user may not delete', async () => {
    const [one] = await seed();
    as.user = await staff('deleter', ['delete_question', 'view_question']);
    const c = client();
    const confirm = await c.post('/admin/adminpolls/question/', { action: 'delete_selected', index: '0', _selected_action: String(one.pk) });
    assertContains(confirm, 'your account doesn’t have permission to delete the following types of objects:');
    await c.post('/admin/adminpolls/question/', { action: 'delete_selected', post: 'yes', _selected_action: String(one.pk) });
    assert.is(await (Question.objects as any).count(), 3);
  });

  test('the checkbox column costs no query', async () => {
    await seed();
    const c = client();
    await c.get('/admin/');
    await assertNumQueries(2, () => c.get('/admin/adminpolls/choice/'));
  });
});
