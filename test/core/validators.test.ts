// ValidationError and the validators, after Django's tests/validators and
// tests/test_exceptions (ValidationError), with Django's messages and codes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NON_FIELD_ERRORS, ValidationError } from '../../src/core/exceptions';
import {
  DecimalValidator,
  EmailValidator,
  MaxLengthValidator,
  MaxValueValidator,
  MinLengthValidator,
  MinValueValidator,
  ProhibitNullCharactersValidator,
  RegexValidator,
  URLValidator,
  type Validator,
  runValidator,
  validate_email,
  validate_ipv46_address,
  validate_ipv4_address,
  validate_ipv6_address,
  validate_slug,
  validate_unicode_slug,
} from '../../src/index';

function fails(v: Validator, value: unknown, code?: string, message?: string): void {
  try {
    runValidator(v, value);
  } catch (e) {
    assert.instance(e, ValidationError, `${JSON.stringify(value)}`);
    if (code) assert.is((e as ValidationError).code, code, `code for ${JSON.stringify(value)}`);
    if (message) assert.is((e as ValidationError).messages[0], message);
    return;
  }
  assert.unreachable(`${String(value).slice(0, 80)} should be invalid`);
}

function passes(v: Validator, value: unknown): void {
  try {
    runValidator(v, value);
  } catch (e) {
    assert.unreachable(`${String(value).slice(0, 80)} should be valid: ${(e as Error).message}`);
  }
}

test('ValidationError: one message, code, params and interpolation', () => {
  const e = new ValidationError('Ensure this value is less than or equal to %(limit_value)s.', { code: 'max_value', params: { limit_value: 10 } });
  assert.is(e.code, 'max_value');
  assert.is(e.message, 'Ensure this value is less than or equal to 10.');
  assert.equal(e.messages, ['Ensure this value is less than or equal to 10.']);
  assert.is(e.template, 'Ensure this value is less than or equal to %(limit_value)s.');
  assert.is(e.name, 'ValidationError');
  assert.is(new ValidationError('%(value)r and %(n)d and 100%%', { params: { value: 'x', n: 3.7 } }).message, "'x' and 3 and 100%");
  assert.is(new ValidationError('%(value)r', { params: { value: null } }).message, 'None');
  assert.throws(() => e.messageDict, TypeError);
});

test('ValidationError: a list and a dict; messageDict, updateErrorDict', () => {
  const list = new ValidationError(['a', new ValidationError('b %(x)s', { code: 'c', params: { x: 1 } })]);
  assert.equal(list.messages, ['a', 'b 1']);
  assert.is(list.errorList[1]!.code, 'c');
  assert.not.ok(list.hasErrorDict);
  const dict = new ValidationError({ name: ['Too long.'], age: 'Too old.', [NON_FIELD_ERRORS]: [list] });
  assert.equal(dict.messageDict, { name: ['Too long.'], age: ['Too old.'], __all__: ['a', 'b 1'] });
  assert.equal(dict.messages, ['Too long.', 'Too old.', 'a', 'b 1']);
  assert.ok(dict.hasErrorDict);
  const merged = new ValidationError({ name: 'Again.' }).updateErrorDict(dict.errorDict!);
  assert.equal(new ValidationError(merged).messageDict.name, ['Too long.', 'Again.']);
  const other = list.updateErrorDict({});
  assert.equal(Object.keys(other), ['__all__']);
  assert.equal([...new ValidationError({ a: 'x' })], [['a', ['x']]]);
  assert.equal([...list], ['a', 'b 1']);
  // a ValidationError of a ValidationError keeps the dict
  assert.equal(new ValidationError(dict).messageDict.age, ['Too old.']);
  assert.throws(() => new ValidationError(42 as any), TypeError);
});

