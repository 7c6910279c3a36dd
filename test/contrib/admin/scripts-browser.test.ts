// The admin's scripts in Chromium, on pages the admin renders: the app
// (createApp + staticFilesHandler) served by the Node adapter on 127.0.0.1
// at a random port. Proves that
// prepopulate/urlify fill the slug, DateTimeShortcuts' "Today"/"Now" fill
// the inputs, the calendar picks a day, and actions.js counts, selects the page, then "Select all N"
// across pages for an action, and "+" beside a select adds through a popup.
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { dbSuite } from '../../db/harness';
import { createApp } from '../../../src/core/handlers/app';
import { serve } from '../../../src/node/server';
import { staticfilesApp, staticFilesHandler } from '../../../src/contrib/staticfiles/index';
import { chromiumTest, launchChromium } from '../../browser/chromium';
import { as, superuser, testMiddleware } from './project';
import { Article, Author, Tag, article, optsModels, setUpOptions, tearDownOptions } from './options-project';

const TIMEOUT = 20_000;
let origin = '';

/** Chromium whose every request is answered by the app; page errors are collected. */
async function browse(fn: (page: Page, problems: string[]) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'admin-scripts-'));
  let context: BrowserContext | undefined;
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  try {
    context = await launchChromium(join(dir, 'profile'), TIMEOUT);
    const handler = staticFilesHandler(createApp({ middleware: [testMiddleware as any], log: () => {} } as any).fetch);
    server = await serve(handler, { host: '127.0.0.1', port: 0, handleSignals: false });
    origin = server.url.replace(/\/$/, '');
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console error: ${m.text()}`);
    });
    await fn(page, problems);
    assert.equal(problems, []);
  } finally {
    await context?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

dbSuite('contrib/admin scripts in Chromium', optsModels, (test) => {
  test.before.each(async () => {
    await setUpOptions([staticfilesApp]);
    as.user = await superuser();
    as.sessions = false;
  });
  test.after.each(tearDownOptions);

  chromiumTest(test, 'urlify fills the slug from the title; "Today" and "Now" fill the date and the time', 'the admin scripts in Chromium', async () => {
    await browse(async (page) => {
      await page.goto(`${origin}/admin/adminopts/article/add/`);
      await page.fill('#id_title', 'Café au lait, please!');
      await page.dispatchEvent('#id_title', 'keyup');
      assert.is(await page.inputValue('#id_slug'), 'cafe-au-lait-please');
      await page.click('#id_published_0 + .datetimeshortcuts a');
      assert.match(await page.inputValue('#id_published_0'), /^\d{4}-\d{2}-\d{2}$/);
      await page.click('#id_published_1 + .datetimeshortcuts a');
      assert.match(await page.inputValue('#id_published_1'), /^\d{2}:\d{2}:\d{2}$/);
      // A slug the user typed is theirs: the title no longer overwrites it.
      await page.fill('#id_slug', 'mine');
      await page.dispatchEvent('#id_slug', 'change');
      await page.fill('#id_title', 'Another title');
      await page.dispatchEvent('#id_title', 'keyup');
      assert.is(await page.inputValue('#id_slug'), 'mine');
    });
  });

  chromiumTest(test, 'the calendar beside a date input: opens on the typed month, steps back, a click picks the day and closes it', 'the admin scripts in Chromium', async () => {
    await browse(async (page) => {
      await page.goto(`${origin}/admin/adminopts/article/add/`);
      assert.not.ok(await page.isVisible('#calendarbox0'));
      await page.fill('#id_published_0', '2024-03-10');
      await page.click('#calendarlink0');
      assert.ok(await page.isVisible('#calendarbox0'));
      assert.is(await page.textContent('#calendarbox0 caption'), 'March 2024');
      assert.is(await page.textContent('#calendarbox0 a.selected'), '10');
      // March 2024 starts on a Friday: five empty cells, then the 1st.
      assert.is(await page.$$eval('#calendarbox0 tr:nth-child(2) td', (tds) => tds.findIndex((td) => td.textContent === '1')), 5);
      await page.click('#calendarbox0 .calendarnav-previous');
      assert.is(await page.textContent('#calendarbox0 caption'), 'February 2024');
      assert.is(await page.$$eval('#calendarbox0 td a', (as) => as.length), 29);
      await page.click('#calendarbox0 a[data-date="2024-02-29"]');
      assert.is(await page.inputValue('#id_published_0'), '2024-02-29');
      assert.not.ok(await page.isVisible('#calendarbox0'));
      // An unreadable value opens on the current month; "Next" moves forward; Cancel leaves the input alone.
      await page.fill('#id_published_0', 'soon');
      await page.click('#calendarlink0');
      const now = new Date();
      assert.is(await page.textContent('#calendarbox0 caption'), `${now.toLocaleString('en', { month: 'long' })} ${now.getFullYear()}`);
      await page.click('#calendarbox0 .calendarnav-next');
      const next = new Date(now.getFullYear(), now.getMonth() + 1, 1);
      assert.is(await page.textContent('#calendarbox0 caption'), `${next.toLocaleString('en', { month: 'long' })} ${next.getFullYear()}`);
      await page.click('#calendarbox0 .calendar-cancel a');
      assert.not.ok(await page.isVisible('#calendarbox0'));
      assert.is(await page.inputValue('#id_published_0'), 'soon');
    });
  });

  chromiumTest(test, 'actions.js: the counter, the page toggle, then "Select all 5 articles" deletes every row', 'the admin scripts in Chromium', async () => {
    for (let i = 0; i < 5; i++) await article();
    await browse(async (page) => {
      await page.goto(`${origin}/admin/adminopts/article/`);
      assert.is((await page.textContent('.action-counter'))?.trim(), '0 of 3 selected');
      assert.not.ok(await page.isVisible('.actions .question'));
      await page.check('#action-toggle');
      assert.is((await page.textContent('.action-counter'))?.trim(), '3 of 3 selected');
      assert.ok(await page.isVisible('.actions .question'));
      await page.click('.actions .question a');
      assert.is(await page.inputValue('input.select-across'), '1');
      assert.ok(await page.isVisible('.actions .all'));
      await page.selectOption('select[name="action"]', 'delete_selected');
      await Promise.all([page.waitForNavigation(), page.click('button[name="index"]')]);
      assert.match((await page.textContent('#content')) ?? '', 'Are you sure you want to delete the selected articles?');
      await Promise.all([page.waitForNavigation(), page.click('input[value="Yes, I’m sure"]')]);
      assert.match((await page.textContent('.messagelist')) ?? '', 'Successfully deleted 5 articles.');
    });
    assert.is(await (Article.objects as any).count(), 0);
  });

  chromiumTest(test, 'the raw-id lookup popup returns the chosen key; autocomplete searches the JSON view; the filter box narrows a multiple select', 'the admin scripts in Chromium', async () => {
    const a = await article();
    const ed = await (Author.objects as any).create({ name: 'Zoe Editor' });
    await (Author.objects as any).create({ name: 'Ann Other' });
    await (Tag.objects as any).create({ name: 'green tea' });
    await (Tag.objects as any).create({ name: 'black coffee' });
    await browse(async (page) => {
      await page.goto(`${origin}/admin/adminopts/article/${a.pk}/change/`);
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#lookup_id_editor')]);
      await popup.waitForLoadState();
      assert.match(popup.url(), '_popup=1');
      // The click closes the popup: it is dispatched after evaluate() returns, so no call races the close.
      const closed = popup.waitForEvent('close');
      await popup.evaluate((sel) => void setTimeout(() => (document.querySelector(sel) as HTMLElement).click(), 0), `a[data-popup-opener="${ed.pk}"]`);
      await closed;
      assert.is(await page.inputValue('#id_editor'), String(ed.pk));
      await page.fill('.admin-autocomplete-search', 'zoe');
      // The JSON view's matches replace the options; the chosen author stays chosen.
      await page.waitForFunction(() => ![...document.querySelectorAll('#id_author option')].some((o) => o.textContent === 'Ann Other'));
      const chosen = String(a.author);
      assert.equal(await page.$$eval('#id_author option', (os) => os.map((o) => o.textContent)), ['---------', chosen, 'Zoe Editor']);
      assert.is(await page.$eval('#id_author', (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent), chosen);
      await page.fill('.selector-filter', 'tea');
      assert.equal(await page.$$eval('#id_tags option', (os) => os.filter((o) => !(o as HTMLOptionElement).hidden).map((o) => o.textContent)), ['green tea']);
    });
  });

  chromiumTest(test, '"+" beside a select adds an author in a popup whose save selects it in the opener; the pencil follows the choice', 'the admin scripts in Chromium', async () => {
    await browse(async (page) => {
      await page.goto(`${origin}/admin/adminopts/article/add/`);
      assert.is(await page.getAttribute('#change_id_author', 'href'), null);
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#add_id_author')]);
      await popup.waitForLoadState();
      assert.match(popup.url(), '/admin/adminopts/author/add/?_to_field=id&_popup=1');
      await popup.fill('#id_name', 'New Writer');
      // Saving ends in popup_response.html, which closes the popup: click after evaluate() returns.
      const closed = popup.waitForEvent('close');
      await popup.evaluate(() => void setTimeout(() => (document.querySelector('input[name="_save"]') as HTMLElement).click(), 0));
      await closed;
      const writer = await (Author.objects as any).get({ name: 'New Writer' });
      assert.is(await page.inputValue('#id_author'), String(writer.pk));
      assert.is(await page.$eval('#id_author', (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent), 'New Writer');
      assert.match((await page.getAttribute('#change_id_author', 'href')) ?? '', `/admin/adminopts/author/${writer.pk}/change/?_to_field=id`);
    });
  });
});
