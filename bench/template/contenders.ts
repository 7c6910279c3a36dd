// The template benchmark's workloads and contenders, shared by
// bench/template.bench.ts (timing) and test/template/bench.test.ts (which
// checks that every contender renders the same HTML, so the timings compare
// equal work).
import ejs from 'ejs';
import { Eta } from 'eta';
import Handlebars from 'handlebars';
import { Liquid } from 'liquidjs';
import nunjucks from 'nunjucks';
import pug from 'pug';
import { Engine, LocmemLoader } from '../../src/template/index';

// ---------------------------------------------------------------------------
// Data

export interface Article {
  id: number;
  title: string;
  author: string;
  published: boolean;
  subtitle: string;
  body: string;
  tags: string[];
}

export const articles: Article[] = Array.from({ length: 100 }, (_, i) => ({
  id: i,
  title: `Article ${i} <about> "things" & stuff`,
  author: `author ${i % 7}`,
  published: i % 3 !== 0,
  subtitle: i % 4 === 0 ? '' : `Subtitle ${i}`,
  body: `Lorem ipsum dolor sit amet number ${i}, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore.`,
  tags: [`tag${i % 5}`, 'x&y', 'news'],
}));

export const rows: string[][] = Array.from({ length: 1000 }, (_, i) =>
  Array.from({ length: 10 }, (_, j) => (j === 9 ? `<${i}&${j}>` : `r${i}c${j}`)),
);

export const helloData = { name: '<World> & "friends"' };
export const listData = { articles };
export const tableData = { rows };

/** Django's truncatechars for ASCII text (the bodies are ASCII). */
function truncatechars(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
function esc(s: string): string {
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => escapes[c]) : s;
}

// ---------------------------------------------------------------------------
// Sources

const django = {
  hello: 'Hello {{ name }}!',
  base:
    '<!DOCTYPE html>\n<html><head><title>{% block title %}Site{% endblock %}</title></head>\n' +
    '<body><header><h1>My Site</h1></header>\n<main>{% block content %}{% endblock %}</main>\n' +
    '<footer>(c) 2026</footer></body></html>\n',
  list:
    '{% extends "base.html" %}\n{% block title %}Articles{% endblock %}\n{% block content %}\n<ul class="articles">\n' +
    '{% for article in articles %}\n<li class="article">\n<span class="n">{{ forloop.counter }}</span>\n' +
    '<h2>{{ article.title }}</h2>\n<p class="by">by {{ article.author|upper }}</p>\n' +
    '{% if article.published %}<em>Published</em>{% else %}<em>Draft</em>{% endif %}\n' +
    '<p class="sub">{{ article.subtitle|default:"No subtitle" }}</p>\n<p>{{ article.body|truncatechars:50 }}</p>\n' +
    '<p class="tags">{{ article.tags|join:", " }}</p>\n</li>\n{% endfor %}\n</ul>\n{% endblock %}\n',
  table: '<table>\n{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>\n{% endfor %}</table>\n',
};

const nunjucksSrc: Record<string, string> = {
  'hello.html': 'Hello {{ name }}!',
  'base.html': django.base,
  'list.html':
    '{% extends "base.html" %}\n{% block title %}Articles{% endblock %}\n{% block content %}\n<ul class="articles">\n' +
    '{% for article in articles %}\n<li class="article">\n<span class="n">{{ loop.index }}</span>\n' +
    '<h2>{{ article.title }}</h2>\n<p class="by">by {{ article.author | upper }}</p>\n' +
    '{% if article.published %}<em>Published</em>{% else %}<em>Draft</em>{% endif %}\n' +
    '<p class="sub">{{ article.subtitle or "No subtitle" }}</p>\n<p>{{ article.body | truncatechars(50) }}</p>\n' +
    '<p class="tags">{{ article.tags | join(", ") }}</p>\n</li>\n{% endfor %}\n</ul>\n{% endblock %}\n',
  'table.html': '<table>\n{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>\n{% endfor %}</table>\n',
};