test('validate_email: Django test cases', () => {
  const valid = [
    'email@here.com', 'weirder-email@here.and.there.com', 'email@[127.0.0.1]', 'email@[2001:dB8::1]', 'email@[2001:dB8:0:0:0:0:0:1]',
    'email@[::fffF:127.0.0.1]', 'example@valid-----hyphens.com', 'example@valid-with-hyphens.com', 'test@domain.with.idn.tld.उदाहरण.परीक्षा',
    'email@localhost', '"test@test"@example.com', `example@atm.${'a'.repeat(63)}`, `example@${'a'.repeat(63)}.atm`,
    `example@${`${'a'.repeat(63)}.`.repeat(2)}atm`, '"\\\t"@here.com',
  ];
  for (const v of valid) passes(validate_email, v);
  const invalid = [
    null, 42, '', 'abc', 'abc@', 'abc@bar', 'a @x.cz', 'abc@.com', 'something@@somewhere.com', 'email@127.0.0.1', 'email@[127.0.0.256]',
    'email@[2001:db8::12345]', 'email@[2001:db8:0:0:0:0:1]', 'email@[::ffff:127.0.0.256]', 'email@[2001:dg8::1]', 'email@[2001:dG8:0:0:0:0:0:1]',
    'email@[::fTzF:127.0.0.1]', 'example@invalid-.com', 'example@-invalid.com', 'example@invalid.com-', 'example@inv-.alid-.com',
    'example@inv-.-alid.com', 'test@example.com\n\n<script src="x.js">', '"\\\n"@here.com', 'trailingdot@shouldfail.com.',
    `example@atm.${'a'.repeat(64)}`, `example@${'a'.repeat(64)}.atm`, 'a@b.com\n', 'a\n@b.com', '"test@test"\n@example.com', 'a@[127.0.0.1]\n',
    `${'a'.repeat(310)}@example.com`,
  ];
  for (const v of invalid) fails(validate_email, v, 'invalid', 'Enter a valid email address.');
  passes(new EmailValidator({ allowlist: ['localdomain'] }), 'email@localdomain');
  fails(new EmailValidator({ message: 'Nope.', code: 'bad' }), 'x', 'bad', 'Nope.');
});

test('URLValidator: Django test cases', () => {
  const v = new URLValidator();
  const valid = [
    'http://www.djangoproject.com/', 'HTTP://WWW.DJANGOPROJECT.COM/', 'http://localhost/', 'http://example.com/', 'http://example.com./',
    'http://www.example.com:8000/test', 'http://valid-with-hyphens.com/', 'http://subdomain.example.com/', 'http://200.8.9.10/',
    'http://200.8.9.10:8000/test', 'http://su--b.valid-----hyphens.com/', 'http://example.com?something=value',
    'http://example.com/index.php?something=value&another=value2', 'https://example.com/', 'ftp://example.com/', 'ftps://example.com/',
    'http://foo.com/blah_blah', 'http://userid:password@example.com:8080', 'http://142.42.1.1/', 'http://[2001:db8::1]/',
    'http://[::ffff:192.0.2.1]/', 'http://उदाहरण.परीक्षा', 'http://例子.测试', 'http://xn--7sbb4ac0ad0be6cf.xn--p1ai',
    `http://${'a'.repeat(63)}.com`,
  ];
  for (const u of valid) passes(v, u);
  const invalid = [
    null, 12, 'foo', 'http://', 'http://example', 'http://example.', 'http://.com', 'http://invalid-.com', 'http://-invalid.com',
    'http://invalid.com-', 'http://invalid.-com', 'http://inv-.alid-.com', 'http://inv-.-alid.com', 'file://localhost/path',
    'git://example.com/', 'http://.', 'http://..', 'http://../', 'http://?', 'http://??', 'http://#', 'http:// shouldfail.com',
    ':// should fail', 'http://foo.bar/foo(bar)baz quux', 'http://-error-.invalid/', 'http://1.1.1.1.1', 'http://123.123.123',
    'http://3628126748', 'http://[::1:2::3]:8080/', 'http://[]', 'http://[]:8080', 'http://example..com/',
    `http://${'a'.repeat(64)}.example.com`, 'http://www.djangoproject.com/\n', 'http://[::ffff:192.9.5.5]\n',
    'http://www.djangoproject.com/\r', 'http://www.django\rproject.com/', 'http://[::\rffff:192.9.5.5]', 'http://\twww.djangoproject.com/',
    `http://${`${'a'.repeat(60)}.`.repeat(5)}com`, `http://example.com/${'a'.repeat(2048)}`,
  ];
  for (const u of invalid) fails(v, u, 'invalid', 'Enter a valid URL.');
  passes(new URLValidator({ schemes: ['git'] }), 'git://example.com/');
  fails(new URLValidator({ schemes: ['git'] }), 'http://example.com/');
});

