// The change list on a big table (Django's tests/admin_changelist query
// budgets): 20,000 choices under a search, a filter on a related field and a
// sort are one COUNT query plus one page query, with the list_display foreign
// key joined (list_select_related is automatic), never one query per row.
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { assertContains, captureQueries } from '../../../src/test/index';
import { Choice, Question, as, client, models, setUpProject, superuser, tearDownProject } from './project';

const QUESTIONS = 200;
const CHOICES = 20_000;

dbSuite('contrib/admin changelist on a big table', models, (test) => {
  test.before.each(async () => {
    await setUpProject();
    as.user = await superuser();
    as.sessions = false;
  });
  test.after.each(tearDownProject);

  test('20,000 rows with a search, a related filter and a sort: one count query plus one joined page query', async () => {
    const questions = [];
    for (let i = 0; i < QUESTIONS; i++) questions.push(new (Question as any)({ question_text: `Question ${i}`, pub_date: new Date(2024, 0, 1, 0, i), featured: i % 2 === 0 }));
    await (Question.objects as any).bulkCreate(questions);
    const saved = await (Question.objects as any).orderBy('pk').fetch();
    const rows = [];
    for (let i = 0; i < CHOICES; i++) rows.push(new (Choice as any)({ question: saved[i % QUESTIONS], choice_text: `Choice ${String(i).padStart(5, '0')}${i % 3 === 0 ? ' tea' : ''}`, votes: i % 11 }));
    for (let i = 0; i < rows.length; i += 5000) await (Choice.objects as any).bulkCreate(rows.slice(i, i + 5000));
    const c = client();
    await c.get('/admin/'); // content types and templates are cached outside the measured request
    // search 'tea' (a third of the rows), featured questions only (half), sorted by votes descending then text
    const { result: page, queries } = await captureQueries(() => c.get('/admin/adminpolls/choice/', { q: 'tea', question__featured__exact: '1', o: '-4.1' }));
    assert.is(page.statusCode, 200);
    assert.is(queries.length, 2, queries.map((q) => q.sql).join('\n'));
    assert.match(queries[0]!.sql, /^SELECT COUNT\(\*\)/);
    assert.match(queries[1]!.sql, /JOIN "adminpolls_question"/);
    assert.match(queries[1]!.sql, /LIMIT/);
    // i % 3 === 0 and an even question (i % 200 even): i ≡ 0 (mod 6)
    assertContains(page, `${Math.ceil(CHOICES / 6)} choices`);
    const body = page.text.slice(page.text.indexOf('<tbody>'), page.text.indexOf('</tbody>'));
    const cells = [...body.matchAll(/<td class="field-question">([^<]*)<\/td><td class="field-question__pub_date">([^<]*)<\/td><td class="field-votes[^"]*">(\d+)<\/td>/g)];
    assert.is(cells.length, 50, 'a full page, each row with its question from the join');
    assert.ok(cells.every((m) => /^Question \d*[02468]$/.test(m[1]!) && m[3] === '10'), 'featured questions, most votes first');
  });
});
