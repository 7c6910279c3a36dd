// BCryptSHA256PasswordHasher and BCryptPasswordHasher (Django's
// tests/auth_tests/test_hashers.py test_bcrypt_sha256, test_bcrypt,
// test_bcrypt_upgrade, test_bcrypt_harden_runtime): stored hashes made by
// Django for 'admin' and 'test', the 72-byte truncation that only plain
// bcrypt has, work factor upgrades and the hardened runtime.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../../src/conf/settings';
import { ValueError } from '../../../src/core/exceptions';
import { BCryptPasswordHasher, BCryptSHA256PasswordHasher, checkPassword, getHasher, identifyHasher, isPasswordUsable, makePassword } from '../../../src/contrib/auth/index';

class Cheap256 extends BCryptSHA256PasswordHasher {
  override readonly rounds = 4;
}
class Cheap extends BCryptPasswordHasher {
  override readonly rounds = 4;
}

test.before.each(() => {
  resetSettings();
  configure({ PASSWORD_HASHERS: [Cheap256, Cheap] });
});
test.after(() => {
  resetSettings();
});

test('hashes stored by Django verify: bcrypt_sha256 ($2a$ and $2b$) and plain bcrypt', async () => {
  configure({ PASSWORD_HASHERS: ['django.contrib.auth.hashers.BCryptSHA256PasswordHasher', 'django.contrib.auth.hashers.BCryptPasswordHasher'] });
  assert.ok(await checkPassword('admin', 'bcrypt_sha256$$2b$12$WZK9cb9qKN.Q5LCYPq/gj.6gvry1b37HUsJER6KhQBnIWmPyyaaqi'));
  assert.ok(await checkPassword('test', 'bcrypt_sha256$$2b$12$PpQIsCsElwF9xdT/dhH7Je0tb/xW0MctV.Yvd/zH3vicM5ZAOP85i'));
  assert.ok(await checkPassword('test', 'bcrypt_sha256$$2a$12$Qso5qvyoqT3oHxTxMsFegOyZwlbR2T3UptVB.DGKE5ho5yWyqttHe'));
  assert.ok(await checkPassword('admin', 'bcrypt$$2b$12$qcNExitVe89wMG.nmRD4Qupn2hFm0pxvnu6VC.w6LShOx30l.F9/.'));
  assert.not.ok(await checkPassword('Admin', 'bcrypt$$2b$12$qcNExitVe89wMG.nmRD4Qupn2hFm0pxvnu6VC.w6LShOx30l.F9/.'));
  assert.instance(getHasher(), BCryptSHA256PasswordHasher);
});

test("make_password writes bcrypt_sha256$$2b$<rounds>$...; long passwords are not truncated (Django's #20138)", async () => {
  const encoded = await makePassword('lètmein');
  assert.match(encoded, /^bcrypt_sha256\$\$2b\$04\$[./A-Za-z0-9]{53}$/);
  assert.ok(isPasswordUsable(encoded));
  assert.ok(await checkPassword('lètmein', encoded));
  assert.not.ok(await checkPassword('lètmeinz', encoded));
  assert.is(identifyHasher(encoded).algorithm, 'bcrypt_sha256');
  const long = 'VSK0UYV6FFQVZ0KG88DYN9WADAADZO1CTSIVDJUNZSUML6IBX7LN7ZS3R5JGB3DVE6Q1HONYQXMG6';
  const sha = await makePassword(long);
  assert.ok(await checkPassword(long, sha));
  assert.not.ok(await checkPassword(long.slice(0, 72), sha));
  const plain = await makePassword(long, null, 'bcrypt');
  assert.match(plain, /^bcrypt\$\$2b\$04\$/);
  assert.ok(await checkPassword(long.slice(0, 72), plain), 'plain bcrypt truncates at 72 bytes, as Django documents');
  const blank = await makePassword('', null, 'bcrypt');
  assert.ok(await checkPassword('', blank));
  assert.not.ok(await checkPassword(' ', blank));
});

