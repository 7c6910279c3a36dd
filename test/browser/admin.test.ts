/**
 * The admin in Chromium, end to end: a real project (sessions, CSRF,
 * authentication and messages middleware, sql.js) served by the Node adapter
 * on 127.0.0.1, and a browser that logs in, adds a Question with two Choice
 * inlines (using the inline script's "Add another" and "Remove"), searches,
 * filters, sorts, edits, bulk-deletes through the action and its confirmation
 * page, and reads the history. Screenshots of the index, the change list and
 * the change form go to test-artifacts/admin/ (git-ignored) for a person to look at.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumTest, launchChromium } from './chromium';
import { apps } from '../../src/apps/registry';
import { configure } from '../../src/conf/settings';
import { createApp } from '../../src/core/handlers/app';
import { SqlJsBackend, connections, createTables } from '../../src/db/index';
import { path } from '../../src/urls/index';
import { CsrfViewMiddleware } from '../../src/middleware/index';
import { AuthenticationMiddleware, User, authApp } from '../../src/contrib/auth/index';
import { contenttypesApp } from '../../src/contrib/contenttypes/index';
import { MessageMiddleware, messagesApp } from '../../src/contrib/messages/index';
import { SessionMiddleware, sessionsApp } from '../../src/contrib/sessions/index';
import { staticFilesHandler, staticfilesApp } from '../../src/contrib/staticfiles/index';
import { AdminSite, adminApp } from '../../src/contrib/admin/index';
import { serve, type ServerHandle } from '../../src/node/server';
import { Choice, ChoiceInline, Question, models, pollsApp, setUpProject, tearDownProject } from '../contrib/admin/project';

const STEP_TIMEOUT = 20_000;
const ARTIFACTS = 'test-artifacts/admin';

const e2eSite = new AdminSite({ name: 'admin', siteHeader: 'Polls administration' });
e2eSite.register(Question, {
  listDisplay: ['question_text', 'pub_date', 'status', 'featured'],
  listFilter: ['status', 'featured'],
  searchFields: ['question_text'],
  inlines: [ChoiceInline],
});
e2eSite.register(Choice, { listDisplay: ['choice_text', 'question', 'votes'] });

async function startProject(): Promise<ServerHandle> {
  await setUpProject();
  configure({
    DEBUG: true,
    ALLOWED_HOSTS: ['127.0.0.1'],
    MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, MessageMiddleware] as any,
    ROOT_URLCONF: [path('admin/', e2eSite.urls)],
  } as any);
  await apps.populate([contenttypesApp, authApp, sessionsApp, messagesApp, staticfilesApp, adminApp, pollsApp]);
  const db = await SqlJsBackend.open();
  connections.set('default', db);
  await createTables(db as any, models);
  await (User.objects as any).createSuperuser('admin', 'admin@example.com', 'secret-pw');
  for (const [text, status, day] of [["What's up?", 'p', 1], ['Other?', 'd', 2], ['Tea or coffee?', 'd', 3]] as const) {
    await (Question.objects as any).create({ question_text: text, pub_date: new Date(2024, 0, day, 9), status });
  }
  const app = createApp();
  return serve(staticFilesHandler((request) => app.fetch(request)), { port: 0, handleSignals: false });
}

/** The change list's first-column texts, top to bottom. */
async function listed(page: Page): Promise<string[]> {
  return (await page.locator('#result_list tbody th').allTextContents()).map((t) => t.trim());
}

