import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CharField, IntegerField, ValidationError, defineForm, formsetFactory, BaseFormSet } from '../../src/forms/index';
import { html } from './helpers';

const Choice = defineForm({ choice: new CharField(), votes: new IntegerField() });
const ChoiceFormSet = formsetFactory(Choice);

function data(entries: Record<string, string>, total = '1', initial = '0'): Record<string, string> {
  return { 'choices-TOTAL_FORMS': total, 'choices-INITIAL_FORMS': initial, 'choices-MIN_NUM_FORMS': '0', 'choices-MAX_NUM_FORMS': '0', ...entries };
}

const test = suite('forms formsets');

test('an unbound formset renders the management form and its extra forms (Django output)', () => {
  const formset = new ChoiceFormSet(null, null, { autoId: false, prefix: 'choices' });
  assert.is(
    html(String(formset)),
    html(`<input type="hidden" name="choices-TOTAL_FORMS" value="1"><input type="hidden" name="choices-INITIAL_FORMS" value="0">
<input type="hidden" name="choices-MIN_NUM_FORMS" value="0"><input type="hidden" name="choices-MAX_NUM_FORMS" value="1000">
<div>Choice:<input type="text" name="choices-0-choice"></div><div>Votes:<input type="number" name="choices-0-votes"></div>`),
  );
});

test('a bound formset cleans each form', async () => {
  const fs = new ChoiceFormSet(data({ 'choices-0-choice': 'Calexico', 'choices-0-votes': '100' }), null, { prefix: 'choices' });
  assert.ok(await fs.isValid());
  assert.equal(fs.cleanedData, [{ choice: 'Calexico', votes: 100 }]);
  const bad = new ChoiceFormSet(data({ 'choices-0-choice': 'Calexico', 'choices-0-votes': 'x' }), null, { prefix: 'choices' });
  assert.is(await bad.isValid(), false);
  assert.equal(bad.errors.map((e) => e.toObject()), [{ votes: ['Enter a whole number.'] }]);
  assert.is(bad.totalErrorCount(), 1);
});

test('empty extra forms are permitted; initial forms are not', async () => {
  const fs = new ChoiceFormSet(data({ 'choices-0-choice': '', 'choices-0-votes': '' }), null, { prefix: 'choices' });
  assert.ok(await fs.isValid());
  assert.equal(fs.cleanedData, [{}]);
  const initial = new ChoiceFormSet(data({ 'choices-0-choice': '', 'choices-0-votes': '' }, '1', '1'), null, { prefix: 'choices' });
  assert.is(await initial.isValid(), false);
});

test('a missing or tampered management form is a non-form error, never a crash', async () => {
  for (const payload of [{}, data({}, 'abc'), data({}, '<script>'), { 'choices-TOTAL_FORMS': '1' }]) {
    const fs = new ChoiceFormSet(payload, null, { prefix: 'choices' });
    assert.is(await fs.isValid(), false);
    assert.ok(fs.nonFormErrors().messages[0].startsWith('ManagementForm data is missing or has been tampered with. Missing fields: choices-'));
    assert.is(fs.nonFormErrors().asData()[0].code, 'missing_management_form');
  }
  const fs = new ChoiceFormSet({}, null, { prefix: 'choices' });
  await fs.isValid();
  assert.is(
    fs.nonFormErrors().messages[0],
    'ManagementForm data is missing or has been tampered with. Missing fields: choices-TOTAL_FORMS, choices-INITIAL_FORMS. You may need to file a bug report if the issue persists.',
  );
  assert.equal(fs.forms, []);
});

test('a huge TOTAL_FORMS is capped at absoluteMax and reported', async () => {
  const Limited = formsetFactory(Choice, { maxNum: 2, absoluteMax: 3 });
  const fs = new Limited(data({}, '1000000000'), null, { prefix: 'choices' });
  assert.is(fs.totalFormCount(), 3);
  assert.is(fs.forms.length, 3);
  assert.is(await fs.isValid(), false);
  assert.equal(fs.nonFormErrors().messages, ['Please submit at most 2 forms.']);
  assert.throws(() => formsetFactory(Choice, { maxNum: 5, absoluteMax: 2 }), /'absoluteMax' must be greater or equal to 'maxNum'/);
});

