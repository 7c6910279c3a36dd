/**
 * The admin's small progressive scripts (django/contrib/admin/static/admin/js/),
 * vanilla JavaScript with no library and no CDN. Every page works without
 * them: each only enhances controls that already submit on their own.
 *
 * - actions.js: the "0 of N selected" counter, select-all, "Select all N" across pages.
 * - urlify.js + prepopulate_init.js: a slug typed from its source fields on the add page.
 * - DateTimeShortcuts.js: "Today" / "Now" beside date and time inputs, and a month
 *   calendar (previous/next, a click picks the day) beside each date input.
 * - RelatedObjectLookups.js: the raw-id lookup popup and the popup list's choice; the
 *   related select's add/change popups and popup_response's hand-back to the opener.
 * - autocomplete.js: a search box over the autocomplete endpoint for a select.
 * - SelectFilter2.js: filter_horizontal's search box over a multiple select.
 */

const actions = `'use strict';
{
  const form = document.getElementById('changelist-form');
  if (form) {
    const boxes = () => [...form.querySelectorAll('input.action-select')];
    const counter = form.querySelector('.action-counter');
    const across = form.querySelector('input.select-across');
    const show = (sel, on) => form.querySelectorAll(sel).forEach((el) => el.classList.toggle('hidden', !on));
    const update = () => {
      const all = boxes();
      const n = all.filter((b) => b.checked).length;
      if (counter) counter.textContent = n + ' of ' + all.length + ' selected';
      const whole = all.length > 0 && n === all.length;
      const toggle = document.getElementById('action-toggle');
      if (toggle) toggle.checked = whole;
      show('.question', whole && across && across.value !== '1');
      show('.all', across && across.value === '1');
      show('.clear', across && across.value === '1');
      if (!whole && across) across.value = '0';
      all.forEach((b) => b.closest('tr') && b.closest('tr').classList.toggle('selected', b.checked));
    };
    form.addEventListener('change', (e) => {
      if (e.target.id === 'action-toggle') boxes().forEach((b) => { b.checked = e.target.checked; });
      if (e.target.matches('input.action-select, #action-toggle')) update();
    });
    form.addEventListener('click', (e) => {
      const a = e.target.closest('.question a, .clear a');
      if (!a || !across) return;
      e.preventDefault();
      const selectAll = !!a.closest('.question');
      across.value = selectAll ? '1' : '0';
      if (!selectAll) boxes().forEach((b) => { b.checked = false; });
      update();
      if (selectAll) { show('.question', false); show('.all', true); show('.clear', true); }
    });
    update();
  }
}
`;

/** Django's URLify: ASCII by default (accents dropped), lower case, words joined by '-', cut to the field's length. */
const urlify = `'use strict';
function URLify(s, numChars, allowUnicode) {
  if (!allowUnicode) s = s.normalize('NFKD').replace(/[\\u0300-\\u036f]/g, '');
  s = s.toLowerCase();
  s = allowUnicode ? s.replace(/[^-_\\p{L}\\p{N}\\s]/gu, '') : s.replace(/[^-\\w\\s]/g, '');
  s = s.replace(/^\\s+|\\s+$/g, '');
  s = s.replace(/[-\\s]+/g, '-');
  s = s.substring(0, numChars);
  return s.replace(/-+$/g, '');
}
if (typeof window !== 'undefined') window.URLify = URLify;
`;

const prepopulateInit = `'use strict';
{
  const data = document.getElementById('django-admin-prepopulated-fields-constants');
  const fields = data ? JSON.parse(data.dataset.prepopulatedFields || '[]') : [];
  for (const f of fields) {
    const target = document.querySelector(f.id);
    if (!target) continue;
    // Once the user edits the slug, it is theirs (Django's prepopulate.js '_changed').
    target.addEventListener('change', () => { target.dataset.changed = '1'; });
    const fill = () => {
      if (target.dataset.changed) return;
      const text = f.dependency_ids.map((id) => { const el = document.querySelector(id); return el && el.value ? el.value : ''; }).filter(Boolean).join(' ');
      target.value = URLify(text, f.maxLength, f.allowUnicode);
    };
    for (const id of f.dependency_ids) {
      const src = document.querySelector(id);
      if (src) ['keyup', 'change', 'focus'].forEach((ev) => src.addEventListener(ev, fill));
    }
  }
}
`;