const liquidSrc: Record<string, string> = {
  hello: 'Hello {{ name }}!',
  base: django.base,
  list:
    '{% layout "base" %}\n{% block title %}Articles{% endblock %}\n{% block content %}\n<ul class="articles">\n' +
    '{% for article in articles %}\n<li class="article">\n<span class="n">{{ forloop.index }}</span>\n' +
    '<h2>{{ article.title }}</h2>\n<p class="by">by {{ article.author | upcase }}</p>\n' +
    '{% if article.published %}<em>Published</em>{% else %}<em>Draft</em>{% endif %}\n' +
    '<p class="sub">{{ article.subtitle | default: "No subtitle" }}</p>\n<p>{{ article.body | truncatechars: 50 }}</p>\n' +
    '<p class="tags">{{ article.tags | join: ", " }}</p>\n</li>\n{% endfor %}\n</ul>\n{% endblock %}\n',
  table: '<table>\n{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>\n{% endfor %}</table>\n',
};

const etaSrc: Record<string, string> = {
  '@hello': 'Hello <%= it.name %>!',
  '@base':
    '<!DOCTYPE html>\n<html><head><title><%~ it.title %></title></head>\n<body><header><h1>My Site</h1></header>\n' +
    '<main><%~ it.body %></main>\n<footer>(c) 2026</footer></body></html>\n',
  '@list':
    '<% layout("@base", { title: "Articles" }) %>\n<ul class="articles">\n' +
    '<% it.articles.forEach(function (article, i) { %>\n<li class="article">\n<span class="n"><%= i + 1 %></span>\n' +
    '<h2><%= article.title %></h2>\n<p class="by">by <%= article.author.toUpperCase() %></p>\n' +
    '<% if (article.published) { %><em>Published</em><% } else { %><em>Draft</em><% } %>\n' +
    '<p class="sub"><%= article.subtitle || "No subtitle" %></p>\n<p><%= it.truncatechars(article.body, 50) %></p>\n' +
    '<p class="tags"><%= article.tags.join(", ") %></p>\n</li>\n<% }) %>\n</ul>\n',
  '@table': '<table>\n<% it.rows.forEach(function (row) { %><tr><% row.forEach(function (cell) { %><td><%= cell %></td><% }) %></tr>\n<% }) %></table>\n',
};

const ejsSrc: Record<string, string> = {
  hello: 'Hello <%= name %>!',
  header: '<!DOCTYPE html>\n<html><head><title><%= title %></title></head>\n<body><header><h1>My Site</h1></header>\n<main>',
  footer: '</main>\n<footer>(c) 2026</footer></body></html>\n',
  list:
    '<%- include("header", { title: "Articles" }) %>\n<ul class="articles">\n' +
    '<% for (let i = 0; i < articles.length; i++) { const article = articles[i]; %>\n<li class="article">\n<span class="n"><%= i + 1 %></span>\n' +
    '<h2><%= article.title %></h2>\n<p class="by">by <%= article.author.toUpperCase() %></p>\n' +
    '<% if (article.published) { %><em>Published</em><% } else { %><em>Draft</em><% } %>\n' +
    '<p class="sub"><%= article.subtitle || "No subtitle" %></p>\n<p><%= truncatechars(article.body, 50) %></p>\n' +
    '<p class="tags"><%= article.tags.join(", ") %></p>\n</li>\n<% } %>\n</ul>\n<%- include("footer") %>',
  table: '<table>\n<% for (const row of rows) { %><tr><% for (const cell of row) { %><td><%= cell %></td><% } %></tr>\n<% } %></table>\n',
};

const pugSrc: Record<string, string> = {
  hello: '| Hello #{name}!',
  base:
    'doctype html\nhtml\n  head\n    title\n      block title\n        | Site\n  body\n    header\n      h1 My Site\n    main\n      block content\n    footer (c) 2026\n',
  list:
    'extends base.pug\nblock title\n  | Articles\nblock content\n  ul.articles\n    each article, i in articles\n      li.article\n' +
    '        span.n= i + 1\n        h2= article.title\n        p.by by #{article.author.toUpperCase()}\n' +
    '        if article.published\n          em Published\n        else\n          em Draft\n' +
    '        p.sub= article.subtitle || "No subtitle"\n        p= truncatechars(article.body, 50)\n        p.tags= article.tags.join(", ")\n',
  table: 'table\n  each row in rows\n    tr\n      each cell in row\n        td= cell\n',
};

