import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../src/template/index';
import {
  BooleanField, CharField, CheckboxSelectMultiple, DateField, EmailField, HiddenInput, IntegerField, Media, MultipleChoiceField,
  PasswordInput, Select, SplitDateTimeField, TemplatesRenderer, Textarea, ChoiceField, ValidationError, defineForm,
} from '../../src/forms/index';
import { html } from './helpers';

const Person = defineForm({
  first_name: new CharField(),
  last_name: new CharField(),
  birthday: new DateField(),
});

const test = suite('forms Form');

test('an unbound form has no errors and renders Django div.html', async () => {
  const p = new Person();
  assert.is(p.isBound, false);
  assert.is(await p.isValid(), false);
  assert.is(p.errors.size, 0);
  assert.is(
    html(String(p)),
    html(`<div><label for="id_first_name">First name:</label><input type="text" name="first_name" required id="id_first_name"></div>
<div><label for="id_last_name">Last name:</label><input type="text" name="last_name" required id="id_last_name"></div>
<div><label for="id_birthday">Birthday:</label><input type="text" name="birthday" required id="id_birthday"></div>`),
  );
});

test('a bound form cleans every field and types cleanedData', async () => {
  const p = new Person(new URLSearchParams('first_name=John&last_name=Lennon&birthday=1940-10-9'));
  assert.ok(await p.isValid());
  assert.equal(p.cleanedData, { first_name: 'John', last_name: 'Lennon', birthday: '1940-10-09' });
  assert.is(p.errors.size, 0);
});

test('data comes as URLSearchParams, FormData, Map, a plain object or a QueryDict-like', async () => {
  const fd = new FormData();
  fd.append('first_name', 'A');
  fd.append('last_name', 'B');
  fd.append('birthday', '2000-01-01');
  const queryDict = { get: (k: string) => ({ first_name: 'A', last_name: 'B', birthday: '2000-01-01' })[k], getlist: (k: string) => [k] };
  for (const data of [fd, new Map<string, unknown>([['first_name', ['A']], ['last_name', 'B'], ['birthday', '2000-01-01']]), { first_name: 'A', last_name: 'B', birthday: '2000-01-01' }, queryDict]) {
    const p = new Person(data as any);
    assert.ok(await p.isValid());
    assert.is(p.cleanedData.first_name, 'A');
  }
});

test('errors per field with codes, asJson, asData and the rendered error list', async () => {
  const p = new Person({ first_name: '', birthday: 'no' });
  assert.is(await p.isValid(), false);
  assert.equal(p.errors.toObject(), { first_name: ['This field is required.'], last_name: ['This field is required.'], birthday: ['Enter a valid date.'] });
  assert.is(p.errors.asJson(), JSON.stringify({ first_name: [{ message: 'This field is required.', code: 'required' }], last_name: [{ message: 'This field is required.', code: 'required' }], birthday: [{ message: 'Enter a valid date.', code: 'invalid' }] }));
  assert.ok(p.errors.asData().birthday[0] instanceof ValidationError);
  assert.is(p.get('birthday').errors.asText(), '* Enter a valid date.');
  assert.is(String(p.get('birthday').errors), '<ul class="errorlist" id="id_birthday_error"><li>Enter a valid date.</li></ul>');
  assert.equal(p.cleanedData, {});
  assert.ok(p.hasError('birthday', 'invalid'));
  assert.not.ok(p.hasError('birthday', 'required'));
});

test('errors before validation of a bound form is a clear error, not a guess', () => {
  const p = new Person({});
  assert.throws(() => p.errors, /await form.isValid\(\)/);
});

