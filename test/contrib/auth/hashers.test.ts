// Vectors: the two (produced by Django), Django's scrypt test vector
// (tests/auth_tests/test_hashers.py), the rest from Python's hashlib on this machine.
import { createHash, pbkdf2Sync } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../../src/conf/settings';
import { ImproperlyConfigured, ValueError } from '../../../src/core/exceptions';
import {
  MD5PasswordHasher,
  PBKDF2PasswordHasher,
  PBKDF2SHA1PasswordHasher,
  ScryptPasswordHasher,
  UNUSABLE_PASSWORD_PREFIX,
  checkPassword,
  getHasher,
  identifyHasher,
  isPasswordUsable,
  makePassword,
} from '../../../src/contrib/auth/hashers';

class FastPBKDF2 extends PBKDF2PasswordHasher {
  override readonly iterations = 1000;
}
class FastSHA1 extends PBKDF2SHA1PasswordHasher {
  override readonly iterations = 1000;
}
class FastScrypt extends ScryptPasswordHasher {
  override readonly workFactor = 2 ** 10;
}

const test = suite('contrib/auth/hashers');
test.before.each(() => {
  resetSettings();
  configure({ PASSWORD_HASHERS: [FastPBKDF2, FastSHA1, FastScrypt, MD5PasswordHasher] });
});

test('pbkdf2_sha256 reproduces the two Django vectors from the issue', async () => {
  const h = new PBKDF2PasswordHasher();
  assert.is(await h.encode('admin123', 'aaaaaaaaaaaa', 1000), 'pbkdf2_sha256$1000$aaaaaaaaaaaa$nCAI84xmpG3fcA2WNzFMKJZ2EnY7A7Vp/l/4DtWBGVY=');
  assert.is(await h.encode('', 'emptypwsalt1', 1000), 'pbkdf2_sha256$1000$emptypwsalt1$cx3hN8i8bKwupyNV61mAgEdR+waUkKoANGuR+QtE9YY=');
  assert.ok(await checkPassword('admin123', 'pbkdf2_sha256$1000$aaaaaaaaaaaa$nCAI84xmpG3fcA2WNzFMKJZ2EnY7A7Vp/l/4DtWBGVY='));
  assert.ok(await checkPassword('', 'pbkdf2_sha256$1000$emptypwsalt1$cx3hN8i8bKwupyNV61mAgEdR+waUkKoANGuR+QtE9YY='));
  assert.not.ok(await checkPassword('admin124', 'pbkdf2_sha256$1000$aaaaaaaaaaaa$nCAI84xmpG3fcA2WNzFMKJZ2EnY7A7Vp/l/4DtWBGVY='));
});

test('pbkdf2_sha1 matches hashlib, with a unicode password', async () => {
  const h = new PBKDF2SHA1PasswordHasher();
  assert.is(await h.encode('lètmein', 'seasalt2', 1000), 'pbkdf2_sha1$1000$seasalt2$4O6tM3Kd5cOD3UmnpGuCKdAiHa8=');
  assert.is(await h.encode('admin123', 'aaaaaaaaaaaa', 1000), 'pbkdf2_sha1$1000$aaaaaaaaaaaa$GOxr5EZapNJD8w3s3opouL+e+bg=');
  assert.ok(await checkPassword('lètmein', 'pbkdf2_sha1$1000$seasalt2$4O6tM3Kd5cOD3UmnpGuCKdAiHa8='));
});