const handlebarsSrc: Record<string, string> = {
  hello: 'Hello {{name}}!',
  base:
    '<!DOCTYPE html>\n<html><head><title>{{title}}</title></head>\n<body><header><h1>My Site</h1></header>\n' +
    '<main>{{> @partial-block }}</main>\n<footer>(c) 2026</footer></body></html>\n',
  list:
    '{{#> base title="Articles"}}\n<ul class="articles">\n{{#each articles}}\n<li class="article">\n<span class="n">{{inc @index}}</span>\n' +
    '<h2>{{title}}</h2>\n<p class="by">by {{upper author}}</p>\n' +
    '{{#if published}}<em>Published</em>{{else}}<em>Draft</em>{{/if}}\n' +
    '<p class="sub">{{default subtitle "No subtitle"}}</p>\n<p>{{truncatechars body 50}}</p>\n' +
    '<p class="tags">{{join tags ", "}}</p>\n</li>\n{{/each}}\n</ul>\n{{/base}}',
  table: '<table>\n{{#each rows}}<tr>{{#each this}}<td>{{this}}</td>{{/each}}</tr>\n{{/each}}</table>\n',
};

// ---------------------------------------------------------------------------
// Contenders: each gives a render function per workload and a compile step.

/** Printed under the compile table: what each Manouche row includes. */
export const compileNote =
  "'manouche (adaptive, default)': parse + node trees, the engine's default (code is generated at a template's second render); " +
  "'manouche (eager codegen)': parse + trees + code generation + new Function (mode 'compiled'). " +
  'Every contender compiles the same sources again and again, so V8’s compilation cache serves each new Function (eta and pug too).';

export type Workload = 'hello' | 'list' | 'table';

export interface Contender {
  name: string;
  render: Record<Workload, () => string>;
  /** Parses and compiles the list page's templates from source, no cache. */
  compile: () => unknown;
  /** Timed on "compile" only (a variant whose renders are another row's). */
  compileOnly?: boolean;
}

/**
 * Manouche in one of its modes. Its "compile" is getting the list page and
 * its base from source through an uncached loader: both parsed into node
 * trees, each a template that renders when called. In the default adaptive
 * mode code generation waits for a template's second render, so it is not
 * part of that; 'compiled' (the eager mode) generates and builds the list
 * page's render function too, inheritance resolved (shown as its own row).
 */
function manouche(mode: 'adaptive' | 'compiled' | 'interpreted'): Contender {
  const templates = { 'hello.html': django.hello, 'base.html': django.base, 'list.html': django.list, 'table.html': django.table };
  const engine = new Engine({ templates, mode });
  const hello = engine.getTemplate('hello.html');
  const list = engine.getTemplate('list.html');
  const table = engine.getTemplate('table.html');
  const uncached = new Engine({ loaders: [new LocmemLoader(templates)], mode });
  return {
    // The engine's default mode is 'adaptive': its row says so, so that the
    // compile rows are not read as the eager mode's.
    name: mode === 'adaptive' ? 'manouche (adaptive, default)' : mode === 'compiled' ? 'manouche (eager codegen)' : 'manouche (interpreted)',
    render: {
      hello: () => hello.render(helloData),
      list: () => list.render(listData),
      table: () => table.render(tableData),
    },
    compile: () => (mode === 'compiled' ? uncached.getTemplate('list.html').compiled() : [uncached.getTemplate('list.html'), uncached.getTemplate('base.html')]),
    compileOnly: mode === 'compiled',
  };
}

