// Localized input formats (Django's tests/forms_tests/tests/test_input_formats.py):
// the language's format module first (with the ISO formats appended), the
// *_INPUT_FORMATS settings when there is none (translation.override(None)
// there: LANGUAGE_CODE null here), a field's own inputFormats only, and the
// widget rendering a cleaned value back in the first format.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../src/conf/settings';
import { ValidationError } from '../../src/core/exceptions';
import { DateField, DateTimeField, TimeField } from '../../src/forms/index';
import { getFormat } from '../../src/utils/formats';
import { registerLocaleFormats } from '../../src/conf/locale/formats';

const invalid = (f: { clean(v: unknown): unknown }, value: string) =>
  assert.throws(() => f.clean(value), (e: unknown) => e instanceof ValidationError && e.messages[0]!.startsWith('Enter a valid'), value);
const utc = (...a: [number, number, number, number?, number?, number?]) => new Date(Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0));

test.before.each(() => {
  resetSettings();
});
test.after(() => {
  resetSettings();
});

test("LocalizedTimeTests: nl's TIME_INPUT_FORMATS win over the setting, ISO still accepted, round trip in the first format", () => {
  configure({ LANGUAGE_CODE: 'nl', TIME_INPUT_FORMATS: ['%I:%M:%S %p', '%I:%M %p'] });
  const f = new TimeField();
  invalid(f, '1:30:05 PM');
  invalid(f, '13:30:05 PM');
  assert.is(f.clean('13:30:05'), '13:30:05');
  assert.is(f.widget.formatValue(f.clean('13:30:05')), '13:30:05');
  assert.is(f.clean('13:30'), '13:30:00');
  assert.is(f.clean('13.30'), '13:30:00');
  assert.is(f.clean('13:30:05.000155'), '13:30:05.000155', 'ISO formats are accepted, even if not specified in formats.py');
});

test('LocalizedTimeTests: a field\'s own inputFormats are the only ones accepted', () => {
  configure({ LANGUAGE_CODE: 'nl' });
  const f = new TimeField({ inputFormats: ['%H.%M.%S', '%H.%M'] });
  invalid(f, '1:30:05 PM');
  invalid(f, '13:30:05');
  assert.is(f.clean('13.30.05'), '13:30:05');
  assert.is(f.widget.formatValue(f.clean('13.30.05')), '13:30:05');
  assert.is(f.clean('13.30'), '13:30:00');
});

test('CustomTimeInputFormatsTests: with no language, TIME_INPUT_FORMATS (12-hour %I %p) is used and rendered', () => {
  configure({ LANGUAGE_CODE: null as never, TIME_INPUT_FORMATS: ['%I:%M:%S %p', '%I:%M %p'] });
  const f = new TimeField();
  invalid(f, '13:30:05');
  assert.is(f.clean('1:30:05 PM'), '13:30:05');
  assert.is(f.widget.formatValue(f.clean('1:30:05 PM')), '01:30:05 PM');
  assert.is(f.clean('1:30 PM'), '13:30:00');
  assert.is(f.clean('12:05 AM'), '00:05:00');
  invalid(f, '13:30 PM');
});

test('LocalizedDateTests: de reads 21.12.2010 and 21.12.10, refuses 21/12/2010, accepts ISO, renders 21.12.2010', () => {
  configure({ LANGUAGE_CODE: 'de', DATE_INPUT_FORMATS: ['%d/%m/%Y', '%d-%m-%Y'] });
  const f = new DateField();
  invalid(f, '21/12/2010');
  assert.is(f.clean('2010-12-21'), '2010-12-21');
  assert.is(f.clean('21.12.2010'), '2010-12-21');
  assert.is(f.widget.formatValue(f.clean('21.12.2010')), '21.12.2010');
  assert.is(f.clean('21.12.10'), '2010-12-21');
  const own = new DateField({ inputFormats: ['%m.%d.%Y', '%m-%d-%Y'] });
  for (const v of ['2010-12-21', '21/12/2010', '21.12.2010']) invalid(own, v);
  assert.is(own.clean('12.21.2010'), '2010-12-21');
  assert.is(own.widget.formatValue(own.clean('12-21-2010')), '21.12.2010', 'rendered in the locale\'s first format');
});