test('hostile input: 100 KB strings and backtracking bait are rejected fast', () => {
  const big = 'a'.repeat(100_000);
  const inputs = [
    `${big}@example.com`, `a@${big}.com`, `http://${big}.com`, `http://example.com/${big}`, `http://${'a.'.repeat(50_000)}`,
    `${'a.'.repeat(50_000)}@x`, `http://${'a-'.repeat(1000)}`, `http://${'1.'.repeat(1000)}`, `http://${'a:'.repeat(1000)}@`,
    `x@${'a-'.repeat(150)}!`, `"${'\\a'.repeat(150)}`, big, '\x00'.repeat(100_000),
  ];
  const vs: Validator[] = [validate_email, new URLValidator(), validate_slug, validate_ipv46_address, validate_ipv6_address];
  const t0 = performance.now();
  for (const s of inputs) {
    for (const v of [validate_email, new URLValidator()]) fails(v, s);
    for (const v of vs) {
      try {
        runValidator(v, s);
      } catch (e) {
        assert.instance(e, ValidationError);
      }
    }
  }
  // the longest legal URL, built to backtrack
  for (let i = 0; i < 20; i++) fails(new URLValidator(), `http://${'a'.repeat(2030)}!`);
  const ms = performance.now() - t0;
  assert.ok(ms < 5000, `validators took ${ms.toFixed(0)} ms on hostile input`);
});

