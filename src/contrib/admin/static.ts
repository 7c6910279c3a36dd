/**
 * The admin's static files (django/contrib/admin/static/admin/): one
 * stylesheet and the boolean icons, served by staticfiles from the admin
 * app's `staticFiles` (no CDN, no build step). Light and dark schemes,
 * visible focus rings, a one-column layout under 768px.
 */
const css = `/* Manouche admin */
:root {
  --primary: #2b5a7a; --secondary: #1f4662; --accent: #f5dd5d; --primary-fg: #fff;
  --body-fg: #333; --body-bg: #fff; --body-quiet-color: #666; --body-loud-color: #000;
  --header-color: #f5dd5d; --header-branding-color: var(--accent); --header-bg: var(--secondary); --header-link-color: var(--primary-fg);
  --breadcrumbs-fg: #c4dce8; --breadcrumbs-link-fg: var(--body-bg); --breadcrumbs-bg: var(--primary);
  --link-fg: #1d6394; --link-hover-color: #0f3d5c; --link-selected-fg: #2b5a7a;
  --hairline-color: #e6e6e6; --border-color: #ccc; --darkened-bg: #f6f7f8; --selected-bg: #e4eef5; --selected-row: #fffbd6;
  --error-fg: #ba2121; --message-success-bg: #dfd; --message-warning-bg: #ffc; --message-error-bg: #ffefef;
  --button-fg: #fff; --button-bg: var(--primary); --button-hover-bg: #205070; --default-button-bg: var(--secondary); --default-button-hover-bg: #153549;
  --delete-button-bg: #ba2121; --delete-button-hover-bg: #a41515; --close-button-bg: #6d6d6d; --close-button-hover-bg: #595959;
  --object-tools-fg: #fff; --object-tools-bg: #767676; --object-tools-hover-bg: #555;
  --focus-ring: #f59e0b;
  --font-family-primary: -apple-system, BlinkMacSystemFont, "Segoe UI", system-ui, Roboto, "Helvetica Neue", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji";
  --font-family-monospace: ui-monospace, Menlo, Monaco, "Cascadia Mono", Consolas, "Liberation Mono", monospace;
  color-scheme: light;
}
@media (prefers-color-scheme: dark) {
  :root {
    --primary: #264b66; --secondary: #1a3347; --primary-fg: #f7f7f7;
    --body-fg: #eaeaea; --body-bg: #121212; --body-quiet-color: #a0a0a0; --body-loud-color: #fff;
    --breadcrumbs-fg: #c7d6e0; --breadcrumbs-bg: #264b66;
    --link-fg: #81d4fa; --link-hover-color: #b3e5fc; --link-selected-fg: #6ec1e4;
    --hairline-color: #272727; --border-color: #353535; --darkened-bg: #1c1c1c; --selected-bg: #1b3448; --selected-row: #00363a;
    --error-fg: #ff8a80; --message-success-bg: #0b3d18; --message-warning-bg: #4a3a00; --message-error-bg: #4d1414;
    --object-tools-bg: #555; --object-tools-hover-bg: #777;
    color-scheme: dark;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html, body { height: 100%; }
body { margin: 0; padding: 0; font-size: 0.875rem; font-family: var(--font-family-primary); color: var(--body-fg); background: var(--body-bg); line-height: 1.45; }
a:link, a:visited { color: var(--link-fg); text-decoration: none; transition: color 0.15s; }
a:hover, a:focus { color: var(--link-hover-color); text-decoration: underline; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible, .button:focus-visible {
  outline: 3px solid var(--focus-ring); outline-offset: 2px;
}
h1, h2, h3, h4 { font-weight: 600; }
h1 { margin: 0 0 20px; font-weight: 400; font-size: 1.6rem; color: var(--body-quiet-color); }
h2 { font-size: 1rem; margin: 1em 0 0.5em; }
h3 { font-size: 0.875rem; margin: 0.8em 0 0.3em; }
p, ul { margin: 0.4em 0 0.8em; }
code, pre { font-family: var(--font-family-monospace); }
.mini { font-size: 0.75rem; } .small { font-size: 0.8rem; } .quiet, .help, .quiet a { color: var(--body-quiet-color); font-weight: normal; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; color: #000; background: #fff; }
.skip-to-content-link { position: absolute; top: -999px; margin: 5px; padding: 8px 12px; background: var(--body-bg); z-index: 100; }
.skip-to-content-link:focus { top: 0; left: 0; }

/* header, breadcrumbs */
#container { display: flex; flex-direction: column; min-height: 100%; }
#header { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; justify-content: space-between; padding: 10px 40px; background: var(--header-bg); color: var(--header-color); }
#branding a, #site-name a:link, #site-name a:visited { color: var(--header-branding-color); }
#site-name { margin: 0; font-size: 1.4rem; font-weight: 300; }
#user-tools { font-size: 0.75rem; letter-spacing: 0.5px; text-transform: uppercase; color: var(--primary-fg); }
#user-tools a, #logout-form button { color: var(--header-link-color); border: none; border-bottom: 1px solid rgba(255,255,255,0.25); }
#logout-form { display: inline; }
#logout-form button { background: none; padding: 0; font: inherit; text-transform: uppercase; letter-spacing: 0.5px; cursor: pointer; }
#user-tools a:hover, #logout-form button:hover { border-bottom-color: var(--primary-fg); text-decoration: none; }
.breadcrumbs { padding: 10px 40px; background: var(--breadcrumbs-bg); color: var(--breadcrumbs-fg); }
.breadcrumbs a:link, .breadcrumbs a:visited { color: var(--breadcrumbs-link-fg); }

/* layout */
#main { flex: 1 0 auto; }
#content { padding: 20px 40px; }
.dashboard #content, #content.colMS { display: flex; flex-wrap: wrap; gap: 30px; align-items: flex-start; }
.dashboard #content-main { flex: 1 1 480px; max-width: 720px; }
#content-related { flex: 0 1 300px; }
#content > h1, #content > h2 { flex-basis: 100%; margin-bottom: 0; }
.dashboard #content > h1 { margin-bottom: 0; }
#footer { padding: 20px 40px; }

/* modules and tables */
.module { margin-bottom: 30px; background: var(--body-bg); }
.module h2, .module caption { margin: 0; padding: 8px 10px; font-weight: 500; font-size: 0.85rem; text-align: left; background: var(--primary); color: var(--primary-fg); }
.module caption a:link, .module caption a:visited { color: var(--primary-fg); }
table { border-collapse: collapse; border-color: var(--border-color); }
.module table { width: 100%; }
td, th { padding: 8px 10px; font-size: 0.85rem; line-height: 1.3; border-bottom: 1px solid var(--hairline-color); vertical-align: top; text-align: left; }
th { font-weight: 600; }
thead th, tfoot td { color: var(--body-quiet-color); padding: 6px 10px; font-size: 0.75rem; background: var(--darkened-bg); border-top: 1px solid var(--hairline-color); border-bottom: 1px solid var(--hairline-color); }
tbody tr:nth-child(even) { background: var(--darkened-bg); }
.dashboard .module table th { width: 100%; }
.dashboard .module table td { white-space: nowrap; }
.addlink, .changelink, .viewlink, .deletelink, .historylink { font-weight: 500; }
.addlink::before { content: "+ "; } .changelink::before { content: "✎ "; } .viewlink::before { content: "👁 "; }
#recent-actions-module h3, #recent-actions-module p { padding: 0 10px; }
ul.actionlist { padding: 0 10px; list-style: none; }
ul.actionlist li { margin-bottom: 8px; overflow: hidden; text-overflow: ellipsis; }
ul.actionlist li.deletelink { color: var(--body-quiet-color); text-decoration: line-through; }
ul.actionlist li.addlink::before { content: "+ "; color: #3a8a3a; }
ul.actionlist li.changelink::before { content: "✎ "; color: #b78e00; }
ul.actionlist li.deletelink::before { content: "✕ "; color: var(--error-fg); }

/* messages and errors */
ul.messagelist { padding: 0; margin: 0; list-style: none; }
ul.messagelist li { display: block; padding: 12px 40px; font-size: 0.85rem; border-bottom: 1px solid var(--hairline-color); background: var(--message-success-bg); color: var(--body-fg); }
ul.messagelist li.warning { background: var(--message-warning-bg); }
ul.messagelist li.error { background: var(--message-error-bg); }
.errornote { display: block; padding: 10px 12px; margin: 0 0 10px; font-size: 0.9rem; color: var(--error-fg); border: 1px solid var(--error-fg); border-radius: 4px; background: var(--body-bg); }
ul.errorlist { margin: 0 0 4px; padding: 0; color: var(--error-fg); background: var(--body-bg); list-style: none; }
ul.errorlist li { font-size: 0.8rem; display: block; margin-bottom: 4px; }
.errors input, .errors select, .errors textarea { border: 1px solid var(--error-fg) !important; }

/* object tools */
.object-tools { display: flex; justify-content: flex-end; gap: 8px; padding: 0; margin: -10px 0 12px; list-style: none; }
.object-tools a:link, .object-tools a:visited { display: block; padding: 4px 12px; border-radius: 15px; font-size: 0.75rem; font-weight: 500; letter-spacing: 0.5px; text-transform: uppercase; color: var(--object-tools-fg); background: var(--object-tools-bg); }
.object-tools a:hover, .object-tools a:focus { background: var(--object-tools-hover-bg); text-decoration: none; }

/* forms */
form { margin: 0; }
input, textarea, select, .form-row p { font-size: 0.875rem; font-family: inherit; }
input[type=text], input[type=password], input[type=email], input[type=url], input[type=number], input[type=tel], input[type=search], input[type=date], input[type=datetime-local], input[type=time], textarea, select {
  padding: 6px 8px; min-height: 32px; border: 1px solid var(--border-color); border-radius: 4px; color: var(--body-fg); background: var(--body-bg); max-width: 100%;
}
textarea { width: 40em; min-height: 8em; vertical-align: top; }
input[type=text], input[type=password], input[type=email], input[type=url] { width: 22em; }
input:focus, textarea:focus, select:focus { border-color: var(--primary); }
fieldset { min-width: 0; padding: 0; border: none; border-top: 1px solid var(--hairline-color); margin: 0 0 20px; }
fieldset.collapse summary { cursor: pointer; }
fieldset.collapse summary h2 { display: inline; }
.form-row { padding: 10px; font-size: 0.85rem; border-bottom: 1px solid var(--hairline-color); overflow: hidden; }
.form-row .fieldBox { display: inline-block; margin-right: 20px; vertical-align: top; }
.flex-container { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; }
.aligned label { display: block; flex: 0 0 170px; padding: 4px 10px 0 0; font-weight: 400; color: var(--body-quiet-color); }
.aligned label.required, label.required { font-weight: 600; color: var(--body-fg); }
.checkbox-row label { flex: 0 1 auto; padding: 0; }
.aligned .help, .aligned div.help { margin: 4px 0 0 180px; font-size: 0.75rem; }
.readonly { padding-top: 4px; }
.description { padding: 8px 10px; color: var(--body-quiet-color); }
.submit-row { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; padding: 12px 14px; margin: 0 0 20px; background: var(--darkened-bg); border: 1px solid var(--hairline-color); border-radius: 4px; }
.submit-row .deletelink, .submit-row .closelink { margin-left: auto; }
.button, input[type=submit], input[type=button], .submit-row input, a.button {
  display: inline-block; padding: 8px 15px; border: none; border-radius: 4px; font-size: 0.85rem; font-weight: 500; line-height: 1.2; cursor: pointer; color: var(--button-fg); background: var(--button-bg);
}
.button:hover, input[type=submit]:hover, a.button:hover { background: var(--button-hover-bg); color: var(--button-fg); text-decoration: none; }
input[type=submit].default, .submit-row input.default { font-weight: 700; background: var(--default-button-bg); }
input[type=submit].default:hover { background: var(--default-button-hover-bg); }
input[type=submit].danger, a.deletelink:link, a.deletelink:visited { display: inline-block; padding: 8px 15px; border-radius: 4px; color: #fff; background: var(--delete-button-bg); }
a.deletelink:hover, input[type=submit].danger:hover { background: var(--delete-button-hover-bg); color: #fff; text-decoration: none; }
a.closelink:link, a.closelink:visited, a.cancel-link:link, a.cancel-link:visited { display: inline-block; padding: 8px 15px; border-radius: 4px; color: #fff; background: var(--close-button-bg); }
a.closelink:hover, a.cancel-link:hover { background: var(--close-button-hover-bg); color: #fff; text-decoration: none; }

/* change list */
#changelist { display: flex; align-items: flex-start; gap: 30px; }
#changelist .changelist-form-container { flex: 1 1 auto; min-width: 0; }
#toolbar { padding: 8px 10px; margin-bottom: 15px; border-top: 1px solid var(--hairline-color); border-bottom: 1px solid var(--hairline-color); background: var(--darkened-bg); color: var(--body-quiet-color); }
#toolbar form input[type=search] { width: 20em; }
#toolbar form input[type=submit] { padding: 6px 12px; margin-left: 6px; }
#toolbar .quiet { margin-left: 8px; }
.results { overflow-x: auto; width: 100%; }
#result_list thead th { white-space: nowrap; vertical-align: middle; }
#result_list thead th .text a, #result_list thead th .text span { display: block; padding: 2px 4px; }
#result_list thead th.sorted { background: var(--selected-bg); }
#result_list thead th .sortoptions { float: right; display: flex; gap: 4px; align-items: center; }
.sortoptions a { display: inline-block; width: 12px; height: 12px; text-align: center; font-size: 10px; line-height: 12px; }
.sortoptions a.sortremove::after { content: "✕"; }
.sortoptions a.toggle.ascending::after { content: "▲"; }
.sortoptions a.toggle.descending::after { content: "▼"; }
.sortoptions a:hover { text-decoration: none; }
.sortpriority { font-size: 0.7rem; }
#result_list tbody th { font-weight: 400; }
#result_list tbody th a { font-weight: 600; }
#result_list tbody tr:hover { background: var(--selected-row); }
td.nowrap, th.nowrap { white-space: nowrap; }
p.empty { padding: 20px 10px; color: var(--body-quiet-color); }
#changelist-filter { flex: 0 0 240px; order: 1; background: var(--darkened-bg); border-left: 1px solid var(--hairline-color); }
#changelist-filter h2 { margin: 0; padding: 8px 15px; font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.5px; background: var(--primary); color: var(--primary-fg); }
#changelist-filter details { padding: 0 15px 5px; border-bottom: 1px solid var(--hairline-color); }
#changelist-filter summary { margin: 12px 0 6px; font-weight: 600; cursor: pointer; }
#changelist-filter ul { padding: 0 0 0 10px; margin: 0 0 6px; list-style: none; }
#changelist-filter li { padding: 2px 0; }
#changelist-filter li.selected { border-left: 4px solid var(--primary); margin-left: -14px; padding-left: 10px; }
#changelist-filter li.selected a { color: var(--link-selected-fg); font-weight: 600; }
.paginator { padding: 10px 0; margin: 0; font-size: 0.85rem; line-height: 2.2; color: var(--body-quiet-color); border-top: 1px solid var(--hairline-color); }
.paginator a:link, .paginator a:visited, .paginator .this-page { display: inline-block; min-width: 28px; padding: 0 6px; text-align: center; border-radius: 4px; }
.paginator a:link, .paginator a:visited { background: var(--button-bg); color: var(--button-fg); }
.paginator a:hover { background: var(--button-hover-bg); text-decoration: none; }
.paginator .this-page { font-weight: 700; color: var(--body-loud-color); }
.paginator a.showall { background: none; color: var(--link-fg); }

/* actions */
#changelist .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 10px; margin-bottom: 10px; background: var(--darkened-bg); border-top: 1px solid var(--hairline-color); border-bottom: 1px solid var(--hairline-color); color: var(--body-quiet-color); }
#changelist .actions select { margin-left: 4px; }
#changelist .actions .button { padding: 6px 12px; }
td.action-checkbox, th.action-checkbox-column { width: 1.5em; text-align: center; }
input.action-select { width: 16px; height: 16px; margin: 0; }

/* delete confirmation, history */
#deleted-objects { padding-left: 20px; }
.delete-confirmation form .submit-row { margin-top: 20px; }
#change-history { width: 100%; }

/* login */
body.login { background: var(--darkened-bg); }
.login #container { width: 100%; max-width: 420px; min-height: auto; margin: 80px auto; border: 1px solid var(--hairline-color); border-radius: 6px; overflow: hidden; background: var(--body-bg); }
.login #header { justify-content: center; padding: 15px 20px; }
.login #content { padding: 20px; }
.login .form-row { padding: 6px 0; border: none; }
.login .form-row label { display: block; padding: 0 0 4px; color: var(--body-quiet-color); }
.login .form-row input { width: 100%; }
.login .submit-row { padding: 10px 0 0; background: none; border: none; margin: 0; }
.login .submit-row input { width: 100%; }

/* inlines */
.inline-group { margin-bottom: 30px; }
.inline-group .module { margin-bottom: 0; border: 1px solid var(--hairline-color); border-radius: 4px; overflow: hidden; }
.inline-group .tabular { overflow-x: auto; }
.inline-group .tabular table { width: 100%; }
.inline-group .tabular td, .inline-group .tabular th { vertical-align: middle; }
.inline-group .tabular td.original { width: 1%; white-space: nowrap; color: var(--body-quiet-color); }
.inline-group .tabular td.original p { margin: 0; font-size: 0.8rem; }
.inline-group .tabular td.delete, .inline-group .tabular th:last-child { width: 1%; text-align: center; white-space: nowrap; }
.inline-group .tabular tr.has_original td { padding-top: 10px; }
.inline-group .tabular input[type=text] { width: 100%; min-width: 6em; }
.inline-group .tabular input[type=number] { width: 8em; }
.inline-group th.required::after { content: " *"; color: var(--error-fg); }
.inline-group .empty-form { display: none; }
.inline-group [hidden] { display: none !important; }
.inline-related h3 { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 0; padding: 6px 10px; font-size: 0.8rem; font-weight: 400; color: var(--body-quiet-color); background: var(--darkened-bg); border-bottom: 1px solid var(--hairline-color); }
.inline-related h3 b { color: var(--body-fg); }
.inline-related h3 .delete { margin-left: auto; }
.inline-related fieldset.module { border: none; border-radius: 0; }
.inline-group .add-row td, .inline-group div.add-row { padding: 8px 10px; background: var(--darkened-bg); border-bottom: none; }
.inline-group .add-row button, .inline-deletelink { padding: 0; font: inherit; font-size: 0.8rem; font-weight: 500; color: var(--link-fg); background: none; border: none; cursor: pointer; }
.inline-group .add-row button:hover, .inline-deletelink:hover { color: var(--link-hover-color); text-decoration: underline; }
.inline-deletelink { color: var(--error-fg); }
.inline-deletelink::before { content: "✕ "; }
a.inlinechangelink, a.inlineviewlink { font-size: 0.75rem; margin-left: 6px; }
tr.row-form-errors td { padding: 4px 10px; background: var(--message-error-bg); }

/* small screens: one column */
@media (max-width: 767px) {
  #header, .breadcrumbs, #content, #footer, ul.messagelist li { padding-left: 15px; padding-right: 15px; }
  #changelist { flex-direction: column; align-items: stretch; }
  .object-tools { margin-top: 0; }
  #changelist-filter { order: -1; flex-basis: auto; width: 100%; border-left: none; }
  .aligned label { flex-basis: 100%; }
  .aligned .help, .aligned div.help { margin-left: 0; }
  textarea, input[type=text], input[type=password], input[type=email], input[type=url] { width: 100%; }
  #toolbar form input[type=search] { width: 100%; margin-bottom: 6px; }
  .dashboard #content-main, #content-related { flex-basis: 100%; max-width: none; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;

/**
 * admin/js/inlines.js: "Add another …" clones a formset's empty form
 * (its '__prefix__' becomes the next index, TOTAL_FORMS grows) and every new
 * row gets a "Remove" button that renumbers the rows after it. Without this
 * script the server-rendered extra forms still work.
 */
const inlinesJs = `'use strict';
{
  const init = (group) => {
    const options = JSON.parse(group.dataset.inlineFormset).options;
    const prefix = options.prefix;
    const field = (name) => document.getElementById('id_' + prefix + '-' + name);
    const total = field('TOTAL_FORMS');
    const template = document.getElementById(prefix + '-empty');
    if (!total || !template) return;
    const tabular = group.dataset.inlineType === 'tabular';
    const initial = parseInt(field('INITIAL_FORMS').value, 10) || 0;
    const maxValue = field('MAX_NUM_FORMS') ? field('MAX_NUM_FORMS').value : '';
    const max = maxValue === '' ? Infinity : parseInt(maxValue, 10);
    const rowSelector = tabular ? 'tr.form-row' : 'div.inline-related';
    const pattern = new RegExp('(' + prefix + '-)(\\\\d+|__prefix__)(?=-|$)');
    const dynamicRows = () => [...group.querySelectorAll(rowSelector)].filter((r) => r.classList.contains('dynamic-' + prefix));

    const addRow = document.createElement(tabular ? 'tr' : 'div');
    addRow.className = 'add-row';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'addlink';
    button.textContent = options.addText;
    if (tabular) {
      const cell = document.createElement('td');
      cell.colSpan = template.children.length;
      cell.append(button);
      addRow.append(cell);
    } else addRow.append(button);
    template.after(addRow);

    // Each dynamic row's index (and every id, name and for inside it) follows its position.
    const renumber = () => {
      dynamicRows().forEach((row, i) => {
        const index = String(initial + i);
        row.id = prefix + '-' + index;
        for (const node of [row, ...row.querySelectorAll('*')]) {
          for (const attr of ['id', 'name', 'for']) {
            const value = node.getAttribute(attr);
            if (value) node.setAttribute(attr, value.replace(pattern, '$1' + index));
          }
        }
        const label = row.querySelector('.inline_label');
        if (label) label.textContent = '#' + (initial + i + 1);
      });
      total.value = String(initial + dynamicRows().length);
      addRow.hidden = parseInt(total.value, 10) >= max;
    };
    const addRemove = (row) => {
      row.classList.add('dynamic-' + prefix);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'inline-deletelink';
      remove.textContent = options.deleteText;
      remove.addEventListener('click', () => {
        row.remove();
        renumber();
        button.focus();
      });
      if (tabular) {
        let cell = row.querySelector('td.delete');
        if (!cell) {
          cell = document.createElement('td');
          row.append(cell);
        }
        cell.append(remove);
      } else (row.querySelector('h3') || row).append(remove);
    };
    // The server's extra forms are removable like the added ones.
    for (const row of group.querySelectorAll(rowSelector + ':not(.has_original):not(.empty-form)')) addRemove(row);
    button.addEventListener('click', () => {
      const row = template.cloneNode(true);
      row.classList.remove('empty-form', 'last-related');
      template.before(row);
      addRemove(row);
      renumber();
      const first = row.querySelector('input:not([type=hidden]), select, textarea');
      if (first) first.focus();
    });
    renumber();
  };
  const start = () => document.querySelectorAll('.js-inline-admin-formset').forEach(init);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
`;

const icon = (fill: string, path: string) =>
  `<svg width="13" height="13" viewBox="0 0 1792 1792" xmlns="http://www.w3.org/2000/svg"><path fill="${fill}" d="${path}"/></svg>\n`;

/** Static path → content, as the admin app ships them. */
export const adminStaticFiles: Record<string, string> = {
  'admin/css/base.css': css,
  'admin/js/inlines.js': inlinesJs,
  'admin/img/icon-yes.svg': icon('#70bf2b', 'M1412 734q0-28-18-46l-91-90q-19-19-45-19t-45 19l-408 407-226-226q-19-19-45-19t-45 19l-91 90q-18 18-18 46 0 27 18 45l362 362q19 19 45 19 27 0 46-19l543-543q18-18 18-45zm252 162q0 209-103 385.5t-279.5 279.5-385.5 103-385.5-103-279.5-279.5-103-385.5 103-385.5 279.5-279.5 385.5-103 385.5 103 279.5 279.5 103 385.5z'),
  'admin/img/icon-no.svg': icon('#dd4646', 'M1277 1122q0-26-19-45l-181-181 181-181q19-19 19-45 0-27-19-46l-90-90q-19-19-46-19-26 0-45 19l-181 181-181-181q-19-19-45-19-27 0-46 19l-90 90q-19 19-19 46 0 26 19 45l181 181-181 181q-19 19-19 45 0 27 19 46l90 90q19 19 46 19 26 0 45-19l181-181 181 181q19 19 45 19 27 0 46-19l90-90q19-19 19-46zm387-226q0 209-103 385.5t-279.5 279.5-385.5 103-385.5-103-279.5-279.5-103-385.5 103-385.5 279.5-279.5 385.5-103 385.5 103 279.5 279.5 103 385.5z'),
  'admin/img/icon-unknown.svg': icon('#666666', 'M1024 1376v-192q0-14-9-23t-23-9h-192q-14 0-23 9t-9 23v192q0 14 9 23t23 9h192q14 0 23-9t9-23zm256-672q0-88-55.5-163t-138.5-116-170-41q-243 0-371 213-15 24 8 42l132 100q7 6 19 6 16 0 25-12 53-68 86-92 34-24 86-24 48 0 85.5 26t37.5 59q0 38-20 61t-68 45q-63 28-115.5 86.5t-52.5 125.5v36q0 14 9 23t23 9h192q14 0 23-9t9-23q0-19 21.5-49.5t54.5-49.5q32-18 49-28.5t46-35 44.5-48 28-60.5 12.5-81zm384 192q0 209-103 385.5t-279.5 279.5-385.5 103-385.5-103-279.5-279.5-103-385.5 103-385.5 279.5-279.5 385.5-103 385.5 103 279.5 279.5 103 385.5z'),
};
