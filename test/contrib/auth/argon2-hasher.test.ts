// Argon2PasswordHasher (Django's tests/auth_tests/test_hashers.py test_argon2,
// test_argon2_decode, test_argon2_version_upgrade): Django's stored vectors
// (argon2i with and without a version), the argon2id format with Django's
// default costs, must_update on parameter changes and weak salts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../../src/conf/settings';
import { ValueError } from '../../../src/core/exceptions';
import { Argon2PasswordHasher, PBKDF2PasswordHasher, checkPassword, getHasher, identifyHasher, isPasswordUsable, makePassword } from '../../../src/contrib/auth/index';

/** Django's advice for test suites: cheaper costs (the format and the checks are the same). */
class CheapArgon2 extends Argon2PasswordHasher {
  override readonly timeCost: number = 1;
  override readonly memoryCost = 64;
  override readonly parallelism = 1;
}

test.before.each(() => {
  resetSettings();
  configure({ PASSWORD_HASHERS: [CheapArgon2, PBKDF2PasswordHasher] });
});
test.after(() => {
  resetSettings();
});

test("Django's stored argon2i hashes verify: without a version attribute (v=16) and with v=19", async () => {
  const old = 'argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg';
  assert.ok(await checkPassword('secret', old));
  assert.not.ok(await checkPassword('wrong', old));
  const versioned = 'argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q';
  assert.ok(await checkPassword('secret', versioned));
  assert.not.ok(await checkPassword('wrong', versioned));
});

test('make_password writes argon2$argon2id$v=19$m=..,t=..,p=..$salt$hash and checks it back, blank passwords included', async () => {
  const encoded = await makePassword('lètmein');
  assert.match(encoded, /^argon2\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{30}\$[A-Za-z0-9+/]{43}$/);
  assert.ok(isPasswordUsable(encoded));
  assert.ok(await checkPassword('lètmein', encoded));
  assert.not.ok(await checkPassword('lètmeinz', encoded));
  assert.is(identifyHasher(encoded).algorithm, 'argon2');
  const blank = await makePassword('');
  assert.ok(blank.startsWith('argon2$argon2id$'));
  assert.ok(await checkPassword('', blank));
  assert.not.ok(await checkPassword(' ', blank));
});

test("Django's default costs: m=102400, t=2, p=8, registered under Django's dotted name", async () => {
  configure({ PASSWORD_HASHERS: ['django.contrib.auth.hashers.Argon2PasswordHasher'] });
  const hasher = getHasher() as Argon2PasswordHasher;
  assert.instance(hasher, Argon2PasswordHasher);
  const encoded = await hasher.encode('lètmein', 'abcdefghijklmnopqrstuv');
  assert.match(encoded, /^argon2\$argon2id\$v=19\$m=102400,t=2,p=8\$YWJjZGVmZ2hpamtsbW5vcHFyc3R1dg\$[A-Za-z0-9+/]{43}$/);
  assert.not.ok(hasher.mustUpdate(encoded));
});

test('decode gives the costs and the salt back (test_argon2_decode); safe_summary masks salt and hash', async () => {
  const hasher = getHasher('argon2');
  const encoded = await makePassword('lètmein', 'abcdefghijk', 'argon2');
  const d = hasher.decode(encoded);
  assert.equal([d.memoryCost, d.timeCost, d.parallelism, d.salt, d.variety, d.version], [64, 1, 1, 'abcdefghijk', 'argon2id', 19]);
  const summary = hasher.safeSummary(encoded);
  assert.is(summary.salt, 'abcdef*****');
  assert.is(summary['memory cost'], 64);
  assert.match(String(summary.hash), /^.{6}\*+$/);
});

test('must_update: a weak salt, other costs, argon2i or an old version ask for a new hash; a login then upgrades it', async () => {
  const hasher = getHasher('argon2');
  assert.ok(hasher.mustUpdate(await makePassword('lètmein', 'iodizedsalt', 'argon2')));
  assert.not.ok(hasher.mustUpdate(await makePassword('lètmein', hasher.salt(), 'argon2')));
  assert.ok(hasher.mustUpdate('argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q'));
  class Costlier extends CheapArgon2 {
    override readonly timeCost = 2;
  }
  const old = await makePassword('lètmein', hasher.salt(), 'argon2');
  configure({ PASSWORD_HASHERS: [Costlier] });
  assert.ok(getHasher('argon2').mustUpdate(old));
  let upgraded = '';
  assert.ok(await checkPassword('lètmein', old, async (raw) => (upgraded = await makePassword(raw))));
  assert.match(upgraded, /^argon2\$argon2id\$v=19\$m=64,t=2,p=1\$/);
});

test('malformed argon2 hashes are wrong passwords, never exceptions; decode names the problem', async () => {
  for (const bad of ['argon2$argon2id$v=19$m=64,t=1,p=1$c2FsdA', 'argon2$argon2x$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA', 'argon2$argon2id$v=19$m=64$c2FsdA$aGFzaA', 'argon2$argon2id$v=19$m=64,t=1,p=1$!!$aGFzaA', 'argon2$argon2id$v=19$m=1,t=1,p=1$c2FsdHNhbHQ$aGFzaA']) {
    assert.is(await checkPassword('secret', bad), false, bad);
  }
  assert.throws(() => getHasher('argon2').decode('argon2$argon2id$v=19'), (e: Error) => e instanceof ValueError && e.message === 'Invalid argon2 password hash.');
});

test.run();