test('validateMax and validateMin count forms with Django messages', async () => {
  const Max = formsetFactory(Choice, { extra: 0, maxNum: 1, validateMax: true });
  const two = data({ 'choices-0-choice': 'a', 'choices-0-votes': '1', 'choices-1-choice': 'b', 'choices-1-votes': '2' }, '2');
  const fs = new Max(two, null, { prefix: 'choices' });
  assert.is(await fs.isValid(), false);
  assert.equal(fs.nonFormErrors().messages, ['Please submit at most 1 form.']);
  assert.is(fs.nonFormErrors().asData()[0].code, 'too_many_forms');
  const Min = formsetFactory(Choice, { extra: 0, minNum: 3, validateMin: true });
  const few = new Min(two, null, { prefix: 'choices' });
  assert.is(await few.isValid(), false);
  assert.equal(few.nonFormErrors().messages, ['Please submit at least 3 forms.']);
});

test('extra, maxNum and minNum decide how many blank forms an unbound formset shows', () => {
  assert.is(new (formsetFactory(Choice, { extra: 3 }))().forms.length, 3);
  assert.is(new (formsetFactory(Choice, { extra: 3, maxNum: 2 }))().forms.length, 2);
  assert.is(new (formsetFactory(Choice, { extra: 1, minNum: 2 }))().forms.length, 3);
  assert.is(new (formsetFactory(Choice, { extra: 1 }))(null, null, { initial: [{ choice: 'a', votes: 1 }, { choice: 'b', votes: 2 }] }).forms.length, 3);
});

test('canDelete and canOrder add DELETE and ORDER; deleted forms are not validated', async () => {
  const FS = formsetFactory(Choice, { canDelete: true, canOrder: true, extra: 0 });
  const payload = data(
    {
      'choices-0-choice': 'a', 'choices-0-votes': '1', 'choices-0-ORDER': '2',
      'choices-1-choice': 'b', 'choices-1-votes': 'bad', 'choices-1-DELETE': 'on',
      'choices-2-choice': 'c', 'choices-2-votes': '3', 'choices-2-ORDER': '1',
    },
    '3',
    '3',
  );
  const fs = new FS(payload, null, { prefix: 'choices', initial: [{}, {}, {}] });
  assert.ok(await fs.isValid());
  assert.equal(fs.deletedForms.map((f) => f.prefix), ['choices-1']);
  assert.equal(fs.orderedForms.map((f) => (f.cleanedData as any).choice), ['c', 'a']);
  assert.ok(String(new FS(null, null, { initial: [{ choice: 'x', votes: 1 }] })).includes('name="form-0-DELETE"'));
});

test('the formset clean() hook reports errors across forms', async () => {
  class Unique extends BaseFormSet {
    override clean(): void {
      const seen = new Set<string>();
      for (const form of this.forms) {
        const c = (form.cleanedData as any).choice;
        if (seen.has(c)) throw new ValidationError('You may only specify a drink once.');
        seen.add(c);
      }
    }
  }
  const FS = formsetFactory(Choice, { formset: Unique as any });
  const fs = new FS(data({ 'choices-0-choice': 'a', 'choices-0-votes': '1', 'choices-1-choice': 'a', 'choices-1-votes': '2' }, '2'), null, { prefix: 'choices' });
  assert.is(await fs.isValid(), false);
  assert.equal(fs.nonFormErrors().messages, ['You may only specify a drink once.']);
  assert.is(String(fs.nonFormErrors()), '<ul class="errorlist nonform"><li>You may only specify a drink once.</li></ul>');
});

test('the empty form uses the __prefix__ placeholder', () => {
  const out = String(new ChoiceFormSet().emptyForm);
  assert.ok(out.includes('name="form-__prefix__-choice"'));
  assert.not.ok(out.includes('required'));
});

test.run();