test('a stored hash with other rounds must update; a correct login re-hashes it with the current rounds', async () => {
  const old = await makePassword('letmein');
  class Stronger extends BCryptSHA256PasswordHasher {
    override readonly rounds = 5;
  }
  configure({ PASSWORD_HASHERS: [Stronger] });
  assert.ok(getHasher().mustUpdate(old));
  let stored = '';
  assert.not.ok(await checkPassword('wrong', old, async (raw) => (stored = await makePassword(raw))));
  assert.is(stored, '', 'no upgrade on a failed login');
  assert.ok(await checkPassword('letmein', old, async (raw) => (stored = await makePassword(raw))));
  assert.match(stored, /^bcrypt_sha256\$\$2b\$05\$/);
  assert.not.ok(getHasher().mustUpdate(stored));
});

test('harden_runtime hashes 2**(rounds - stored) - 1 more times with the stored salt', async () => {
  class Counting extends BCryptSHA256PasswordHasher {
    override readonly rounds = 6;
    readonly salts: string[] = [];
    override encode(password: string, salt: string) {
      this.salts.push(salt);
      return super.encode(password, salt);
    }
  }
  const hasher = new Counting();
  const encoded = await new Cheap256().encode('letmein', '$2b$04$abcdefghijklmnopqrstuu');
  hasher.salts.length = 0;
  await hasher.hardenRuntime('wrong', encoded);
  assert.equal(hasher.salts, Array(3).fill('$2b$04$abcdefghijklmnopqrstuu'));
});

test('safe_summary masks salt and checksum; malformed hashes are wrong passwords, decode names the problem', async () => {
  const hasher = getHasher();
  const summary = hasher.safeSummary('bcrypt_sha256$$2b$12$WZK9cb9qKN.Q5LCYPq/gj.6gvry1b37HUsJER6KhQBnIWmPyyaaqi');
  assert.equal(summary, { algorithm: 'bcrypt_sha256', 'work factor': 12, salt: 'WZK9cb****************', checksum: '6gvry1*************************' });
  for (const bad of ['bcrypt_sha256$$2b$12$short', 'bcrypt_sha256$2b$12$WZK9cb9qKN.Q5LCYPq/gj.6gvry1b37HUsJER6KhQBnIWmPyyaaqi', 'bcrypt_sha256$$9z$12$WZK9cb9qKN.Q5LCYPq/gj.6gvry1b37HUsJER6KhQBnIWmPyyaaqi']) {
    assert.is(await checkPassword('admin', bad), false, bad);
  }
  assert.throws(() => hasher.decode('bcrypt_sha256$$2b$1$x'), (e: Error) => e instanceof ValueError && e.message === 'Invalid bcrypt_sha256 password hash.');
  try {
    await hasher.encode('pw', 'not-a-salt');
    assert.unreachable('a salt that is not bcrypt\'s must be refused');
  } catch (e) {
    assert.instance(e, ValueError);
  }
});

test('salt() is 16 random bytes in bcrypt\'s base64, which bcryptjs reads back and Python\'s bcrypt format matches', async () => {
  const h = new BCryptPasswordHasher();
  const salts = new Set(Array.from({ length: 50 }, () => h.salt()));
  assert.is(salts.size, 50);
  for (const salt of salts) assert.match(salt, /^\$2b\$12\$[./A-Za-z0-9]{21}[.Oeu]$/); // 128 bits: the last character carries 2
  const bcryptjs = await import('bcryptjs');
  const salt = [...salts][0]!;
  assert.is(bcryptjs.getSalt(await bcryptjs.hash('pw', salt)), salt, 'bcryptjs keeps the salt as given');
  const encoded = await h.encode('pw', salt);
  assert.ok(await bcryptjs.compare('pw', encoded.slice('bcrypt$'.length)));
});

test.run();
