// The form fields ModelAdmin gives each model field (Django's
// formfield_for_dbfield with FORMFIELD_FOR_DBFIELD_DEFAULTS and
// formfield_overrides), rendered without a database.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Textarea, TextInput } from '../../../src/forms/widgets';
import { SplitDateTimeField } from '../../../src/forms/fields';
import { AdminDateWidget, AdminSplitDateTime, AdminTimeWidget, adminFormfield } from '../../../src/contrib/admin/index';
import { Article } from './options-project';

const test = suite('contrib/admin widgets');

const source = (overrides: Record<string, unknown> = {}) => ({
  rawIdFields: [],
  autocompleteFields: [],
  filterHorizontal: [],
  filterVertical: [],
  formfieldOverrides: overrides as any,
  adminSite: { name: 'admin' },
  opts: { appLabel: 'adminopts', modelName: 'article' },
});
const field = (name: string) => (Article as any)._meta.fieldsByName.get(name);

test('defaults: a DateTimeField is a SplitDateTimeField on AdminSplitDateTime; dates and times get their admin widgets', () => {
  const published = adminFormfield(source(), field('published'))!;
  assert.instance(published, SplitDateTimeField);
  assert.instance(published.widget, AdminSplitDateTime);
  assert.ok(published.required);
  assert.is(published.label, 'Published');
  assert.instance(adminFormfield(source(), field('day'))!.widget, AdminDateWidget);
  assert.instance(adminFormfield(source(), field('at'))!.widget, AdminTimeWidget);
  assert.is(String(adminFormfield(source(), field('title'))!.widget.render('title', 'x')), '<input type="text" name="title" value="x" class="vTextField" maxlength="200">');
});

test('AdminSplitDateTime renders a Date as a date and a time, each with its class', () => {
  const html = String(new AdminSplitDateTime().render('when', new Date(2024, 4, 6, 7, 8, 9)));
  assert.is(html, '<p class="datetime">Date: <input type="text" name="when_0" value="2024-05-06" class="vDateField" size="10"><br>Time: <input type="text" name="when_1" value="07:08:09" class="vTimeField" size="8"></p>');
});

test('formfield_overrides by field type win over the defaults; a choices field keeps its select', () => {
  const overridden = adminFormfield(source({ CharField: { widget: new Textarea({ attrs: { rows: '2' } }) } }), field('title'))!;
  assert.instance(overridden.widget, Textarea);
  assert.match(String(overridden.widget.render('title', '')), 'rows="2"');
  assert.is(adminFormfield(source({ CharField: { widget: new TextInput() } }), field('status'))!.widget.constructor.name, 'Select');
});

test('explicit options (a form\'s Meta.widgets) win over formfield_overrides', () => {
  const f = adminFormfield(source({ CharField: { widget: new Textarea() } }), field('title'), { widget: new TextInput({ attrs: { class: 'mine' } }) })!;
  assert.instance(f.widget, TextInput);
  assert.match(String(f.widget.render('title', '')), 'class="mine"');
});

test.run();
