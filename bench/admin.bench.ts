// Admin change list benchmark: pages per second on a 100,000-row table
// (sql.js) with a search, a filter and a sort, the list_display foreign key joined.
//
//   floor      the admin's own COUNT and page SQL (captured once) run on sql.js with
//              prepared statements, the page rendered with a template literal
//   manouche   a full request through createApp().fetch(): middleware, URL
//              resolution, the ModelAdmin's ChangeList, the change_list.html template
//
// The admin has no named peers (another framework's admin needs another
// language), so the ratio is to the floor: what the admin costs over the same SQL.
// Both must show the same result count and the same rows before anything is timed.
//
// Run: node --import tsx bench/admin.bench.ts   (or npm run bench admin)
//   BENCH_ROWS (default 100000), BENCH_TIME=ms per task and round (default 250), BENCH_ROUNDS (default 3)
import initSqlJs from 'sql.js';
import { apps } from '../src/apps/registry';
import { defineApp } from '../src/apps/config';
import { configure } from '../src/conf/settings';
import { createApp } from '../src/core/handlers/app';
import { CASCADE, CharField, ForeignKey, IntegerField, SqlJsBackend, connections, createTables, defineModel } from '../src/db/index';
import { path } from '../src/urls/index';
import { captureQueries } from '../src/test/index';
import { User, authApp } from '../src/contrib/auth/index';
import { contenttypesApp } from '../src/contrib/contenttypes/index';
import { CookieStorage, messagesProcessRequest, messagesProcessResponse } from '../src/contrib/messages/index';
import { AdminSite, adminApp } from '../src/contrib/admin/index';
import { printTable, runWorkload } from './orm/harness';
import { applyPragmas } from '../src/db/backends/sqljs';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const TIME = Number(process.env.BENCH_TIME ?? 250);
const CATEGORIES = 100;
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
const STATUS: Record<string, string> = { d: 'Draft', p: 'Published', a: 'Archived' };

const Category = defineModel('benchadmin.Category', { name: CharField({ maxLength: 50 }) });
(Category.prototype as any).toString = function (this: any) {
  return this.name;
};
const Entry = defineModel('benchadmin.Entry', {
  title: CharField({ maxLength: 100 }),
  category: ForeignKey(() => Category, { onDelete: CASCADE }),
  status: CharField({ maxLength: 1, choices: Object.entries(STATUS) }),
  score: IntegerField(),
});

const site = new AdminSite({ name: 'admin' });
site.register(Entry, {
  listDisplay: ['title', 'category', 'status', 'score'],
  listFilter: ['status'],
  searchFields: ['title'],
  listPerPage: 100,
  // Django's advice for big tables: no second COUNT(*) of the unfiltered table.
  showFullResultCount: false,
  actions: null,
});

configure({
  SECRET_KEY: 'bench',
  DEBUG: false,
  ALLOWED_HOSTS: ['127.0.0.1'],
  STATIC_URL: '/static/',
  MESSAGE_STORAGE: CookieStorage,
  ROOT_URLCONF: [path('admin/', site.urls)],
  TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', APP_DIRS: true, OPTIONS: {} }],
} as any);
await apps.populate([contenttypesApp, authApp, adminApp, defineApp({ name: 'benchadmin', verboseName: 'Bench' })]);

// --- one seeded database, copied for each contender ---
const SQL = await initSqlJs();
const seedDb = await SqlJsBackend.open({ sqlJs: SQL });
connections.set('default', seedDb);
await createTables(seedDb as any, [Category, Entry]);
await (Category.objects as any).bulkCreate(Array.from({ length: CATEGORIES }, (_, i) => new (Category as any)({ name: `Category ${String(i).padStart(3, '0')}` })));
const categories = await (Category.objects as any).orderBy('pk').fetch();
const statuses = Object.keys(STATUS);
for (let start = 0; start < ROWS; start += 10_000) {
  const batch = [];
  for (let i = start; i < Math.min(ROWS, start + 10_000); i++) {
    batch.push(new (Entry as any)({ title: `Entry ${String(i).padStart(6, '0')} ${WORDS[i % WORDS.length]}`, category: categories[(i * 7) % CATEGORIES], status: statuses[i % 3], score: (i * 37) % 1000 }));
  }
  await (Entry.objects as any).bulkCreate(batch);
}
const seed = seedDb.export();
await seedDb.close();