const name = 'Chromium manages polls through the admin: login, add with inlines, search, filter, sort, edit, bulk delete, history';
chromiumTest(test, name, 'the admin in Chromium', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'admin-browser-'));
  let server: ServerHandle | undefined;
  let context: BrowserContext | undefined;
  const problems: string[] = [];
  try {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startProject();
    const base = server.url.replace(/\/$/, '');
    context = await launchChromium(join(dir, 'profile'), STEP_TIMEOUT);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1280, height: 800 });
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`console error: ${message.text()} (${message.location().url})`);
    });

    // 1. The index sends an anonymous visitor to the login page; a superuser logs in.
    await page.goto(`${base}/admin/`);
    await page.waitForURL(`${base}/admin/login/?next=%2Fadmin%2F`);
    await page.getByLabel('Username:').fill('admin');
    await page.getByLabel('Password:').fill('secret-pw');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/admin/`);
    assert.is(await page.locator('#site-name').textContent(), 'Polls administration');
    // The stylesheet applies: the header bar has the theme's colour.
    assert.is(await page.locator('#header').evaluate((h) => getComputedStyle(h).backgroundColor), 'rgb(31, 70, 98)');
    await page.screenshot({ path: `${ARTIFACTS}/index.png`, fullPage: true });

    // 2. Add a question with two choices; the script adds a fourth row and removes it again.
    await page.locator('tr.model-question').getByRole('link', { name: 'Add' }).click();
    await page.waitForURL(`${base}/admin/adminpolls/question/add/`);
    await page.getByLabel('Question text:').fill('Best tea?');
    await page.locator('#id_pub_date_0').fill('2024-01-05');
    await page.locator('#id_pub_date_1').fill('10:30:00');
    await page.getByLabel('Status:').selectOption('p');
    const total = page.locator('#id_choices-TOTAL_FORMS');
    assert.is(await total.inputValue(), '3');
    await page.getByRole('button', { name: 'Add another Choice' }).click();
    assert.is(await total.inputValue(), '4');
    assert.is(await page.locator('#id_choices-3-choice_text').count(), 1, 'the cloned row is numbered 3');
    await page.locator('#choices-3').getByRole('button', { name: 'Remove' }).click();
    assert.is(await total.inputValue(), '3');
    await page.locator('#id_choices-0-choice_text').fill('Green');
    await page.locator('#id_choices-0-votes').fill('2');
    await page.locator('#id_choices-1-choice_text').fill('Black');
    await page.screenshot({ path: `${ARTIFACTS}/add_form.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(`${base}/admin/adminpolls/question/`);
    assert.is((await page.locator('ul.messagelist li').textContent())?.trim(), 'The question “Best tea?” was added successfully.');
    const best = await (Question.objects as any).get({ question_text: 'Best tea?' });
    assert.equal((await (Choice.objects as any).filter({ question: best.pk }).orderBy('pk').fetch()).map((c: any) => [c.choice_text, c.votes]), [['Green', 2], ['Black', 0]]);

    // 3. Search.
    await page.locator('#searchbar').fill('tea');
    await page.locator('#searchbar').press('Enter');
    await page.waitForURL(/\?q=tea$/);
    assert.equal((await listed(page)).sort(), ['Best tea?', 'Tea or coffee?']);
    assert.match((await page.locator('#changelist-search .small').textContent()) ?? '', '2 results (4 total)');

    // 4. Filter (keeps the search), then clear the search.
    await page.locator('#changelist-filter').getByRole('link', { name: 'Published' }).click();
    await page.waitForURL(/status__exact=p/);
    assert.equal(await listed(page), ['Best tea?']);
    await page.goto(`${base}/admin/adminpolls/question/?status__exact=d`);
    assert.equal((await listed(page)).sort(), ['Other?', 'Tea or coffee?']);

    // 5. Sort by the question text, both ways.
    await page.goto(`${base}/admin/adminpolls/question/`);
    assert.equal(await listed(page), ['Best tea?', 'Tea or coffee?', 'Other?', "What's up?"], 'the model ordering: newest first');
    await page.locator('#result_list thead').getByRole('link', { name: 'Question text' }).click();
    // The model's ordering (-pub_date) stays as the second key, as in Django.
    await page.waitForURL(/\?o=1\.-2$/);
    assert.equal(await listed(page), ['Best tea?', 'Other?', 'Tea or coffee?', "What's up?"]);
    await page.locator('th.column-question_text').getByRole('link', { name: 'Toggle sorting' }).click();
    await page.waitForURL(/\?o=-1\.-2$/);
    assert.equal(await listed(page), ["What's up?", 'Tea or coffee?', 'Other?', 'Best tea?']);
    await page.goto(`${base}/admin/adminpolls/question/`);
    await page.screenshot({ path: `${ARTIFACTS}/changelist.png`, fullPage: true });
    // Keyboard users see where they are: a focused field gets the focus ring.
    await page.locator('#searchbar').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.is(await page.locator('#searchbar').evaluate((e) => getComputedStyle(e).outlineStyle), 'solid');
    // On a phone the filters stack above the list instead of squeezing it.
    await page.setViewportSize({ width: 390, height: 844 });
    const filter = (await page.locator('#changelist-filter').boundingBox())!;
    const list = (await page.locator('#result_list').boundingBox())!;
    assert.ok(filter.y + filter.height <= list.y && filter.width > 300, `filters above the list on a phone: ${JSON.stringify({ filter, list })}`);
    await page.screenshot({ path: `${ARTIFACTS}/changelist_phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // 6. Edit: the inline rows are there; change a vote count.
    await page.getByRole('link', { name: 'Best tea?' }).click();
    await page.waitForURL(`${base}/admin/adminpolls/question/${best.pk}/change/`);
    assert.is(await page.locator('#id_choices-0-choice_text').inputValue(), 'Green');
    assert.is(await page.locator('#id_choices-1-choice_text').inputValue(), 'Black');
    await page.locator('#id_choices-1-votes').fill('5');
    await page.screenshot({ path: `${ARTIFACTS}/change_form.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save and continue editing' }).click();
    await page.waitForURL(`${base}/admin/adminpolls/question/${best.pk}/change/`);
    assert.is((await page.locator('ul.messagelist li').textContent())?.trim(), 'The question “Best tea?” was changed successfully. You may edit it again below.');
    assert.is(await page.locator('#id_choices-1-votes').inputValue(), '5');

    // 7. History.
    await page.getByRole('link', { name: 'History' }).click();
    await page.waitForURL(`${base}/admin/adminpolls/question/${best.pk}/history/`);
    const history = (await page.locator('#change-history tbody td:last-child').allTextContents()).map((t) => t.trim());
    assert.equal(history, ['Added. Added choice “Green”. Added choice “Black”.', 'Changed Votes for choice “Black”.']);

    // 8. Bulk delete through the action and its confirmation page.
    await page.goto(`${base}/admin/adminpolls/question/`);
    await page.getByRole('checkbox', { name: 'Select this object for an action - Other?' }).check();
    await page.getByRole('checkbox', { name: 'Select this object for an action - Tea or coffee?' }).check();
    await page.getByLabel('Action:').selectOption('delete_selected');
    await page.getByRole('button', { name: 'Go' }).click();
    await page.getByRole('heading', { name: 'Are you sure?' }).waitFor();
    assert.equal((await page.locator('#deleted-objects li').allTextContents()).map((t) => t.trim()).sort(), ['Question: Other?', 'Question: Tea or coffee?']);
    await page.getByRole('button', { name: 'Yes, I’m sure' }).click();
    await page.waitForURL(`${base}/admin/adminpolls/question/`);
    assert.is((await page.locator('ul.messagelist li').textContent())?.trim(), 'Successfully deleted 2 questions.');
    assert.equal(await listed(page), ['Best tea?', "What's up?"]);
    assert.equal(problems, [], 'no errors in the pages');
  } finally {
    await context?.close().catch((error) => console.error(`admin in Chromium: ${error}`));
    await server?.close();
    const db = connections.get('default');
    connections.delete('default');
    await db?.close();
    await tearDownProject();
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