test('clean<Field>() and clean() hooks, addError and nonFieldErrors', async () => {
  const Signup = defineForm(
    { username: new CharField({ maxLength: 10 }), password1: new CharField({ widget: PasswordInput }), password2: new CharField({ widget: PasswordInput }) },
    {
      cleanUsername(): string {
        const u = this.cleanedData.username;
        if (u === 'admin') throw new ValidationError('That name is reserved.', { code: 'reserved' });
        return u.toLowerCase();
      },
      clean() {
        if (this.cleanedData.password1 !== this.cleanedData.password2) throw new ValidationError('Please make sure your passwords match.');
        this.addError('password2', 'Extra note.');
      },
    },
  );
  let f = new Signup({ username: 'admin', password1: 'a', password2: 'b' });
  assert.is(await f.isValid(), false);
  assert.equal(f.errors.toObject(), { username: ['That name is reserved.'], __all__: ['Please make sure your passwords match.'] });
  assert.equal(f.nonFieldErrors().messages, ['Please make sure your passwords match.']);
  assert.is(String(f.nonFieldErrors()), '<ul class="errorlist nonfield"><li>Please make sure your passwords match.</li></ul>');
  assert.ok(html(f.asDiv().value).startsWith('<ul class="errorlist nonfield"><li>Please make sure your passwords match.</li></ul>'));
  assert.not.ok(f.asDiv().value.includes('value="a"')); // a password is never rendered back
  f = new Signup({ username: 'Bob', password1: 'a', password2: 'a' });
  assert.is(await f.isValid(), false);
  assert.is(f.cleanedData.username, 'bob');
  assert.equal(f.errors.toObject(), { password2: ['Extra note.'] });
  assert.throws(() => f.addError('nope' as any, 'x'), /'.*' has no field named 'nope'/);
  assert.throws(() => f.addError('username', new ValidationError({ username: 'x' })), /must be `null`/);
});

test('subclassing a declared form adds hooks with the fields typed', async () => {
  class Contact extends defineForm({ subject: new CharField({ maxLength: 100 }), cc: new BooleanField({ required: false }) }) {
    clean_subject(): string {
      return `[${this.cleanedData.subject}]`;
    }
  }
  const f = new Contact({ subject: 'Hi' });
  assert.ok(await f.isValid());
  assert.equal(f.cleanedData, { subject: '[Hi]', cc: false });
});

test('initial, prefix, hasChanged and changedData', async () => {
  const p = new Person({ 'p-first_name': 'John', 'p-last_name': 'Lennon', 'p-birthday': '1940-10-09' }, null, {
    prefix: 'p',
    initial: { first_name: 'John', last_name: 'Smith' },
  });
  assert.ok(await p.isValid());
  assert.equal(p.changedData, ['last_name', 'birthday']);
  assert.ok(p.hasChanged());
  assert.ok(String(p.get('first_name')).includes('name="p-first_name"'));
  assert.ok(String(p.get('first_name')).includes('id="id_p-first_name"'));
  const unbound = new Person(null, null, { initial: { first_name: () => 'Ringo' } });
  assert.ok(String(unbound.get('first_name')).includes('value="Ringo"'));
  const same = new Person({ first_name: 'John', last_name: 'Smith', birthday: '' }, null, { initial: { first_name: 'John', last_name: 'Smith' } });
  assert.equal(same.changedData, []);
});

test('fieldOrder reorders fields; unknown names are ignored', () => {
  const p = new Person(null, null, { fieldOrder: ['birthday', 'nope', 'last_name'] });
  assert.equal(Object.keys(p.fields), ['birthday', 'last_name', 'first_name']);
  assert.equal([...p].map((bf) => bf.name), ['birthday', 'last_name', 'first_name']);
});

test('emptyPermitted skips validation of an unchanged form; useRequiredAttribute', async () => {
  const p = new Person({}, null, { emptyPermitted: true, useRequiredAttribute: false });
  assert.ok(await p.isValid());
  assert.not.ok(String(p).includes('required'));
  const changed = new Person({ first_name: 'x' }, null, { emptyPermitted: true, useRequiredAttribute: false });
  assert.is(await changed.isValid(), false);
  assert.throws(() => new Person({}, null, { emptyPermitted: true }), /may not both be true/);
});

test('a disabled field keeps its initial value whatever is submitted', async () => {
  const F = defineForm({ name: new CharField({ disabled: true }), age: new IntegerField() });
  const f = new F({ name: 'hacked', age: '3' }, null, { initial: { name: 'kept' } });
  assert.ok(await f.isValid());
  assert.equal(f.cleanedData, { name: 'kept', age: 3 });
  assert.ok(String(f.get('name')).includes('disabled'));
});