const dateTimeShortcuts = `'use strict';
{
  const pad = (n) => String(n).padStart(2, '0');
  const ymd = (d) => d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  const set = (input, value) => { input.value = value; input.dispatchEvent(new Event('change', { bubbles: true })); };
  const link = (label, fn, cls) => {
    const a = document.createElement('a');
    a.href = '#';
    a.textContent = label;
    if (cls) a.className = cls;
    a.addEventListener('click', (e) => { e.preventDefault(); fn(); });
    return a;
  };
  const add = (input, label, value) => {
    const span = document.createElement('span');
    span.className = 'datetimeshortcuts';
    span.append(' ', link(label, () => set(input, value())));
    input.after(span);
    return span;
  };
  // Django's calendar: a month grid (Sunday first), previous/next month, a click picks the day.
  let boxes = 0;
  const calendar = (input, span) => {
    const n = boxes++;
    const box = document.createElement('div');
    box.className = 'calendarbox module';
    box.id = 'calendarbox' + n;
    box.hidden = true;
    let shown = new Date();
    const draw = () => {
      const y = shown.getFullYear(), m = shown.getMonth(), chosen = input.value, today = ymd(new Date());
      let cells = '<tr>' + '<td></td>'.repeat(new Date(y, m, 1).getDay());
      for (let d = 1, last = new Date(y, m + 1, 0).getDate(); d <= last; d++) {
        const v = ymd(new Date(y, m, d));
        if (d > 1 && new Date(y, m, d).getDay() === 0) cells += '</tr><tr>';
        cells += '<td' + (v === today ? ' class="today"' : '') + '><a href="#" data-date="' + v + '"' + (v === chosen ? ' class="selected"' : '') + '>' + d + '</a></td>';
      }
      box.innerHTML = '<div class="calendarnav"><a href="#" class="calendarnav-previous" data-step="-1">‹ Previous</a> <a href="#" class="calendarnav-next" data-step="1">Next ›</a></div><table><caption>' +
        shown.toLocaleString('en', { month: 'long' }) + ' ' + y + '</caption><tr>' + 'SMTWTFS'.replace(/./g, '<th>$&</th>') + '</tr>' + cells + '</tr></table><p class="calendar-cancel"><a href="#">Cancel</a></p>';
    };
    box.addEventListener('click', (e) => {
      const a = e.target.closest('a');
      if (!a) return;
      e.preventDefault();
      if (a.dataset.step) { shown = new Date(shown.getFullYear(), shown.getMonth() + Number(a.dataset.step), 1); draw(); return; }
      if (a.dataset.date) set(input, a.dataset.date);
      box.hidden = true;
    });
    span.append(' | ', link('Calendar', () => {
      const m = /^(\\d{4})-(\\d{1,2})-(\\d{1,2})$/.exec(input.value.trim());
      shown = m ? new Date(+m[1], +m[2] - 1, 1) : new Date();
      draw();
      box.hidden = !box.hidden;
    }, 'calendarlink'));
    span.lastChild.id = 'calendarlink' + n;
    span.after(box);
  };
  const init = () => {
    document.querySelectorAll('input.vDateField:not([data-shortcuts])').forEach((input) => {
      input.dataset.shortcuts = '1';
      calendar(input, add(input, 'Today', () => ymd(new Date())));
    });
    document.querySelectorAll('input.vTimeField:not([data-shortcuts])').forEach((input) => {
      input.dataset.shortcuts = '1';
      add(input, 'Now', () => { const d = new Date(); return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()); });
    });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
}
`;

