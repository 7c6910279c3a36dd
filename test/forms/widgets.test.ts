// Widgets rendered alone, compared with Django's tests/forms_tests/widget_tests outputs.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CheckboxInput, CheckboxSelectMultiple, ClearableFileInput, DateInput, DateTimeInput, EmailInput, FileInput, HiddenInput, MultipleHiddenInput,
  NullBooleanSelect, NumberInput, PasswordInput, RadioSelect, Select, SelectMultiple, SplitDateTimeWidget, TextInput, Textarea, TimeInput, URLInput,
  toFormData, FILE_INPUT_CONTRADICTION, SimpleUploadedFile,
} from '../../src/forms/index';
import { html } from './helpers';

const test = suite('forms widgets');

test('inputs render type, name, value and attrs; true is a bare attribute, false is left out', () => {
  assert.is(String(new TextInput().render('email', '')), '<input type="text" name="email">');
  assert.is(String(new TextInput().render('email', 'test@example.com')), '<input type="text" name="email" value="test@example.com">');
  assert.is(String(new TextInput().render('email', 'some "quoted" & ampersanded value')), '<input type="text" name="email" value="some &quot;quoted&quot; &amp; ampersanded value">');
  assert.is(String(new TextInput({ attrs: { class: 'fun', required: true, disabled: false } }).render('email', null)), '<input type="text" name="email" class="fun" required>');
  assert.is(String(new TextInput().render('email', 'ŠĐĆŽćžšđ', { class: 'fun' })), '<input type="text" name="email" value="ŠĐĆŽćžšđ" class="fun">');
  assert.is(String(new NumberInput().render('n', 5)), '<input type="number" name="n" value="5">');
  assert.is(String(new EmailInput().render('e', null)), '<input type="email" name="e">');
  assert.is(String(new URLInput().render('u', 'https://a.b/?x=1&y=2')), '<input type="url" name="u" value="https://a.b/?x=1&amp;y=2">');
  assert.is(String(new HiddenInput().render('h', 'x')), '<input type="hidden" name="h" value="x">');
});

test('PasswordInput does not render its value unless asked', () => {
  assert.is(String(new PasswordInput().render('password', 'secret')), '<input type="password" name="password">');
  assert.is(String(new PasswordInput({ renderValue: true }).render('password', 'secret')), '<input type="password" name="password" value="secret">');
});

test('Textarea escapes its content and has Django default size', () => {
  assert.is(String(new Textarea().render('msg', 'some "quoted" & ampersanded value')), '<textarea name="msg" cols="40" rows="10">\nsome &quot;quoted&quot; &amp; ampersanded value</textarea>');
  assert.is(String(new Textarea().render('msg', '</textarea><script>x</script>')), '<textarea name="msg" cols="40" rows="10">\n&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>');
});

test('CheckboxInput checks truthy values and reads unchecked as false', () => {
  assert.is(String(new CheckboxInput().render('is_cool', true)), '<input type="checkbox" name="is_cool" checked>');
  assert.is(String(new CheckboxInput().render('is_cool', false)), '<input type="checkbox" name="is_cool">');
  assert.is(String(new CheckboxInput().render('is_cool', 'on')), '<input type="checkbox" name="is_cool" value="on" checked>');
  const w = new CheckboxInput();
  const empty = toFormData({});
  assert.is(w.valueFromDatadict(empty, empty, 'x'), false);
  assert.is(w.valueFromDatadict(toFormData({ x: 'false' }), empty, 'x'), false);
  assert.is(w.valueFromDatadict(toFormData({ x: 'True' }), empty, 'x'), true);
  assert.is(w.valueOmittedFromData(), false);
});