test('asP, asUl and asTable follow Django templates; hidden field errors go to the top', async () => {
  const F = defineForm({ name: new CharField({ helpText: 'Your <b>name</b>' }), token: new CharField({ widget: HiddenInput }) });
  const f = new F({ name: '', token: '' });
  await f.isValid();
  assert.is(
    html(f.asTable().value),
    html(`<tr><td colspan="2"><ul class="errorlist nonfield"><li>(Hidden field token) This field is required.</li></ul></td></tr>
<tr><th><label for="id_name">Name:</label></th><td><ul class="errorlist"><li>This field is required.</li></ul>
<input type="text" name="name" required aria-describedby="id_name_helptext" aria-invalid="true" id="id_name"><br>
<span class="helptext" id="id_name_helptext">Your <b>name</b></span>
<input type="hidden" name="token" id="id_token"></td></tr>`),
  );
  assert.is(
    html(f.asUl().value),
    html(`<li><ul class="errorlist nonfield"><li>(Hidden field token) This field is required.</li></ul></li>
<li><ul class="errorlist"><li>This field is required.</li></ul><label for="id_name">Name:</label>
<input type="text" name="name" required aria-describedby="id_name_helptext" aria-invalid="true" id="id_name">
<span class="helptext" id="id_name_helptext">Your <b>name</b></span><input type="hidden" name="token" id="id_token"></li>`),
  );
  assert.is(
    html(f.asP().value),
    html(`<ul class="errorlist nonfield"><li>(Hidden field token) This field is required.</li></ul>
<ul class="errorlist"><li>This field is required.</li></ul><p><label for="id_name">Name:</label>
<input type="text" name="name" required aria-describedby="id_name_helptext" aria-invalid="true" id="id_name">
<span class="helptext" id="id_name_helptext">Your <b>name</b></span><input type="hidden" name="token" id="id_token"></p>`),
  );
});