test('slugs', () => {
  for (const s of ['slug-ok', 'longer-slug-still-ok', '--------', 'nohyphensoranything', 'a', '1', 'a1']) passes(validate_slug, s);
  for (const s of ['', ' text ', ' ', 'some@mail.com', '你好', 'ıçğü', '\n', 'trailing-newline\n']) {
    fails(validate_slug, s, 'invalid', 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.');
  }
  for (const s of ['slug-ok', '你好', '你-好', 'ıçğü']) passes(validate_unicode_slug, s);
  for (const s of ['', ' text ', 'some@mail.com', '\n', '你 好', 'trailing-newline\n']) {
    fails(validate_unicode_slug, s, 'invalid', 'Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.');
  }
});

test('IP addresses', () => {
  for (const s of ['1.1.1.1', '255.0.0.0', '0.0.0.0']) passes(validate_ipv4_address, s);
  for (const s of ['256.1.1.1', '25.1.1.', '25,1,1,1', '25.1 .1.1', '1.1.1.1\n', '٧.2٥.3٣.243', '000.000.000.000', '016.016.016.016', '', null]) {
    fails(validate_ipv4_address, s, 'invalid', 'Enter a valid IPv4 address.');
  }
  for (const s of ['fe80::1', '::1', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', '1::', '1:2:3:4:5:6:7::']) passes(validate_ipv6_address, s);
  for (const s of ['1:2', '::zzz', '12345::', '1::2::3', '1:2:3:4:5:6:7:8:9', '::ffff:1.2.3', 'fe80::1%eth0', '1.1.1.1']) {
    fails(validate_ipv6_address, s, 'invalid', 'Enter a valid IPv6 address.');
  }
  for (const s of ['1.1.1.1', '::1', 'fe80::1']) passes(validate_ipv46_address, s);
  for (const s of ['256.1.1.1', '1:2', '::zzz']) fails(validate_ipv46_address, s, 'invalid', 'Enter a valid IPv4 or IPv6 address.');
});

test('limit validators: messages, codes, callables', () => {
  passes(new MaxValueValidator(10), 10);
  fails(new MaxValueValidator(10), 11, 'max_value', 'Ensure this value is less than or equal to 10.');
  fails(new MaxValueValidator(10), -10.5 * -2, 'max_value');
  passes(new MinValueValidator(-10), -10);
  fails(new MinValueValidator(-10), -11, 'min_value', 'Ensure this value is greater than or equal to -10.');
  fails(new MinValueValidator(() => 5), 4, 'min_value', 'Ensure this value is greater than or equal to 5.');
  fails(new MaxValueValidator('1.5'), '1.50001', 'max_value');
  passes(new MaxLengthValidator(10), '');
  passes(new MaxLengthValidator(10), 'x'.repeat(10));
  fails(new MaxLengthValidator(10), 'x'.repeat(15), 'max_length', 'Ensure this value has at most 10 characters (it has 15).');
  fails(new MaxLengthValidator(1), 'xx', 'max_length', 'Ensure this value has at most 1 character (it has 2).');
  passes(new MinLengthValidator(10), 'x'.repeat(10));
  fails(new MinLengthValidator(10), '', 'min_length', 'Ensure this value has at least 10 characters (it has 0).');
  passes(new MaxLengthValidator(2), '😀😀'); // characters, not UTF-16 units
  fails(new MaxValueValidator(10, { message: 'Too big: %(value)s > %(limit_value)s', code: 'big' }), 12, 'big', 'Too big: 12 > 10');
  fails(new MinLengthValidator(1), 5, 'invalid'); // a number has no length
});

test('DecimalValidator: Django test cases', () => {
  passes(new DecimalValidator(2, 0), '99');
  fails(new DecimalValidator(1, 0), '99', 'max_digits', 'Ensure that there are no more than 1 digit in total.');
  passes(new DecimalValidator(3, 0), '999');
  fails(new DecimalValidator(4, 2), '999', 'max_whole_digits', 'Ensure that there are no more than 2 digits before the decimal point.');
  passes(new DecimalValidator(2, 1), '7.4');
  fails(new DecimalValidator(2, 1), '7.42', 'max_digits', 'Ensure that there are no more than 2 digits in total.');
  passes(new DecimalValidator(2, 2), '0.00');
  fails(new DecimalValidator(2, 1), '0.00', 'max_decimal_places');
  passes(new DecimalValidator(3, 3), '.123');
  passes(new DecimalValidator(null, 1), '0.0');
  fails(new DecimalValidator(null, 1), '0.01', 'max_decimal_places', 'Ensure that there are no more than 1 decimal place.');
  passes(new DecimalValidator(5, 5), '0.00012');
  fails(new DecimalValidator(3, 2), '-12.3', 'max_whole_digits', 'Ensure that there are no more than 1 digit before the decimal point.');
  passes(new DecimalValidator(2, 0), '1e1');
  fails(new DecimalValidator(2, 0), '1e2', 'max_digits');
  for (const bad of ['NaN', 'Infinity', 'abc', '', '1.2.3', null, {}]) fails(new DecimalValidator(5, 2), bad, 'invalid', 'Enter a number.');
  passes(new DecimalValidator(5, 2), 12.5);
});

test('RegexValidator and ProhibitNullCharactersValidator', () => {
  passes(new RegexValidator('^[0-9]+$'), '1234');
  fails(new RegexValidator('^[0-9]+$'), 'x', 'invalid', 'Enter a valid value.');
  fails(new RegexValidator(/x/, { inverseMatch: true, message: 'No x.', code: 'no_x' }), 'axb', 'no_x', 'No x.');
  passes(new RegexValidator(/x/g), 'x'); // a global regex keeps no state between calls
  passes(new RegexValidator(/x/g), 'x');
  passes(new RegexValidator('^-?\\d+$'), 42); // matched against the value as a string
  passes(new ProhibitNullCharactersValidator(), 'something');
  fails(new ProhibitNullCharactersValidator(), '\x00something', 'null_characters_not_allowed', 'Null characters are not allowed.');
  // a plain function is a validator too
  fails((v: unknown) => {
    if (v !== 'ok') throw new ValidationError('Not ok.', { code: 'nope' });
  }, 'ko', 'nope');
});

test.run();
