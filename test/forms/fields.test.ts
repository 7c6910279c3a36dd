import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BooleanField, CharField, ChoiceField, DateField, DateTimeField, DecimalField, DurationField, EmailField, FileField, FloatField,
  GenericIPAddressField, ImageField, IntegerField, JSONField, MultipleChoiceField, NullBooleanField, RegexField, SimpleUploadedFile,
  SlugField, SplitDateTimeField, TimeField, TypedChoiceField, URLField, UUIDField, FILE_INPUT_CONTRADICTION,
} from '../../src/forms/index';
import { raises } from './helpers';

const REQUIRED = 'This field is required.';
const HOSTILE = '<script>alert("x")</script>';

const test = suite('forms fields');

test('CharField strips, keeps unicode, counts characters and gives Django messages', () => {
  const f = new CharField({ maxLength: 10, minLength: 2 });
  assert.is(f.clean('  héllo 🎸 '), 'héllo 🎸');
  raises(() => f.clean(''), REQUIRED, 'required');
  raises(() => f.clean('   '), REQUIRED);
  raises(() => f.clean(null), REQUIRED);
  raises(() => f.clean('x'.repeat(11)), 'Ensure this value has at most 10 characters (it has 11).', 'max_length');
  raises(() => f.clean('x'), 'Ensure this value has at least 2 characters (it has 1).', 'min_length');
  raises(() => new CharField({ maxLength: 100 }).clean('a'.repeat(101)), 'Ensure this value has at most 100 characters (it has 101).');
  raises(() => f.clean('a\x00b'), 'Null characters are not allowed.');
  assert.is(new CharField({ maxLength: 100 }).clean(HOSTILE), HOSTILE); // cleaning does not escape; rendering does
  assert.is(new CharField({ required: false }).clean(''), '');
  assert.is(new CharField({ required: false, emptyValue: null }).clean(''), null);
  assert.is(new CharField().clean(42), '42');
  assert.is(new CharField({ strip: false }).clean(' a '), ' a ');
  assert.equal(new CharField({ maxLength: 5, minLength: 1 }).widget.attrs, { maxlength: '5', minlength: '1' });
});

test('IntegerField reads whole numbers only, with limits and step', () => {
  const f = new IntegerField({ maxValue: 10, minValue: -3 });
  assert.is(f.clean(' 7 '), 7);
  assert.is(f.clean('1.0'), 1);
  assert.is(f.clean(-3), -3);
  raises(() => f.clean('1.5'), 'Enter a whole number.', 'invalid');
  raises(() => f.clean('abc'), 'Enter a whole number.');
  raises(() => f.clean('1e3'), 'Enter a whole number.');
  raises(() => f.clean('٣'), 'Enter a whole number.');
  raises(() => f.clean(HOSTILE), 'Enter a whole number.');
  raises(() => f.clean('9'.repeat(100)), 'Enter a whole number.'); // beyond exact JavaScript integers
  raises(() => f.clean(''), REQUIRED);
  raises(() => f.clean('11'), 'Ensure this value is less than or equal to 10.', 'max_value');
  raises(() => f.clean('-4'), 'Ensure this value is greater than or equal to -3.', 'min_value');
  assert.is(new IntegerField({ required: false }).clean(''), null);
  raises(() => new IntegerField({ stepSize: 3 }).clean('4'), 'Ensure this value is a multiple of step size 3.', 'step_size');
  assert.equal(f.widget.attrs, { min: '-3', max: '10' });
});

test('FloatField accepts Python float text and refuses infinities', () => {
  const f = new FloatField();
  assert.is(f.clean('1.5e2'), 150);
  assert.is(f.clean(' .5 '), 0.5);
  raises(() => f.clean('inf'), 'Enter a number.', 'invalid');
  raises(() => f.clean('nan'), 'Enter a number.');
  raises(() => f.clean('1,5'), 'Enter a number.');
  raises(() => f.clean(HOSTILE), 'Enter a number.');
  assert.equal(f.widget.attrs, { step: 'any' });
});