function floor(): Contender {
  const base = (title: string, body: string) =>
    `<!DOCTYPE html>\n<html><head><title>${title}</title></head>\n<body><header><h1>My Site</h1></header>\n<main>${body}</main>\n<footer>(c) 2026</footer></body></html>\n`;
  const list = (d: typeof listData) => {
    let s = '\n<ul class="articles">\n';
    const a = d.articles;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      s += `\n<li class="article">\n<span class="n">${i + 1}</span>\n<h2>${esc(x.title)}</h2>\n<p class="by">by ${esc(x.author.toUpperCase())}</p>\n${
        x.published ? '<em>Published</em>' : '<em>Draft</em>'
      }\n<p class="sub">${esc(x.subtitle || 'No subtitle')}</p>\n<p>${esc(truncatechars(x.body, 50))}</p>\n<p class="tags">${x.tags.map(esc).join(', ')}</p>\n</li>\n`;
    }
    return base('Articles', `${s}\n</ul>\n`);
  };
  const table = (d: typeof tableData) => {
    let s = '<table>\n';
    for (const row of d.rows) {
      s += '<tr>';
      for (const cell of row) s += `<td>${esc(cell)}</td>`;
      s += '</tr>\n';
    }
    return `${s}</table>\n`;
  };
  return {
    name: 'template literal (floor)',
    render: { hello: () => `Hello ${esc(helloData.name)}!`, list: () => list(listData), table: () => table(tableData) },
    compile: () => 0,
  };
}

function nunjucksContender(): Contender {
  const loader = { getSource: (name: string) => ({ src: nunjucksSrc[name], path: name, noCache: false }) };
  const make = () => {
    const env = new nunjucks.Environment(loader as unknown as nunjucks.ILoader, { autoescape: true });
    env.addFilter('truncatechars', truncatechars);
    return env;
  };
  const env = make();
  return {
    name: 'nunjucks',
    render: {
      hello: () => env.render('hello.html', helloData),
      list: () => env.render('list.html', listData),
      table: () => env.render('table.html', tableData),
    },
    compile: () => {
      const e = make();
      const Template = (nunjucks as unknown as { Template: new (src: string, env: unknown, path: string, eager: boolean) => unknown }).Template;
      new Template(nunjucksSrc['list.html'], e, 'list.html', true);
      new Template(nunjucksSrc['base.html'], e, 'base.html', true);
    },
  };
}

function liquidContender(): Contender {
  const make = () => {
    const engine = new Liquid({ templates: liquidSrc, outputEscape: 'escape', cache: true });
    engine.registerFilter('truncatechars', truncatechars);
    return engine;
  };
  const engine = make();
  const t = { hello: engine.parse(liquidSrc.hello), list: engine.parse(liquidSrc.list), table: engine.parse(liquidSrc.table) };
  return {
    name: 'liquidjs',
    render: {
      hello: () => engine.renderSync(t.hello, helloData) as string,
      list: () => engine.renderSync(t.list, listData) as string,
      table: () => engine.renderSync(t.table, tableData) as string,
    },
    compile: () => {
      const e = new Liquid({ templates: liquidSrc, outputEscape: 'escape', cache: false });
      e.parse(liquidSrc.list);
      e.parse(liquidSrc.base);
    },
  };
}

function etaContender(): Contender {
  const make = () => {
    const eta = new Eta({ autoEscape: true, cache: true });
    for (const [k, v] of Object.entries(etaSrc)) eta.loadTemplate(k, v);
    return eta;
  };
  const eta = make();
  const listIt = { ...listData, truncatechars };
  return {
    name: 'eta',
    render: {
      hello: () => eta.render('@hello', helloData),
      list: () => eta.render('@list', listIt),
      table: () => eta.render('@table', tableData),
    },
    compile: () => {
      const e = new Eta({ autoEscape: true, cache: false });
      e.compile(etaSrc['@list']);
      e.compile(etaSrc['@base']);
    },
  };
}