test('CustomDateInputFormatsTests: with no language, DATE_INPUT_FORMATS replaces the ISO default', () => {
  configure({ LANGUAGE_CODE: null as never, DATE_INPUT_FORMATS: ['%d.%m.%Y', '%d-%m-%Y'] });
  const f = new DateField();
  invalid(f, '2010-12-21');
  assert.is(f.clean('21.12.2010'), '2010-12-21');
  assert.is(f.widget.formatValue(f.clean('21-12-2010')), '21.12.2010');
});

test("SimpleDateFormatTests: en-us reads Django's defaults ('%b %d %Y', '%B %d, %Y', ...) and renders ISO", () => {
  const f = new DateField();
  invalid(f, '21.12.2010');
  assert.is(f.clean('2010-12-21'), '2010-12-21');
  assert.is(f.clean('12/21/2010'), '2010-12-21');
  assert.is(f.clean('12/21/10'), '2010-12-21');
  assert.is(f.clean('Dec 21 2010'), '2010-12-21');
  assert.is(f.clean('Dec 21, 2010'), '2010-12-21');
  assert.is(f.clean('21 December, 2010'), '2010-12-21');
  assert.is(f.widget.formatValue(f.clean('December 21, 2010')), '2010-12-21');
});

test('LocalizedDateTimeTests: de datetimes, dates at midnight, ISO, and a field\'s own formats only', () => {
  configure({ LANGUAGE_CODE: 'de' });
  const f = new DateTimeField();
  invalid(f, '1:30:05 PM 21/12/2010');
  assert.equal(f.clean('2010-12-21 13:30:05'), utc(2010, 12, 21, 13, 30, 5));
  assert.equal(f.clean('21.12.2010 13:30:05'), utc(2010, 12, 21, 13, 30, 5));
  assert.is(f.widget.formatValue(f.clean('21.12.2010 13:30:05')), '21.12.2010 13:30:05');
  assert.equal(f.clean('21.12.2010 13:30'), utc(2010, 12, 21, 13, 30));
  assert.equal(f.clean('21.12.2010'), utc(2010, 12, 21), 'a date alone is midnight');
  const own = new DateTimeField({ inputFormats: ['%H.%M.%S %m.%d.%Y', '%H.%M %m-%d-%Y'] });
  invalid(own, '21.12.2010 13:30:05');
  assert.equal(own.clean('13.30.05 12.21.2010'), utc(2010, 12, 21, 13, 30, 5));
  assert.equal(own.clean('13.30 12-21-2010'), utc(2010, 12, 21, 13, 30));
});

test('fr and region codes: fr-ch falls back to fr; an unknown language uses the settings', () => {
  configure({ LANGUAGE_CODE: 'fr-ch' });
  assert.is(new DateField().clean('25/10/2006'), '2006-10-25');
  assert.is(new DateField().clean('25.10.06'), '2006-10-25');
  assert.equal(getFormat('DATE_INPUT_FORMATS').slice(-1), ['%Y-%m-%d'], 'ISO appended to the module\'s list');
  configure({ LANGUAGE_CODE: 'xx', DATE_INPUT_FORMATS: ['%d|%m|%Y'] });
  assert.is(new DateField().clean('25|10|2006'), '2006-10-25');
  invalid(new DateField(), '2006-10-25');
  registerLocaleFormats('xx', { DATE_INPUT_FORMATS: ['%Y%m%d'] });
  assert.is(new DateField().clean('20061025'), '2006-10-25', 'a registered language module');
});

test('bad formats are clear errors: a setting that is not a list, inputFormats that are not strings', () => {
  configure({ LANGUAGE_CODE: null as never, DATE_INPUT_FORMATS: '%Y-%m-%d' as never });
  assert.throws(() => new DateField().clean('2010-12-21'), /The DATE_INPUT_FORMATS setting must be a list of strptime formats, not "%Y-%m-%d"\./);
  assert.throws(() => new DateField({ inputFormats: '%Y' as never }), /inputFormats must be a list of strptime formats, not "%Y"\./);
  assert.throws(() => new DateField({ inputFormats: ['%Q'] }).clean('x'), /Unsupported input format directive %Q in '%Q'/);
});

test.run();