test('scrypt matches Django\'s test vector and its parameters', async () => {
  const h = new ScryptPasswordHasher();
  assert.is([h.workFactor, h.blockSize, h.parallelism].join(), `${2 ** 14},8,1`);
  const django = 'scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==';
  assert.is(await h.encode('lètmein', 'seasalt'), django);
  assert.ok(await checkPassword('lètmein', django));
  assert.not.ok(await checkPassword('lètmeinz', django));
  assert.is(await h.encode('pw', 'lowsalt', 2 ** 10, 4, 2), 'scrypt$1024$lowsalt$4$2$iC5+QZE6rI2+yNbj9m1krnM8Ufothw+ZGtXGuvqFhUyDhKvs2EqSNumUgSEL4yhWMi46y9+kNi3fT8yRicPmwg==');
  assert.equal(h.decode(django), { algorithm: 'scrypt', workFactor: 16384, salt: 'seasalt', blockSize: 8, parallelism: 1, hash: django.split('$')[5] });
});

test('the default hasher is pbkdf2_sha256 with Django 6.0\'s 1,200,000 iterations and a 22-character salt', async () => {
  resetSettings();
  const encoded = await makePassword('x');
  const [algorithm, iterations, salt] = encoded.split('$');
  assert.is(algorithm, 'pbkdf2_sha256');
  assert.is(iterations, '1200000');
  assert.is(salt!.length, 22);
  assert.ok(await checkPassword('x', encoded));
});

test('makePassword uses the first of PASSWORD_HASHERS, or the named one; salts differ', async () => {
  const a = await makePassword('pw');
  const b = await makePassword('pw');
  assert.ok(a.startsWith('pbkdf2_sha256$1000$'));
  assert.is.not(a, b);
  assert.ok((await makePassword('pw', 'seasalt', 'pbkdf2_sha1')).startsWith('pbkdf2_sha1$1000$seasalt$'));
  configure({ PASSWORD_HASHERS: [FastScrypt, FastPBKDF2] });
  assert.ok((await makePassword('pw')).startsWith('scrypt$1024$'));
});

test('unusable passwords: null gives "!" + 40 characters, never verifies', async () => {
  const u = await makePassword(null);
  assert.is(u.length, 41);
  assert.ok(u.startsWith(UNUSABLE_PASSWORD_PREFIX));
  assert.not.ok(isPasswordUsable(u));
  assert.ok(isPasswordUsable(null)); // Django: None is "usable" (not marked unusable)
  assert.ok(isPasswordUsable(await makePassword('')));
  assert.not.ok(await checkPassword('', u));
  assert.not.ok(await checkPassword(u, u));
  assert.not.ok(await checkPassword(null, await makePassword('x')));
  assert.is.not(await makePassword(null), u);
});

test('mustUpdate: an older hasher or fewer iterations calls the setter after a correct password only', async () => {
  const calls: string[] = [];
  const setter = async (raw: string) => void calls.push(raw);
  const sha1 = await makePassword('pw', 'aaaaaaaaaaaaaaaaaaaaaa', 'pbkdf2_sha1');
  assert.not.ok(await checkPassword('wrong', sha1, setter));
  assert.equal(calls, []);
  assert.ok(await checkPassword('pw', sha1, setter));
  assert.equal(calls, ['pw']);
  const fewer = await new PBKDF2PasswordHasher().encode('pw', 'aaaaaaaaaaaaaaaaaaaaaa', 999);
  assert.ok(await checkPassword('pw', fewer, setter));
  assert.equal(calls, ['pw', 'pw']);
  const current = await makePassword('pw');
  assert.ok(await checkPassword('pw', current, setter));
  assert.equal(calls, ['pw', 'pw']); // up to date: no upgrade
  const shortSalt = await makePassword('pw', 'abc');
  assert.ok(await checkPassword('pw', shortSalt, setter)); // a salt under 128 bits is upgraded, as Django
  assert.is(calls.length, 3);
  const scrypt = await new ScryptPasswordHasher().encode('pw', 'aaaaaaaaaaaaaaaaaaaaaa', 2 ** 10, 8, 1);
  assert.ok(await checkPassword('pw', scrypt, setter, new FastScrypt()));
  assert.is(calls.length as number, 3);
  assert.ok(await checkPassword('pw', scrypt, setter, new ScryptPasswordHasher()));
  assert.is(calls.length as number, 4);
});