test('DecimalField is exact and checks digits and places', () => {
  const f = new DecimalField({ maxDigits: 4, decimalPlaces: 2 });
  assert.is(f.clean('3.14'), '3.14');
  assert.is(f.clean('0.10'), '0.10');
  assert.is(f.clean('-1.5'), '-1.5');
  assert.is(new DecimalField().clean('0.1000000000000000055511151231257827'), '0.1000000000000000055511151231257827');
  assert.is(new DecimalField().clean('1e3'), '1000');
  raises(() => f.clean('123.45'), 'Ensure that there are no more than 4 digits in total.', 'max_digits');
  raises(() => f.clean('1.234'), 'Ensure that there are no more than 2 decimal places.', 'max_decimal_places');
  raises(() => f.clean('123.4'), 'Ensure that there are no more than 2 digits before the decimal point.', 'max_whole_digits');
  raises(() => f.clean('NaN'), 'Enter a number.', 'invalid');
  raises(() => f.clean('Infinity'), 'Enter a number.');
  raises(() => f.clean('1e999999'), 'Enter a number.');
  raises(() => f.clean(HOSTILE), 'Enter a number.');
  assert.equal(f.widget.attrs, { step: '0.01' });
});

test('BooleanField and NullBooleanField read checkbox and select values', () => {
  const f = new BooleanField();
  assert.is(f.clean(true), true);
  assert.is(f.clean('on'), true);
  raises(() => f.clean('false'), REQUIRED);
  raises(() => f.clean('0'), REQUIRED);
  raises(() => f.clean(''), REQUIRED);
  assert.is(new BooleanField({ required: false }).clean('False'), false);
  const n = new NullBooleanField();
  assert.is(n.clean('true'), true);
  assert.is(n.clean('0'), false);
  assert.is(n.clean('unknown'), null);
  assert.is(n.clean(HOSTILE), null);
});

