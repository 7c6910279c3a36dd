// Fieldsets as the change form renders them (django.contrib.admin.helpers):
// a 'collapse' fieldset is a closed <details> (Django 5's fieldset.html),
// shown open and plain when a field inside has errors.
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { assertContains, assertNotContains } from '../../../src/test/index';
import { as, client, models, setUpProject, superuser, tearDownProject } from './project';

const collapsed = '<fieldset class="module aligned collapse">\n<details><summary><h2 class="fieldset-heading">Date information</h2></summary>';

dbSuite('contrib/admin helpers', models, (test) => {
  test.before.each(async () => {
    await setUpProject();
    as.user = await superuser();
    as.sessions = false;
  });
  test.after.each(tearDownProject);

  test("a 'collapse' fieldset renders closed in <details> with its name as the summary; others do not", async () => {
    const r = await client().get('/admin/adminpolls/question/add/');
    assert.is(r.statusCode, 200);
    assertContains(r, collapsed);
    assertNotContains(r, '<details open');
    const body = new TextDecoder().decode(r.content);
    // The unnamed first fieldset is not collapsible; the collapsed one closes its <details> before </fieldset>.
    assert.is(body.split('<details>').length - 1, 1);
    assert.match(body, /id="id_pub_date_0"[\s\S]*<\/details>\n<\/fieldset>/);
  });

  test('a collapse fieldset whose fields have errors renders open (no <details>); errors elsewhere keep it closed', async () => {
    const bad = await client().post('/admin/adminpolls/question/add/', { question_text: 'Q', pub_date_0: 'not a date', pub_date_1: '10:00', status: 'd' });
    assert.is(bad.statusCode, 200);
    assertNotContains(bad, '<details>');
    assertContains(bad, '<h2 class="fieldset-heading">Date information</h2>');
    assertContains(bad, 'Enter a valid date.');
    const other = await client().post('/admin/adminpolls/question/add/', { question_text: '', pub_date_0: '2024-01-01', pub_date_1: '10:00', status: 'd' });
    assert.is(other.statusCode, 200);
    assertContains(other, 'This field is required.');
    assertContains(other, collapsed);
  });
});