test('Select, SelectMultiple and NullBooleanSelect mark the chosen options', () => {
  const choices = [['J', 'John'], ['P', 'Paul'], ['G', 'George'], ['R', 'Ringo']] as const;
  assert.is(
    html(String(new Select({ choices }).render('beatle', 'J'))),
    html('<select name="beatle"><option value="J" selected>John</option><option value="P">Paul</option><option value="G">George</option><option value="R">Ringo</option></select>'),
  );
  assert.is(
    html(String(new SelectMultiple({ choices }).render('beatles', ['J', 'P']))),
    html('<select multiple name="beatles"><option value="J" selected>John</option><option value="P" selected>Paul</option><option value="G">George</option><option value="R">Ringo</option></select>').replace('<select multiple name="beatles">', '<select name="beatles" multiple>'),
  );
  assert.is(
    html(String(new NullBooleanSelect().render('is_cool', true))),
    html('<select name="is_cool"><option value="unknown">Unknown</option><option value="true" selected>Yes</option><option value="false">No</option></select>'),
  );
  assert.is(new NullBooleanSelect().valueFromDatadict(toFormData({ x: '3' }), toFormData({}), 'x'), false);
  // a single select marks only the first matching option
  assert.is((html(String(new Select({ choices: [['0', 'extra'], ['0', 'again']] }).render('c', '0'))).match(/selected/g) ?? []).length, 1);
});

test('RadioSelect and CheckboxSelectMultiple render labelled inputs with indexed ids', () => {
  const choices = [['J', 'John'], ['P', 'Paul']] as const;
  assert.is(
    html(String(new RadioSelect({ choices }).render('beatle', 'J', { id: 'id_beatle' }))),
    html('<div id="id_beatle"><div><label for="id_beatle_0"><input type="radio" name="beatle" value="J" id="id_beatle_0" checked> John</label></div><div><label for="id_beatle_1"><input type="radio" name="beatle" value="P" id="id_beatle_1"> Paul</label></div></div>'),
  );
  assert.is(
    html(String(new CheckboxSelectMultiple({ choices }).render('beatles', ['P']))),
    html('<div><div><label><input type="checkbox" name="beatles" value="J"> John</label></div><div><label><input type="checkbox" name="beatles" value="P" checked> Paul</label></div></div>'),
  );
  assert.is(new RadioSelect().idForLabel('id_x'), '');
  assert.is(new CheckboxSelectMultiple().useRequiredAttribute(), false);
});

test('date and time inputs format Dates; SplitDateTimeWidget splits one', () => {
  const d = new Date(Date.UTC(2007, 8, 17, 12, 51, 34, 482));
  assert.is(String(new DateInput().render('date', d)), '<input type="text" name="date" value="2007-09-17">');
  assert.is(String(new DateInput({ format: '%d/%m/%Y' }).render('date', d)), '<input type="text" name="date" value="17/09/2007">');
  assert.is(String(new DateTimeInput().render('date', d)), '<input type="text" name="date" value="2007-09-17 12:51:34">');
  assert.is(String(new TimeInput().render('time', d)), '<input type="text" name="time" value="12:51:34">');
  assert.is(html(String(new SplitDateTimeWidget().render('date', d))), html('<input type="text" name="date_0" value="2007-09-17"><input type="text" name="date_1" value="12:51:34">'));
  assert.equal(new SplitDateTimeWidget().valueFromDatadict(toFormData({ date_0: '2010-01-01', date_1: '10:00' }), toFormData({}), 'date'), ['2010-01-01', '10:00']);
});

test('MultipleHiddenInput renders one input per value', () => {
  assert.is(html(String(new MultipleHiddenInput().render('email', ['a', 'b'], { id: 'e' }))), html('<input type="hidden" name="email" value="a" id="e_0"><input type="hidden" name="email" value="b" id="e_1">'));
});

test('FileInput never shows a value; ClearableFileInput offers to clear an optional file', () => {
  assert.is(String(new FileInput().render('f', 'secret.txt')), '<input type="file" name="f">');
  const w = new ClearableFileInput();
  const current = { url: 'something/<script>.txt', toString: () => 'something<script>' };
  assert.is(
    html(String(w.render('myfile', current))),
    html('Currently: <a href="something/&lt;script&gt;.txt">something&lt;script&gt;</a><input type="checkbox" name="myfile-clear" id="myfile-clear_id"><label for="myfile-clear_id">Clear</label><br>Change: <input type="file" name="myfile">'),
  );
  const files = toFormData({ myfile: new SimpleUploadedFile('a.txt', 'x') });
  assert.is(w.valueFromDatadict(toFormData({ 'myfile-clear': 'on' }), toFormData({}), 'myfile'), false);
  assert.is(w.valueFromDatadict(toFormData({ 'myfile-clear': 'on' }), files, 'myfile'), FILE_INPUT_CONTRADICTION);
});

test.run();