test('EmailField, URLField, SlugField, RegexField, UUIDField, GenericIPAddressField', () => {
  const email = new EmailField();
  assert.is(email.clean(' person@example.com '), 'person@example.com');
  raises(() => email.clean('not an email'), 'Enter a valid email address.', 'invalid');
  raises(() => email.clean(HOSTILE), 'Enter a valid email address.');
  raises(() => email.clean(`${'a'.repeat(320)}@example.com`), ['Ensure this value has at most 320 characters (it has 332).', 'Enter a valid email address.']);
  const url = new URLField();
  assert.is(url.clean('example.com'), 'https://example.com');
  assert.is(url.clean('http://example.com/a?b=1'), 'http://example.com/a?b=1');
  raises(() => url.clean('javascript:alert(1)'), 'Enter a valid URL.', 'invalid');
  raises(() => url.clean('http://'), 'Enter a valid URL.');
  const slug = new SlugField();
  assert.is(slug.clean('a-b_c'), 'a-b_c');
  raises(() => slug.clean('a b'), 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.', 'invalid');
  assert.is(new SlugField({ allowUnicode: true }).clean('héllo'), 'héllo');
  const regex = new RegexField(/^\d{3}$/);
  assert.is(regex.clean('123'), '123');
  raises(() => regex.clean('12a'), 'Enter a valid value.', 'invalid');
  const uuid = new UUIDField();
  assert.is(uuid.clean('{12345678-1234-5678-1234-567812345678}'), '12345678-1234-5678-1234-567812345678');
  assert.is(uuid.clean('550E8400E29B41D4A716446655440000'), '550e8400-e29b-41d4-a716-446655440000');
  raises(() => uuid.clean('550e8400'), 'Enter a valid UUID.', 'invalid');
  assert.is(new UUIDField({ required: false }).clean(''), null);
  const ip = new GenericIPAddressField();
  assert.is(ip.clean('127.0.0.1'), '127.0.0.1');
  assert.is(ip.clean('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
  assert.is(new GenericIPAddressField({ unpackIpv4: true }).clean('::ffff:10.10.10.10'), '10.10.10.10');
  raises(() => ip.clean('256.1.1.1'), 'Enter a valid IPv4 or IPv6 address.', 'invalid');
  raises(() => ip.clean('1:2:3::4::5'), 'This is not a valid IPv6 address.');
  raises(() => new GenericIPAddressField({ protocol: 'IPv4' }).clean('::1'), 'Enter a valid IPv4 address.');
});

test('ChoiceField, TypedChoiceField and MultipleChoiceField', () => {
  const c = new ChoiceField({ choices: [['1', 'One'], ['Group', [['2', 'Two']]]] });
  assert.is(c.clean('2'), '2');
  assert.is(c.clean(1), '1');
  raises(() => c.clean('3'), 'Select a valid choice. 3 is not one of the available choices.', 'invalid_choice');
  raises(() => c.clean(HOSTILE), `Select a valid choice. ${HOSTILE} is not one of the available choices.`);
  raises(() => c.clean(''), REQUIRED);
  const t = new TypedChoiceField({ choices: [[1, '+1'], [-1, '-1']], coerce: Number });
  assert.is(t.clean('1'), 1);
  raises(() => t.clean('2'), 'Select a valid choice. 2 is not one of the available choices.');
  assert.is(new TypedChoiceField({ choices: [[1, 'a']], coerce: Number, required: false, emptyValue: null }).clean(''), null);
  const m = new MultipleChoiceField({ choices: [['a', 'A'], ['b', 'B']] });
  assert.equal(m.clean(['a', 'b']), ['a', 'b']);
  raises(() => m.clean('a'), 'Enter a list of values.', 'invalid_list');
  raises(() => m.clean(['a', 'z']), 'Select a valid choice. z is not one of the available choices.');
  raises(() => m.clean([]), REQUIRED);
});

test('DateField, TimeField, DateTimeField read Django input formats', () => {
  const d = new DateField();
  assert.is(d.clean('2006-10-25'), '2006-10-25');
  assert.is(d.clean('10/25/2006'), '2006-10-25');
  assert.is(d.clean('10/25/06'), '2006-10-25');
  assert.is(d.clean('Oct 25 2006'), '2006-10-25');
  assert.is(d.clean('25 October, 2006'), '2006-10-25');
  raises(() => d.clean('2006-02-30'), 'Enter a valid date.', 'invalid');
  raises(() => d.clean(HOSTILE), 'Enter a valid date.');
  raises(() => d.clean('1'.repeat(100000)), 'Enter a valid date.');
  const t = new TimeField();
  assert.is(t.clean('14:30'), '14:30:00');
  assert.is(t.clean('14:30:59.25'), '14:30:59.250000');
  raises(() => t.clean('25:00'), 'Enter a valid time.', 'invalid');
  const dt = new DateTimeField();
  assert.is((dt.clean('2006-10-25 14:30:59') as Date).toISOString(), '2006-10-25T14:30:59.000Z');
  assert.is((dt.clean('2006-10-25T14:30:59+02:00') as Date).toISOString(), '2006-10-25T12:30:59.000Z');
  assert.is((dt.clean('10/25/2006 14:30') as Date).toISOString(), '2006-10-25T14:30:00.000Z');
  assert.is((dt.clean('2006-10-25') as Date).toISOString(), '2006-10-25T00:00:00.000Z');
  raises(() => dt.clean('hello'), 'Enter a valid date/time.', 'invalid');
  assert.is(new DateField({ inputFormats: ['%d.%m.%Y'] }).clean('25.10.2006'), '2006-10-25');
});

test('DurationField reads Django, ISO 8601 and PostgreSQL durations', () => {
  const f = new DurationField();
  assert.is(f.clean('30'), 30000);
  assert.is(f.clean('15:30'), 930000);
  assert.is(f.clean('1 1:15:30.3'), 86400000 + 4530300);
  assert.is(f.clean('P4DT1H15M20S'), ((4 * 24 + 1) * 3600 + 15 * 60 + 20) * 1000);
  raises(() => f.clean('1 hour'), 'Enter a valid duration.', 'invalid');
  raises(() => f.clean('1000000000 00:00:00'), 'The number of days must be between -999999999 and 999999999.', 'overflow');
  assert.is(f.prepareValue(86400000 + 3723000), '1 01:02:03');
});

test('JSONField parses JSON and keeps invalid input for redisplay', () => {
  const f = new JSONField();
  assert.equal(f.clean('{"a": [1, "é"]}'), { a: [1, 'é'] });
  raises(() => f.clean('{a: 1}'), 'Enter a valid JSON.', 'invalid');
  assert.is(String(f.prepareValue(f.boundData('{bad', null))), '{bad');
  assert.is(new JSONField({ required: false }).clean(''), null);
  assert.is(f.hasChanged({ a: 1, b: 2 }, '{"b": 2, "a": 1}'), false);
});

test('FileField and ImageField check uploads and read image headers', () => {
  const f = new FileField({ maxLength: 10 });
  const file = new SimpleUploadedFile('a.txt', 'hello');
  assert.is(f.clean(file), file);
  raises(() => f.clean(null), REQUIRED);
  raises(() => f.clean('not a file'), 'No file was submitted. Check the encoding type on the form.', 'invalid');
  raises(() => f.clean(new SimpleUploadedFile('a.txt', '')), 'The submitted file is empty.', 'empty');
  raises(() => f.clean(new SimpleUploadedFile('long-name.txt', 'x')), 'Ensure this filename has at most 10 characters (it has 13).', 'max_length');
  raises(() => f.clean(FILE_INPUT_CONTRADICTION), 'Please either submit a file or check the clear checkbox, not both.', 'contradiction');
  assert.is(new FileField({ required: false }).clean(false), false);
  assert.is(f.clean(null, file), file); // no new upload keeps the initial file
  // a 3x2 PNG header
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const img = new ImageField();
  const cleaned = img.clean(new SimpleUploadedFile('pic.png', png, 'application/octet-stream')) as SimpleUploadedFile & { image: { width: number; height: number } };
  assert.equal(cleaned.image, { format: 'PNG', width: 3, height: 2 });
  assert.is(cleaned.contentType, 'image/png');
  const gif = new Uint8Array([...new TextEncoder().encode('GIF89a'), 5, 0, 7, 0, 0, 0, 0]);
  assert.equal((img.clean(new SimpleUploadedFile('a.gif', gif)) as any).image, { format: 'GIF', width: 5, height: 7 });
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 20, 0, 30, 3, 0, 0, 0, 0]);
  assert.equal((img.clean(new SimpleUploadedFile('a.jpg', jpeg)) as any).image, { format: 'JPEG', width: 30, height: 20 });
  const webp = new Uint8Array(30);
  webp.set(new TextEncoder().encode('RIFF'), 0);
  webp.set(new TextEncoder().encode('WEBPVP8X'), 8);
  webp.set([9, 0, 0, 4, 0, 0], 24);
  assert.equal((img.clean(new SimpleUploadedFile('a.webp', webp)) as any).image, { format: 'WEBP', width: 10, height: 5 });
  raises(() => img.clean(new SimpleUploadedFile('a.png', '<script>')), 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.', 'invalid_image');
  raises(() => img.clean(new SimpleUploadedFile('a.exe', png)), 'File extension “exe” is not allowed. Allowed extensions are: bmp, gif, jpeg, jpg, png, webp.', 'invalid_extension');
  assert.is(img.widget.attrs.accept, 'image/*');
});

test('SplitDateTimeField joins a date and a time', () => {
  const f = new SplitDateTimeField();
  assert.is((f.clean(['2006-01-10', '07:30']) as Date).toISOString(), '2006-01-10T07:30:00.000Z');
  raises(() => f.clean(['hello', 'there']), ['Enter a valid date.', 'Enter a valid time.']);
  raises(() => f.clean(['2006-01-10', '']), REQUIRED);
  raises(() => f.clean('2006-01-10'), 'Enter a list of values.', 'invalid');
  assert.is(new SplitDateTimeField({ required: false }).clean(['', '']), null);
});

test('custom error messages replace Django defaults by code', () => {
  const f = new IntegerField({ errorMessages: { invalid: 'Numbers only!', required: 'Give one.' }, maxValue: 1 });
  raises(() => f.clean('x'), 'Numbers only!');
  raises(() => f.clean(''), 'Give one.');
  raises(() => new CharField({ maxLength: 1, errorMessages: { max_length: 'Too long.' } }).clean('ab'), 'Too long.');
});

test('every field answers hostile, huge and wrong-type input with a ValidationError or a value, quickly', () => {
  const all = [
    new CharField({ maxLength: 100 }), new IntegerField(), new FloatField(), new DecimalField({ maxDigits: 5, decimalPlaces: 2 }), new BooleanField(),
    new NullBooleanField(), new EmailField(), new URLField(), new SlugField(), new RegexField(/^a+$/), new UUIDField(), new GenericIPAddressField(),
    new ChoiceField({ choices: [['a', 'A']] }), new TypedChoiceField({ choices: [['1', 'one']], coerce: Number }), new MultipleChoiceField({ choices: [['a', 'A']] }),
    new DateField(), new TimeField(), new DateTimeField(), new DurationField(), new JSONField(), new FileField(), new ImageField(), new SplitDateTimeField(),
  ];
  const inputs: unknown[] = ['x'.repeat(100_000), `${'a'.repeat(50_000)}@${'b'.repeat(50_000)}`, '1'.repeat(100_000), HOSTILE, { a: 1 }, [1, [2]], 12.5, -0, NaN, true, '\u0000', '💥'.repeat(1000)];
  for (const field of all) {
    for (const value of inputs) {
      const started = performance.now();
      try {
        field.clean(value);
      } catch (e) {
        if (!(e instanceof Error) || e.name !== 'ValidationError') throw new Error(`${field.constructor.name} crashed on ${String(value).slice(0, 20)}: ${e}`);
      }
      const ms = performance.now() - started;
      assert.ok(ms < 2000, `${field.constructor.name} took ${ms.toFixed(0)} ms on a hostile value`);
    }
  }
});

test.run();