test('hostile values and labels are escaped everywhere', async () => {
  const X = '<script>alert("x")</script>';
  const F = defineForm({
    name: new CharField({ maxLength: 5, label: X }),
    kind: new ChoiceField({ choices: [[X, X]] }),
    bio: new CharField({ widget: Textarea }),
  });
  const f = new F({ name: X, kind: 'nope', bio: `</textarea>${X}` });
  await f.isValid();
  const out = String(f);
  assert.not.ok(out.includes('<script>'));
  assert.ok(out.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(out.includes('<li>Select a valid choice. nope is not one of the available choices.</li>'));
  const g = new F({ name: 'a', kind: `${X}!`, bio: 'b' });
  await g.isValid();
  assert.ok(String(g).includes('<li>Select a valid choice. &lt;script&gt;'));
  assert.ok(String(f.get('name').labelTag()).startsWith('<label for="id_name">&lt;script&gt;'));
});

test('forms render field by field in templates, Django names and all', async () => {
  const F = defineForm({ title: new CharField({ maxLength: 10, helpText: 'Short & sweet' }), tags: new MultipleChoiceField({ choices: [['a', 'A'], ['b', 'B']], widget: CheckboxSelectMultiple, required: false }) });
  const f = new F({ title: 'x'.repeat(11), tags: ['b'] });
  await f.isValid();
  const engine = new Engine();
  const out = engine
    .fromString('{{ form.non_field_errors }}{{ form.title.label_tag }}{{ form.title }}{{ form.title.errors }}{% for field in form %}[{{ field.name }}:{{ field.help_text }}:{{ field.id_for_label }}]{% endfor %}{{ form.tags }}')
    .render({ form: f });
  assert.is(
    html(out),
    html(`<label for="id_title">Title:</label><input type="text" name="title" value="xxxxxxxxxxx" maxlength="10" required aria-describedby="id_title_helptext" aria-invalid="true" id="id_title"><ul class="errorlist" id="id_title_error"><li>Ensure this value has at most 10 characters (it has 11).</li></ul>[title:Short &amp; sweet:id_title][tags::]<div id="id_tags"><div><label for="id_tags_0"><input type="checkbox" name="tags" value="a" id="id_tags_0"> A</label></div><div><label for="id_tags_1"><input type="checkbox" name="tags" value="b" id="id_tags_1" checked> B</label></div></div>`),
  );
  assert.is(html(engine.fromString('{{ form.as_p }}').render({ form: f })), html(f.asP().value));
});

test('a Select renders options with the selected one marked', () => {
  const F = defineForm({ lang: new ChoiceField({ choices: [['', '---'], ['P', 'Python'], ['Group', [['J', 'Java']]]] }) });
  const f = new F(null, null, { initial: { lang: 'J' } });
  assert.is(
    html(String(f.get('lang'))),
    html(`<select name="lang" required id="id_lang"><option value="">---</option><option value="P">Python</option><optgroup label="Group"><option value="J" selected>Java</option></optgroup></select>`),
  );
  const noBlank = defineForm({ lang: new ChoiceField({ choices: [['P', 'Python']], widget: Select }) });
  assert.not.ok(String(new noBlank().get('lang')).includes('required')); // no empty first option: no required attribute (HTML spec)
});

test('a SplitDateTimeField renders two inputs and cleans them', async () => {
  const F = defineForm({ when: new SplitDateTimeField() });
  const f = new F({ when_0: '2006-01-10', when_1: '07:30' });
  assert.ok(await f.isValid());
  assert.is(f.cleanedData.when.toISOString(), '2006-01-10T07:30:00.000Z');
  assert.is(html(String(new F(null, null, { initial: { when: new Date('2006-01-10T07:30:00Z') } }).get('when'))), html('<input type="text" name="when_0" value="2006-01-10" required id="id_when_0"><input type="text" name="when_1" value="07:30:00" required id="id_when_1">'));
});

test('Media from widgets and the form is merged and rendered', () => {
  const F = defineForm(
    { a: new CharField({ widget: new Textarea({ media: { js: ['a.js', 'shared.js'], css: { all: ['a.css'] } } }) }) },
    {},
    { media: { js: ['shared.js', 'form.js'] } },
  );
  const m = new F().media;
  assert.equal(m.js, ['shared.js', 'form.js', 'a.js']);
  assert.is(String(m), '<link href="a.css" media="all" rel="stylesheet">\n<script src="shared.js"></script>\n<script src="form.js"></script>\n<script src="a.js"></script>');
  assert.is(String(new Media({ js: ['x".js'] })), '<script src="x&quot;.js"></script>');
});

test('a renderer with an overriding template changes the output', () => {
  const renderer = new TemplatesRenderer({ 'django/forms/widgets/text.html': '<input class="mine" name="{{ widget.name }}">' });
  const f = new Person(null, null, { renderer });
  assert.is(String(f.get('first_name')), '<input class="mine" name="first_name">');
});

test('the interpreted renderer (no new Function) renders exactly as the compiled one', async () => {
  const F = defineForm({ name: new CharField({ helpText: 'h<i>' }), kind: new ChoiceField({ choices: [['a', 'A'], ['G', [['b', 'B']]]] }), on: new BooleanField({ required: false }) });
  const compiled = new F({ name: '<x>', kind: 'z' });
  const interpreted = new F({ name: '<x>', kind: 'z' }, null, { renderer: new TemplatesRenderer({}, { mode: 'interpreted' }) });
  await compiled.isValid();
  await interpreted.isValid();
  for (const m of ['asDiv', 'asP', 'asTable', 'asUl'] as const) assert.is(interpreted[m]().value, compiled[m]().value);
});

test('rendering a bound form before validation is a clear error, not a form without its errors', () => {
  assert.throws(() => String(new Person({ first_name: '' })), /await form.isValid\(\) first/);
});

test('isMultipart and file fields', async () => {
  const { FileField, SimpleUploadedFile } = await import('../../src/forms/index');
  const F = defineForm({ doc: new FileField() });
  assert.ok(new F().isMultipart());
  assert.not.ok(new Person().isMultipart());
  const f = new F({}, { doc: new SimpleUploadedFile('a.txt', 'hi') });
  assert.ok(await f.isValid());
  assert.is(f.cleanedData.doc && (f.cleanedData.doc as any).name, 'a.txt');
  const missing = new F({}, {});
  assert.is(await missing.isValid(), false);
  assert.equal(missing.errors.toObject(), { doc: ['This field is required.'] });
});

test('the label suffix is not doubled after punctuation', () => {
  const F = defineForm({ q: new EmailField({ label: 'Really?' }), r: new IntegerField({ label: 'Count' }) });
  const f = new F(null, null, { labelSuffix: ' →' });
  assert.is(String(f.get('q').labelTag()), '<label for="id_q">Really?</label>');
  assert.is(String(f.get('r').labelTag()), '<label for="id_r">Count →</label>');
});

test.run();