const relatedObjectLookups = `'use strict';
{
  // The opener's side: a lookup link opens the related list as a popup.
  document.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('a.related-lookup');
    if (!link) return;
    e.preventDefault();
    const url = new URL(link.href, location.href);
    url.searchParams.set('_popup', '1');
    const name = link.id.replace(/^lookup_/, '');
    const win = window.open(url.href, name, 'height=500,width=800,resizable=yes,scrollbars=yes');
    if (win) win.focus();
  });
  // Called by the popup with the chosen key: a foreign key replaces, a many-to-many appends.
  window.dismissRelatedLookupPopup = (win, chosenId) => {
    const elem = document.getElementById(win.name);
    if (elem) {
      if (elem.classList.contains('vManyToManyRawIdAdminField') && elem.value) elem.value += ',' + chosenId;
      else elem.value = chosenId;
      elem.dispatchEvent(new Event('change', { bubbles: true }));
    }
    win.close();
  };
  // The popup's side: a row's link sends its key back to the opener.
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('[data-popup-opener]');
    if (!a || !window.opener || !window.opener.dismissRelatedLookupPopup) return;
    e.preventDefault();
    window.opener.dismissRelatedLookupPopup(window, a.dataset.popupOpener);
  });
  // RelatedFieldWidgetWrapper: "+" and the pencil open the related form as a popup named after the select.
  document.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('a.related-widget-wrapper-link[data-popup]');
    if (!link || !link.href) return;
    e.preventDefault();
    const url = new URL(link.href, location.href);
    url.searchParams.set('_popup', '1');
    const win = window.open(url.href, link.id.replace(/^(add|change)_/, ''), 'height=500,width=800,resizable=yes,scrollbars=yes');
    if (win) win.focus();
  });
  // The pencil follows the chosen option (no option: no link).
  document.addEventListener('change', (e) => {
    const wrap = e.target.closest && e.target.closest('.related-widget-wrapper');
    const link = wrap && wrap.querySelector('a.change-related');
    if (!link || e.target.nodeName !== 'SELECT') return;
    if (e.target.value) link.href = link.dataset.hrefTemplate.replace('__fk__', encodeURIComponent(e.target.value));
    else link.removeAttribute('href');
  });
  const selectsOf = (elem) => [...document.querySelectorAll('.related-widget-wrapper[data-model-ref="' + elem.closest('.related-widget-wrapper').dataset.modelRef + '"] select')];
  window.dismissAddRelatedObjectPopup = (win, value, text) => {
    const elem = document.getElementById(win.name);
    if (elem && elem.nodeName === 'SELECT') {
      elem.append(new Option(text, value, true, true));
      if (!elem.multiple) elem.value = value;
      elem.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (elem) window.dismissRelatedLookupPopup(win, value);
    win.close();
  };
  window.dismissChangeRelatedObjectPopup = (win, objId, text, newId) => {
    const elem = document.getElementById(win.name);
    if (elem && elem.closest('.related-widget-wrapper')) {
      for (const s of selectsOf(elem)) for (const o of s.options) if (o.value === objId) { o.textContent = text; o.value = newId; }
      elem.dispatchEvent(new Event('change', { bubbles: true }));
    }
    win.close();
  };
  // popup_response.html: this script's own element carries the saved object for the opener.
  const data = document.getElementById('django-admin-popup-response-constants');
  if (data && window.opener) {
    const d = JSON.parse(data.dataset.popupResponse);
    if (d.action === 'change') window.opener.dismissChangeRelatedObjectPopup(window, d.value, d.obj, d.new_value);
    else window.opener.dismissAddRelatedObjectPopup(window, d.value, d.obj);
  }
}
`;