const manoucheDb = await SqlJsBackend.open({ sqlJs: SQL, data: seed });
connections.set('default', manoucheDb);
const rawDb = new SQL.Database(seed);
applyPragmas(rawDb); // the floor gets the backend's pragmas: the comparison is not about a pragma

// --- manouche: the whole request ---
const admin = new (User as any)({ username: 'admin', is_staff: true, is_superuser: true, is_active: true });
const asAdmin = (getResponse: (r: any) => Promise<any>) => async (request: any) => {
  request.user = admin;
  messagesProcessRequest(request);
  const response = await getResponse(request);
  await messagesProcessResponse(request, response);
  return response;
};
const app = createApp({ middleware: [asAdmin as any] });
// search 'charlie' (a fifth), Published (a third), score descending then title
const URL_ = 'http://127.0.0.1/admin/benchadmin/entry/?q=charlie&status__exact=p&o=-3.0';
const manouche = async (): Promise<string> => {
  const response = await app.fetch(new Request(URL_));
  if (response.status !== 200) throw new Error(`the change list answered ${response.status}`);
  return response.text();
};

// --- floor: the same two statements, prepared once, and a template literal ---
const { queries } = await captureQueries(manouche);
if (queries.length !== 2) throw new Error(`the change list ran ${queries.length} queries, expected a COUNT and a page:\n${queries.map((q) => q.sql).join('\n')}`);
const [countQuery, pageQuery] = queries as [{ sql: string; params: readonly unknown[] }, { sql: string; params: readonly unknown[] }];
const countStmt = rawDb.prepare(countQuery.sql);
const pageStmt = rawDb.prepare(pageQuery.sql);
const columns = pageStmt.getColumnNames();
const at = (name: string, from = 0) => {
  const i = columns.indexOf(name, from);
  if (i < 0) throw new Error(`the page query has no column ${name}: ${columns.join(', ')}`);
  return i;
};
const title = at('title');
const status = at('status');
const score = at('score');
const categoryName = at('name');
const escape = (s: unknown) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
const floor = (): string => {
  countStmt.bind(countQuery.params as any[]);
  countStmt.step();
  const count = countStmt.get()[0] as number;
  countStmt.reset();
  pageStmt.bind(pageQuery.params as any[]);
  let rows = '';
  while (pageStmt.step()) {
    const r = pageStmt.get();
    rows += `<tr><th>${escape(r[title])}</th><td>${escape(r[categoryName])}</td><td>${escape(STATUS[r[status] as string])}</td><td>${escape(r[score])}</td></tr>\n`;
  }
  pageStmt.reset();
  return `<table id="result_list"><tbody>\n${rows}</tbody></table>\n<p class="paginator">${count} ${count === 1 ? 'entry' : 'entries'}</p>`;
};

/** The result count and each row's cell texts, from either page. */
function norm(html: string): { count: string; rows: string[][] } {
  const unescape = (s: string) => s.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').trim();
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => unescape(c[1]!)));
  const count = /(\d+) entr(?:y|ies)/.exec(html.slice(html.indexOf('class="paginator"')))?.[1] ?? 'none';
  return { count, rows };
}

const first = norm(floor());
if (first.rows.length !== 100 || Number(first.count) < 1000) throw new Error(`the workload is too small to mean anything: ${first.count} results, ${first.rows.length} rows`);
const row = await runWorkload(`change list, ${ROWS.toLocaleString('en-US')} rows: search + filter + sort, ${first.count} results, a page of 100`, [
  { name: 'floor (same SQL, sql.js + template literal)', fn: floor, norm },
  { name: 'manouche admin (full request)', fn: manouche, norm },
], { time: TIME });
printTable([row]);
console.log('(x) = time per page relative to the floor: the same COUNT and page SQL on sql.js, rendered with a template literal');
rawDb.close();
await manoucheDb.close();
