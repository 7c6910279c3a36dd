// PasswordResetTokenGenerator after Django's tests/auth_tests/test_tokens.py;
// vectors computed with Python's hmac/hashlib by Django's algorithm.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../../src/conf/settings';
import { PasswordResetTokenGenerator, base36ToInt, intToBase36 } from '../../../src/contrib/auth/tokens';

const PASSWORD = 'pbkdf2_sha256$1000$aaaaaaaaaaaa$nCAI84xmpG3fcA2WNzFMKJZ2EnY7A7Vp/l/4DtWBGVY=';
const EPOCH_2001 = Date.UTC(2001, 0, 1);

class At extends PasswordResetTokenGenerator {
  constructor(private readonly seconds: number) {
    super();
  }
  override now(): Date {
    return new Date(EPOCH_2001 + this.seconds * 1000);
  }
}

const test = suite('contrib/auth/tokens');
test.before.each(() => {
  resetSettings();
  configure({ SECRET_KEY: 'token-tests' });
});

const user = () => ({ pk: 7, password: PASSWORD, last_login: null as Date | null, email: 'Ada@example.com', getEmailFieldName: () => 'email' });

test('tokens match Django\'s algorithm, with and without a last login', async () => {
  assert.is(await new At(800000000).makeToken(user()), 'd8ary8-90bedb83c7c3944e928441a50c2e508d');
  const u = user();
  u.last_login = new Date(Date.UTC(2026, 10, 25, 18, 30, 15, 123));
  assert.is(await new At(800000000).makeToken(u), 'd8ary8-bed08988d17514fe189cec170632ad16');
});

test('a token checks for its user until PASSWORD_RESET_TIMEOUT, then not', async () => {
  const u = user();
  const token = await new At(800000000).makeToken(u);
  assert.ok(await new At(800000000).checkToken(u, token));
  assert.ok(await new At(800000000 + 259200).checkToken(u, token));
  assert.not.ok(await new At(800000000 + 259201).checkToken(u, token));
  configure({ PASSWORD_RESET_TIMEOUT: 60 });
  assert.not.ok(await new At(800000061).checkToken(u, token));
});

test('a password change, a login or an email change invalidates the token', async () => {
  const g = new At(800000000);
  const token = await g.makeToken(user());
  assert.not.ok(await g.checkToken({ ...user(), password: PASSWORD.replace('=', 'A') }, token));
  assert.not.ok(await g.checkToken({ ...user(), last_login: new Date() }, token));
  assert.not.ok(await g.checkToken({ ...user(), email: 'other@example.com' }, token));
  assert.not.ok(await g.checkToken({ ...user(), pk: 8 }, token));
});

test('malformed, truncated and foreign tokens are refused', async () => {
  const g = new At(800000000);
  const token = await g.makeToken(user());
  for (const bad of ['', 'x', token.slice(0, -1), token + '-x', `zzzzzzzzzzzzzz-${token.split('-')[1]}`, `d8ary9-${token.split('-')[1]}`, null, undefined, 42]) {
    assert.not.ok(await g.checkToken(user(), bad), String(bad));
  }
  assert.not.ok(await g.checkToken(null, token));
  configure({ SECRET_KEY: 'rotated' });
  assert.not.ok(await g.checkToken(user(), token));
  configure({ SECRET_KEY_FALLBACKS: ['token-tests'] }); // Django accepts tokens made with a fallback secret
  assert.ok(await g.checkToken(user(), token));
});

test('base36 helpers as Django\'s', () => {
  assert.is(intToBase36(800000000), 'd8ary8');
  assert.is(base36ToInt('d8ary8'), 800000000);
  assert.throws(() => base36ToInt('1'.repeat(14)), RangeError);
  assert.throws(() => base36ToInt('12-3'), RangeError);
});

test.run();
