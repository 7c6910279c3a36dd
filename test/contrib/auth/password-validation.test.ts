// Cases from Django's tests/auth_tests/test_validators.py, plus bad input.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../../src/conf/settings';
import { ImproperlyConfigured, ValidationError, ValueError } from '../../../src/core/exceptions';
import {
  CommonPasswordValidator,
  MinimumLengthValidator,
  NumericPasswordValidator,
  UserAttributeSimilarityValidator,
  getPasswordValidators,
  passwordValidatorsHelpTexts,
  quickRatio,
  validatePassword,
} from '../../../src/contrib/auth/password-validation';

const test = suite('contrib/auth/password-validation');
test.before.each(() => {
  resetSettings();
  configure({
    AUTH_PASSWORD_VALIDATORS: [
      { NAME: 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator' },
      { NAME: 'django.contrib.auth.password_validation.MinimumLengthValidator', OPTIONS: { min_length: 12 } },
      { NAME: 'manouche.contrib.auth.password_validation.CommonPasswordValidator' },
      { NAME: 'django.contrib.auth.password_validation.NumericPasswordValidator' },
    ],
  });
});

const user = { username: 'testclient', first_name: 'Test', last_name: 'Client', email: 'testclient@example.com' };

async function messagesOf(fn: () => unknown): Promise<string[]> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    return (e as ValidationError).messages;
  }
  return [];
}

test('MinimumLengthValidator: Django\'s message, code and plural', async () => {
  const v = new MinimumLengthValidator();
  v.validate('12345678');
  assert.equal(await messagesOf(() => v.validate('1234567')), ['This password is too short. It must contain at least 8 characters.']);
  assert.equal(await messagesOf(() => new MinimumLengthValidator({ min_length: 1 }).validate('')), ['This password is too short. It must contain at least 1 character.']);
  assert.is(v.getHelpText(), 'Your password must contain at least 8 characters.');
  try {
    v.validate('short');
  } catch (e) {
    assert.is((e as ValidationError).code, 'password_too_short');
  }
  v.validate('😀😀😀😀😀😀😀😀'); // 8 code points (16 UTF-16 units would not matter either way)
  assert.equal(await messagesOf(() => v.validate('😀😀😀😀')), ['This password is too short. It must contain at least 8 characters.']);
});

test('quickRatio is Python\'s SequenceMatcher.quick_ratio', () => {
  assert.is(quickRatio('testclient', 'testclient'), 1);
  assert.is(quickRatio('example', 'exa'), 0.6);
  assert.is(quickRatio('ñandú', 'ñu'), 0.2857142857142857);
  assert.is(quickRatio('', ''), 1);
});

test('UserAttributeSimilarityValidator: username, email parts, max_similarity as Django', async () => {
  const v = new UserAttributeSimilarityValidator();
  assert.equal(await messagesOf(() => v.validate('testclient', user)), ['The password is too similar to the username.']);
  assert.equal(await messagesOf(() => v.validate('example.com', user)), ['The password is too similar to the email.']);
  v.validate('testclient'); // no user: nothing to compare
  v.validate('a-different-password', user);
  new UserAttributeSimilarityValidator({ user_attributes: ['first_name'] }).validate('testclient', user);
  assert.equal(
    await messagesOf(() => new UserAttributeSimilarityValidator({ user_attributes: ['first_name'], max_similarity: 0.3 }).validate('testclient', user)),
    ['The password is too similar to the first_name.'],
  );
  assert.equal(await messagesOf(() => new UserAttributeSimilarityValidator({ max_similarity: 1 }).validate(user.first_name, user)), ['The password is too similar to the first_name.']);
  assert.throws(() => new UserAttributeSimilarityValidator({ max_similarity: 0.09 }), (e: Error) => e instanceof ValueError && e.message === 'max_similarity must be at least 0.1');
  // a 1-character attribute cannot match a long password (the length-ratio shortcut)
  new UserAttributeSimilarityValidator({ max_similarity: 0.1 }).validate('a'.repeat(100), { username: 'a' });
  assert.is(v.getHelpText(), 'Your password can’t be too similar to your other personal information.');
});

test('CommonPasswordValidator uses Django\'s full gzipped list, case- and space-insensitive', async () => {
  const v = new CommonPasswordValidator();
  await v.validate('a-safe-password');
  assert.equal(await messagesOf(() => v.validate('godzilla')), ['This password is too common.']);
  assert.equal(await messagesOf(() => v.validate('  PassWord ')), ['This password is too common.']);
  assert.equal(await messagesOf(() => v.validate('bigpimpin1')), ['This password is too common.']); // the list's first line
  const custom = new CommonPasswordValidator({ passwords: 'from-my-list\nother\n' });
  assert.equal(await messagesOf(() => custom.validate('FROM-my-list')), ['This password is too common.']);
  await custom.validate('godzilla');
  assert.is(v.getHelpText(), 'Your password can’t be a commonly used password.');
});

test('NumericPasswordValidator follows Python\'s isdigit, Unicode digits included', async () => {
  const v = new NumericPasswordValidator();
  assert.equal(await messagesOf(() => v.validate('12345')), ['This password is entirely numeric.']);
  assert.equal(await messagesOf(() => v.validate('١٢٣٤٥٦')), ['This password is entirely numeric.']);
  assert.equal(await messagesOf(() => v.validate('²³①')), ['This password is entirely numeric.']);
  v.validate('a-safe-password');
  v.validate('12345a');
  v.validate('');
  assert.is(v.getHelpText(), 'Your password can’t be entirely numeric.');
});

test('validatePassword collects every validator\'s error in settings order', async () => {
  await validatePassword('sufficiently-long-and-odd', user);
  assert.equal(await messagesOf(() => validatePassword('1234567890')), [
    'This password is too short. It must contain at least 12 characters.',
    'This password is too common.',
    'This password is entirely numeric.',
  ]);
  assert.equal(await messagesOf(() => validatePassword('testclient', user)), [
    'The password is too similar to the username.',
    'This password is too short. It must contain at least 12 characters.',
  ]);
  assert.equal(await messagesOf(() => validatePassword('1234', undefined, [])), []);
});

test('help texts in order, and unknown validator names are ImproperlyConfigured', () => {
  assert.equal(passwordValidatorsHelpTexts(), [
    'Your password can’t be too similar to your other personal information.',
    'Your password must contain at least 12 characters.',
    'Your password can’t be a commonly used password.',
    'Your password can’t be entirely numeric.',
  ]);
  assert.throws(
    () => getPasswordValidators([{ NAME: 'nope.Validator' }]),
    (e: Error) => e instanceof ImproperlyConfigured && e.message === 'The module in NAME could not be imported: nope.Validator. Check your AUTH_PASSWORD_VALIDATORS setting.',
  );
});

test.run();