function ejsContender(): Contender {
  const opts = { includer: (path: string) => ({ template: ejsSrc[path] }) } as unknown as ejs.Options;
  const t = {
    hello: ejs.compile(ejsSrc.hello, opts),
    list: ejs.compile(ejsSrc.list, opts),
    table: ejs.compile(ejsSrc.table, opts),
  };
  const listIt = { ...listData, truncatechars };
  return {
    name: 'ejs',
    render: { hello: () => t.hello(helloData) as string, list: () => t.list(listIt) as string, table: () => t.table(tableData) as string },
    compile: () => {
      ejs.compile(ejsSrc.list, opts);
      ejs.compile(ejsSrc.header, opts);
      ejs.compile(ejsSrc.footer, opts);
    },
  };
}

function pugContender(): Contender {
  const options = (name: string) => ({
    filename: `/pug/${name}.pug`,
    plugins: [{ read: (path: string) => pugSrc[path.replace(/^.*\//, '').replace(/\.pug$/, '')] }],
  });
  const t = {
    hello: pug.compile(pugSrc.hello, options('hello')),
    list: pug.compile(pugSrc.list, options('list')),
    table: pug.compile(pugSrc.table, options('table')),
  };
  const listIt = { ...listData, truncatechars };
  return {
    name: 'pug',
    render: { hello: () => t.hello(helloData), list: () => t.list(listIt), table: () => t.table(tableData) },
    compile: () => pug.compile(pugSrc.list, options('list')),
  };
}

function handlebarsContender(): Contender {
  const make = () => {
    const hb = Handlebars.create();
    hb.registerHelper('inc', (i: number) => i + 1);
    hb.registerHelper('upper', (s: string) => s.toUpperCase());
    hb.registerHelper('default', (v: unknown, d: unknown) => v || d);
    hb.registerHelper('truncatechars', (s: string, n: number) => truncatechars(s, n));
    hb.registerHelper('join', (a: string[], sep: string) => a.join(sep));
    hb.registerPartial('base', handlebarsSrc.base);
    return hb;
  };
  const hb = make();
  const t = { hello: hb.compile(handlebarsSrc.hello), list: hb.compile(handlebarsSrc.list), table: hb.compile(handlebarsSrc.table) };
  return {
    name: 'handlebars',
    render: { hello: () => t.hello(helloData), list: () => t.list(listData), table: () => t.table(tableData) },
    compile: () => {
      const h = make();
      // Handlebars compiles lazily: render once to force it.
      h.compile(handlebarsSrc.list)(listData);
    },
  };
}

/** Every contender; Manouche first, the floor last. */
export function contenders(): Contender[] {
  return [manouche('adaptive'), manouche('compiled'), manouche('interpreted'), etaContender(), pugContender(), nunjucksContender(), handlebarsContender(), ejsContender(), liquidContender(), floor()];
}

/**
 * Whitespace-insensitive form of an HTML page, for comparing contenders; the
 * engines' different spellings of the same entity (&#34; and &quot;) are
 * made one.
 */
export function normalize(html: string): string {
  return html
    .replace(/&#34;|&#x22;/g, '&quot;')
    .replace(/&#39;|&#x27;/g, '&#x27;').replace(/\s+/g, ' ').replace(/>\s+</g, '><').replace(/>\s+/g, '>').replace(/\s+</g, '<').trim();
}

/** Throws unless every contender renders the same HTML for every workload as the floor. */
export function checkSameOutput(list: Contender[]): void {
  const reference = list.find((c) => c.name.startsWith('template literal'))!;
  for (const w of ['hello', 'list', 'table'] as const) {
    const want = normalize(reference.render[w]());
    // Twice: an adaptive template's first render is interpreted, the next runs generated code.
    for (const c of [...list, ...list]) {
      const got = normalize(c.render[w]());
      if (got !== want) {
        let i = 0;
        while (i < got.length && got[i] === want[i]) i++;
        throw new Error(`${c.name} renders "${w}" differently at ${i}:\n  got:  ${got.slice(Math.max(0, i - 60), i + 60)}\n  want: ${want.slice(Math.max(0, i - 60), i + 60)}`);
      }
    }
  }
}