const autocomplete = `'use strict';
{
  // A search box above each autocomplete select: typing asks the admin's
  // autocomplete endpoint and replaces the options; the select still submits.
  const init = () => document.querySelectorAll('select.admin-autocomplete').forEach((select) => {
    const box = document.createElement('input');
    box.type = 'search';
    box.className = 'admin-autocomplete-search';
    box.setAttribute('aria-label', 'Search');
    box.placeholder = 'Search';
    select.before(box);
    let timer = 0;
    const load = async () => {
      const url = new URL(select.dataset.ajax__url || select.getAttribute('data-ajax--url'), location.href);
      url.searchParams.set('term', box.value);
      for (const k of ['app_label', 'model_name', 'field_name']) url.searchParams.set(k, select.getAttribute('data-' + k.replace('_', '-')));
      const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      const data = await res.json();
      const chosen = [...select.selectedOptions].map((o) => [o.value, o.textContent]);
      select.replaceChildren();
      if (!select.multiple) select.append(new Option('---------', ''));
      const seen = new Set();
      for (const [id, text] of chosen) if (id) { select.append(new Option(text, id, true, true)); seen.add(id); }
      for (const r of data.results) if (!seen.has(r.id)) select.append(new Option(r.text, r.id));
    };
    box.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  });
  // Form media load in <head>: wait for the selects.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
}
`;

const selectFilter = `'use strict';
{
  // filter_horizontal / filter_vertical: a filter box over the multiple
  // select; the options that do not match are hidden, chosen ones stay.
  const init = () => document.querySelectorAll('select.selectfilter, select.selectfilterstacked').forEach((select) => {
    const box = document.createElement('input');
    box.type = 'search';
    box.className = 'selector-filter';
    box.placeholder = 'Filter';
    box.setAttribute('aria-label', 'Filter available ' + (select.dataset.fieldName || ''));
    select.before(box);
    box.addEventListener('input', () => {
      const q = box.value.toLowerCase();
      for (const o of select.options) o.hidden = !o.selected && !!q && !o.textContent.toLowerCase().includes(q);
    });
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
}
`;

/** The widgets' and the list options' styles (Django's widgets.css), beside base.css. */
const widgetsCss = `.hidden { display: none !important; }
.toplinks { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0 0 12px; padding: 8px 10px; border-bottom: 1px solid var(--hairline-color, #e6e6e6); }
.toplinks .date-back { font-weight: 600; }
.toplinks [aria-current] { font-weight: 600; }
p.datetime { margin: 0; line-height: 2.2; }
.datetimeshortcuts { margin-left: 6px; white-space: nowrap; }
.calendarbox { position: absolute; z-index: 10; padding: 8px; background: var(--body-bg, #fff); border: 1px solid var(--hairline-color, #ccc); box-shadow: 0 4px 12px rgba(0, 0, 0, 0.15); }
.calendarbox .calendarnav { display: flex; justify-content: space-between; gap: 12px; }
.calendarbox caption { font-weight: 600; padding: 4px; }
.calendarbox td, .calendarbox th { text-align: center; padding: 2px 4px; }
.calendarbox td.today a { font-weight: 600; }
.calendarbox a.selected { background: var(--primary, #79aec8); color: #fff; border-radius: 3px; padding: 0 3px; }
.related-lookup { display: inline-block; width: 16px; height: 16px; margin-left: 6px; vertical-align: middle; border: 2px solid currentColor; border-radius: 50%; position: relative; }
.related-lookup::after { content: ''; position: absolute; width: 6px; height: 2px; background: currentColor; right: -6px; bottom: -3px; transform: rotate(45deg); }
.vForeignKeyRawIdAdminField, .vManyToManyRawIdAdminField { width: 8em; }
.selectfilter, .selectfilterstacked { min-width: 16em; min-height: 10em; }
.selector-filter, .admin-autocomplete-search { display: block; margin-bottom: 4px; }
#changelist-form .list-editable-save { margin: 10px 0; }
#result_list td input, #result_list td select { max-width: 100%; }
.action-counter, .actions .all, .actions .question, .actions .clear { margin-left: 8px; font-size: 0.8rem; }
`;

/** Script path → source, served with the admin's other static files. */
export const adminScriptFiles: Record<string, string> = {
  'admin/css/widgets.css': widgetsCss,
  'admin/js/actions.js': actions,
  'admin/js/urlify.js': urlify,
  'admin/js/prepopulate_init.js': prepopulateInit,
  'admin/js/DateTimeShortcuts.js': dateTimeShortcuts,
  'admin/js/RelatedObjectLookups.js': relatedObjectLookups,
  'admin/js/autocomplete.js': autocomplete,
  'admin/js/SelectFilter2.js': selectFilter,
};