test('identifyHasher and getHasher: unknown algorithms are a ValueError naming them', () => {
  assert.is(identifyHasher('pbkdf2_sha256$1$a$b').algorithm, 'pbkdf2_sha256');
  assert.is(getHasher().algorithm, 'pbkdf2_sha256');
  assert.throws(() => identifyHasher('argon2$argon2id$v=19$...'), (e: Error) => e instanceof ValueError && e.message === "Unknown password hashing algorithm 'argon2'. Did you specify it in the PASSWORD_HASHERS setting?");
  assert.throws(() => identifyHasher('5f4dcc3b5aa765d61d8327deb882cf99'), /unsalted_md5/);
  configure({ PASSWORD_HASHERS: ['nope.Hasher'] });
  assert.throws(() => getHasher(), (e: Error) => e instanceof ImproperlyConfigured);
  configure({ PASSWORD_HASHERS: ['django.contrib.auth.hashers.PBKDF2PasswordHasher'] });
  assert.is(getHasher().algorithm, 'pbkdf2_sha256');
});

test('bad stored hashes never verify: unknown algorithm, truncated, altered, gibberish', async () => {
  const good = 'pbkdf2_sha256$1000$aaaaaaaaaaaa$nCAI84xmpG3fcA2WNzFMKJZ2EnY7A7Vp/l/4DtWBGVY=';
  for (const bad of [
    'argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA',
    good.slice(0, 30),
    'pbkdf2_sha256$1000',
    'pbkdf2_sha256$abc$aaaaaaaaaaaa$nCAI84xmpG3fcA2WNzFMKJZ2EnY7A7Vp/l/4DtWBGVY=',
    good.slice(0, -2) + 'X=',
    'scrypt$16384$seasalt$8',
    '',
    'garbage',
  ]) {
    assert.not.ok(await checkPassword('admin123', bad), bad);
  }
});

test('encode refuses a missing password or a salt with "$" as Django', async () => {
  const h = new FastPBKDF2();
  try {
    await h.encode('pw', 'a$b');
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof ValueError);
    assert.is((e as Error).message, 'salt must be provided and cannot contain $.');
  }
  try {
    await h.encode(undefined as unknown as string, 'abc');
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, 'password must be provided.');
  }
});

test('huge and unicode passwords hash (Django sets no length limit); PBKDF2 pre-hashes the key', async () => {
  const huge = 'x'.repeat(1_000_000);
  const encoded = await makePassword(huge);
  // HMAC replaces a key longer than its block by the key's digest, so a huge
  // password costs one SHA-256 pass, not one per iteration: same hash either way.
  const [algorithm, iterations, salt, hash] = encoded.split('$');
  assert.is(algorithm, 'pbkdf2_sha256');
  const digestKey = createHash('sha256').update(huge).digest();
  assert.is(pbkdf2Sync(digestKey, salt, Number(iterations), 32, 'sha256').toString('base64'), hash);
  assert.ok(await checkPassword(huge, encoded));
  assert.not.ok(await checkPassword(huge + 'x', encoded));
  const emoji = await makePassword('pässwörd 😀 密码');
  assert.ok(await checkPassword('pässwörd 😀 密码', emoji));
  assert.not.ok(await checkPassword('passwörd 😀 密码', emoji));
});

test('safeSummary masks salt and hash; md5 hasher matches hashlib', async () => {
  const s = new PBKDF2PasswordHasher().safeSummary('pbkdf2_sha256$1000$aaaaaaaaaaaa$nCAI84xmpG3fcA2WNzFMKJZ2EnY7A7Vp/l/4DtWBGVY=');
  assert.equal(s, { algorithm: 'pbkdf2_sha256', iterations: 1000, salt: 'aa**********', hash: 'nCAI84**************************************' });
  assert.is(await new MD5PasswordHasher().encode('lètmein', 'seasalt'), 'md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3');
});

test.run();
